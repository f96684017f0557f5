/**
 * The same child registered for the same service in two offices (found only
 * when both reached the server): the same IIN, or the same name and birth
 * date with two IINs; each pair says which. The district marks each pair: not
 * the same child (never asked again), or merged, naming the application that
 * keeps its place (by default the one ahead in the queue); the other is
 * withdrawn from the queue and its office told at its next sync, and its other
 * open pairs are closed by the server with the reason (resolved, shown here).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { compareQueue, type Duplicate, type DuplicateDecision, type DuplicateStatus } from '../../../shared';
import { Empty, Loading } from '../components/Notice';
import type { Problem } from '../errors';
import { bi, iinDisplay, tableDate } from '../format';
import { useSession } from '../session';
import { desk } from '../deskClient';
import { SyncErrorBox, syncProblem } from '../sync/text';
import { sync } from '../syncClient';
import { RecordRef, useDistrictRefs, useLocalApps, useRemote } from './common';
import { DuplicateResolution } from './DuplicateResolution';

const STATUSES: DuplicateStatus[] = ['open', 'not_duplicate', 'merged', 'resolved'];
/** What the district may set by hand on a pair that is not final. */
const DECISIONS: DuplicateDecision[] = ['open', 'not_duplicate'];

export function DuplicatesTab() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<DuplicateStatus | 'all'>('open');
  const list = useRemote(() => sync.district.duplicates(filter), [filter]);
  const local = useLocalApps(list.data?.duplicates.flatMap((d) => d.applications.map((a) => a.id)) ?? []);

  return (
    <section data-testid="district-duplicates">
      <div className="toolbar">
        <label className="inline-field">
          <span>{t('district.show')}</span>
          <select
            value={filter}
            onChange={(e) => setFilter(e.target.value as DuplicateStatus | 'all')}
            data-testid="duplicates-filter"
          >
            {[...STATUSES, 'all' as const].map((s) => (
              <option key={s} value={s}>
                {t(`district.dupStatus.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="btn btn--small"
          onClick={list.reload}
          disabled={list.loading}
          data-testid="district-reload"
        >
          {t('district.reload')}
        </button>
      </div>
      <p className="small muted">{t('district.duplicatesText')}</p>
      <SyncErrorBox problem={list.error} testid="district-load-error" />
      {!list.data ? (
        list.loading ? (
          <Loading />
        ) : null
      ) : !list.data.duplicates.length ? (
        <Empty>{t('district.duplicatesEmpty')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th>{t('district.subjectIin')}</th>
                <th>{t('district.service')}</th>
                <th>{t('district.applications')}</th>
                <th>{t('district.status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.duplicates.map((d) => (
                <DuplicateRow key={d.id} d={d} local={local} onChanged={list.reload} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function DuplicateRow({
  d,
  local,
  onChanged,
}: {
  d: Duplicate;
  local: ReturnType<typeof useLocalApps>;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { lang } = useSession();
  const { officeName } = useDistrictRefs();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const service = bi(desk.catalog().find((e) => e.code === d.serviceCode)?.name, lang) || d.serviceCode;

  // The one ahead in the queue keeps its place unless the district names the other.
  const [x, y] = d.applications.map((a) => ({ ...a, journalSeq: 0 }));
  const keepByDefault = compareQueue(x, y) <= 0 ? x.id : y.id;

  async function set(status: DuplicateDecision, keep?: string) {
    setBusy(true);
    setProblem(null);
    try {
      await sync.district.setDuplicate(d.id, status, keep);
      onChanged();
    } catch (e) {
      setProblem(syncProblem(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <tr data-testid="duplicate-row" data-id={d.id} data-status={d.status}>
      <td className="nowrap">
        <span className="mono">{iinDisplay(d.childIin)}</span>
        <div className="small muted" data-testid="duplicate-reason">
          {t(`district.dupReason.${d.reason}`)}
        </div>
      </td>
      <td className="small">{service}</td>
      <td>
        <ul className="plain-list">
          {d.applications.map((a) => (
            <li key={a.id}>
              <b>{a.subjectName}</b> <span className="mono small">{iinDisplay(a.subjectIin)}</span>
              {a.birthDate ? `, ${tableDate(a.birthDate)}` : ''} —{' '}
              <RecordRef entity="application" id={a.id} app={local.get(a.id)} label={a.journalNo} />,{' '}
              {a.officeName ? bi(a.officeName, lang) : officeName(a.officeId)},{' '}
              {t(`status.${a.status}`, { defaultValue: a.status })},{' '}
              {t(`queueState.${a.queueState}`, { defaultValue: a.queueState })}, {tableDate(a.acceptedAt)}
              {a.withdrawal && (
                <div className="small muted" data-testid="duplicate-withdrawn">
                  {t('district.withdrawnNote', {
                    kept: a.withdrawal.keptJournalNo,
                    by: a.withdrawal.byName,
                    when: tableDate(a.withdrawal.at),
                  })}
                </div>
              )}
            </li>
          ))}
        </ul>
        {d.note && <div className="small muted">{d.note}</div>}
        <DuplicateResolution d={d} />
        <SyncErrorBox problem={problem} testid="duplicate-error" />
      </td>
      <td>
        <span className={`badge badge--dup-${d.status}`}>{t(`district.dupStatus.${d.status}`)}</span>
      </td>
      <td>
        {d.status !== 'merged' && d.status !== 'resolved' && (
          <div className="row-actions">
            {DECISIONS.filter((s) => s !== d.status).map((s) => (
              <button
                key={s}
                type="button"
                className="btn btn--small"
                disabled={busy}
                title={s === 'not_duplicate' ? t('district.effect.notDuplicate') : undefined}
                onClick={() => void set(s)}
                data-testid={`duplicate-set-${s}`}
              >
                {t(`district.dupAction.${s}`)}
              </button>
            ))}
            {[...d.applications]
              .sort((p, q) => Number(q.id === keepByDefault) - Number(p.id === keepByDefault))
              .map((k) => {
                const other = d.applications.find((o) => o.id !== k.id) ?? k;
                return (
                  <button
                    key={k.id}
                    type="button"
                    className={`btn btn--small${k.id === keepByDefault ? ' btn--primary' : ''}`}
                    disabled={busy}
                    title={t('district.effect.merge', { kept: k.journalNo, withdrawn: other.journalNo })}
                    onClick={() => void set('merged', k.id)}
                    data-testid="duplicate-merge-keep"
                    data-keep={k.id}
                  >
                    {t('district.mergeKeep', { kept: k.journalNo, withdrawn: other.journalNo })}
                  </button>
                );
              })}
          </div>
        )}
      </td>
    </tr>
  );
}
