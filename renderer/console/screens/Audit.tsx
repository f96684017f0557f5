/**
 * The append-only log of administrative actions: who, when, what, and the
 * record before and after. Filtered by action, person, target and dates;
 * older entries page in by "before" (the last id shown).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../../../shared';
import { consoleApi, type AuditFilter } from '../api';
import { ErrorNote, Input, Loading, useAction, when } from '../ui';

function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  return JSON.stringify(v, null, 1);
}

/** A date field (YYYY-MM-DD, local) as the instant the filter means: its start, or (to) the next day's start. */
function dayStart(date: string, next = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const d = new Date(`${date}T00:00:00`);
  if (next) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

export function AuditScreen() {
  const { t } = useTranslation();
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [target, setTarget] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const act = useAction();

  const filter = (): AuditFilter => ({
    action: action.trim() || undefined,
    actorId: actor.trim() || undefined,
    target: target.trim() || undefined,
    from: dayStart(from),
    to: dayStart(to, true),
  });
  async function search(before?: number) {
    const r = await act.run(() => consoleApi.audit({ ...filter(), before }));
    if (!r) return;
    setEntries((e) => (before !== undefined && e ? [...e, ...r] : r));
    // A full page suggests more behind it; an empty next page ends it.
    setMore(r.length > 0 && r.length >= 50);
  }

  return (
    <section data-testid="console-audit">
      <h2>{t('console.nav.audit')}</h2>
      <form
        className="grid grid--4"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <Input label={t('console.audit.action')} value={action} onChange={setAction} testid="audit-action" />
        <Input label={t('console.audit.actor')} value={actor} onChange={setActor} testid="audit-actor" />
        <Input label={t('console.audit.target')} value={target} onChange={setTarget} testid="audit-target" />
        <Input label={t('console.audit.from')} type="date" value={from} onChange={setFrom} testid="audit-from" />
        <Input label={t('console.audit.to')} type="date" value={to} onChange={setTo} testid="audit-to" />
        <div className="field">
          <button type="submit" className="btn btn--primary" disabled={act.busy} data-testid="audit-search">
            {t('console.audit.search')}
          </button>
        </div>
      </form>
      <ErrorNote error={act.error} />
      {act.busy && !entries && <Loading />}
      {entries && (
        <div className="table-wrap">
          <table className="table table--compact" data-testid="audit-table">
            <thead>
              <tr>
                <th>{t('console.audit.when')}</th>
                <th>{t('console.audit.actor')}</th>
                <th>{t('console.audit.action')}</th>
                <th>{t('console.audit.target')}</th>
                <th>{t('console.audit.before')}</th>
                <th>{t('console.audit.after')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                  <td className="nowrap">{when(e.at)}</td>
                  <td>{e.actorName ?? e.actorId ?? '—'}</td>
                  <td className="mono">{e.action}</td>
                  <td className="mono small">{e.target ?? '—'}</td>
                  <td>
                    <pre className="small prewrap">{show(e.before)}</pre>
                  </td>
                  <td>
                    <pre className="small prewrap">{show(e.after)}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.length === 0 && <div className="empty">{t('common.empty')}</div>}
          {more && (
            <button
              type="button"
              className="btn"
              disabled={act.busy}
              onClick={() => void search(entries.at(-1)?.id)}
              data-testid="audit-more"
            >
              {t('console.audit.more')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
