/**
 * Ops appended in the caller's Dexie transaction, so the record and its op are
 * written together or not at all. deviceSeq comes from a counter row in the
 * same transaction: gap-free, unlike IndexedDB's auto-increment after aborts.
 */
import { encodeHlc, decodeHlc, newId, tickHlc, type Op } from '../../shared';
import type { DeskContext } from './context';
import { opToRow } from './indexes';

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

export async function rememberVersion(ctx: DeskContext, entity: string, id: string, version: number): Promise<void> {
  if (version > (await seenVersion(ctx, entity, id))) await ctx.db.meta.put({ key: `sv:${entity}:${id}`, value: version });
}
