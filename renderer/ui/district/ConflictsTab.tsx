/**
 * Hard conflicts: two computers changed the same field of a record offline,
 * or a step was taken on a record that had moved on. The district sees both
 * values side by side and keeps the server's or takes the device's.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conflict } from '../../../shared';
import { Empty, Loading, Notice } from '../components/Notice';
import type { Problem } from '../errors';
import { tableDateTime } from '../format';
import { SyncErrorBox, syncProblem } from '../sync/text';
import { FieldValue } from './FieldValue';
import { sync } from '../syncClient';
import { RecordRef, type AppLite, useDistrictRefs, useLocalApps, useRemote } from './common';

type Filter = 'open' | 'all';

export function ConflictsTab() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('open');
  const list = useRemote(() => sync.district.conflicts(filter), [filter]);
  const local = useLocalApps(
    list.data?.conflicts.filter((c) => c.entity === 'application').map((c) => c.entityId) ?? [],
  );
  const [done, setDone] = useState<string | null>(null);

  return (
    <section data-testid="district-conflicts">
      <div className="toolbar">
        <div className="seg" role="group" aria-label={t('district.show')}>
          {(['open', 'all'] as const).map((f) => (
            <button
              key={f}
              type="button"
              className={`btn btn--small${f === filter ? ' btn--selected' : ''}`}
              aria-pressed={f === filter}
              onClick={() => setFilter(f)}
              data-testid={`conflicts-filter-${f}`}
            >
              {t(`district.conflictFilter.${f}`)}
            </button>
          ))}
        </div>
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
      <p className="small muted">{t('district.conflictsText')}</p>
      {done && (
        <Notice kind="ok" testid="conflict-resolved">
          {done}
        </Notice>
      )}
      <SyncErrorBox problem={list.error} testid="district-load-error" />
      {!list.data ? (
        list.loading ? (
          <Loading />
        ) : null
      ) : !list.data.conflicts.length ? (
        <Empty>{t('district.conflictsEmpty')}</Empty>
      ) : (
        list.data.conflicts.map((c) => (
          <ConflictCard
            key={c.id}
            c={c}
            app={local.get(c.entityId)}
            onResolved={(how) => {
              setDone(t(`district.resolved.${how}`, { id: c.id }));
              list.reload();
            }}
          />
        ))
      )}
    </section>
  );
}

type How = 'server' | 'device' | 'renumber';

function ConflictCard({ c, app, onResolved }: { c: Conflict; app?: AppLite; onResolved: (how: How) => void }) {
  const { t } = useTranslation();
  const { officeName } = useDistrictRefs();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const open = c.status === 'open' && c.kind === 'hard';
  // The server refuses "take device" for places: they are set through the kindergarten, not copied from a laptop.
  const deviceAllowed = c.reason !== 'places.overbooked';
  // Two applications with one official number: one keeps it, the other gets the journal's next number.
  const journal = c.reason === 'journal.notLeased' || c.reason === 'journal.taken';
  // Both sides hold the same value: nothing to choose between, the conflict is only closed.
  const differing = c.fields.filter((f) => JSON.stringify(f.server) !== JSON.stringify(f.device));
  const fields = differing.map((f) => t(`district.fieldName.${f.field}`, { defaultValue: f.field })).join(', ');
  const device = c.deviceName ?? c.deviceId.slice(0, 8);

  async function resolve(how: How) {
    setBusy(true);
    setProblem(null);
    try {
      if (how === 'renumber') await sync.district.renumber(c.entityId);
      else await sync.district.resolveConflict(c.id, how);
      onResolved(how);
    } catch (e) {
      setProblem(syncProblem(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="panel conflict" data-testid="conflict-row" data-id={c.id} data-status={c.status}>
      <div className="conflict-head">
        <b>#{c.id}</b>
        <RecordRef
          entity={c.entity}
          id={c.entityId}
          app={app}
          label={!app && c.record ? `${c.record.journalNo} — ${c.record.subjectName}` : undefined}
        />
        <span className="muted">{officeName(c.officeId)}</span>
        <span className="badge">{t(`district.conflictReason.${c.reason}`, { defaultValue: c.reason })}</span>
        {c.step && (
          <span className="muted small">
            {t('district.step')}: {t(`step.${c.step}`, { defaultValue: c.step })}
          </span>
        )}
        <span className="muted small">{tableDateTime(c.createdAt)}</span>
        <span className={`badge badge--conflict-${c.status}`}>{t(`district.conflictStatus.${c.status}`)}</span>
      </div>
      <table className="table table--compact conflict-fields">
        <thead>
          <tr>
            <th>{t('district.field')}</th>
            <th>{t('district.serverValue', { version: c.serverVersion })}</th>
            <th>{t('district.deviceValue', { version: c.baseVersion })}</th>
          </tr>
        </thead>
        <tbody>
          {c.fields.map((f) => (
            <tr
              key={f.field}
              data-testid="conflict-field"
              data-field={f.field}
              className={JSON.stringify(f.server) === JSON.stringify(f.device) ? 'same' : 'differs'}
            >
              <td>{t(`district.fieldName.${f.field}`, { defaultValue: f.field })}</td>
              <td className="conflict-value" data-testid="conflict-server">
                <FieldValue field={f.field} value={f.server} />
              </td>
              <td className="conflict-value conflict-value--device" data-testid="conflict-device">
                <FieldValue field={f.field} value={f.device} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="small muted">{t('district.conflictDevice', { device, seq: c.deviceSeq })}</div>
      <SyncErrorBox problem={problem} testid="conflict-error" />
      {open && !journal && differing.length === 0 ? (
        <div className="actions actions--left">
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void resolve('server')}
            data-testid="conflict-close-same"
          >
            {t('district.closeSame')}
          </button>
          <span className="small muted">{t('district.effect.same')}</span>
        </div>
      ) : open ? (
        <div className="actions actions--left">
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => void resolve('server')}
            title={t('district.effect.server', { fields, device })}
            data-testid="conflict-keep-server"
          >
            {t('district.keepServer')}
          </button>
          {journal ? (
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy}
              onClick={() => void resolve('renumber')}
              data-testid="conflict-renumber"
            >
              {t('district.renumber')}
            </button>
          ) : (
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy || !deviceAllowed}
              onClick={() => void resolve('device')}
              data-testid="conflict-take-device"
              title={deviceAllowed ? t('district.effect.device', { fields, device }) : t('district.placesOnlyServer')}
            >
              {t('district.takeDevice')}
            </button>
          )}
        </div>
      ) : c.resolution != null ? (
        <div className="small muted">
          {t('district.resolvedBy', { when: c.resolvedAt ? tableDateTime(c.resolvedAt) : '' })}
          {c.resolvedByName ? ` — ${c.resolvedByName}` : ''}
        </div>
      ) : null}
    </div>
  );
}
