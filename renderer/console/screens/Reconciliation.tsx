/**
 * What came in from the offices and needs the district's decision, as the
 * desk's district tabs show it (and with their words, district.* in the
 * locales): open conflicts (keep the server's value or take the laptop's),
 * possible duplicates, ops waiting for an earlier one (backlog), and
 * quarantined or refused ops. People, offices, laptops and kindergartens by
 * name (the lists carry them, the directory names the rest), each choice
 * with what it will change; a conflict whose two sides hold the same value
 * offers no choice, only closing it. Merging a duplicate names the
 * application that keeps its place: the other is withdrawn from the queue, and
 * its other open pairs are closed by the server with the reason (status
 * resolved: the list's filter shows them, each with why).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DuplicateStatusSchema,
  compareQueue,
  formatTableDate,
  type Conflict,
  type Duplicate,
  type DuplicateStatus,
  type Lang,
} from '../../../shared';
import { DuplicateResolution } from '../../ui/district/DuplicateResolution';
import { consoleApi } from '../api';
import { useMayChange } from '../context';
import { ErrorNote, Loading, bi, useAction, useData, when } from '../ui';

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The application of a pair that keeps its place when nobody says otherwise: the one ahead in queue order. */
function defaultKeep(d: Duplicate): string {
  const [a, b] = d.applications.map((x) => ({ ...x, journalSeq: 0 }));
  return compareQueue(a, b) <= 0 ? a.id : b.id;
}

export function ReconciliationScreen() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'ru' ? 'ru' : 'kk';
  const may = useMayChange('reconciliation');
  const offices = useData(() => consoleApi.offices(), []);
  const staff = useData(() => consoleApi.staff(), []);
  const kgs = useData(() => consoleApi.kindergartens(), []);
  const devices = useData(() => consoleApi.devices(), []);
  const conflicts = useData(() => consoleApi.conflicts(), []);
  const [dupFilter, setDupFilter] = useState<DuplicateStatus | 'all'>('open');
  const duplicates = useData(() => consoleApi.duplicates(dupFilter), [dupFilter]);
  const backlog = useData(() => consoleApi.backlog(), []);
  const quarantine = useData(() => consoleApi.quarantine(), []);
  const act = useAction();
  const officeName = (id: string | null) => {
    const o = id ? offices.data?.find((x) => x.id === id) : undefined;
    return o ? bi(o.name, lang) : (id ?? '—');
  };
  const quarantined = [...(quarantine.data?.ops ?? []), ...(quarantine.data?.refused ?? [])];
  const deviceName = (id: string) => devices.data?.find((d) => d.id === id)?.name ?? id.slice(0, 8);
  /** A field's value as people read it: names for ids, translated codes, steps as lines. */
  const show = (field: string, v: unknown): string => {
    if (v === null || v === undefined || v === '') return '—';
    if ((field === 'status' || field === 'queueState') && typeof v === 'string')
      return t(`${field}.${v}`, { defaultValue: v });
    if ((field === 'executorId' || field === 'acceptedBy' || field.endsWith('StaffId')) && typeof v === 'string')
      return staff.data?.find((x) => x.id === v)?.fullName ?? v;
    if (field === 'officeId' && typeof v === 'string') return officeName(v);
    if (field === 'kindergartenIds' && Array.isArray(v))
      return v
        .map((id) => {
          const k = kgs.data?.find((x) => x.id === id);
          return k ? `№${k.number} ${bi(k.name, lang)}` : String(id);
        })
        .join('; ');
    if (field === 'steps' && Array.isArray(v))
      return (v as Array<{ step?: string; byName?: string; at?: string }>)
        .map((x) => [t(`step.${x.step}`, { defaultValue: x.step ?? '?' }), x.byName, x.at ? when(x.at) : ''].join(' '))
        .join('; ');
    if (field === 'decision' && typeof v === 'object' && 'kind' in (v as object))
      return t(`decision.${(v as { kind: string }).kind}`, { defaultValue: (v as { kind: string }).kind });
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  const differing = (c: Conflict) => c.fields.filter((f) => !same(f.server, f.device));
  const fieldNames = (c: Conflict) =>
    differing(c)
      .map((f) => t(`district.fieldName.${f.field}`, { defaultValue: f.field }))
      .join(', ');

  return (
    <section data-testid="console-reconciliation">
      <div className="toolbar">
        <h2>{t('console.nav.reconciliation')}</h2>
        <button
          type="button"
          className="btn"
          onClick={() => {
            conflicts.reload();
            duplicates.reload();
            backlog.reload();
            quarantine.reload();
          }}
          data-testid="reconcile-reload"
        >
          {t('console.reload')}
        </button>
      </div>
      <ErrorNote error={act.error ?? conflicts.error ?? duplicates.error ?? backlog.error ?? quarantine.error} />

      <h3>{t('district.tab.conflicts')}</h3>
      <p className="small muted">{t('district.conflictsText')}</p>
      {!conflicts.data ? (
        <Loading />
      ) : conflicts.data.length === 0 ? (
        <div className="empty">{t('district.conflictsEmpty')}</div>
      ) : (
        conflicts.data.map((c) => (
          <div key={c.id} className="panel conflict" data-testid="reconcile-conflict">
            <div className="conflict-head">
              <span className="badge">{t(`district.conflictReason.${c.reason}`, { defaultValue: c.reason })}</span>{' '}
              {c.record && (
                <span className="small" data-testid="reconcile-conflict-record">
                  {c.record.journalNo} — {c.record.subjectName}
                </span>
              )}{' '}
              <span className="small">{officeName(c.officeId)}</span>{' '}
              <span className="small muted">
                {t('district.conflictDevice', { device: c.deviceName ?? deviceName(c.deviceId), seq: c.deviceSeq })},{' '}
                {when(c.createdAt)}
              </span>
            </div>
            <table className="table table--compact">
              <thead>
                <tr>
                  <th>{t('district.field')}</th>
                  <th>{t('district.serverValue', { version: c.serverVersion })}</th>
                  <th>{t('district.deviceValue', { version: c.baseVersion })}</th>
                </tr>
              </thead>
              <tbody>
                {c.fields.map((f) => (
                  <tr key={f.field} className={same(f.server, f.device) ? 'same' : 'differs'}>
                    <td>{t(`district.fieldName.${f.field}`, { defaultValue: f.field })}</td>
                    <td className="small">{show(f.field, f.server)}</td>
                    <td className="small">{show(f.field, f.device)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {may &&
              (differing(c).length === 0 ? (
                // Both sides hold the same value: nothing to choose, only to close.
                <div className="actions actions--left">
                  <button
                    type="button"
                    className="btn btn--small"
                    disabled={act.busy}
                    onClick={() =>
                      void act
                        .run(() => consoleApi.resolveConflict(c.id, 'server'))
                        .then((r) => r && conflicts.reload())
                    }
                    data-testid="reconcile-conflict-close"
                  >
                    {t('district.closeSame')}
                  </button>
                  <span className="small muted">{t('district.effect.same')}</span>
                </div>
              ) : (
                <div className="actions actions--left">
                  {(['server', 'device'] as const)
                    .filter((how) => how === 'server' || c.reason !== 'places.overbooked')
                    .map((how) => (
                      <div key={how} className="choice">
                        <button
                          type="button"
                          className="btn btn--small"
                          disabled={act.busy}
                          onClick={() =>
                            void act
                              .run(() => consoleApi.resolveConflict(c.id, how))
                              .then((r) => r && conflicts.reload())
                          }
                          data-testid={`reconcile-conflict-${how}`}
                        >
                          {t(how === 'server' ? 'district.keepServer' : 'district.takeDevice')}
                        </button>
                        <div className="small muted" data-testid={`reconcile-conflict-effect-${how}`}>
                          {t(`district.effect.${how}`, {
                            fields: fieldNames(c),
                            device: c.deviceName ?? deviceName(c.deviceId),
                          })}
                        </div>
                      </div>
                    ))}
                </div>
              ))}
          </div>
        ))
      )}

      <div className="toolbar">
        <h3>{t('district.tab.duplicates')}</h3>
        <label className="inline-field">
          <span>{t('district.show')}</span>
          <select
            value={dupFilter}
            onChange={(e) => setDupFilter(e.target.value as DuplicateStatus | 'all')}
            data-testid="reconcile-duplicates-filter"
          >
            {[...DuplicateStatusSchema.options, 'all' as const].map((s) => (
              <option key={s} value={s}>
                {t(`district.dupStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="small muted">{t('district.duplicatesText')}</p>
      {!duplicates.data ? (
        <Loading />
      ) : duplicates.data.length === 0 ? (
        <div className="empty">{t('district.duplicatesEmpty')}</div>
      ) : (
        <table className="table table--compact" data-testid="reconcile-duplicates">
          <thead>
            <tr>
              <th>{t('district.service')}</th>
              <th>{t('district.dupReasonCol')}</th>
              <th>{t('district.applications')}</th>
              <th>{t('district.status')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {duplicates.data.map((d) => {
              const keep = defaultKeep(d);
              const ordered = [...d.applications].sort((x, y) => Number(y.id === keep) - Number(x.id === keep));
              return (
                <tr key={d.id} data-testid="reconcile-duplicate" data-reason={d.reason} data-status={d.status}>
                  <td className="mono">{d.serviceCode}</td>
                  <td className="small">{t(`district.dupReason.${d.reason}`)}</td>
                  <td>
                    {d.applications.map((a) => (
                      <div key={a.id} className="small">
                        <b>{a.subjectName}</b> ({a.subjectIin}
                        {a.birthDate ? `, ${formatTableDate(a.birthDate)}` : ''}) — {a.journalNo},{' '}
                        {a.officeName ? bi(a.officeName, lang) : officeName(a.officeId)}, {when(a.acceptedAt)},{' '}
                        {t(`queueState.${a.queueState}`, { defaultValue: a.queueState })}
                      </div>
                    ))}
                    {d.note && <div className="small muted">{d.note}</div>}
                    <DuplicateResolution d={d} />
                  </td>
                  <td className="small">{t(`district.dupStatus.${d.status}`)}</td>
                  <td className="row-actions">
                    {may && d.status === 'open' && (
                      <>
                        {ordered.map((k) => {
                          const other = d.applications.find((x) => x.id !== k.id) ?? k;
                          return (
                            <button
                              key={k.id}
                              type="button"
                              className={`btn btn--small${k.id === keep ? ' btn--primary' : ''}`}
                              disabled={act.busy}
                              title={t('district.effect.merge', { kept: k.journalNo, withdrawn: other.journalNo })}
                              onClick={() =>
                                void act
                                  .run(() => consoleApi.setDuplicate(d.id, 'merged', k.id))
                                  .then((r) => r && duplicates.reload())
                              }
                              data-testid="reconcile-duplicate-keep"
                              data-keep={k.id}
                            >
                              {t('district.mergeKeep', { kept: k.journalNo, withdrawn: other.journalNo })}
                            </button>
                          );
                        })}
                        <button
                          type="button"
                          className="btn btn--small"
                          disabled={act.busy}
                          title={t('district.effect.notDuplicate')}
                          onClick={() =>
                            void act
                              .run(() => consoleApi.setDuplicate(d.id, 'not_duplicate'))
                              .then((r) => r && duplicates.reload())
                          }
                          data-testid="reconcile-duplicate-not"
                        >
                          {t('district.dupAction.not_duplicate')}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h3>{t('district.tab.backlog')}</h3>
      <p className="small muted">{t('district.backlogText')}</p>
      {!backlog.data ? (
        <Loading />
      ) : backlog.data.length === 0 ? (
        <div className="empty">{t('district.backlogEmpty')}</div>
      ) : (
        <table className="table table--compact" data-testid="reconcile-backlog">
          <thead>
            <tr>
              <th>{t('district.device')}</th>
              <th>{t('district.office')}</th>
              <th>{t('district.acked')}</th>
              <th>{t('district.waiting')}</th>
              <th>{t('district.missing')}</th>
            </tr>
          </thead>
          <tbody>
            {backlog.data.map((b) => (
              <tr key={b.deviceId}>
                <td>{b.deviceName}</td>
                <td>{officeName(b.officeId)}</td>
                <td className="num">{b.acked}</td>
                <td>{t('district.waitingOps', { count: b.waiting.length })}</td>
                <td className="mono small">
                  {b.missing.map((m) => (m.from === m.to ? m.from : `${m.from}–${m.to}`)).join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>{t('district.tab.quarantine')}</h3>
      <p className="small muted">{t('district.quarantineText')}</p>
      {!quarantine.data ? (
        <Loading />
      ) : quarantined.length === 0 ? (
        <div className="empty">{t('common.empty')}</div>
      ) : (
        <table className="table table--compact" data-testid="reconcile-quarantine">
          <thead>
            <tr>
              <th>{t('district.device')}</th>
              <th>{t('district.office')}</th>
              <th>{t('console.reconcile.op')}</th>
              <th>{t('console.reconcile.reason')}</th>
              <th>{t('district.received')}</th>
            </tr>
          </thead>
          <tbody>
            {quarantined.map((q) => (
              <tr key={`${q.deviceId}/${q.deviceSeq}/${q.id}`}>
                <td className="small">
                  {deviceName(q.deviceId)} #{q.deviceSeq}
                </td>
                <td>{officeName(q.officeId)}</td>
                <td className="small">{[q.entity, q.kind].filter(Boolean).join(' · ') || '—'}</td>
                <td className="small">
                  {i18n.exists(`errors:quarantine.${q.reason}`) ? t(`errors:quarantine.${q.reason}`) : q.reason}
                </td>
                <td className="nowrap">{when(q.receivedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
