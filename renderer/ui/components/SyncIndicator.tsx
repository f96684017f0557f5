/**
 * The sync state in the header, on every screen: connection, progress of a
 * long push, when the district last heard from this computer, what waits to
 * be sent, and a button to sync now. Hidden on a standalone computer.
 */
import { useTranslation } from 'react-i18next';
import { CLOCK_WARN_MS } from '../../../shared';
import { errorText } from '../errors';
import { hrefFor } from '../router';
import { sync } from '../syncClient';
import { agoText } from '../sync/text';
import { useNow, useSyncState } from '../sync/useSync';
import { useOnline } from '../hooks';

function clockText(t: (k: string, o?: Record<string, unknown>) => string, offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const amount =
    minutes < 120
      ? t('sync.clockMinutes', { count: minutes })
      : t('sync.clockHours', { count: Math.round(minutes / 60) });
  return t('sync.clockOff', { amount });
}

/**
 * What waits to be sent, as a clerk counts it: applications (else other
 * records), not the changes behind them (those the Sync page lists).
 */
function waitingText(
  t: (k: string, o?: Record<string, unknown>) => string,
  s: { pending: number; pendingRecords?: { applications: number; other: number } },
): string {
  const r = s.pendingRecords;
  if (r?.applications) return t('sync.pendingApplications', { count: r.applications });
  if (r?.other) return t('sync.pendingRecords', { count: r.other });
  return t('sync.pendingCount', { count: s.pending });
}

/** Below this many ops a push takes seconds and a bar would only flicker. */
export const PROGRESS_BAR_MIN_OPS = 20;

export function SyncIndicator({ linked }: { linked: boolean }) {
  const { t } = useTranslation();
  const s = useSyncState();
  const now = useNow();
  const online = useOnline();
  if (s.status === 'notEnrolled') return null;

  // A clock far off is worth a glance: the records are stamped with the server's time meanwhile.
  const clockOffsetMs = s.clockOffsetMs ?? 0;
  const clockWarn = Math.abs(clockOffsetMs) >= CLOCK_WARN_MS ? clockText(t, clockOffsetMs) : '';
  const errorMsg = s.error ? errorText(t, s.error.code, { status: s.error.status }) : '';
  let label: string;
  // "Synced" only when the district has everything (renderer/sync/status.ts): otherwise what waits, by name.
  if (s.status === 'syncing') label = t('sync.syncing');
  else if (s.status === 'offline') label = t('sync.offline');
  else if (s.status === 'error') label = t('sync.failedShort');
  else if (s.status === 'quarantined') label = t('sync.quarantinedCount', { count: s.quarantined });
  else if (s.status === 'waiting') label = waitingText(t, s);
  else label = t('sync.synced', { ago: agoText(t, s.lastSyncAt, now) });
  const title = [
    label,
    s.status === 'idle' || !s.lastSyncAt ? '' : t('sync.lastSync', { ago: agoText(t, s.lastSyncAt, now) }),
    errorMsg,
    s.pending && s.status !== 'waiting' ? t('sync.pendingCount', { count: s.pending }) : '',
    s.catchUp ? t('sync.catchUp') : '',
    clockWarn,
  ]
    .filter(Boolean)
    .join('\n');
  const showBar = s.status === 'syncing' && !!s.progress && s.progress.total > PROGRESS_BAR_MIN_OPS;
  const body = (
    <>
      <span className="dot" aria-hidden="true" />
      <span className="sync-label" data-testid={s.status === 'idle' ? 'sync-last' : undefined}>
        {label}
      </span>
      {s.status === 'error' && s.error && (
        <span className="sync-error-text" data-testid="sync-error" data-code={s.error.code}>
          {errorMsg}
        </span>
      )}
    </>
  );
  return (
    <div
      className={`sync sync--${s.status}`}
      data-testid="sync-indicator"
      data-status={s.status}
      title={title}
      role="status"
    >
      {linked ? (
        <a className="sync-main" href={hrefFor({ name: 'sync' })}>
          {body}
        </a>
      ) : (
        <span className="sync-main">{body}</span>
      )}
      {showBar && s.progress && (
        <progress
          className="sync-progress"
          data-testid="sync-progress"
          value={s.progress.done}
          max={s.progress.total}
          aria-label={t('sync.progress', { done: s.progress.done, total: s.progress.total })}
        />
      )}
      {s.pending > 0 && (
        <span className="sync-badge" data-testid="sync-pending" data-changes={s.pending} aria-label={waitingText(t, s)}>
          {s.pendingRecords ? s.pendingRecords.applications || s.pendingRecords.other || s.pending : s.pending}
        </span>
      )}
      {clockWarn && (
        <span className="sync-badge sync-badge--err" data-testid="sync-clock" title={clockWarn} aria-label={clockWarn}>
          🕒
        </span>
      )}
      {s.quarantined > 0 && (
        <span
          className="sync-badge sync-badge--err"
          data-testid="sync-quarantined"
          aria-label={t('sync.quarantinedCount', { count: s.quarantined })}
        >
          !{s.quarantined}
        </span>
      )}
      <button
        type="button"
        className="sync-now"
        onClick={() => void sync.syncNow()}
        // Offline a press could only fail after its retries: the button says why it waits instead.
        disabled={s.status === 'syncing' || !online}
        data-testid="sync-now"
        title={online ? t('sync.now') : t('sync.nowOffline')}
        aria-label={online ? t('sync.now') : t('sync.nowOffline')}
      >
        ↻
      </button>
    </div>
  );
}
