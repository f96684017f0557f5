/**
 * Reads and writes of synced records, many at a time. Every write carries a
 * fresh change_seq (the pull cursor); see takeChangeSeqs for the one rule that
 * keeps the cursor safe and the writers free of deadlocks.
 */
import type { Queryable } from '../db';
import type { EntityDef } from './entities';
import { fromStored } from './entities';
import type { FieldVersions } from '../../shared';

export type StoredRecord = {
  id: string;
  rec: Record<string, unknown>;
  version: number;
  fieldVersions: FieldVersions;
  openConflicts: number;
  officeId: string | null;
  /** The device known to hold exactly this state (migration 005); pulls leave the record out for it. */
  echo: string | null;
};

/**
 * Reserves n consecutive change numbers and returns the first. The counter's
 * row lock is held to commit, so numbers become visible in the order they were
 * taken and a pull never skips a row committed late with a smaller number.
 * Writers therefore take it LAST, after every row lock they need, and keep it
 * as briefly as they can (see writeChanges): holding the counter, a
 * transaction never waits for another writer, so none can deadlock over it.
 */
async function takeChangeSeqs(tx: Queryable, n: number): Promise<number> {
  const { rows } = await tx.query<{ seq: number }>(
    'UPDATE change_counter SET seq = seq + $1 WHERE id = 1 RETURNING seq',
    [n],
  );
  return rows[0].seq - n + 1;
}

export const nextChangeSeq = (tx: Queryable) => takeChangeSeqs(tx, 1);

export async function currentChangeSeq(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ seq: number }>('SELECT seq FROM change_counter WHERE id = 1');
  return rows[0].seq;
}

const selectList = (def: EntityDef) =>
  `id, data, version, field_versions, open_conflicts, echo_device, ${def.name === 'kindergarten' ? 'NULL::text AS office_id' : 'office_id'}${def.name === 'staff' ? ', password' : ''}`;

/** A row as selectList reads it (field_versions and echo_device are NULL on rows older than their migrations). */
type StoredRow = {
  id: string;
  data: Record<string, unknown>;
  version: number;
  field_versions: FieldVersions | null;
  open_conflicts: number;
  office_id: string | null;
  echo_device: string | null;
  password?: unknown;
};

const toStored = (def: EntityDef, r: StoredRow): StoredRecord => ({
  id: r.id,
  rec: fromStored(def, r),
  version: r.version,
  fieldVersions: r.field_versions ?? {},
  openConflicts: r.open_conflicts,
  officeId: r.office_id,
  echo: r.echo_device ?? null,
});

/** Loads and locks records (in id order, so concurrent writers lock in one order). */
export async function loadRecords(tx: Queryable, def: EntityDef, ids: string[]): Promise<Map<string, StoredRecord>> {
  const out = new Map<string, StoredRecord>();
  if (!ids.length) return out;
  const { rows } = await tx.query<StoredRow>(
    `SELECT ${selectList(def)} FROM ${def.table} WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
    [ids],
  );
  for (const r of rows) out.set(r.id, toStored(def, r));
  return out;
}

/** Column types per table, read once from the catalog: jsonb_to_recordset needs each column spelled out with its type. */
const columnTypes = new Map<string, Map<string, string>>();
async function typesOf(tx: Queryable, table: string): Promise<Map<string, string>> {
  let m = columnTypes.get(table);
  if (!m) {
    const { rows } = await tx.query<{ column_name: string; udt_name: string }>(
      `SELECT column_name, udt_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
      [table],
    );
    m = new Map(rows.map((r) => [r.column_name, r.udt_name]));
    columnTypes.set(table, m);
  }
  return m;
}

export type RecordWrite = {
  rec: Record<string, unknown>;
  version: number;
  fieldVersions: FieldVersions;
  openConflicts: number;
  /** The row exists already (UPDATE) or not (INSERT). */
  exists: boolean;
  /** See StoredRecord.echo; absent: nobody (NULL). */
  echo?: string | null;
};

/** The full row as stored: the record (with its version mirrored where it has one) and the indexed columns. */
function rowOf(def: EntityDef, w: RecordWrite, types: Map<string, string>): Record<string, unknown> {
  const full = def.versionField ? { ...w.rec, version: w.version } : w.rec;
  const row: Record<string, unknown> = {
    id: full.id,
    data: def.toData(full),
    version: w.version,
    field_versions: w.fieldVersions,
    open_conflicts: w.openConflicts,
    echo_device: w.echo ?? null,
    ...def.columns(full),
  };
  // Columns given as JSON text (the staff password hash) travel as JSON inside the JSON.
  for (const [k, v] of Object.entries(row))
    if (typeof v === 'string' && types.get(k) === 'jsonb') row[k] = JSON.parse(v);
  return row;
}

/**
 * Writes records, each once and with its change number, in ONE statement that
 * takes the numbers too (takeChangeSeqs' rule: the counter last, held to
 * COMMIT; the caller commits right after). Per table one INSERT for the new
 * rows and one UPDATE for the rest; the rows go as one JSON parameter each,
 * which the database unpacks (far cheaper than thousands of bind parameters,
 * on PGlite above all). The numbers follow the order of `changes`.
 *
 * The statement must not wait for another writer while it holds the counter:
 * every row it updates is locked already (loadRecords), and on PostgreSQL the
 * caller first locks the rows its inserts' foreign keys point to
 * (UnitOfWork.flush: lockForChanges). Rows with the same key inserted by
 * another transaction cannot be pending, as only the counter's holder writes records.
 */
export async function writeChanges(
  tx: Queryable,
  changes: Array<{ def: EntityDef; write: RecordWrite }>,
): Promise<void> {
  if (!changes.length) return;
  const byTable = new Map<
    EntityDef,
    { inserts: Array<Record<string, unknown>>; updates: Array<Record<string, unknown>> }
  >();
  for (const [i, { def, write }] of changes.entries()) {
    let t = byTable.get(def);
    if (!t) byTable.set(def, (t = { inserts: [], updates: [] }));
    const row = { ...rowOf(def, write, await typesOf(tx, def.table)), ord: i + 1 };
    (write.exists ? t.updates : t.inserts).push(row);
  }
  const params: unknown[] = [changes.length];
  const parts: string[] = [];
  for (const [def, { inserts, updates }] of byTable) {
    const types = await typesOf(tx, def.table);
    // Every row of a table has the same keys (rowOf), ord last.
    const colsOf = (rows: Array<Record<string, unknown>>) => Object.keys(rows[0]).filter((c) => c !== 'ord');
    const specOf = (cols: string[]) => [...cols.map((c) => `${c} ${types.get(c) ?? 'text'}`), 'ord int'].join(', ');
    if (inserts.length) {
      const cols = colsOf(inserts);
      params.push(JSON.stringify(inserts));
      parts.push(
        `w${parts.length} AS (INSERT INTO ${def.table} (${cols.join(', ')}, change_seq) SELECT ${cols.map((c) => `v.${c}`).join(', ')}, c.base + v.ord FROM c, jsonb_to_recordset($${params.length}::jsonb) AS v(${specOf(cols)}))`,
      );
    }
    if (updates.length) {
      const cols = colsOf(updates);
      // Staff edited without a new password keep the stored hash.
      const set = cols
        .filter((c) => c !== 'id')
        .map((c) => (def.name === 'staff' && c === 'password' ? `${c} = COALESCE(v.${c}, t.${c})` : `${c} = v.${c}`));
      params.push(JSON.stringify(updates));
      parts.push(
        `w${parts.length} AS (UPDATE ${def.table} AS t SET ${set.join(', ')}, change_seq = c.base + v.ord, updated_at = now() FROM c, jsonb_to_recordset($${params.length}::jsonb) AS v(${specOf(cols)}) WHERE t.id = v.id)`,
      );
    }
  }
  await tx.query(
    `WITH c AS (UPDATE change_counter SET seq = seq + $1 WHERE id = 1 RETURNING seq - $1 AS base), ${parts.join(', ')} SELECT base FROM c`,
    params,
  );
}

/** Inserts records outside a sync batch (the demo seed: an empty database, nothing concurrent). */
export async function insertRecord(
  tx: Queryable,
  def: EntityDef,
  rec: Record<string, unknown>,
  version: number,
  fv: FieldVersions,
): Promise<void> {
  await writeChanges(tx, [{ def, write: { rec, version, fieldVersions: fv, openConflicts: 0, exists: false } }]);
}
