/**
 * Official numbers issued offline. A standalone office counts on its own per
 * (office, journal, year). An enrolled device draws from blocks leased from the
 * district while online, so two laptops of one office never print the same
 * number; both advance inside the registering transaction and are never reused.
 */
import {
  NUMBERS_WARN_PERCENT,
  SYNC_LIMITS,
  checkLeaseFile,
  leaseSizeFor,
  numbersRunLow,
  type Lease,
} from '../../shared';
import { DeskError, type JournalNumbers } from './api';
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

/** Meta key: the district's share of a block below which a laptop warns (DistrictSettings, brought by a pull). */
export const NUMBERS_WARN_KEY = 'numbersWarnPercent';

/**
 * Numbers left on this laptop in each journal it holds blocks of for `year`,
 * and whether each runs low by the district's threshold (a share of the
 * journal's block, as the catalog sizes it); empty on a standalone office,
 * whose counts never run out.
 */
export async function journalNumbers(ctx: DeskContext, year: number): Promise<JournalNumbers[]> {
  if (!(await isEnrolled(ctx))) return [];
  const percent = ((await ctx.db.meta.get(NUMBERS_WARN_KEY))?.value as number | undefined) ?? NUMBERS_WARN_PERCENT;
  const left = new Map<string, number>();
  for (const b of await ctx.db.leases.toArray())
    if (b.year === year) left.set(b.journal, (left.get(b.journal) ?? 0) + Math.max(0, b.to - b.next + 1));
  const entries = ctx.catalog.all();
  return [...left]
    .map(([journal, n]) => ({ journal, year, left: n, low: numbersRunLow(n, leaseSizeFor(journal, entries), percent) }))
    .sort((a, b) => a.journal.localeCompare(b.journal));
}

/** Meta key: the ids of the lease files this laptop has taken, so a file is never taken twice. */
const LEASE_FILES_TAKEN = 'leaseFilesTaken';

/**
 * Takes a lease file the district issued for this laptop (shared/numbering/
 * leaseFile.ts) into its blocks: refused when it is not one, is meant for
 * another laptop, was changed on the way, or was taken before (by its id, or
 * because one of its blocks is held already). The server recorded the blocks
 * as this laptop's when it issued the file, so the next sync lists them and
 * keepListedLeases keeps them.
 */
export async function takeLeaseFile(ctx: DeskContext, text: string): Promise<{ blocks: number; numbers: number }> {
  const enr = (await ctx.db.meta.get('enrolment'))?.value as
    { deviceId: string; officeId: string; batchKey: string } | undefined;
  if (!enr) throw new DeskError('leaseFile.notEnrolled');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new DeskError('leaseFile.invalid');
  }
  const checked = await checkLeaseFile(raw, { deviceId: enr.deviceId, officeId: enr.officeId, keyB64: enr.batchKey });
  if (!checked.ok) throw new DeskError(checked.code);
  const { file } = checked;
  const { db } = ctx;
  return db.transaction('rw', [db.leases, db.meta], async () => {
    const taken = ((await db.meta.get(LEASE_FILES_TAKEN))?.value as string[] | undefined) ?? [];
    const held = await db.leases.bulkGet(file.leases.map((l) => l.id));
    if (taken.includes(file.id) || held.some(Boolean)) throw new DeskError('leaseFile.used');
    await db.leases.bulkPut(
      file.leases.map((l) => ({
        id: l.id,
        key: leaseKey(l.journal, l.year),
        journal: l.journal,
        year: l.year,
        from: l.from,
        to: l.to,
        next: l.from,
      })),
    );
    await db.meta.put({ key: LEASE_FILES_TAKEN, value: [...taken, file.id] });
    return { blocks: file.leases.length, numbers: file.leases.reduce((n, l) => n + l.to - l.from + 1, 0) };
  });
}

export { formatJournalNo } from '../../shared';
