/**
 * Changes the district makes to synced records (reconciliation, the console's
 * directory of offices, staff and kindergartens): each is an op of the
 * district pseudo-device, applied as is (the district is the arbiter), so the
 * ops table stays the complete trail and the record gets a change number that
 * desks pull. The record is checked against its kind's schema first.
 */
import { initialFieldVersions, newId } from '../../shared';
import type { Queryable } from '../db';
import { ENTITIES, type EntityName } from './entities';
import { SyncError } from './errors';
import type { UnitOfWork } from './unitOfWork';
import { appendBatch } from './auditTrail';

export const DISTRICT_DEVICE_ID = 'district-server';

type Rec = Record<string, unknown>;

/**
 * The district pseudo-device's row, locked (its sequence numbers are gap-free).
 * A district set up before any seed wrote the row gets it here, in the
 * district education office (fallbackOfficeId: that office being created now).
 */
async function districtDevice(tx: Queryable, fallbackOfficeId?: string): Promise<{ acked: number; office_id: string }> {
  const lock = () =>
    tx.query<{ acked: number; office_id: string }>('SELECT acked, office_id FROM devices WHERE id = $1 FOR UPDATE', [
      DISTRICT_DEVICE_ID,
    ]);
  let { rows } = await lock();
  if (!rows.length) {
    const { rows: office } = await tx.query<{ id: string }>(
      `SELECT id FROM offices WHERE type = 'districtEducation' ORDER BY id LIMIT 1`,
    );
    const officeId = office[0]?.id ?? fallbackOfficeId;
    if (!officeId) throw new SyncError(500, 'district.deviceMissing');
    await tx.query(
      `INSERT INTO devices (id, kind, office_id, name) VALUES ($1, 'district', $2, 'District server') ON CONFLICT (id) DO NOTHING`,
      [DISTRICT_DEVICE_ID, officeId],
    );
    ({ rows } = await lock());
  }
  return rows[0];
}

function validated(entity: EntityName, rec: Rec): Rec {
  const parsed = ENTITIES[entity].schema.safeParse(rec);
  if (!parsed.success)
    throw new SyncError(
      400,
      'validation',
      parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String), message: i.message })),
    );
  return parsed.data;
}

/**
 * Password hashes and sealed private keys never go into the ops trail (the staff row keeps them;
 * pulls send them to their office only): a key sealed under a one-time password is as good as it.
 */
const opFields = (entity: EntityName, fields: Rec): Rec => {
  if (entity !== 'staff') return fields;
  const out = { ...fields };
  for (const k of ['password', 'keys']) if (k in out) out[k] = '(set)';
  return out;
};

async function appendOp(
  tx: Queryable,
  ctx: { now(): string },
  op: { entity: EntityName; id: string; kind: 'create' | 'patch'; fields: Rec; baseVersion: number; version: number },
  staffId: string,
  fallbackOfficeId?: string,
): Promise<void> {
  const dev = await districtDevice(tx, fallbackOfficeId);
  const seq = Number(dev.acked) + 1;
  await appendBatch(tx, DISTRICT_DEVICE_ID, [
    {
      stored: {
        opId: newId(),
        deviceId: DISTRICT_DEVICE_ID,
        deviceSeq: seq,
        entity: op.entity,
        entityId: op.id,
        kind: op.kind,
        fields: opFields(op.entity, op.fields),
        baseVersion: op.baseVersion,
        hlc: ctx.now(),
        staffId,
      },
      officeId: dev.office_id,
      source: 'district',
      outcome: { status: 'applied', version: op.version },
    },
  ]);
  await tx.query('UPDATE devices SET acked = $2, last_seen_at = now() WHERE id = $1', [DISTRICT_DEVICE_ID, seq]);
}

/**
 * A change decided by the district to a record that exists (the caller loaded
 * it into uow): values are the changed fields (null removes a removable one).
 * Returns the record as it now stands. The caller flushes uow.
 */
export async function writeAsDistrict(
  tx: Queryable,
  uow: UnitOfWork,
  ctx: { now(): string },
  entity: EntityName,
  id: string,
  values: Rec,
  staffId: string,
  openDelta = 0,
): Promise<Rec> {
  const def = ENTITIES[entity];
  const cur = await uow.load(def, id);
  if (!cur) throw new Error(`writeAsDistrict: ${entity} ${id} was not loaded (its caller checks it exists)`);
  const version = cur.version + 1;
  const removed = new Set(
    Object.entries(values)
      .filter(([k, v]) => v === null && def.removable.has(k))
      .map(([k]) => k),
  );
  const next: Rec = Object.fromEntries(Object.entries(cur.rec).filter(([k]) => !removed.has(k)));
  const fv = { ...cur.fieldVersions };
  for (const [k, v] of Object.entries(values)) {
    if (!removed.has(k)) next[k] = v;
    fv[k] = { v: version, d: DISTRICT_DEVICE_ID };
  }
  if (def.versionField) next.version = version;
  if ('updatedAt' in cur.rec && !('updatedAt' in values)) next.updatedAt = ctx.now();
  const rec = uow.update(def, validated(entity, next), version, fv, openDelta);
  await appendOp(tx, ctx, { entity, id, kind: 'patch', fields: values, baseVersion: cur.version, version }, staffId);
  return rec;
}

/** A record the district creates (the whole record, its id included). The caller flushes uow. */
export async function createAsDistrict(
  tx: Queryable,
  uow: UnitOfWork,
  ctx: { now(): string },
  entity: EntityName,
  rec: Rec,
  staffId: string,
): Promise<Rec> {
  const def = ENTITIES[entity];
  const valid = validated(entity, rec);
  const id = String(valid.id);
  if (await uow.load(def, id)) throw new SyncError(409, 'record.exists', { entity, id });
  const full = uow.insert(def, valid, 1, initialFieldVersions(valid, DISTRICT_DEVICE_ID, 1));
  // The district education office being created first (a fresh district) hosts the pseudo-device.
  const fallback = entity === 'office' && valid.type === 'districtEducation' ? id : undefined;
  // Its row must exist before the device row can point at it: the pseudo-device's row is written after a flush.
  if (fallback) await uow.flush();
  await appendOp(tx, ctx, { entity, id, kind: 'create', fields: valid, baseVersion: 0, version: 1 }, staffId, fallback);
  return full;
}
