/**
 * Reconciliation by district staff: conflicts, duplicates, the backlog and
 * quarantined ops. Changes the district makes to records are ops of the
 * district pseudo-device, so the audit trail stays complete.
 */
import {
  formatJournalNo,
  type Application,
  type BacklogDevice,
  type Conflict,
  type Duplicate,
  type DuplicateStatus,
  type ResolveConflictRequest,
} from '../../shared';
import type { Queryable } from '../db';
import type { SyncContext } from '../store/context';
import { ENTITIES, type EntityName } from '../store/entities';
import { SyncError } from '../store/errors';
import { writeTransaction } from '../store/transaction';
import { writeAsDistrict } from '../store/districtOps';
import { UnitOfWork } from '../store/unitOfWork';

// The district's changes are ops of its pseudo-device (store/districtOps.ts).
export { DISTRICT_DEVICE_ID } from '../store/districtOps';

/** A row of the conflicts table as the driver decodes it (JSONB parsed, timestamps as ISO strings). */
type ConflictRow = {
  id: number;
  entity: Conflict['entity'];
  entity_id: string;
  office_id: string | null;
  kind: Conflict['kind'];
  reason: string;
  status: Conflict['status'];
  device_id: string;
  device_seq: number;
  op_id: string;
  step: string | null;
  base_version: number;
  server_version: number;
  fields: Conflict['fields'];
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: unknown;
};

const toConflict = (r: ConflictRow): Conflict => ({
  id: r.id,
  entity: r.entity,
  entityId: r.entity_id,
  officeId: r.office_id,
  kind: r.kind,
  reason: r.reason,
  status: r.status,
  deviceId: r.device_id,
  deviceSeq: r.device_seq,
  opId: r.op_id,
  step: r.step,
  baseVersion: r.base_version,
  serverVersion: r.server_version,
  fields: r.fields,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at,
  resolvedBy: r.resolved_by,
  resolution: r.resolution,
});

export async function listConflicts(
  db: Queryable,
  q: { status?: string; kind?: string; entityId?: string; limit?: number; after?: number },
): Promise<Conflict[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (q.status && q.status !== 'all') add('status = ?', q.status);
  if (q.kind) add('kind = ?', q.kind);
  if (q.entityId) add('entity_id = ?', q.entityId);
  if (q.after) add('id > ?', q.after);
  params.push(Math.min(q.limit ?? 100, 500));
  const { rows } = await db.query<ConflictRow>(
    `SELECT * FROM conflicts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT $${params.length}`,
    params,
  );
  return rows.map(toConflict);
}

export async function resolveConflict(
  ctx: SyncContext,
  id: number,
  req: ResolveConflictRequest,
  staffId: string,
): Promise<Conflict> {
  return writeTransaction(ctx.db, async (tx) => {
    const { rows } = await tx.query<ConflictRow>('SELECT * FROM conflicts WHERE id = $1 FOR UPDATE', [id]);
    if (!rows.length) throw new SyncError(404, 'conflict.notFound');
    const c = toConflict(rows[0]);
    if (c.kind !== 'hard' || c.status !== 'open')
      throw new SyncError(409, 'conflict.notOpen', { status: c.status, kind: c.kind });
    const def = ENTITIES[c.entity as EntityName];
    const uow = new UnitOfWork(tx, ctx.db.kind === 'pglite');
    const cur = await uow.load(def, c.entityId);
    if (!cur) throw new SyncError(404, 'record.notFound');
    let values: Record<string, unknown> | null = null;
    if (req.choose === 'device') values = Object.fromEntries(c.fields.map((f) => [f.field, f.device]));
    else if (typeof req.choose === 'object') values = req.choose.value;
    if (values && c.reason === 'places.overbooked') {
      throw new SyncError(400, 'conflict.placesNeedValue', {
        hint: 'set ageGroups through a kindergarten edit; resolve this one with "server"',
      });
    }
    if (values) {
      const known = new Set(c.fields.map((f) => f.field));
      const stray = Object.keys(values).filter((k) => !known.has(k));
      if (stray.length) throw new SyncError(400, 'conflict.unknownField', { fields: stray });
      await writeAsDistrict(tx, uow, ctx, def.name, cur.id, values, staffId, -1);
    } else {
      uow.touch(def, cur.id, -1);
    }
    await uow.flush();
    const resolution = { choose: req.choose, ...(req.note ? { note: req.note } : {}) };
    const upd = await tx.query<ConflictRow>(
      `UPDATE conflicts SET status = 'resolved', resolved_at = now(), resolved_by = $2, resolution = $3 WHERE id = $1 RETURNING *`,
      [id, staffId, JSON.stringify(resolution)],
    );
    return toConflict(upd.rows[0]);
  });
}

/**
 * Gives an application the next free number of its office's journal: the way
 * out of a journal.notLeased or journal.taken conflict (two applications with
 * one number). The change is a district op, so the laptop that numbered it
 * receives the new number with its next pull; the journal conflicts of the
 * application are resolved with it.
 */
export async function renumberApplication(
  ctx: SyncContext,
  id: string,
  staffId: string,
): Promise<{ id: string; journalNo: string; journalSeq: number; resolved: number[] }> {
  return writeTransaction(ctx.db, async (tx) => {
    const uow = new UnitOfWork(tx, ctx.db.kind === 'pglite');
    const def = ENTITIES.application;
    const cur = await uow.load(def, id);
    if (!cur) throw new SyncError(404, 'record.notFound');
    const app = cur.rec as Application;
    const { rows: office } = await tx.query<{ code: string }>('SELECT code FROM offices WHERE id = $1', [app.officeId]);
    await tx.query(
      `INSERT INTO journal_counters (office_id, journal, year, next) VALUES ($1, $2, $3, 1) ON CONFLICT DO NOTHING`,
      [app.officeId, app.serviceCode, app.journalYear],
    );
    // Past every number used or leased so far: the counter is what leases are cut from.
    const { rows } = await tx.query<{ seq: string }>(
      `UPDATE journal_counters SET next = next + 1 WHERE office_id = $1 AND journal = $2 AND year = $3 RETURNING next - 1 AS seq`,
      [app.officeId, app.serviceCode, app.journalYear],
    );
    const journalSeq = Number(rows[0].seq);
    const journalNo = formatJournalNo(office[0].code, app.journalYear, journalSeq);
    const { rows: open } = await tx.query<{ id: number }>(
      `UPDATE conflicts SET status = 'resolved', resolved_at = now(), resolved_by = $2, resolution = $3
        WHERE entity = 'application' AND entity_id = $1 AND status = 'open' AND reason IN ('journal.notLeased', 'journal.taken') RETURNING id`,
      [id, staffId, JSON.stringify({ renumbered: journalNo })],
    );
    await writeAsDistrict(tx, uow, ctx, 'application', id, { journalSeq, journalNo }, staffId, -open.length);
    await uow.flush();
    return { id, journalNo, journalSeq, resolved: open.map((r) => r.id) };
  });
}

const DUP_SELECT = `
  SELECT d.*, 
         a.office_id AS a_office, a.journal_no AS a_no, a.status AS a_status, a.queue_state AS a_queue, a.accepted_at AS a_at,
         b.office_id AS b_office, b.journal_no AS b_no, b.status AS b_status, b.queue_state AS b_queue, b.accepted_at AS b_at
    FROM duplicates d JOIN applications a ON a.id = d.app_a JOIN applications b ON b.id = d.app_b`;

/** A row of DUP_SELECT: the pair and both applications' columns. */
type DuplicateRow = {
  id: number;
  service_code: string;
  child_iin: string;
  status: Duplicate['status'];
  note: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  app_a: string;
  a_office: string;
  a_no: string;
  a_status: string;
  a_queue: string;
  a_at: string;
  app_b: string;
  b_office: string;
  b_no: string;
  b_status: string;
  b_queue: string;
  b_at: string;
};

const toDuplicate = (r: DuplicateRow): Duplicate => ({
  id: r.id,
  serviceCode: r.service_code,
  childIin: r.child_iin,
  status: r.status,
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  applications: [
    {
      id: r.app_a,
      officeId: r.a_office,
      journalNo: r.a_no,
      status: r.a_status,
      queueState: r.a_queue,
      acceptedAt: r.a_at,
    },
    {
      id: r.app_b,
      officeId: r.b_office,
      journalNo: r.b_no,
      status: r.b_status,
      queueState: r.b_queue,
      acceptedAt: r.b_at,
    },
  ],
});

export async function listDuplicates(db: Queryable, q: { status?: string; limit?: number }): Promise<Duplicate[]> {
  const params: unknown[] = [Math.min(q.limit ?? 100, 500)];
  let where = '';
  if (q.status && q.status !== 'all') {
    params.push(q.status);
    where = 'WHERE d.status = $2';
  }
  const { rows } = await db.query<DuplicateRow>(`${DUP_SELECT} ${where} ORDER BY d.id LIMIT $1`, params);
  return rows.map(toDuplicate);
}

export async function setDuplicateStatus(
  db: Queryable,
  id: number,
  status: DuplicateStatus,
  note: string | undefined,
  staffId: string,
): Promise<Duplicate> {
  const upd = await db.query(
    `UPDATE duplicates SET status = $2, note = COALESCE($3, note), updated_at = now(), updated_by = $4 WHERE id = $1 RETURNING id`,
    [id, status, note ?? null, staffId],
  );
  if (!upd.rowCount) throw new SyncError(404, 'duplicate.notFound');
  const { rows } = await db.query<DuplicateRow>(`${DUP_SELECT} WHERE d.id = $1`, [id]);
  return toDuplicate(rows[0]);
}

export async function listBacklog(db: Queryable): Promise<BacklogDevice[]> {
  const { rows } = await db.query(
    `SELECT b.device_id, b.device_seq, b.op_id, b.source, b.received_at, d.name, d.office_id, d.acked
       FROM backlog b JOIN devices d ON d.id = b.device_id ORDER BY b.device_id, b.device_seq`,
  );
  const out = new Map<string, BacklogDevice>();
  for (const r of rows) {
    let dev = out.get(r.device_id);
    if (!dev) {
      dev = {
        deviceId: r.device_id,
        deviceName: r.name,
        officeId: r.office_id,
        acked: r.acked,
        waiting: [],
        missing: [],
      };
      out.set(r.device_id, dev);
    }
    dev.waiting.push({ deviceSeq: r.device_seq, opId: r.op_id, source: r.source, receivedAt: r.received_at });
  }
  for (const dev of out.values()) {
    let expect = dev.acked + 1;
    for (const w of dev.waiting) {
      if (w.deviceSeq > expect) dev.missing.push({ from: expect, to: w.deviceSeq - 1 });
      expect = w.deviceSeq + 1;
    }
  }
  return [...out.values()];
}

export async function listQuarantine(db: Queryable, q: { officeId?: string; limit?: number; after?: number }) {
  const params: unknown[] = [Math.min(q.limit ?? 100, 500), q.after ?? 0];
  let where = `status = 'quarantined' AND id > $2`;
  if (q.officeId) {
    params.push(q.officeId);
    where += ' AND office_id = $3';
  }
  const { rows } = await db.query(
    `SELECT id, op_id, device_id, device_seq, office_id, entity, entity_id, kind, step, reason, result, staff_id, source, received_at, fields FROM ops WHERE ${where} ORDER BY id LIMIT $1`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    opId: r.op_id,
    deviceId: r.device_id,
    deviceSeq: r.device_seq,
    officeId: r.office_id,
    entity: r.entity,
    entityId: r.entity_id,
    kind: r.kind,
    step: r.step,
    reason: r.reason,
    detail: r.result?.detail ?? null,
    staffId: r.staff_id,
    source: r.source,
    receivedAt: r.received_at,
    fields: r.fields,
  }));
}

/**
 * Ops refused before they took a place in their device's sequence (another op
 * already held or awaited that number, migration 006): never applied, never
 * lost; the laptop keeps them in its quarantine too.
 */
export async function listRefused(db: Queryable, q: { officeId?: string; limit?: number; after?: number }) {
  const params: unknown[] = [Math.min(q.limit ?? 100, 500), q.after ?? 0];
  let where = 'id > $2';
  if (q.officeId) {
    params.push(q.officeId);
    where += ' AND office_id = $3';
  }
  const { rows } = await db.query(
    `SELECT id, op_id, device_id, device_seq, office_id, op, reason, detail, received_at FROM refused_ops WHERE ${where} ORDER BY id LIMIT $1`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    opId: r.op_id,
    deviceId: r.device_id,
    deviceSeq: Number(r.device_seq),
    officeId: r.office_id,
    entity: r.op?.entity ?? null,
    entityId: r.op?.entityId ?? null,
    kind: r.op?.kind ?? null,
    reason: r.reason,
    detail: r.detail,
    receivedAt: r.received_at,
  }));
}
