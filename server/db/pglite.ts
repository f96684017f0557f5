import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import {
  INT8_OID,
  NUMERIC_OID,
  TIMESTAMPTZ_OID,
  TIMESTAMP_OID,
  parseInt8,
  parseTimestamp,
  parseTimestamptz,
  type Db,
  type Queryable,
  type Row,
} from './types';

/** How long a statement outside a transaction waits for a snapshot in progress (server/backup). */
const SNAPSHOT_GATE_MS = 5_000;

/** dataDir: a folder (created when missing), or 'memory:' / 'memory://' for a throwaway database. */
export async function openPglite(dataDir: string): Promise<Db> {
  const inMemory = dataDir.startsWith('memory:');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create({
    dataDir: inMemory ? 'memory://' : dataDir,
    parsers: {
      [INT8_OID]: parseInt8,
      [NUMERIC_OID]: parseInt8,
      [TIMESTAMPTZ_OID]: parseTimestamptz,
      [TIMESTAMP_OID]: parseTimestamp,
    },
  });
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable => ({
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      const r = await q.query<T>(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const direct = wrap(pg);
  // Statements outside a transaction wait while a snapshot is taken, and the snapshot waits for
  // those already running: PGlite's transaction lock alone does not hold them back, and one
  // landing between the snapshot's counts and its tarball would make the manifest disagree.
  let paused: Promise<void> | null = null;
  let running = 0;
  let idle: (() => void) | null = null;
  const gated =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      // Bounded: a statement sent through the outer handle from inside a transaction would
      // otherwise wait for a snapshot that waits for that transaction. Past the bound it runs,
      // and at worst the manifest's counts disagree (the restore check says so), never a hang.
      if (paused) await Promise.race([paused, new Promise((r) => setTimeout(r, SNAPSHOT_GATE_MS).unref())]);
      running++;
      try {
        return await f(...a);
      } finally {
        if (--running === 0) idle?.();
      }
    };
  const base: Queryable = { query: gated(direct.query) as Queryable['query'], exec: gated(direct.exec) };
  let snapshots: Promise<unknown> = Promise.resolve();
  const snapshot = async <T>(inside: (q: Queryable) => Promise<T>) => {
    const turn = snapshots.then(async () => {
      let resume!: () => void;
      paused = new Promise((r) => (resume = r));
      try {
        if (running)
          await Promise.race([
            new Promise<void>((r) => (idle = r)),
            new Promise((r) => setTimeout(r, SNAPSHOT_GATE_MS).unref()),
          ]);
        idle = null;
        // In a transaction: PGlite runs no other transaction meanwhile; the tarball is taken
        // between its statements, so it holds every commit before it and nothing half-done after.
        return await pg.transaction(async (tx) => {
          const out = await inside(wrap(tx));
          // Committed pages written to the files: the restored copy then starts without replaying WAL.
          await tx.exec('CHECKPOINT');
          const file = await pg.dumpDataDir('gzip');
          return { data: new Uint8Array(await file.arrayBuffer()), inside: out };
        });
      } finally {
        paused = null;
        resume();
      }
    });
    snapshots = turn.catch(() => {});
    return turn;
  };
  return {
    kind: 'pglite',
    query: base.query,
    // PGlite has one connection: its transaction() holds it exclusively, so other
    // callers queue behind it, which serialises writers as a real lock would.
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    exec: base.exec,
    snapshot,
    close: () => pg.close(),
  };
}
