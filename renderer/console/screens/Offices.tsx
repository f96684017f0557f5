/**
 * The district's offices of every type: list, create, edit, close. Closing
 * keeps an office's records; it takes no new work and enrols no laptops.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { OfficeInputSchema, OfficeTypeSchema, type Lang, type Office, type OfficeInput } from '../../../shared';
import { Dialog } from '../../ui/components/Dialog';
import { consoleApi } from '../api';
import { useMayChange } from '../context';
import { ErrorNote, Input, Loading, Note, Select, bi, useAction, useData, when } from '../ui';

type Form = {
  type: string;
  code: string;
  kato: string;
  nameKk: string;
  nameRu: string;
  addressKk: string;
  addressRu: string;
  headName: string;
  phone: string;
  /** One settlement a line: "KATO; name kk; name ru" (KATO may be left out). */
  settlements: string;
};

const EMPTY: Form = {
  type: 'village',
  code: '',
  kato: '',
  nameKk: '',
  nameRu: '',
  addressKk: '',
  addressRu: '',
  headName: '',
  phone: '',
  settlements: '',
};

function toForm(o: Office): Form {
  return {
    type: o.type,
    code: o.code,
    kato: o.kato ?? '',
    nameKk: o.name.kk,
    nameRu: o.name.ru,
    addressKk: o.address.kk,
    addressRu: o.address.ru,
    headName: o.headName,
    phone: o.phone ?? '',
    settlements: (o.settlements ?? []).map((s) => [s.kato ?? '', s.name.kk, s.name.ru].join('; ')).join('\n'),
  };
}

function parseSettlements(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const parts = l.split(';').map((p) => p.trim());
      // A leading 9-digit field is the KATO code; an empty one (";name kk;name ru") is a settlement without it.
      const kato = /^\d{9}$/.test(parts[0]) ? parts.shift() : undefined;
      if (!kato && parts.length >= 3) parts.shift();
      const kk = parts[0] ?? '';
      return { ...(kato ? { kato } : {}), name: { kk, ru: parts[1] || kk } };
    });
}

export function OfficesScreen() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'ru' ? 'ru' : 'kk';
  const may = useMayChange('offices');
  const offices = useData(() => consoleApi.offices(), []);
  const [editing, setEditing] = useState<{ office: Office | null } | null>(null);
  const [closing, setClosing] = useState<Office | null>(null);
  const close = useAction();

  async function doClose(o: Office) {
    const ok = await close.run(() => consoleApi.closeOffice(o.id));
    setClosing(null);
    if (ok !== undefined) offices.reload();
  }

  const rows = [...(offices.data ?? [])].sort(
    (a, b) => Number(!!a.closedAt) - Number(!!b.closedAt) || a.code.localeCompare(b.code),
  );
  return (
    <section data-testid="console-offices">
      <div className="toolbar">
        <h2>{t('console.nav.offices')}</h2>
        {may && (
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => setEditing({ office: null })}
            data-testid="office-new"
          >
            {t('console.offices.new')}
          </button>
        )}
      </div>
      <ErrorNote error={offices.error ?? close.error} />
      {offices.loading && !offices.data ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="office-table">
            <thead>
              <tr>
                <th>{t('console.field.code')}</th>
                <th>{t('console.field.type')}</th>
                <th>{t('console.field.name')}</th>
                <th>{t('console.field.kato')}</th>
                <th>{t('console.field.head')}</th>
                <th>{t('console.offices.settlements')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => (
                <tr
                  key={o.id}
                  className={o.closedAt ? 'row--inactive' : undefined}
                  data-testid="office-row"
                  data-code={o.code}
                  data-closed={o.closedAt ? 'true' : 'false'}
                >
                  <td className="mono">{o.code}</td>
                  <td>{t(`officeType.${o.type}`)}</td>
                  <td>
                    {bi(o.name, lang)}
                    <div className="small muted">{bi(o.address, lang)}</div>
                  </td>
                  <td className="mono">{o.kato ?? '—'}</td>
                  <td>{o.headName}</td>
                  <td className="small">{(o.settlements ?? []).map((s) => bi(s.name, lang)).join(', ') || '—'}</td>
                  <td className="row-actions">
                    {o.closedAt ? (
                      <span className="small muted">{t('console.offices.closedAt', { when: when(o.closedAt) })}</span>
                    ) : (
                      may && (
                        <>
                          <button
                            type="button"
                            className="btn btn--small"
                            onClick={() => setEditing({ office: o })}
                            data-testid="office-edit"
                          >
                            {t('common.edit')}
                          </button>
                          <button
                            type="button"
                            className="btn btn--small btn--danger"
                            onClick={() => setClosing(o)}
                            data-testid="office-close"
                          >
                            {t('console.offices.close')}
                          </button>
                        </>
                      )
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rows.length === 0 && <div className="empty">{t('common.empty')}</div>}
        </div>
      )}
      {editing && (
        <OfficeDialog
          office={editing.office}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            offices.reload();
          }}
        />
      )}
      {closing && (
        <Dialog
          open
          title={t('console.offices.closeTitle')}
          onClose={() => setClosing(null)}
          testid="office-close-dialog"
          footer={
            <>
              <button type="button" className="btn" onClick={() => setClosing(null)}>
                {t('common.cancel')}
              </button>
              <button
                type="button"
                className="btn btn--danger"
                disabled={close.busy}
                onClick={() => void doClose(closing)}
                data-testid="office-close-confirm"
              >
                {t('console.offices.close')}
              </button>
            </>
          }
        >
          <p>{t('console.offices.closeText', { name: bi(closing.name, lang) })}</p>
        </Dialog>
      )}
    </section>
  );
}

function OfficeDialog({
  office,
  onClose,
  onSaved,
}: {
  office: Office | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [f, setF] = useState<Form>(office ? toForm(office) : EMPTY);
  const [invalid, setInvalid] = useState<string[]>([]);
  const { busy, error, run } = useAction();
  const set = (k: keyof Form) => (v: string) => setF((x) => ({ ...x, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const input = {
      type: f.type,
      code: f.code,
      ...(f.kato.trim() ? { kato: f.kato.trim() } : {}),
      name: { kk: f.nameKk, ru: f.nameRu },
      address: { kk: f.addressKk, ru: f.addressRu },
      headName: f.headName,
      ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
      ...(office?.hours ? { hours: office.hours } : {}),
      settlements: parseSettlements(f.settlements),
    };
    const parsed = OfficeInputSchema.safeParse(input);
    setInvalid(parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.')));
    if (!parsed.success) return;
    const data: OfficeInput = parsed.data;
    const ok = await run(() => (office ? consoleApi.updateOffice(office.id, data) : consoleApi.createOffice(data)));
    if (ok !== undefined) onSaved();
  }

  return (
    <Dialog
      open
      wide
      title={office ? t('console.offices.editTitle') : t('console.offices.new')}
      onClose={onClose}
      testid="office-dialog"
    >
      <form onSubmit={(e) => void submit(e)} data-testid="office-form" noValidate>
        <div className="grid grid--2">
          <Select
            label={t('console.field.type')}
            value={f.type}
            onChange={set('type')}
            testid="office-type"
            options={OfficeTypeSchema.options.map((x) => ({ value: x, label: t(`officeType.${x}`) }))}
          />
          <Input
            label={t('console.field.code')}
            value={f.code}
            onChange={set('code')}
            testid="office-code"
            required
            maxLength={12}
            hint={t('console.field.codeHint')}
          />
          <Input
            label={t('console.field.nameKk')}
            value={f.nameKk}
            onChange={set('nameKk')}
            testid="office-name-kk"
            required
          />
          <Input
            label={t('console.field.nameRu')}
            value={f.nameRu}
            onChange={set('nameRu')}
            testid="office-name-ru"
            required
          />
          <Input
            label={t('console.field.addressKk')}
            value={f.addressKk}
            onChange={set('addressKk')}
            testid="office-address-kk"
            required
          />
          <Input
            label={t('console.field.addressRu')}
            value={f.addressRu}
            onChange={set('addressRu')}
            testid="office-address-ru"
            required
          />
          <Input
            label={t('console.field.head')}
            value={f.headName}
            onChange={set('headName')}
            testid="office-head"
            required
          />
          <Input
            label={t('console.field.kato')}
            value={f.kato}
            onChange={set('kato')}
            testid="office-kato"
            inputMode="numeric"
            maxLength={9}
            hint={t('console.field.katoHint')}
          />
          <Input label={t('console.field.phone')} value={f.phone} onChange={set('phone')} testid="office-phone" />
        </div>
        <div className="field">
          <label htmlFor="office-settlements">{t('console.offices.settlements')}</label>
          <textarea
            id="office-settlements"
            rows={4}
            value={f.settlements}
            onChange={(e) => set('settlements')(e.target.value)}
            data-testid="office-settlements"
          />
          <div className="hint">{t('console.offices.settlementsHint')}</div>
        </div>
        {invalid.length > 0 && (
          <Note kind="error" testid="office-invalid">
            {t('console.invalidFields', { fields: [...new Set(invalid)].join(', ') })}
          </Note>
        )}
        <ErrorNote error={error} testid="office-error" />
        <div className="actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn--primary" disabled={busy} data-testid="office-save">
            {busy ? t('common.working') : t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
