/**
 * Official numbers issued offline. A standalone office counts on its own per
 * (office, journal, year). An enrolled device draws from blocks leased from the
 * district while online, so two laptops of one office never print the same
 * number; both advance inside the registering transaction and are never reused.
 */
import { SYNC_LIMITS, type Lease } from '../../shared';
import { DeskError } from './api';
import type { DeskContext } from './context';

export const leaseKey = (journal: string, year: number) => `${journal}|${year}`;

export async function isEnrolled(ctx: DeskContext): Promise<boolean> {
  return !!(await ctx.db.meta.get('enrolment'));
}

/**
 * Meta key, true from a restored laptop's enrolment until its first pull has
 * run to the end: until then it lacks the office's records made after the
 * backup (its own old self's included) and numbers nothing.
 */
export const CATCH_UP_PULL = 'catchUpPull';

/**
 * Why this desk may not give an official number now, or null. A laptop
 * restored from a backup ('reEnrol', see backup.ts) numbers nothing until it
 * has enrolled again (its blocks may have been drawn from since the backup,
 * and a standalone count would start over) and then pulled the office's
 * records. A laptop enrolled afresh with an empty database need not wait: its
 * blocks are new, cut past every number the office was ever leased, and it
 * has no work of its own to get back.
 */
export async function numberingBlocked(ctx: DeskContext): Promise<'numbers.enrolAgain' | 'numbers.catchUp' | null> {
  const [reEnrol, catchUp] = await ctx.db.meta.bulkGet(['reEnrol', CATCH_UP_PULL]);
  if (reEnrol) return 'numbers.enrolAgain';
  return catchUp?.value === true ? 'numbers.catchUp' : null;
}

/**
 * The leased blocks an enrolment keeps: only those the server still lists
 * for this device, and none after a restore (`dropAll`): the old laptop may
 * have drawn numbers from them after the backup, pushed or not, and the
 * backup's counts cannot know which. Fresh blocks are leased right after.
 * Must run inside a 'rw' transaction over leases.
 */
export async function keepListedLeases(
  ctx: DeskContext,
  listed: Lease[] | undefined,
  dropAll: boolean,
): Promise<number> {
  const rows = await ctx.db.leases.toArray();
  // An older server lists none: then only a restore drops them.
  const granted = (id: number, r: { journal: string; year: number; from: number; to: number }) =>
    !listed ||
    listed.some(
      (l) => l.id === id && l.journal === r.journal && l.year === r.year && l.from === r.from && l.to === r.to,
    );
  const drop = rows.filter((r) => dropAll || !granted(r.id, r)).map((r) => r.id);
  await ctx.db.leases.bulkDelete(drop);
  return drop.length;
}

/** Must run inside a 'rw' transaction over counters, leases and meta. */
export async function nextNumber(ctx: DeskContext, officeId: string, journal: string, year: number): Promise<number> {
  const blocked = await numberingBlocked(ctx);
  if (blocked) throw new DeskError(blocked, [], { journal, year });
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
