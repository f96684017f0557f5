/**
 * What came in from the offices and needs the district's decision, as the
 * desk's district tabs show it (and with their words, district.* in the
 * locales): open conflicts (keep the server's value or take the laptop's),
 * possible duplicates, ops waiting for an earlier one (backlog), and
 * quarantined or refused ops. The console has no local copy of the records,
 * so records are named by their ids and journal numbers only.
 */
import { useTranslation } from 'react-i18next';
import type { Lang } from '../../../shared';
import { consoleApi } from '../api';
import { useMayChange } from '../context';
import { ErrorNote, Loading, bi, useAction, useData, when } from '../ui';

function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function ReconciliationScreen() {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'ru' ? 'ru' : 'kk';
  const may = useMayChange('reconciliation');
  const offices = useData(() => consoleApi.offices(), []);
  const conflicts = useData(() => consoleApi.conflicts(), []);
  const duplicates = useData(() => consoleApi.duplicates(), []);
  const backlog = useData(() => consoleApi.backlog(), []);
  const quarantine = useData(() => consoleApi.quarantine(), []);
  const act = useAction();
  const officeName = (id: string | null) => {
    const o = id ? offices.data?.find((x) => x.id === id) : undefined;
    return o ? bi(o.name, lang) : (id ?? '—');
  };
  const quarantined = [...(quarantine.data?.ops ?? []), ...(quarantine.data?.refused ?? [])];

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
              <span className="small">{officeName(c.officeId)}</span>{' '}
              <span className="small muted">
                {t('district.conflictDevice', { device: c.deviceId.slice(0, 8), seq: c.deviceSeq })},{' '}
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
                  <tr key={f.field}>
                    <td>{t(`district.fieldName.${f.field}`, { defaultValue: f.field })}</td>
                    <td className="mono small">{show(f.server)}</td>
                    <td className="mono small">{show(f.device)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {may && (
              <div className="actions actions--left">
                {(['server', 'device'] as const).map((how) => (
                  <button
                    key={how}
                    type="button"
                    className="btn btn--small"
                    disabled={act.busy}
                    onClick={() =>
                      void act.run(() => consoleApi.resolveConflict(c.id, how)).then((r) => r && conflicts.reload())
                    }
                    data-testid={`reconcile-conflict-${how}`}
                  >
                    {t(how === 'server' ? 'district.keepServer' : 'district.takeDevice')}
                  </button>
                ))}
              </div>
            )}
          </div>
        ))
      )}

      <h3>{t('district.tab.duplicates')}</h3>
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
              <th>{t('district.applications')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {duplicates.data.map((d) => (
              <tr key={d.id} data-testid="reconcile-duplicate">
                <td className="mono">{d.serviceCode}</td>
                <td>
                  {d.applications.map((a) => (
                    <div key={a.id} className="small">
                      {a.journalNo} — {officeName(a.officeId)}, {when(a.acceptedAt)}
                    </div>
                  ))}
                </td>
                <td className="row-actions">
                  {may &&
                    (['not_duplicate', 'merged'] as const).map((st) => (
                      <button
                        key={st}
                        type="button"
                        className="btn btn--small"
                        disabled={act.busy}
                        onClick={() =>
                          void act.run(() => consoleApi.setDuplicate(d.id, st)).then((r) => r && duplicates.reload())
                        }
                      >
                        {t(`district.dupAction.${st}`)}
                      </button>
                    ))}
                </td>
              </tr>
            ))}
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
                <td className="mono small">
                  {q.deviceId.slice(0, 8)} #{q.deviceSeq}
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
