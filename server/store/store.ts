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
import { insertPairsSql, type PairFound } from './records';

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
 * Writers therefore take it LAST, after every lock they may wait on, and then
 * write each record once with its number (UnitOfWork.flush): holding the
 * counter, a transaction never waits for another writer, so none can deadlock
 * over it.
 */
export async function takeChangeSeqs(tx: Queryable, n: number): Promise<number> {
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

/**
 * Loads and locks records (in id order, so concurrent writers lock in one
 * order). FOR NO KEY UPDATE, the lock an UPDATE that leaves the id alone
 * takes: it still excludes every other writer of the record, but not a row
 * inserted elsewhere that points at it (a foreign key's KEY SHARE: a new
 * application at a locked office, a duplicate pair with a locked
 * application). Writers insert those while holding the change counter, so
 * waiting there for a writer that waits for the counter would deadlock.
 */
export async function loadRecords(tx: Queryable, def: EntityDef, ids: string[]): Promise<Map<string, StoredRecord>> {
  const out = new Map<string, StoredRecord>();
  if (!ids.length) return out;
  const { rows } = await tx.query<StoredRow>(
    `SELECT ${selectList(def)} FROM ${def.table} WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE`,
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
    field_versions: packFieldVersions(w.fieldVersions),
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
 * Writes records, each ONCE with its change number, and the duplicate pairs
 * they make (records.ts findPairs), in ONE statement that also takes the change
 * counter: per entity one INSERT for the new rows and one UPDATE for the rest,
 * each record numbered in the order given (counter + 1, + 2, ...), the rows
 * sent as one JSON parameter per part (far cheaper than thousands of bind
 * parameters, on PGlite above all). The counter is held from here to COMMIT,
 * so the caller takes every lock it may wait on before (takeChangeSeqs' rule)
 * and commits right after: two round trips with the counter held, as few as
 * numbering alone would take. Data-modifying parts of one statement all run,
 * and the pairs' foreign keys are checked at its end, with the new rows in.
 * queueMoved: some application's queueKey changed; the queue's state
 * (migration 018) takes this statement's last number.
 */
export async function writeNumbered(
  tx: Queryable,
  groups: Array<{ def: EntityDef; writes: RecordWrite[] }>,
  pairs: PairFound[] = [],
  queueMoved = false,
): Promise<void> {
  const total = groups.reduce((n, g) => n + g.writes.length, 0);
  if (!total) return;
  const params: unknown[] = [total];
  const parts: string[] = ['c AS (UPDATE change_counter SET seq = seq + $1 WHERE id = 1 RETURNING seq - $1 AS base)'];
  let ord = 0;
  for (const { def, writes } of groups) {
    const types = await typesOf(tx, def.table);
    const rows = writes.map((w) => ({ ...rowOf(def, w, types), ord: ++ord }));
    const spec = (cols: string[]) =>
      cols.map((c) => `${c} ${c === 'ord' ? 'int' : (types.get(c) ?? 'text')}`).join(', ');
    const inserts = rows.filter((_, i) => !writes[i].exists);
    const updates = rows.filter((_, i) => writes[i].exists);
    if (inserts.length) {
      const cols = Object.keys(inserts[0]).filter((c) => c !== 'ord');
      params.push(JSON.stringify(inserts));
      parts.push(
        `w${parts.length} AS (INSERT INTO ${def.table} (${cols.join(', ')}, change_seq)
           SELECT ${cols.map((c) => `v.${c}`).join(', ')}, c.base + v.ord FROM c, jsonb_to_recordset($${params.length}::jsonb) AS v(${spec([...cols, 'ord'])}))`,
      );
    }
    if (updates.length) {
      const cols = Object.keys(updates[0]).filter((c) => c !== 'ord');
      // Staff edited without a new password keep the stored hash.
      const set = cols
        .filter((c) => c !== 'id')
        .map((c) => (def.name === 'staff' && c === 'password' ? `${c} = COALESCE(v.${c}, t.${c})` : `${c} = v.${c}`));
      params.push(JSON.stringify(updates));
      parts.push(
        `w${parts.length} AS (UPDATE ${def.table} AS t SET ${set.join(', ')}, change_seq = c.base + v.ord, updated_at = now()
           FROM c, jsonb_to_recordset($${params.length}::jsonb) AS v(${spec([...cols, 'ord'])}) WHERE t.id = v.id)`,
      );
    }
  }
  if (pairs.length) {
    params.push(JSON.stringify(pairs));
    parts.push(`d AS (${insertPairsSql(`$${params.length}`)})`);
  }
  // A write that can move a child's place (records.ts queueKey) makes a new state of the queue (migration 018).
  if (queueMoved) parts.push('q AS (UPDATE queue_version SET seq = c.base + $1 FROM c WHERE id = 1)');
  await tx.query(`WITH ${parts.join(',\n')} SELECT base FROM c`, params);
}

/** Inserts records outside a sync batch (the demo seed: an empty database, nothing concurrent). */
export async function insertRecord(
  tx: Queryable,
  def: EntityDef,
  rec: Record<string, unknown>,
  version: number,
  fv: FieldVersions,
): Promise<void> {
  await writeNumbered(
    tx,
    [{ def, writes: [{ rec, version, fieldVersions: fv, openConflicts: 0, exists: false }] }],
    [],
    def.name === 'application',
  );
}
