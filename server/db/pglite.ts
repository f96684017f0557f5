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
  const base = wrap(pg);
  return {
    kind: 'pglite',
    query: base.query,
    // PGlite has one connection: its transaction() holds it exclusively, so other
    // callers queue behind it, which serialises writers as a real lock would.
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    exec: base.exec,
    close: () => pg.close(),
  };
}
