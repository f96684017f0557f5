/**
 * Applies one op to the batch's records (a UnitOfWork: in memory until flushed).
 * Rejections are thrown as Quarantine (the caller undoes the op's changes and
 * records it as quarantined); conflicts are not rejections: the op is applied
 * as far as it merges, and the rest is kept in the conflicts table.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  CLOCK_AHEAD_MS, FREE_PLACES_DELTA_FIELD, StepIdSchema, applicationSubjectErrors, TRANSITIONS, canTakeStep, type Actor, type ConflictReason, type ConflictRef, type Op, type Role,
} from '../../shared';
import type { Device, SyncContext } from './context';
import { ENTITIES, type EntityDef } from './entities';
import { initialFieldVersions, mergeOp, type ConflictField } from './merge';
import type { StoredRecord } from './store';
import type { UnitOfWork } from './unitOfWork';

export class Quarantine extends Error {
  constructor(readonly reason: string, readonly detail?: unknown) {
    super(reason);
  }
}

export type ApplyOutcome =
  | { status: 'applied'; version: number; conflicts?: ConflictRef[] }
  | { status: 'quarantined'; reason: string; detail?: unknown };

const zodIssues = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code?: string }>) =>
  issues.slice(0, 20).map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message, code: i.code }));

function validate(def: EntityDef, rec: Record<string, unknown>): Record<string, any> {
  const r = def.schema.safeParse(rec);
  if (!r.success) throw new Quarantine('validation', zodIssues(r.error.issues));
  return r.data;
}

async function actorFor(uow: UnitOfWork, device: Device, staffId: string): Promise<Actor> {
  const s = await uow.staffMember(staffId);
  if (!s) throw new Quarantine('staff.unknown', { staffId });
  if (s.officeId !== device.officeId && s.officeType !== 'districtEducation') throw new Quarantine('staff.otherOffice', { staffId });
  return { id: staffId, fullName: s.fullName, roles: s.roles as Role[] };
}

export type ConflictInput = {
  def: EntityDef;
  entityId: string;
  officeId: string | null;
  kind: 'soft' | 'hard';
  reason: ConflictReason;
  op: Pick<Op, 'opId' | 'deviceId' | 'deviceSeq' | 'baseVersion' | 'step'>;
  serverVersion: number;
  fields: ConflictField[];
};

function insertConflict(uow: UnitOfWork, c: ConflictInput): Promise<number> {
  return uow.conflict({
    entity: c.def.name, entityId: c.entityId, officeId: c.officeId, kind: c.kind, reason: c.reason, opId: c.op.opId, deviceId: c.op.deviceId,
    deviceSeq: c.op.deviceSeq, step: c.op.step ?? null, baseVersion: c.op.baseVersion, serverVersion: c.serverVersion, fields: c.fields,
  });
}

function stripNulls(def: EntityDef, rec: Record<string, unknown>) {
  for (const k of Object.keys(rec)) if (rec[k] === null && def.removable.has(k)) delete rec[k];
  return rec;
}

async function create(uow: UnitOfWork, ctx: SyncContext, device: Device, def: EntityDef, op: Op): Promise<ApplyOutcome> {
  const raw = stripNulls(def, { ...op.fields, id: op.entityId });
  if (def.hasVersionField) raw.version = 1;
  const rec = validate(def, raw);
  if (def.name === 'application') {
    const catalog = ctx.catalog();
    if (!catalog.has(rec.serviceCode)) throw new Quarantine('catalog.unknownService', { serviceCode: rec.serviceCode });
    // A child on a service about the applicant, or none where the service is about a child.
    const subject = applicationSubjectErrors(rec as never, catalog.get(rec.serviceCode));
    if (subject.length) throw new Quarantine('validation', subject);
    const actor = await actorFor(uow, device, op.staffId);
    const gate = canTakeStep(null, 'accept', actor, catalog.get(rec.serviceCode));
    if (!gate.ok) throw new Quarantine(gate.reason);
    if (rec.status !== TRANSITIONS.accept.to) throw new Quarantine('workflow.wrongState', { status: rec.status });
  }
  if (def.name === 'staff') {
    if (!(await uow.officeType(rec.officeId))) throw new Quarantine('office.unknown', { officeId: rec.officeId });
  }
  const ahead = def.name === 'application' ? acceptedInFuture(ctx, rec) : null;
  if (ahead) {
    // A clock running fast would put the child behind others in the queue: the
    // application counts from when the server received it until the district
    // decides, the laptop's time kept in the conflict for it to choose.
    rec.acceptedAt = ahead.server;
    const id = await insertConflict(uow, { def, entityId: rec.id, officeId: def.officeOf(rec), kind: 'hard', reason: 'clock.ahead', op, serverVersion: 1, fields: [{ field: 'acceptedAt', ...ahead }] });
    uow.insert(def, rec, 1, initialFieldVersions(rec, op.deviceId, 1), null);
    uow.touch(def, rec.id, +1);
    return { status: 'applied', version: 1, conflicts: [{ id, kind: 'hard', fields: ['acceptedAt'] }] };
  }
  // The creator holds exactly what it sent, unless validation changed it.
  uow.insert(def, rec, 1, initialFieldVersions(rec, op.deviceId, 1), isDeepStrictEqual(withoutVersion(rec), expected(def, { id: op.entityId }, op.fields)) ? op.deviceId : null);
  return { status: 'applied', version: 1 };
}

/** An acceptance time later than now (CLOCK_AHEAD_MS of slack): impossible but for a wrong clock. */
function acceptedInFuture(ctx: SyncContext, rec: Record<string, any>): { server: string; device: string } | null {
  const at = Date.parse(rec.acceptedAt);
  const now = ctx.now();
  return Number.isFinite(at) && at > Date.parse(now) + CLOCK_AHEAD_MS ? { server: now, device: rec.acceptedAt } : null;
}

/** The kindergarten places counter (see FREE_PLACES_DELTA_FIELD): commutative, so never a field conflict. */
function applyPlacesDelta(rec: Record<string, any>, delta: unknown): { rec: Record<string, any>; overbooked: ConflictField[] } {
  if (!delta || typeof delta !== 'object' || Array.isArray(delta)) throw new Quarantine('validation', [{ path: [FREE_PLACES_DELTA_FIELD], message: 'expected { ageGroupId: integer }' }]);
  const groups: any[] = Array.isArray(rec.ageGroups) ? rec.ageGroups : [];
  const overbooked: ConflictField[] = [];
  for (const [gid, d] of Object.entries(delta as Record<string, unknown>)) {
    if (!Number.isInteger(d)) throw new Quarantine('validation', [{ path: [FREE_PLACES_DELTA_FIELD, gid], message: 'expected an integer' }]);
    if (!groups.some((g) => g.id === gid)) throw new Quarantine('kindergarten.noAgeGroup', { ageGroupId: gid });
  }
  const next = groups.map((g) => {
    const d = (delta as Record<string, number>)[g.id];
    if (!d) return g;
    const want = g.freePlaces + d;
    // Referrals issued offline are already in parents' hands: record the overbooking, do not refuse it.
    if (want < 0) overbooked.push({ field: `ageGroups.${g.id}.freePlaces`, server: g.freePlaces, device: d });
    return { ...g, freePlaces: Math.max(0, want) };
  });
  return { rec: { ...rec, ageGroups: next }, overbooked };
}

async function update(uow: UnitOfWork, ctx: SyncContext, device: Device, def: EntityDef, op: Op, cur: StoredRecord): Promise<ApplyOutcome> {
  const fields: Record<string, unknown> = { ...op.fields };
  delete fields.id;
  const delta = def.name === 'kindergarten' ? fields[FREE_PLACES_DELTA_FIELD] : undefined;
  delete fields[FREE_PLACES_DELTA_FIELD];
  // A patch is made on a record the device received, so it saw at least the
  // first version: 0 (the desk's "no version known" for offices, staff and
  // kindergartens) must not turn every field the district seeded into a conflict.
  const baseVersion = op.kind === 'create' ? 0 : Math.max(1, op.baseVersion);
  const newVersion = cur.version + 1;
  const conflicts: ConflictRef[] = [];

  if (op.kind === 'transition') {
    const step = StepIdSchema.safeParse(op.step);
    if (!step.success) throw new Quarantine('op.stepMissing');
    const catalog = ctx.catalog();
    if (!catalog.has(cur.rec.serviceCode)) throw new Quarantine('catalog.unknownService', { serviceCode: cur.rec.serviceCode });
    const actor = await actorFor(uow, device, op.staffId);
    if (fields.status !== undefined && fields.status !== TRANSITIONS[step.data].to) throw new Quarantine('workflow.badTarget', { step: step.data, status: fields.status });
    const gate = canTakeStep(cur.rec as any, step.data, actor, catalog.get(cur.rec.serviceCode));
    if (!gate.ok && gate.reason === 'workflow.wrongState') {
      // Someone else moved the application on while this device was offline: an
      // impossible step is never forced in; both sides wait for the district.
      const diff = Object.entries(fields)
        .filter(([f]) => f !== 'updatedAt' && f !== 'version')
        .map(([field, device]) => ({ field, server: cur.rec[field] ?? null, device }));
      const id = await insertConflict(uow, { def, entityId: cur.id, officeId: cur.officeId, kind: 'hard', reason: 'workflow.wrongState', op, serverVersion: cur.version, fields: diff });
      uow.touch(def, cur.id, +1);
      return { status: 'applied', version: cur.version, conflicts: [{ id, kind: 'hard', fields: diff.map((d) => d.field) }] };
    }
    if (!gate.ok) throw new Quarantine(gate.reason, { step: step.data });
  }

  const merged = mergeOp({
    current: cur.rec, fieldVersions: cur.fieldVersions, fields, baseVersion, deviceId: op.deviceId, newVersion,
    appendOnly: def.appendOnly, removable: def.removable,
  });
  let next = merged.next;
  let overbooked: ConflictField[] = [];
  if (delta !== undefined) {
    // Counters commute: other offices' place changes are not a conflict with this one.
    merged.soft = merged.soft.filter((f) => f !== 'ageGroups');
    const before = JSON.stringify(next.ageGroups);
    ({ rec: next, overbooked } = applyPlacesDelta(next, delta));
    if (JSON.stringify(next.ageGroups) !== before) {
      merged.changed.push('ageGroups');
      merged.fieldVersions.ageGroups = { v: newVersion, d: op.deviceId };
    }
  }
  if (def.hasVersionField) next.version = newVersion;
  const valid = validate(def, next);
  if (def.officeOf(valid) !== cur.officeId && def.name !== 'kindergarten') throw new Quarantine('scope.officeChange');

  const hard = [...merged.hard];
  if (hard.length) {
    const id = await insertConflict(uow, { def, entityId: cur.id, officeId: cur.officeId, kind: 'hard', reason: 'field', op, serverVersion: cur.version, fields: hard });
    conflicts.push({ id, kind: 'hard', fields: hard.map((h) => h.field) });
  }
  if (overbooked.length) {
    const id = await insertConflict(uow, { def, entityId: cur.id, officeId: cur.officeId, kind: 'hard', reason: 'places.overbooked', op, serverVersion: cur.version, fields: overbooked });
    conflicts.push({ id, kind: 'hard', fields: overbooked.map((h) => h.field) });
  }
  if (merged.soft.length) {
    const soft = merged.soft.map((f) => ({ field: f, server: cur.rec[f] ?? null, device: f in fields ? fields[f] : null }));
    const id = await insertConflict(uow, { def, entityId: cur.id, officeId: cur.officeId, kind: 'soft', reason: 'merge', op, serverVersion: cur.version, fields: soft });
    conflicts.push({ id, kind: 'soft', fields: merged.soft });
  }
  const openDelta = conflicts.filter((c) => c.kind === 'hard').length;
  if (merged.changed.length) {
    // The device holds exactly the new state only if it held the old one (it
    // made it) and nothing of anyone else's was merged in: then pulls need not
    // send the record back to it. A delta on a shared counter never qualifies.
    const echo = cur.echo === op.deviceId && !conflicts.length && delta === undefined && isDeepStrictEqual(withoutVersion(valid), expected(def, cur.rec, fields)) ? op.deviceId : null;
    uow.update(def, valid, newVersion, merged.fieldVersions, openDelta, echo);
    return { status: 'applied', version: newVersion, ...(conflicts.length ? { conflicts } : {}) };
  }
  if (openDelta) uow.touch(def, cur.id, openDelta);
  return { status: 'applied', version: cur.version, ...(conflicts.length ? { conflicts } : {}) };
}

/**
 * What the desk made of the op locally: the changed fields laid over the
 * record, null removing an optional one (as the desk's own spread and the
 * server's merge do).
 * `version` counts changes on each side separately and is never compared.
 */
function expected(def: EntityDef, cur: Record<string, any>, fields: Record<string, unknown>): Record<string, unknown> {
  const rec: Record<string, unknown> = { ...cur, ...fields };
  for (const [k, v] of Object.entries(fields)) if (v === undefined || (v === null && def.removable.has(k))) delete rec[k];
  return withoutVersion(rec);
}

function withoutVersion(rec: Record<string, unknown>): Record<string, unknown> {
  const { version: _v, ...rest } = rec;
  return rest;
}

export async function applyOp(uow: UnitOfWork, ctx: SyncContext, device: Device, op: Op): Promise<ApplyOutcome> {
  const def = ENTITIES[op.entity];
  if (op.kind === 'transition' && def.name !== 'application') throw new Quarantine('op.kindUnsupported');
  if (op.kind === 'patch' && def.immutable) throw new Quarantine('op.kindUnsupported');
  const cur = await uow.load(def, op.entityId);
  // A create for a record the server already has (a device restored from backup,
  // an office record made by the district first) is a patch built on nothing.
  if (!cur) {
    if (op.kind !== 'create') throw new Quarantine('record.notFound', { entity: op.entity, id: op.entityId });
    return create(uow, ctx, device, def, op);
  }
  return update(uow, ctx, device, def, op, cur);
}
