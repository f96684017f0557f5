/**
 * The access log of children's records. Entries are separate, append-only
 * ops (entity 'access'), so two laptops logging the same record never collide
 * the way edits of one list would. An "open" is logged once per person and
 * record per ten minutes, so paging back and forth does not flood the log.
 */
import { newId, type AccessEntry } from '../../shared';
import type { Session } from './api';
import type { DeskContext } from './context';
import { appendOp } from './outbox';

const OPEN_QUIET_MS = 10 * 60_000;

/** Must run inside a 'rw' transaction over access, counters, meta and outbox (or opens its own). */
export async function logAccess(
  ctx: DeskContext,
  session: Session,
  applicationId: string,
  action: AccessEntry['action'],
  detail?: string,
): Promise<AccessEntry | null> {
  const { db } = ctx;
  const write = async () => {
    const now = ctx.now();
    if (action === 'open') {
      const last = (await db.access.where('applicationId').equals(applicationId).toArray())
        .filter((e) => e.action === 'open' && e.by === session.staff.id)
        .sort((a, b) => (a.at < b.at ? 1 : -1))[0];
      if (last && Date.parse(now) - Date.parse(last.at) < OPEN_QUIET_MS) return null;
    }
    const entry: AccessEntry = {
      id: newId(),
      applicationId,
      officeId: session.office.id,
      at: now,
      by: session.staff.id,
      byName: session.staff.fullName,
      action,
      ...(detail ? { detail } : {}),
    };
    await db.access.add(entry);
    await appendOp(ctx, {
      entity: 'access',
      entityId: entry.id,
      kind: 'create',
      fields: entry,
      baseVersion: 0,
      staffId: session.staff.id,
    });
    return entry;
  };
  return db.transaction('rw', [db.access, db.counters, db.meta, db.outbox], write);
}

export async function accessLog(ctx: DeskContext, applicationId: string): Promise<AccessEntry[]> {
  return (await ctx.db.access.where('applicationId').equals(applicationId).toArray()).sort((a, b) =>
    a.at < b.at ? -1 : 1,
  );
}
