/**
 * Reconciliation by district staff: conflicts, duplicates, the backlog and
 * quarantined ops. Changes the district makes to records are ops of the
 * district pseudo-device, so the audit trail stays complete.
 */
import {
  WITHDRAWN_QUEUE_STATE,
  compareQueue,
  formatJournalNo,
  fullName,
  isOpenApplication,
  subjectOf,
  type Application,
  type BacklogDevice,
  type Conflict,
  type Duplicate,
  type DuplicateDecision,
  type DuplicateStatus,
  type ResolveConflictRequest,
  type Withdrawal,
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

/** What the list joins to a conflict: names instead of ids. */
type NamedConflict = {
  device_name: string | null;
  resolved_by_name: string | null;
  record_no: string | null;
  record_data: Application | null;
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
  const { rows } = await db.query<ConflictRow & NamedConflict>(
    `SELECT c.*, d.name AS device_name, COALESCE(s.data->>'fullName', rd.name) AS resolved_by_name,
            a.journal_no AS record_no, a.data AS record_data
       FROM (SELECT * FROM conflicts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT $${params.length}) c
       LEFT JOIN devices d ON d.id = c.device_id
       LEFT JOIN staff s ON s.id = c.resolved_by
       LEFT JOIN devices rd ON c.resolved_by LIKE 'device:%' AND rd.id = substr(c.resolved_by, 8)
       LEFT JOIN applications a ON c.entity = 'application' AND a.id = c.entity_id
      ORDER BY c.id`,
    params,
  );
  return rows.map((r) => ({
    ...toConflict(r),
    deviceName: r.device_name,
    resolvedByName: r.resolved_by_name,
    record:
      r.record_no && r.record_data ? { journalNo: r.record_no, subjectName: fullName(subjectOf(r.record_data)) } : null,
  }));
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
         a.priority AS a_priority, a.journal_seq AS a_seq, a.subject_iin AS a_iin, to_char(a.birth_date, 'YYYY-MM-DD') AS a_birth,
         a.data AS a_data, oa.data->'name' AS a_office_name,
         b.office_id AS b_office, b.journal_no AS b_no, b.status AS b_status, b.queue_state AS b_queue, b.accepted_at AS b_at,
         b.priority AS b_priority, b.journal_seq AS b_seq, b.subject_iin AS b_iin, to_char(b.birth_date, 'YYYY-MM-DD') AS b_birth,
         b.data AS b_data, ob.data->'name' AS b_office_name
    FROM duplicates d JOIN applications a ON a.id = d.app_a JOIN applications b ON b.id = d.app_b
    LEFT JOIN offices oa ON oa.id = a.office_id LEFT JOIN offices ob ON ob.id = b.office_id`;

type Side = 'a' | 'b';
/** A row of DUP_SELECT: the pair and both applications' columns (prefixed a_ and b_). */
type DuplicateRow = {
  id: number;
  service_code: string;
  child_iin: string;
  reason: Duplicate['reason'];
  status: Duplicate['status'];
  resolution: Duplicate['resolution'];
  resolved_by_pair: string | number | null;
  note: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
  app_a: string;
  app_b: string;
} & Record<`${Side}_${'office' | 'no' | 'status' | 'queue' | 'at' | 'iin'}`, string> &
  Record<`${Side}_${'priority' | 'birth'}`, string | null> &
  Record<`${Side}_seq`, number> &
  Record<`${Side}_data`, Application> &
  Record<`${Side}_office_name`, { kk: string; ru: string } | null>;

function sideOf(r: DuplicateRow, s: Side): Duplicate['applications'][number] {
  const data = r[`${s}_data`];
  return {
    id: s === 'a' ? r.app_a : r.app_b,
    officeId: r[`${s}_office`],
    officeName: r[`${s}_office_name`],
    journalNo: r[`${s}_no`],
    status: r[`${s}_status`],
    queueState: r[`${s}_queue`],
    acceptedAt: r[`${s}_at`],
    priority: r[`${s}_priority`],
    subjectIin: r[`${s}_iin`],
    subjectName: fullName(subjectOf(data)),
    birthDate: r[`${s}_birth`],
    withdrawal: data.withdrawal ?? null,
  };
}

const toDuplicate = (r: DuplicateRow): Duplicate => ({
  id: r.id,
  serviceCode: r.service_code,
  childIin: r.child_iin,
  reason: r.reason,
  status: r.status,
  resolution: r.resolution,
  // bigint: the driver may hand it over as a string.
  resolvedByPair: r.resolved_by_pair === null ? null : Number(r.resolved_by_pair),
  note: r.note,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  applications: [sideOf(r, 'a'), sideOf(r, 'b')],
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

/** Who decided: the district staff member (or district laptop) and the name to show the office. */
export type DistrictActor = { id: string; name: string };

/**
 * The district's decision on a pair: open again, not the same person (never
 * flagged again), or merged. Merged withdraws one application of the pair
 * from the queue, as a change of the district pseudo-device that its office
 * pulls (queueState 'withdrawn' and a `withdrawal` saying why and which one
 * was kept): `keep` names the one that keeps its place, by default the one
 * ahead in queue order (compareQueue). The other open pairs of the withdrawn
 * application are closed with it (status 'resolved', resolution
 * withdrawnInPair, this pair named): with one side out of the queue there is
 * nothing left to decide on them. A merged or resolved pair is final here (409
 * duplicate.decided): its withdrawal has gone out to the office. An
 * application that holds a referral is not withdrawn (409
 * duplicate.holdsReferral: keep it, or its office gives the place back first);
 * one already closed is left as it is.
 */
export async function setDuplicateStatus(
  ctx: SyncContext,
  id: number,
  req: { status: DuplicateDecision; note?: string; keep?: string },
  actor: DistrictActor,
): Promise<Duplicate> {
  return writeTransaction(ctx.db, async (tx) => {
    const { rows: cur } = await tx.query<{ status: DuplicateStatus; app_a: string; app_b: string }>(
      'SELECT status, app_a, app_b FROM duplicates WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!cur.length) throw new SyncError(404, 'duplicate.notFound');
    const pair = cur[0];
    if (pair.status === 'merged' || pair.status === 'resolved')
      throw new SyncError(409, 'duplicate.decided', { status: pair.status });
    if (req.keep !== undefined && req.keep !== pair.app_a && req.keep !== pair.app_b)
      throw new SyncError(400, 'duplicate.keepNotInPair');
    if (req.status === 'merged') {
      const uow = new UnitOfWork(tx, ctx.db.kind === 'pglite');
      const def = ENTITIES.application;
      const [a, b] = [await uow.load(def, pair.app_a), await uow.load(def, pair.app_b)];
      if (!a || !b) throw new SyncError(404, 'record.notFound');
      const [ra, rb] = [a.rec as Application, b.rec as Application];
      const keepA = req.keep !== undefined ? req.keep === ra.id : compareQueue(ra, rb) <= 0;
      const [kept, surplus] = keepA ? [ra, rb] : [rb, ra];
      if (surplus.queueState === 'referred')
        throw new SyncError(409, 'duplicate.holdsReferral', { applicationId: surplus.id });
      if (isOpenApplication(surplus)) {
        const withdrawal: Withdrawal = {
          at: ctx.now(),
          by: actor.id,
          byName: actor.name,
          reason: 'duplicate',
          keptApplicationId: kept.id,
          keptJournalNo: kept.journalNo,
          keptOfficeId: kept.officeId,
          ...(req.note ? { note: req.note } : {}),
        };
        await writeAsDistrict(
          tx,
          uow,
          ctx,
          'application',
          surplus.id,
          { queueState: WITHDRAWN_QUEUE_STATE, withdrawal },
          actor.id,
        );
        await uow.flush();
        await tx.query(
          `UPDATE duplicates SET status = 'resolved', resolution = 'withdrawnInPair', resolved_by_pair = $2,
                  updated_at = now(), updated_by = $3
            WHERE status = 'open' AND id <> $2 AND (app_a = $1 OR app_b = $1)`,
          [surplus.id, id, actor.id],
        );
      }
    }
    await tx.query(
      `UPDATE duplicates SET status = $2, note = COALESCE($3, note), updated_at = now(), updated_by = $4 WHERE id = $1`,
      [id, req.status, req.note ?? null, actor.id],
    );
    const { rows } = await tx.query<DuplicateRow>(`${DUP_SELECT} WHERE d.id = $1`, [id]);
    return toDuplicate(rows[0]);
  });
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
    // op_log itself: a quarantined op keeps there all the list shows, so no batch is opened.
    `SELECT id, op_id, device_id, device_seq, office_id, entity, entity_id, kind, step, reason, result, staff_id, source, received_at, fields FROM op_log WHERE ${where} ORDER BY id LIMIT $1`,
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
