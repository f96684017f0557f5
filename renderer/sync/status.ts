/**
 * What the sync indicator may say, from the facts. "Synced" (idle) is a
 * promise that the district has everything this laptop did: so it is never
 * said after a failed run (until a run succeeds), nor while anything waits in
 * the outbox (not yet sent, or sent and not yet acknowledged: backlogged on
 * the server), nor while an op the district refused waits for a person.
 */
export const SYNC_STATUSES = ['notEnrolled', 'offline', 'idle', 'syncing', 'error', 'waiting', 'quarantined'] as const;
export type SyncStatus = (typeof SYNC_STATUSES)[number];

/** How the last run ended: 'offline' a lost link, 'error' a failure for a person to act on. */
export type RunOutcome = 'ok' | 'offline' | 'error';

export type StatusFacts = {
  enrolled: boolean;
  syncing: boolean;
  /** The system's own word (navigator.onLine). */
  online: boolean;
  /** The last run's end; undefined before the first run since start. */
  outcome?: RunOutcome;
  /** Ops in the outbox: made here and not yet acknowledged by the server. */
  pending: number;
  /** Ops refused (by the server, or set aside here) that a person should look at. */
  quarantined: number;
};

export function syncStatus(f: StatusFacts): SyncStatus {
  if (!f.enrolled) return 'notEnrolled';
  if (f.syncing) return 'syncing';
  if (!f.online || f.outcome === 'offline') return 'offline';
  if (f.outcome === 'error') return 'error';
  if (f.quarantined > 0) return 'quarantined';
  if (f.pending > 0) return 'waiting';
  return 'idle';
}
