/** Reads and writes of synced records; every write takes a fresh change_seq. */
import type { Queryable } from '../db';
import type { EntityDef } from './entities';
import { fromStored } from './entities';
import type { FieldVersions } from './merge';

export type StoredRecord = {
  id: string;
  rec: Record<string, any>;
  version: number;
  fieldVersions: FieldVersions;
  openConflicts: number;
  officeId: string | null;
};

/** The next cursor value. The row lock is held to commit: see change_counter in 001_init.sql. */
export async function nextChangeSeq(tx: Queryable): Promise<number> {
  const { rows } = await tx.query<{ seq: number }>('UPDATE change_counter SET seq = seq + 1 WHERE id = 1 RETURNING seq');
  return rows[0].seq;
}

/**
 * Takes the change counter's lock before any record lock. Every writing
 * transaction does this first, so they queue in one order and can never
 * deadlock on "record, then counter" against "counter, then record" (a
 * duplicate row's foreign key locks the other application, for instance).
 */
export async function lockChanges(tx: Queryable): Promise<void> {
  await tx.query('SELECT seq FROM change_counter WHERE id = 1 FOR UPDATE');
}

export async function currentChangeSeq(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ seq: number }>('SELECT seq FROM change_counter WHERE id = 1');
  return rows[0].seq;
}

export async function loadRecord(tx: Queryable, def: EntityDef, id: string, forUpdate = false): Promise<StoredRecord | null> {
  const pw = def.name === 'staff' ? ', password' : '';
  const office = def.name === 'kindergarten' ? 'NULL::text AS office_id' : 'office_id';
  const { rows } = await tx.query(
    `SELECT id, data, version, field_versions, open_conflicts, ${office}${pw} FROM ${def.table} WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  if (!rows.length) return null;
  const r = rows[0];
  return { id: r.id, rec: fromStored(def, r as any), version: r.version, fieldVersions: r.field_versions ?? {}, openConflicts: r.open_conflicts, officeId: r.office_id };
}

function withVersion(def: EntityDef, rec: Record<string, any>, version: number) {
  return def.hasVersionField ? { ...rec, version } : rec;
}

export async function insertRecord(tx: Queryable, def: EntityDef, rec: Record<string, any>, version: number, fv: FieldVersions): Promise<{ seq: number; rec: Record<string, any> }> {
  const full = withVersion(def, rec, version);
  const cols = def.columns(full);
  const seq = await nextChangeSeq(tx);
  const names = ['id', 'data', 'version', 'field_versions', 'change_seq', ...Object.keys(cols)];
  const values = [full.id, JSON.stringify(def.toData(full)), version, JSON.stringify(fv), seq, ...Object.values(cols)];
  await tx.query(`INSERT INTO ${def.table} (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`, values);
  return { seq, rec: full };
}

export async function updateRecord(
  tx: Queryable, def: EntityDef, rec: Record<string, any>, version: number, fv: FieldVersions, openConflictsDelta = 0,
): Promise<{ seq: number; rec: Record<string, any> }> {
  const full = withVersion(def, rec, version);
  const cols = def.columns(full);
  if (def.name === 'staff' && !full.password) delete cols.password;
  const seq = await nextChangeSeq(tx);
  const sets = ['data', 'version', 'field_versions', 'change_seq', ...Object.keys(cols)];
  const values = [JSON.stringify(def.toData(full)), version, JSON.stringify(fv), seq, ...Object.values(cols)];
  await tx.query(
    `UPDATE ${def.table} SET ${sets.map((c, i) => `${c} = $${i + 2}`).join(', ')}, open_conflicts = GREATEST(0, open_conflicts + $${sets.length + 2}), updated_at = now() WHERE id = $1`,
    [full.id, ...values, openConflictsDelta],
  );
  return { seq, rec: full };
}

/** Re-announces a record to pulls (its conflict flag changed) without changing it. */
export async function touchRecord(tx: Queryable, def: EntityDef, id: string, openConflictsDelta: number): Promise<void> {
  const seq = await nextChangeSeq(tx);
  await tx.query(`UPDATE ${def.table} SET change_seq = $2, open_conflicts = GREATEST(0, open_conflicts + $3) WHERE id = $1`, [id, seq, openConflictsDelta]);
}
