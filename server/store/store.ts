/**
 * Reads and writes of synced records, many at a time. Every write carries a
 * fresh change_seq (the pull cursor); see takeChangeSeqs for the one rule that
 * keeps the cursor safe and the writers free of deadlocks.
 */
import type { Queryable } from '../db';
import type { EntityDef } from './entities';
import { fromStored } from './entities';
import { packFieldVersions, unpackFieldVersions } from './fieldVersions';
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
 * as briefly as they can (see stampChanges): holding the counter, a
 * transaction never waits for another writer, so none can deadlock over it.
 */
export async function takeChangeSeqs(tx: Queryable, n: number): Promise<number> {
  const { rows } = await tx.query<{ seq: number }>(
    'UPDATE change_counter SET seq = seq + $1 WHERE id = 1 RETURNING seq',
    [n],
  );
  return rows[0].seq - n + 1;
}

/**
 * Gives rows already written in this transaction their change numbers, in
 * the order listed, in ONE statement: the counter is held from here to COMMIT,
 * two round trips, whatever else the server is busy with.
 */
export async function stampChanges(tx: Queryable, rows: Array<{ table: string; id: string }>): Promise<void> {
  if (!rows.length) return;
  const byTable = new Map<string, { ids: string[]; ords: number[] }>();
  rows.forEach((r, i) => {
    let t = byTable.get(r.table);
    if (!t) byTable.set(r.table, (t = { ids: [], ords: [] }));
    t.ids.push(r.id);
    t.ords.push(i + 1);
  });
  const params: unknown[] = [rows.length];
  const parts = [...byTable].map(([table, t], k) => {
    params.push(t.ids, t.ords);
    const n = params.length;
    return `s${k} AS (UPDATE ${table} AS t SET change_seq = c.base + v.ord FROM c, unnest($${n - 1}::text[], $${n}::int[]) AS v(id, ord) WHERE t.id = v.id)`;
  });
  await tx.query(
    `WITH c AS (UPDATE change_counter SET seq = seq + $1 WHERE id = 1 RETURNING seq - $1 AS base), ${parts.join(', ')} SELECT base FROM c`,
    params,
  );
}

export const nextChangeSeq = (tx: Queryable) => takeChangeSeqs(tx, 1);

export async function currentChangeSeq(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ seq: number }>('SELECT seq FROM change_counter WHERE id = 1');
  return rows[0].seq;
}

const selectList = (def: EntityDef) =>
  `id, data, version, field_versions, open_conflicts, echo_device, ${def.name === 'kindergarten' ? 'NULL::text AS office_id' : 'office_id'}${def.name === 'staff' ? ', password' : ''}`;

/**
 * A row as selectList reads it (field_versions and echo_device are NULL on rows
 * older than their migrations; field_versions is packed, or expanded on rows
 * written before packing: see fieldVersions.ts).
 */
type StoredRow = {
  id: string;
  data: Record<string, unknown>;
  version: number;
  field_versions: unknown;
  open_conflicts: number;
  office_id: string | null;
  echo_device: string | null;
  password?: unknown;
};

const toStored = (def: EntityDef, r: StoredRow): StoredRecord => ({
  id: r.id,
  rec: fromStored(def, r),
  version: r.version,
  fieldVersions: unpackFieldVersions(r.field_versions),
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
  /** Absent: stamped later by stampChanges (INSERT writes 0 till then; UPDATE leaves it). */
  changeSeq?: number;
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
    field_versions: packFieldVersions(w.fieldVersions),
    open_conflicts: w.openConflicts,
    echo_device: w.echo ?? null,
    ...def.columns(full),
  };
  if (w.changeSeq !== undefined || !w.exists) row.change_seq = w.changeSeq ?? 0;
  // Columns given as JSON text (the staff password hash) travel as JSON inside the JSON.
  for (const [k, v] of Object.entries(row))
    if (typeof v === 'string' && types.get(k) === 'jsonb') row[k] = JSON.parse(v);
  return row;
}

/**
 * Writes records of one entity: one INSERT for the new ones, one UPDATE for
 * the rest. The rows go as one JSON parameter the database unpacks (far
 * cheaper than thousands of bind parameters, on PGlite above all).
 */
export async function writeRecords(tx: Queryable, def: EntityDef, writes: RecordWrite[]): Promise<void> {
  if (!writes.length) return;
  const types = await typesOf(tx, def.table);
  const rows = writes.map((w) => rowOf(def, w, types));
  const specOf = (cols: string[]) => cols.map((c) => `${c} ${types.get(c) ?? 'text'}`).join(', ');
  const inserts = rows.filter((_, i) => !writes[i].exists);
  const updates = rows.filter((_, i) => writes[i].exists);
  if (inserts.length) {
    const cols = Object.keys(inserts[0]);
    await tx.query(
      `INSERT INTO ${def.table} (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS v(${specOf(cols)})`,
      [JSON.stringify(inserts)],
    );
  }
  if (updates.length) {
    const cols = Object.keys(updates[0]);
    const spec = specOf(cols);
    // Staff edited without a new password keep the stored hash.
    const set = cols
      .filter((c) => c !== 'id')
      .map((c) => (def.name === 'staff' && c === 'password' ? `${c} = COALESCE(v.${c}, t.${c})` : `${c} = v.${c}`));
    await tx.query(
      `UPDATE ${def.table} AS t SET ${set.join(', ')}, updated_at = now() FROM jsonb_to_recordset($1::jsonb) AS v(${spec}) WHERE t.id = v.id`,
      [JSON.stringify(updates)],
    );
  }
}

/** Inserts records outside a sync batch (the demo seed: an empty database, nothing concurrent). */
export async function insertRecord(
  tx: Queryable,
  def: EntityDef,
  rec: Record<string, unknown>,
  version: number,
  fv: FieldVersions,
): Promise<void> {
  await writeRecords(tx, def, [
    { rec, version, fieldVersions: fv, openConflicts: 0, changeSeq: await nextChangeSeq(tx), exists: false },
  ]);
}
