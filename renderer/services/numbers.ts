/**
 * Official numbers issued offline. A standalone office counts on its own per
 * (office, journal, year). An enrolled device draws from blocks leased from the
 * district while online, so two laptops of one office never print the same
 * number; both advance inside the registering transaction and are never reused.
 */
import { SYNC_LIMITS } from '../../shared';
import { DeskError } from './api';
import type { DeskContext } from './context';

export const leaseKey = (journal: string, year: number) => `${journal}|${year}`;

export async function isEnrolled(ctx: DeskContext): Promise<boolean> {
  return !!(await ctx.db.meta.get('enrolment'));
}

/** Must run inside a 'rw' transaction over counters, leases and meta. */
export async function nextNumber(ctx: DeskContext, officeId: string, journal: string, year: number): Promise<number> {
  if (await isEnrolled(ctx)) {
    const blocks = await ctx.db.leases.where('key').equals(leaseKey(journal, year)).sortBy('id');
    const block = blocks.find((b) => b.next <= b.to);
    if (!block) throw new DeskError('numbers.exhausted', [], { journal, year });
    await ctx.db.leases.update(block.id, { next: block.next + 1 });
    return block.next;
  }
  const key = `${journal}|${officeId}|${year}`;
  const row = await ctx.db.counters.get(key);
  const n = row?.next ?? 1;
  await ctx.db.counters.put({ key, next: n + 1 });
  return n;
}

/** Numbers left in the device's leases for a journal; null for a standalone office (unlimited). */
export async function numbersLeft(ctx: DeskContext, journal: string, year: number): Promise<number | null> {
  if (!(await isEnrolled(ctx))) return null;
  const blocks = await ctx.db.leases.where('key').equals(leaseKey(journal, year)).toArray();
  return blocks.reduce((n, b) => n + Math.max(0, b.to - b.next + 1), 0);
}

export const LOW_WATER = SYNC_LIMITS.leaseLowWater;

export { formatJournalNo } from '../../shared';
