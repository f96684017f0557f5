/**
 * The audit trail (migration 017): the ops of one transaction kept as one
 * append-only batch row, as checked, with a narrow row per op for idempotency
 * and look-ups. Pushes, imports and the district's own changes all write it
 * here; readers use the `ops` view, which expands the two into full rows.
 */
import type { ConflictRef } from '../../shared';
import type { Queryable } from '../db';

/** An op's verdict as the trail keeps it (server/ingest/apply.ts ApplyOutcome). */
type Outcome =
  | { status: 'applied'; version: number; conflicts?: ConflictRef[] }
  | { status: 'quarantined'; reason: string; detail?: unknown };

/** The op as the trail keeps it: as checked, or as it could be stored when refused (server/ingest/storable.ts). */
export type StoredOp = {
  opId: string;
  deviceId: string;
  deviceSeq: number;
  entity: string;
  entityId: string;
  kind: string;
  step?: string | null;
  fields: unknown;
  baseVersion: number;
  hlc: string;
  staffId: string;
};

/** One op as it goes into the trail. */
export type TrailEntry = {
  stored: StoredOp;
  officeId: string;
  source: 'push' | 'import' | 'district';
  outcome: Outcome;
};

/**
 * Appends one batch and its ops' rows in one statement: they land together or not at all.
 * The batch's body is one JSON parameter; the narrow rows another, unpacked by the database.
 */
export async function appendBatch(tx: Queryable, deviceId: string, entries: TrailEntry[]): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map((e, idx) => {
    const o = e.stored;
    const quarantined = e.outcome.status === 'quarantined';
    const applied = e.outcome.status === 'applied' ? e.outcome : null;
    return {
      idx,
      op_id: o.opId,
      device_seq: o.deviceSeq,
      office_id: e.officeId,
      entity: o.entity,
      entity_id: o.entityId,
      kind: o.kind,
      step: o.step ?? null,
      staff_id: o.staffId,
      source: e.source,
      status: e.outcome.status,
      reason: quarantined ? (e.outcome as { reason: string }).reason : null,
      version: applied?.version ?? null,
      // Applied: only what a replay's answer needs beyond the version (conflicts).
      result: applied ? (applied.conflicts?.length ? { conflicts: applied.conflicts } : null) : e.outcome,
      // A quarantined op's fields are what the district's quarantine list shows: kept at hand.
      fields: quarantined ? o.fields : null,
    };
  });
  await tx.query(
    `WITH b AS (INSERT INTO op_batches (device_id, ops) VALUES ($1, $2::jsonb) RETURNING id)
     INSERT INTO op_log (batch_id, idx, op_id, device_id, device_seq, office_id, entity, entity_id, kind, step, staff_id, source, status, reason, version, result, fields)
     SELECT b.id, x.idx, x.op_id, $1, x.device_seq, x.office_id, x.entity, x.entity_id, x.kind, x.step, x.staff_id, x.source, x.status, x.reason, x.version, x.result, x.fields
       FROM b, jsonb_to_recordset($3::jsonb) AS x(idx integer, op_id text, device_seq bigint, office_id text, entity text, entity_id text, kind text,
            step text, staff_id text, source text, status text, reason text, version integer, result jsonb, fields jsonb)
      ORDER BY x.idx`,
    [deviceId, JSON.stringify(entries.map((e) => e.stored)), JSON.stringify(rows)],
  );
}

export type SeenOp = { op_id: string; status: 'applied' | 'quarantined'; result: Outcome };

/** The ops of a device already in the trail among these numbers: a replay gets the first answer again. */
export async function seenOps(tx: Queryable, deviceId: string, seqs: number[]): Promise<Map<number, SeenOp>> {
  const { rows } = await tx.query<{
    device_seq: string | number;
    op_id: string;
    status: 'applied' | 'quarantined';
    version: number | null;
    result: Record<string, unknown> | null;
  }>(
    'SELECT device_seq, op_id, status, version, result FROM op_log WHERE device_id = $1 AND device_seq = ANY($2::bigint[])',
    [deviceId, seqs],
  );
  return new Map(
    rows.map((r) => [
      Number(r.device_seq),
      {
        op_id: r.op_id,
        status: r.status,
        result: (r.status === 'applied'
          ? { status: 'applied', version: r.version, ...(r.result ?? {}) }
          : r.result) as Outcome,
      },
    ]),
  );
}
