/**
 * Protocols of technical problems (seed 003 Annex 11 §13-1): drawn up when
 * the information system cannot be reached for a long time, numbered, printed
 * in Kazakh or Russian, completed when the system is back.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fromLocal, localParts, type TechProtocol } from '../../../shared';
import { desk } from '../deskClient';
import { TextField } from '../components/Field';
import { ErrorBox, Empty, Loading } from '../components/Notice';
import { RecordPrint, techProtocolPdf } from '../print/recordPrint';
import { tableDateTime } from '../format';
import { useAction, useLoad } from '../hooks';
import { useSession } from '../session';

type Form = {
  id?: string;
  system: string;
  failure: string;
  sinceDate: string;
  sinceTime: string;
  detectedBy: string;
  notifiedDate: string;
  notifiedTime: string;
  affected: string;
  measures: string;
  restoredDate: string;
  restoredTime: string;
  recordedBy: string;
  recordedPosition: string;
  signerName: string;
};
const EMPTY: Form = {
  system: '',
  failure: '',
  sinceDate: '',
  sinceTime: '',
  detectedBy: '',
  notifiedDate: '',
  notifiedTime: '',
  affected: '',
  measures: '',
  restoredDate: '',
  restoredTime: '',
  recordedBy: '',
  recordedPosition: '',
  signerName: '',
};

export function TechProtocolPage() {
  const { t } = useTranslation();
  const { session, lang } = useSession();
  const office = session.office;
  const list = useLoad(() => desk.techProtocols(), []);
  const [f, setF] = useState<Form>(EMPTY);
  const act = useAction();
  const set = (k: keyof Form) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const at = (d: string, tm: string) => (d && tm ? fromLocal(d, tm, office.utcOffsetMinutes) : '');
  const split = (i?: string) => (i ? localParts(i, office.utcOffsetMinutes) : { date: '', time: '' });
  const err = (field: string) => act.error?.fields.find((x) => x.field === field);
  const canEdit = session.staff.roles.some((r) => r === 'clerk' || r === 'head');

  function edit(p: TechProtocol) {
    const s = split(p.since),
      n = split(p.notifiedAt),
      r = split(p.restoredAt);
    setF({
      id: p.id,
      system: p.system,
      failure: p.failure,
      sinceDate: s.date,
      sinceTime: s.time,
      detectedBy: p.detectedBy,
      notifiedDate: n.date,
      notifiedTime: n.time,
      affected: p.affected.join(', '),
      measures: p.measures ?? '',
      restoredDate: r.date,
      restoredTime: r.time,
      recordedBy: p.recordedBy.name,
      recordedPosition: p.recordedBy.position ?? '',
      signerName: p.signerName ?? '',
    });
  }

  async function save() {
    const p = await act.run(() =>
      desk.saveTechProtocol({
        ...(f.id ? { id: f.id } : {}),
        system: f.system,
        failure: f.failure,
        since: at(f.sinceDate, f.sinceTime),
        detectedBy: f.detectedBy,
        notifiedAt: at(f.notifiedDate, f.notifiedTime) || undefined,
        affected: f.affected.split(/[,;\n]/),
        measures: f.measures,
        restoredAt: at(f.restoredDate, f.restoredTime) || undefined,
        recordedBy: { name: f.recordedBy, position: f.recordedPosition },
        signerName: f.signerName,
      }),
    );
    if (p) {
      setF(EMPTY);
      list.reload();
    }
  }

  return (
    <div className="screen" data-testid="tech-protocol-page">
      <div className="screen-head">
        <h1>{t('techProtocol.title')}</h1>
      </div>
      <p className="muted small">{t('techProtocol.note')}</p>
      {canEdit && (
        <section className="panel" data-testid="tech-protocol-form">
          <h2>{f.id ? t('techProtocol.edit') : t('techProtocol.new')}</h2>
          <div className="form-grid">
            <TextField
              label={t('techProtocol.system')}
              value={f.system}
              onChange={set('system')}
              required
              error={err('system')}
              testid="tp-system"
            />
            <TextField
              label={t('techProtocol.failure')}
              value={f.failure}
              onChange={set('failure')}
              required
              error={err('failure')}
              testid="tp-failure"
            />
            <TextField
              label={t('techProtocol.sinceDate')}
              type="date"
              value={f.sinceDate}
              onChange={set('sinceDate')}
              required
              error={err('since')}
              testid="tp-since-date"
            />
            <TextField
              label={t('techProtocol.time')}
              type="time"
              value={f.sinceTime}
              onChange={set('sinceTime')}
              testid="tp-since-time"
            />
            <TextField
              label={t('techProtocol.detectedBy')}
              value={f.detectedBy}
              onChange={set('detectedBy')}
              required
              error={err('detectedBy')}
              testid="tp-detected"
            />
            <TextField
              label={t('techProtocol.notifiedDate')}
              type="date"
              value={f.notifiedDate}
              onChange={set('notifiedDate')}
              error={err('notifiedAt')}
            />
            <TextField
              label={t('techProtocol.time')}
              type="time"
              value={f.notifiedTime}
              onChange={set('notifiedTime')}
            />
            <TextField
              label={t('techProtocol.affected')}
              value={f.affected}
              onChange={set('affected')}
              hint={t('techProtocol.affectedHint')}
              testid="tp-affected"
            />
            <TextField label={t('techProtocol.measures')} value={f.measures} onChange={set('measures')} />
            <TextField
              label={t('techProtocol.restoredDate')}
              type="date"
              value={f.restoredDate}
              onChange={set('restoredDate')}
              error={err('restoredAt')}
            />
            <TextField
              label={t('techProtocol.time')}
              type="time"
              value={f.restoredTime}
              onChange={set('restoredTime')}
            />
            <TextField
              label={t('techProtocol.recordedBy')}
              value={f.recordedBy}
              onChange={set('recordedBy')}
              required
              error={err('recordedBy.name')}
              testid="tp-recorded"
            />
            <TextField
              label={t('techProtocol.recordedPosition')}
              value={f.recordedPosition}
              onChange={set('recordedPosition')}
            />
            <TextField
              label={t('techProtocol.signer')}
              value={f.signerName}
              onChange={set('signerName')}
              hint={t('techProtocol.signerHint')}
            />
          </div>
          {act.error && !act.error.fields.length && <ErrorBox problem={act.error} />}
          <div className="row-actions">
            <button
              type="button"
              className="btn btn--primary"
              disabled={act.busy}
              onClick={() => void save()}
              data-testid="tp-save"
            >
              {t('techProtocol.save')}
            </button>
            {f.id && (
              <button type="button" className="btn" onClick={() => setF(EMPTY)}>
                {t('techProtocol.cancel')}
              </button>
            )}
          </div>
        </section>
      )}
      <ErrorBox problem={list.error} />
      {!list.data ? (
        <Loading />
      ) : !list.data.length ? (
        <Empty>{t('techProtocol.empty')}</Empty>
      ) : (
        <ul className="record-list" data-testid="tech-protocols">
          {list.data.map((p) => (
            <li key={p.id} className="panel" data-testid="tech-protocol-row">
              <strong className="mono">{p.protocolNo}</strong> · {p.system} ·{' '}
              {t('techProtocol.sinceShort', { at: tableDateTime(p.since, office) })}
              {p.restoredAt
                ? ` · ${t('techProtocol.restoredShort', { at: tableDateTime(p.restoredAt, office) })}`
                : ` · ${t('techProtocol.notRestored')}`}
              {canEdit && (
                <button type="button" className="btn btn--small" onClick={() => edit(p)}>
                  {t('techProtocol.edit')}
                </button>
              )}
              <RecordPrint
                form="technical-problem-protocol"
                title={t('techProtocol.form')}
                fileBase={p.protocolNo}
                defaultLang={lang}
                make={(l) => techProtocolPdf(p, l)}
                log={(l, a) => desk.logTechProtocolPrint(p.id, l, a)}
                onLogged={() => list.reload()}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
