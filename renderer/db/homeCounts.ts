/**
 * The desk home's counters kept as rows, not walked (issue #17): at 100,000
 * applications one IndexedDB count over the waiting ones took most of a
 * second, because Chromium walks every index entry it counts.
 *
 * Every row of `applications` and `refusals` adds one to each key it falls
 * under (appCountKeys, refusalCountKeys); `homeCounts` holds the sums. A Dexie
 * middleware keeps them, so no write path can forget them: every put, add,
 * delete or clear of those two tables (a registration, a step, a pull, the
 * engine's version stamps, a restore's import, an upgrade, a rewrite of many
 * records at once) takes the rows it replaces, and writes the difference in
 * the SAME transaction (the transaction's scope is widened to `homeCounts`),
 * so the counts commit or roll back with the records they count.
 *
 * Counts that depend on today (overdue, due today, at risk, refusals this
 * month) cannot be one number: "overdue" grows by itself as the clock passes
 * due dates, with no write to hang the change on. So they are kept per day
 * instead: one bucket per due day (the first ten characters of openDueAt, a
 * UTC day as the desk writes instants) holding how many open applications
 * fall due that day. A bucket never has to change when the clock moves; the
 * question moves instead. "Overdue" = the buckets of days before today (UTC)
 * plus an exact index count over today's part up to now: the only part that
 * walks is one day of deadlines, however large the history. Due today and at
 * risk are a day or a few (a weekend, a holiday) of deadlines: counted exactly
 * on the index, as before. The bucket key is a prefix of the indexed string,
 * so "key before D" is exactly "string before D": the kept sums equal the
 * walked counts for any instant, offset or not (tests/unit/home-counters).
 *
 * Nothing here depends on officeId: a standalone office joining a district
 * may rewrite every record's officeId in one go and the counts stay right
 * (and rebuildHomeCounters is there for writes that bypass Dexie).
 */
import type {
  DBCore,
  DBCoreKeyRange,
  DBCoreMutateRequest,
  DBCoreMutateResponse,
  DBCoreTable,
  DBCoreTransaction,
  Middleware,
  Table,
} from 'dexie';
import { isOpenWork, refusalCounts } from '../../shared';
import type { AppRow, RefusalRow } from './schema';

export const HOME_COUNTS = 'homeCounts';
export type HomeCountRow = { key: string; n: number };

/** Key prefixes: one family per counted table, so a clear of one table recounts its own family only. */
export const COUNT_KEY = {
  waiting: 'a:waiting',
  year: (y: number) => `a:year:${y}`,
  /** Open applications by due day (the first ten characters of openDueAt). */
  dueDay: (day: string) => `a:due:${day}`,
  refusals: 'r:all',
  /** Refusals that count, by the day of `at` (its first ten characters). */
  refusalDay: (day: string) => `r:day:${day}`,
} as const;
export const DUE_DAY_PREFIX = 'a:due:';
export const REFUSAL_DAY_PREFIX = 'r:day:';

/** The keys one application row counts under; the same rule as the walked counts in search.ts walkedStats. */
function appCountKeys(r: Partial<AppRow>): string[] {
  const keys: string[] = [];
  if (typeof r.journalYear === 'number') keys.push(COUNT_KEY.year(r.journalYear));
  if (r.queueState === 'waiting') keys.push(COUNT_KEY.waiting);
  // isOpenWork again on the clear header: a row an older desk stored withdrawn may still carry its term.
  if (typeof r.openDueAt === 'string' && typeof r.status === 'string' && isOpenWork(r as AppRow))
    keys.push(COUNT_KEY.dueDay(r.openDueAt.slice(0, 10)));
  return keys;
}

/** A refusal the clerk withdrew within its minute stays in the log, not in the counts (#16 item 5). */
function refusalCountKeys(r: Partial<RefusalRow>): string[] {
  if (!refusalCounts(r)) return [];
  return typeof r.at === 'string'
    ? [COUNT_KEY.refusals, COUNT_KEY.refusalDay(r.at.slice(0, 10))]
    : [COUNT_KEY.refusals];
}

const COUNTED: Record<string, { keys: (row: never) => string[]; family: string }> = {
  applications: { keys: appCountKeys, family: 'a:' },
  refusals: { keys: refusalCountKeys, family: 'r:' },
};

type Tally = Map<string, number>;
const add = (t: Tally, keys: string[], by: number) => {
  for (const k of keys) t.set(k, (t.get(k) ?? 0) + by);
};

/** The counts from every row (a full walk): what the kept rows must equal. */
export async function countAll(applications: Table, refusals: Table): Promise<Record<string, number>> {
  const t: Tally = new Map();
  await applications.each((r: AppRow) => add(t, appCountKeys(r), 1));
  await refusals.each((r: RefusalRow) => add(t, refusalCountKeys(r), 1));
  return Object.fromEntries([...t].filter(([, n]) => n !== 0));
}

// DBCoreRangeType is a const enum in Dexie's types; its values, as Dexie defines them.
const ANY_RANGE = { type: 3 } as unknown as DBCoreKeyRange;
const prefixRange = (p: string) =>
  ({ type: 2, lower: p, upper: `${p}\uffff`, lowerOpen: false, upperOpen: true }) as unknown as DBCoreKeyRange;

/**
 * Kept counts in every transaction that writes applications or refusals.
 * Mutations of one transaction are kept in order (a chain per transaction):
 * two puts in flight at once would otherwise both read the same old counts.
 */
export const homeCountsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'home-counts',
  create: (down) => {
    const hasStore = down.schema.tables.some((t) => t.name === HOME_COUNTS);
    const chains = new WeakMap<DBCoreTransaction, Promise<unknown>>();
    const counts = () => down.table(HOME_COUNTS);

    async function applyDelta(trans: DBCoreTransaction, delta: Tally) {
      const changed = [...delta].filter(([, n]) => n !== 0);
      const keys = changed.map(([k]) => k);
      if (!keys.length) return;
      const rows = (await counts().getMany({ trans, keys })) as Array<HomeCountRow | undefined>;
      const puts: HomeCountRow[] = [];
      const dels: string[] = [];
      changed.forEach(([key, by], i) => {
        const n = (rows[i]?.n ?? 0) + by;
        // A bucket at zero goes: the table holds only days that still count.
        if (n === 0) dels.push(key);
        else puts.push({ key, n });
      });
      if (puts.length) await counts().mutate({ type: 'put', trans, values: puts });
      if (dels.length) await counts().mutate({ type: 'delete', trans, keys: dels });
    }

    /** After a range delete (a clear, in a restore): this table's family counted again from what is left. */
    async function recount(
      trans: DBCoreTransaction,
      table: DBCoreTable,
      family: string,
      keysOf: (r: never) => string[],
    ) {
      await counts().mutate({ type: 'deleteRange', trans, range: prefixRange(family) });
      const left = await table.query({
        trans,
        values: true,
        query: { index: table.schema.primaryKey, range: ANY_RANGE },
      });
      const t: Tally = new Map();
      for (const r of left.result) add(t, keysOf(r as never), 1);
      await applyDelta(trans, t);
    }

    async function counted(
      table: DBCoreTable,
      spec: (typeof COUNTED)[string],
      req: DBCoreMutateRequest,
    ): Promise<DBCoreMutateResponse> {
      const { trans } = req;
      let before: unknown[] = [];
      if (req.type === 'put' || req.type === 'delete') {
        const keys =
          req.type === 'delete'
            ? req.keys
            : (req.keys ?? req.values.map((v) => table.schema.primaryKey.extractKey?.(v)));
        if (keys.length) before = await table.getMany({ trans, keys });
      }
      const res = await table.mutate(req);
      if (req.type === 'deleteRange') {
        await recount(trans, table, spec.family, spec.keys);
        return res;
      }
      const delta: Tally = new Map();
      const n = req.type === 'delete' ? req.keys.length : req.values.length;
      for (let i = 0; i < n; i++) {
        if (res.failures[i]) continue;
        if (before[i]) add(delta, spec.keys(before[i] as never), -1);
        if (req.type !== 'delete') add(delta, spec.keys(req.values[i] as never), 1);
      }
      await applyDelta(trans, delta);
      return res;
    }

    return {
      ...down,
      transaction: (stores, mode, options) =>
        down.transaction(
          hasStore && mode === 'readwrite' && stores.some((s) => s in COUNTED) && !stores.includes(HOME_COUNTS)
            ? [...stores, HOME_COUNTS]
            : stores,
          mode,
          options,
        ),
      table: (name) => {
        const table = down.table(name);
        const spec = COUNTED[name];
        if (!spec) return table;
        return {
          ...table,
          mutate: (req) => {
            // Not in scope: an upgrade step before the one that creates the table (which then counts everything).
            const scope = (req.trans as unknown as Partial<IDBTransaction>).objectStoreNames;
            if (!scope?.contains(HOME_COUNTS)) return table.mutate(req);
            const run = (chains.get(req.trans) ?? Promise.resolve()).then(() => counted(table, spec, req));
            chains.set(
              req.trans,
              run.catch(() => undefined),
            );
            return run;
          },
        };
      },
    };
  },
};
