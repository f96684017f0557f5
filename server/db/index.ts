import type { Db } from './types';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export type { Db, Queryable, Row, QueryResult } from './types';

/** DATABASE_URL (postgres://...) selects PostgreSQL; otherwise PGlite in dataDir. */
export async function openDb(opts: { databaseUrl?: string; dataDir: string; poolMax?: number }): Promise<Db> {
  if (opts.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(opts.databaseUrl))
      throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
    return openPostgres(opts.databaseUrl, { max: opts.poolMax });
  }
  return openPglite(opts.dataDir);
}
