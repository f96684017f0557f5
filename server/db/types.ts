/**
 * The one database interface the server codes against. Two adapters implement
 * it: PGlite (embedded Postgres in WebAssembly, a folder on disk, the default)
 * and node-postgres for a real PostgreSQL server. Both speak the same SQL.
 */
export type Row = Record<string, unknown>;
/**
 * The row of a query that does not name its columns (`query(sql)`, not `query<T>(sql)`):
 * the driver knows nothing of the SQL's shape, and tests and one-off reads index it freely.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type UnnamedRow = Record<string, any>;
export type QueryResult<T extends Row = UnnamedRow> = { rows: T[]; rowCount: number };

export interface Queryable {
  query<T extends Row = UnnamedRow>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * PGlite only (server/backup): the whole database as a gzipped tarball of its data folder,
   * taken while nothing else runs, with `inside` run in that same pause (the backup's manifest
   * counts what the tarball holds). PostgreSQL backs up with pg_dump instead.
   */
  snapshot?<T>(inside: (q: Queryable) => Promise<T>): Promise<{ data: Uint8Array; inside: T }>;
  close(): Promise<void>;
}

/**
 * Both drivers get the same value conversions: int8 as a JS number (cursors
 * and sequence numbers stay far below 2^53) and timestamps as ISO-8601 UTC
 * strings, which is how instants travel everywhere else in the app.
 */
export const INT8_OID = 20;
export const TIMESTAMPTZ_OID = 1184;
export const TIMESTAMP_OID = 1114;
export const NUMERIC_OID = 1700;

export const parseInt8 = (v: string) => Number(v);
export const parseTimestamptz = (v: string) =>
  new Date(v.includes('T') ? v : v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString();
export const parseTimestamp = (v: string) => new Date(`${v.replace(' ', 'T')}Z`).toISOString();
