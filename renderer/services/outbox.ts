/**
 * Ops appended in the caller's Dexie transaction, so the record and its op are
 * written together or not at all. deviceSeq comes from a counter row in the
 * same transaction: gap-free, unlike IndexedDB's auto-increment after aborts.
 */
import { encodeHlc, decodeHlc, newId, tickHlc, UNREADABLE_OP_MARK, type Op } from '../../shared';
import type { OutboxRow } from '../db/schema';
import type { DeskContext } from './context';
import { opFromRow, opToRow } from './indexes';
import { VaultLockedError } from './vault';

export async function deviceId(ctx: DeskContext): Promise<string> {
  const row = await ctx.db.meta.get('deviceId');
  if (row) return row.value as string;
  const id = newId();
  await ctx.db.meta.put({ key: 'deviceId', value: id });
  return id;
}

/** Must run inside a 'rw' transaction over meta, counters and outbox, with the vault unlocked. */
export async function appendOp(ctx: DeskContext, op: Omit<Op, 'opId' | 'deviceId' | 'deviceSeq' | 'hlc'>): Promise<Op> {
  const dev = await deviceId(ctx);
  const seqRow = await ctx.db.counters.get('deviceSeq');
  const deviceSeq = seqRow?.next ?? 1;
  await ctx.db.counters.put({ key: 'deviceSeq', next: deviceSeq + 1 });
  const lastRow = await ctx.db.meta.get('hlc');
  const last = lastRow ? decodeHlc(lastRow.value as string) : null;
  const hlc = encodeHlc(tickHlc(last, Date.parse(ctx.now()), dev.slice(-8)));
  await ctx.db.meta.put({ key: 'hlc', value: hlc });
  const full: Op = { ...op, opId: newId(), deviceId: dev, deviceSeq, hlc };
  // The fields carry names and IINs: they are sealed like the records themselves.
  await ctx.db.outbox.add(await opToRow(ctx.vault, full, ctx.now()));
  return full;
}

/** The highest deviceSeq this desk has given an op (0 before its first). */
export async function lastDeviceSeq(ctx: DeskContext): Promise<number> {
  return ((await ctx.db.counters.get('deviceSeq'))?.next ?? 1) - 1;
}

/**
 * Where this desk's op sequence goes on once it is enrolled (again): `acked`
 * is the highest deviceSeq the district has processed for this device, and
 * `restoredSeq` the desk's last deviceSeq when its database came back from a
 * backup. Must run inside a 'rw' transaction over outbox and counters, the
 * one that stores the enrolment, so that no op is made in between.
 *
 * Ops up to `acked` that the desk already had (or the backup held) are on the
 * server: they leave the outbox. A restored laptop whose old self went on
 * syncing after the backup is behind (acked > restoredSeq): the ops it made
 * since the restore carry numbers the district already holds for other ops.
 * They take the next numbers after `acked`, in their order (their sealed
 * fields are bound to the opId, not to the number), and the counter moves
 * past them, so nothing is lost and no number is sent twice.
 */
export async function resumeSequence(
  ctx: DeskContext,
  acked: number,
  restoredSeq?: number,
): Promise<{ behind: boolean; renumbered: number }> {
  const { db } = ctx;
  const known = restoredSeq ?? (await lastDeviceSeq(ctx));
  if (acked <= known) {
    await db.outbox.where('deviceSeq').belowOrEqual(acked).delete();
    return { behind: false, renumbered: 0 };
  }
  const since = await db.outbox.where('deviceSeq').above(known).sortBy('deviceSeq');
  await db.outbox.clear();
  await db.outbox.bulkAdd(since.map((row, i) => ({ ...row, deviceSeq: acked + 1 + i })));
  await db.counters.put({ key: 'deviceSeq', next: acked + 1 + since.length });
  return { behind: true, renumbered: since.length };
}

/** Why an op was set aside on this desk, not by the server: its sealed fields no longer open. */
export const UNDECRYPTABLE = 'local.undecryptable';

/**
 * Outbox rows as ops to send. A row whose sealed fields no longer open (a
 * damaged disk, a key that is gone) must not hold up the rest of the push:
 * it is set aside in the quarantine, where the office sees it, and goes as
 * its clear header alone, marked, which the server quarantines in its place
 * (`op.unreadable`): the sequence stays gap-free and the district sees it too.
 */
export async function opsToSend(ctx: DeskContext, rows: OutboxRow[]): Promise<Op[]> {
  return Promise.all(
    rows.map(async (row) => {
      const op = await openRow(ctx, row);
      if (op) return op;
      if (!(await ctx.db.quarantine.get(row.deviceSeq)))
        await ctx.db.quarantine.put({ ...row, reason: UNDECRYPTABLE, at: ctx.now() });
      // The op's place only: no personal data (none is in the clear header either).
      console.warn(`outbox op ${row.deviceSeq} cannot be decrypted: set aside`);
      const { sealed: _s, createdAt: _c, ...head } = row;
      return { ...head, fields: {}, [UNREADABLE_OP_MARK]: true } as Op;
    }),
  );
}

/** Outbox rows as ops to lay over pulled records; those that no longer open are left out (opsToSend sets them aside). */
export async function readableOps(ctx: DeskContext, rows: OutboxRow[]): Promise<Op[]> {
  return (await Promise.all(rows.map((row) => openRow(ctx, row)))).filter((op): op is Op => op !== null);
}

/** The op, or null when its sealed fields do not open. A locked vault is no damage: that error goes on up. */
async function openRow(ctx: DeskContext, row: OutboxRow): Promise<Op | null> {
  try {
    return await opFromRow(ctx.vault, row);
  } catch (e) {
    if (e instanceof VaultLockedError || !ctx.vault.unlocked) throw e;
    return null;
  }
}

/**
 * Fields of `next` that differ from `prev` (shallow, by JSON value): what a
 * patch op carries. A removed field is sent as null: JSON would drop undefined
 * and the server would never learn of the removal.
 */
export function changedFields<T extends object>(prev: T, next: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const keys = new Set([...Object.keys(prev), ...Object.keys(next)]) as Set<keyof T & string>;
  for (const k of keys) {
    if (JSON.stringify(prev[k]) !== JSON.stringify(next[k])) out[k] = next[k] === undefined ? null : next[k];
  }
  return out;
}

/**
 * Meta key, true once a pull has run to its end since this laptop enrolled:
 * from then on it holds every record of its own the server has, and pulls
 * may leave those out. Enrolment and a restored backup clear it.
 */
export const OWN_RECORDS_HELD = 'ownRecordsHeld';

/** The server version last seen of a record that keeps no version of its own (office, kindergarten, refusal). */
export async function seenVersion(ctx: DeskContext, entity: string, id: string): Promise<number> {
  return ((await ctx.db.meta.get(`sv:${entity}:${id}`))?.value as number | undefined) ?? 0;
}
