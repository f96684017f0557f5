/**
 * One-time enrolment codes: issued per office (or for one laptop, the way back
 * for a revoked or restored one), with an expiry; withdrawn while unused. The
 * code itself exists only in the answer to "issue" (the server keeps its
 * hash), so its sheet is printed right then, in Kazakh or Russian.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFingerprint, type Lang, type Office } from '../../../shared';
import { renderPdf, savePdf } from '../../print';
import { consoleApi, type IssuedCode } from '../api';
import { codeSheetDoc } from '../codeSheet';
import { useMayChange } from '../context';
import { ErrorNote, Input, Loading, Select, bi, useAction, useData, when } from '../ui';

const VALID_HOURS = [24, 72, 168, 720];

export function CodesScreen() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'ru' ? 'ru' : 'kk';
  const may = useMayChange('codes');
  const offices = useData(() => consoleApi.offices(), []);
  const devices = useData(() => consoleApi.devices(), []);
  const codes = useData(() => consoleApi.codes('all'), []);
  const [officeId, setOfficeId] = useState('');
  const [deviceId, setDeviceId] = useState('');
  const [hours, setHours] = useState('72');
  const [note, setNote] = useState('');
  const [issued, setIssued] = useState<IssuedCode | null>(null);
  const act = useAction();
  const print = useAction();
  const open = (offices.data ?? []).filter((o) => !o.closedAt);
  const office = (id: string): Office | undefined => offices.data?.find((o) => o.id === id);
  const officeLabel = (id: string) => {
    const o = office(id);
    return o ? `${bi(o.name, lang)} (${o.code})` : id;
  };
  const officeDevices = (devices.data ?? []).filter((d) => d.officeId === officeId);

  async function issue() {
    setIssued(null);
    const r = await act.run(() =>
      consoleApi.issueCode(officeId, Number(hours), note.trim() || undefined, deviceId || undefined),
    );
    if (r) {
      setIssued(r);
      setNote('');
      codes.reload();
    }
  }
  async function withdraw(id: number) {
    const ok = await act.run(() => consoleApi.withdrawCode(id));
    if (ok !== undefined) codes.reload();
  }
  async function printSheet(code: IssuedCode, sheetLang: Lang) {
    const o = office(code.officeId);
    const device = code.deviceId ? devices.data?.find((d) => d.id === code.deviceId) : undefined;
    await print.run(async () => {
      const blob = await renderPdf(
        codeSheetDoc(
          {
            officeName: o ? bi(o.name, sheetLang) : code.officeId,
            officeCode: o?.code ?? '',
            code: code.code,
            expiresAt: code.expiresAt,
            // The console is served by the district server: its address is the one desks enrol with.
            serverUrl: location.origin,
            fingerprint: code.certificateFingerprint ?? null,
            deviceName: device?.name,
          },
          sheetLang,
        ),
      );
      await savePdf(blob, `enrolment-code-${o?.code ?? 'office'}-${sheetLang}.pdf`);
    });
  }

  return (
    <section data-testid="console-codes">
      <h2>{t('console.nav.codes')}</h2>
      {may && (
        <div className="panel codes-form">
          <p className="small muted">{t('console.codes.text')}</p>
          <div className="grid grid--4">
            <Select
              label={t('console.field.office')}
              value={officeId}
              onChange={(v) => {
                setOfficeId(v);
                setDeviceId('');
              }}
              testid="code-office"
              options={[
                { value: '', label: t('console.chooseOffice') },
                ...open.map((o) => ({ value: o.id, label: `${bi(o.name, lang)} (${o.code})` })),
              ]}
            />
            <Select
              label={t('console.codes.device')}
              value={deviceId}
              onChange={setDeviceId}
              testid="code-device"
              options={[
                { value: '', label: t('console.codes.newDevice') },
                ...officeDevices.map((d) => ({ value: d.id, label: d.name })),
              ]}
            />
            <Select
              label={t('console.codes.validFor')}
              value={hours}
              onChange={setHours}
              testid="code-hours"
              options={VALID_HOURS.map((h) => ({ value: String(h), label: t('console.codes.hours', { count: h }) }))}
            />
            <Input label={t('console.codes.note')} value={note} onChange={setNote} testid="code-note" maxLength={200} />
          </div>
          <button
            type="button"
            className="btn btn--primary"
            disabled={act.busy || !officeId}
            onClick={() => void issue()}
            data-testid="code-issue"
          >
            {act.busy ? t('common.working') : t('console.codes.issue')}
          </button>
        </div>
      )}
      <ErrorNote error={act.error ?? codes.error} testid="code-error" />
      {issued && (
        <div className="panel code-card" data-testid="code-card">
          <div className="muted">{t('console.codes.for', { office: officeLabel(issued.officeId) })}</div>
          <div className="code-value" data-testid="code-value" aria-label={issued.code.split('').join(' ')}>
            {issued.code}
          </div>
          <div className="small">{t('console.codes.expires', { when: when(issued.expiresAt) })}</div>
          <div className="small muted">{t('console.codes.once')}</div>
          {issued.certificateFingerprint && (
            <>
              <div className="small muted">{t('console.sheet.fingerprint')}</div>
              <code className="small" data-testid="code-fingerprint">
                {formatFingerprint(issued.certificateFingerprint)}
              </code>
            </>
          )}
          <div className="actions actions--left">
            {(['kk', 'ru'] as const).map((l) => (
              <button
                key={l}
                type="button"
                className="btn"
                disabled={print.busy}
                onClick={() => void printSheet(issued, l)}
                data-testid={`code-sheet-${l}`}
              >
                {t('console.codes.sheet', { lang: t(`lang.${l}`) })}
              </button>
            ))}
          </div>
          <ErrorNote error={print.error} testid="code-sheet-error" />
        </div>
      )}
      <h3>{t('console.codes.issued')}</h3>
      {codes.loading && !codes.data ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="codes-table">
            <thead>
              <tr>
                <th>{t('console.field.office')}</th>
                <th>{t('console.codes.note')}</th>
                <th>{t('console.codes.created')}</th>
                <th>{t('console.codes.expiresCol')}</th>
                <th>{t('console.codes.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(codes.data ?? []).map((c) => (
                <tr key={c.id} data-testid="code-row" data-status={c.status}>
                  <td>
                    {officeLabel(c.officeId)}
                    {c.forDeviceId && <div className="small muted">{t('console.codes.forDevice')}</div>}
                  </td>
                  <td>{c.note ?? ''}</td>
                  <td>{when(c.createdAt)}</td>
                  <td>{when(c.expiresAt)}</td>
                  <td>{t(`console.codes.state.${c.status}`)}</td>
                  <td className="row-actions">
                    {may && c.status === 'active' && (
                      <button
                        type="button"
                        className="btn btn--small"
                        disabled={act.busy}
                        onClick={() => void withdraw(c.id)}
                        data-testid="code-withdraw"
                      >
                        {t('console.codes.withdraw')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {codes.data?.length === 0 && <div className="empty">{t('common.empty')}</div>}
        </div>
      )}
    </section>
  );
}
