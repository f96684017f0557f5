import { availableParallelism } from 'node:os';
import pg from 'pg';
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

const custom: Record<number, (v: string) => unknown> = {
  [INT8_OID]: parseInt8,
  [NUMERIC_OID]: parseInt8,
  [TIMESTAMPTZ_OID]: parseTimestamptz,
  [TIMESTAMP_OID]: parseTimestamp,
};

const getTypeParser: typeof pg.types.getTypeParser = (oid, format) =>
  custom[oid] ?? pg.types.getTypeParser(oid, format);

/**
 * Connections: twice the cores by default (at least 4). Under 200 laptops pushing at once a pool
 * of 10 on 2 cores carried 3,134 ops/s, a pool of 4 carried 4,652: more sessions than cores
 * only queue behind the one holding the change counter, which then waits for a core itself
 * (docs/benchmarks.md). DB_POOL_MAX sets it where PostgreSQL runs on another machine.
 */
const defaultPoolSize = () => Math.max(4, 2 * availableParallelism());

export async function openPostgres(url: string, opts: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? defaultPoolSize(),
    types: { getTypeParser },
  });
  // A dropped connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const probe = await pool.connect();
  probe.release();
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      const r = await c.query<T>(sql, params);
      return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const base = wrap(pool);
  return {
    kind: 'postgres',
    query: base.query,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(wrap(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    exec: base.exec,
    close: () => pool.end(),
  };
}
