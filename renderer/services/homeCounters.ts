/**
 * The kept home counters (db/homeCounts.ts) checked against a full count, and
 * built again from one. A Dexie middleware keeps them with every write; these
 * are for what it cannot see or a doubt: after a restore, after a write that
 * went around Dexie, or on demand (DeskApi.checkHomeCounters).
 */
import type { DeskContext } from './context';
import { countAll } from '../db/homeCounts';

type Counts = Record<string, number>;

const same = (a: Counts, b: Counts) => {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
};

/** Replaces the kept counts with a full count, in one transaction with the records counted. */
export async function rebuildHomeCounters(ctx: DeskContext): Promise<void> {
  const { db } = ctx;
  await db.transaction('rw', [db.applications, db.refusals, db.homeCounts], async () => {
    await write(ctx, await countAll(db.applications, db.refusals));
  });
}

async function write(ctx: DeskContext, counts: Counts) {
  await ctx.db.homeCounts.clear();
  await ctx.db.homeCounts.bulkPut(Object.entries(counts).map(([key, n]) => ({ key, n })));
}

/**
 * Counts every record and compares with the kept counts; when they differ the
 * kept ones are rebuilt from the full count (and the difference logged, by key
 * only: no personal data in a count's key). `kept` is what was found.
 */
export async function checkHomeCounters(ctx: DeskContext): Promise<{ ok: boolean; expected: Counts; kept: Counts }> {
  const { db } = ctx;
  return db.transaction('rw', [db.applications, db.refusals, db.homeCounts], async () => {
    const expected = await countAll(db.applications, db.refusals);
    const kept = Object.fromEntries((await db.homeCounts.toArray()).map((r) => [r.key, r.n]));
    const ok = same(expected, kept);
    if (!ok) {
      const keys = [...new Set([...Object.keys(expected), ...Object.keys(kept)])].filter(
        (k) => expected[k] !== kept[k],
      );
      console.warn('home counters rebuilt; they differed at', keys.slice(0, 10).join(', '));
      await write(ctx, expected);
    }
    return { ok, expected, kept };
  });
}
