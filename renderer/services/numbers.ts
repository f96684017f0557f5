/**
 * Official numbers issued offline: one counter per (office, journal, year),
 * advanced inside the registering transaction so a number is never reused.
 * (Sync will lease blocks from the district; the counter then draws from them.)
 */
import type { DeskContext } from './context';

export async function nextNumber(ctx: DeskContext, officeId: string, journal: string, year: number): Promise<number> {
  const key = `${journal}|${officeId}|${year}`;
  const row = await ctx.db.counters.get(key);
  const n = row?.next ?? 1;
  await ctx.db.counters.put({ key, next: n + 1 });
  return n;
}

export const formatJournalNo = (officeCode: string, year: number, seq: number) => `${officeCode}-${year}-${String(seq).padStart(4, '0')}`;
