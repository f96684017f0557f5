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

/** Fields of `next` that differ from `prev` (shallow, by JSON value): what a patch op carries. */
export function changedFields<T extends object>(prev: T, next: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(next) as Array<keyof T>) {
    if (JSON.stringify(prev[k]) !== JSON.stringify(next[k])) out[k as string] = next[k];
  }
  return out;
}
