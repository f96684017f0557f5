/**
 * Applies one op to the batch's records (a UnitOfWork: in memory until flushed).
 * Nothing a laptop sends is trusted: the op is checked here, when it is applied
 * (an op that waited in the backlog included), against the record kernel
 * (shared/records: shape with bounds, who may write what) and the domain rules
 * (intake, workflow, official numbers). Rejections are thrown as Quarantine
 * (the caller undoes the op's changes and records it as quarantined);
 * conflicts are not rejections: the op is applied as far as it merges, and the
 * rest is kept in the conflicts table.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  CLOCK_AHEAD_MS,
  FREE_PLACES_DELTA_FIELD,
  OpSchema,
  StepIdSchema,
  TRANSITIONS,
  UNREADABLE_OP_MARK,
  applicationRuleErrors,
  refusalRuleErrors,
  applyPlacesDelta,
  canTakeStep,
  checkChanged,
  checkRecord,
  dueRefusalErrors,
  hearingNoticeErrors,
  initialFieldVersions,
  issuesOf,
  layFields,
  mergeOp,
  officeMay,
  decidesHere,
  placesDeltaProblem,
  roleFitsOffice,
  writeRefusal,
  notOwnFields,
  type AcceptRefusal,
  type Actor,
  type Application,
  type ConflictField,
  type ConflictReason,
  type ConflictRef,
  type FieldError,
  type Op,
  type OfficeType,
  type PlacesDelta,
  type QuarantineReason,
  type RawOp,
  type Role,
  type ServiceEntry,
  type SyncStaff,
  type Visit,
  type Writer,
  withdrawalErrors,
} from '../../shared';
import type { Device, SyncContext } from '../store/context';
import { ENTITIES, type EntityDef } from '../store/entities';
import type { StoredRecord } from '../store/store';
import type { UnitOfWork } from '../store/unitOfWork';

export class Quarantine extends Error {
  constructor(
    readonly reason: QuarantineReason,
    readonly detail?: unknown,
  ) {
    super(reason);
  }
}

export type ApplyOutcome =
  | { status: 'applied'; version: number; conflicts?: ConflictRef[] }
  | { status: 'quarantined'; reason: string; detail?: unknown };

/** The op's shape and bounds: an op that fails is refused on its own, with the paths at fault. */
export function parseOp(raw: RawOp): Op {
  // A laptop that could not open its own op sends its header only, to keep its place (shared/sync/ops.ts).
  if (raw[UNREADABLE_OP_MARK] === true) throw new Quarantine('op.unreadable');
  const r = OpSchema.safeParse(raw);
  if (!r.success) throw new Quarantine('validation', issuesOf(r.error.issues));
  return r.data;
}

/**
 * Records as the unit of work holds them that passed their kind's whole check
 * in this push (its transaction): a record is checked whole once, by the first
 * op on it, and each later op parses only the fields it changed
 * (checkChanged, which says exactly what the whole check says: issue #17).
 * Per op still, so an op that would leave the record invalid is refused
 * whatever later ops of the push would make of it.
 */
const checked = new WeakSet<object>();

/**
 * Records checked whole, ops checked by the fields they changed, and the time
 * both took, since the server started (tests and benches read them);
 * `wholeOnly` checks every op's record whole, as before issue #17 (the bench
 * sets it to compare the two in one tree).
 */
export const recordChecks = { whole: 0, changed: 0, ms: 0, wholeOnly: false };

/**
 * The record after an op, checked: the op's fields passed OpSchema's bounds and the
 * stored part passed them when it was written, so only the schema runs; over the
 * fields that differ from `before` where `before` was checked whole in this push.
 */
function validate(
  def: EntityDef,
  rec: Record<string, unknown>,
  before?: { rec: Record<string, unknown>; changed: readonly string[] },
): Record<string, unknown> {
  const part = !!before && !recordChecks.wholeOnly && checked.has(before.rec);
  recordChecks[part ? 'changed' : 'whole']++;
  const t0 = performance.now();
  const r = part ? checkChanged(def, before.rec, rec, before.changed) : checkRecord(def, rec, { bounds: false });
  recordChecks.ms += performance.now() - t0;
  if (!r.ok) throw new Quarantine('validation', r.issues);
  return r.value;
}

const fieldIssues = (errors: FieldError[]) =>
  errors.map((e) => ({
    path: e.field.split('.'),
    code: e.code,
    message: e.code,
    ...(e.params ? { params: e.params } : {}),
  }));

function writerOf(device: Device): Writer {
  return {
    kind: device.kind === 'district' ? 'district' : device.district ? 'districtOffice' : 'office',
    officeId: device.officeId,
  };
}

/** Who signed an op: a member of the sending office (or of the district office), holding one of `roles` where given. */
async function actorFor(uow: UnitOfWork, device: Device, staffId: string, roles?: readonly Role[]): Promise<Actor> {
  const s = await uow.staffMember(staffId);
  if (!s) throw new Quarantine('staff.unknown', { staffId });
  if (s.officeId !== device.officeId && s.officeType !== 'districtEducation')
    throw new Quarantine('staff.otherOffice', { staffId });
  if (roles && !roles.some((r) => s.roles.includes(r))) throw new Quarantine('staff.wrongRole', { staffId, roles });
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
    entity: c.def.name,
    entityId: c.entityId,
    officeId: c.officeId,
    kind: c.kind,
    reason: c.reason,
    opId: c.op.opId,
    deviceId: c.op.deviceId,
    deviceSeq: c.op.deviceSeq,
    step: c.op.step ?? null,
    baseVersion: c.op.baseVersion,
    serverVersion: c.serverVersion,
    fields: c.fields,
  });
}

function stripNulls(def: EntityDef, rec: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(rec).filter(([k, v]) => !(v === null && def.removable.has(k))));
}

/** The catalog entry of a service an office takes in (and the office's type): it exists, and an office of this type may accept it. */
async function checkServiceAtOffice(
  uow: UnitOfWork,
  ctx: SyncContext,
  serviceCode: string,
  officeId: string,
): Promise<{ entry: ServiceEntry; officeType: OfficeType }> {
  const catalog = ctx.catalog();
  if (!catalog.has(serviceCode)) throw new Quarantine('catalog.unknownService', { serviceCode });
  const entry = catalog.get(serviceCode);
  const officeType = (await uow.officeType(officeId)) as OfficeType | null;
  if (!officeType) throw new Quarantine('office.unknown', { officeId });
  if (!officeMay(entry, officeType, 'accept'))
    throw new Quarantine('service.notForOffice', { serviceCode, officeType });
  return { entry, officeType };
}

/** What an office that only took the documents in may still write on the application: the log of its prints. */
const ACCEPTING_OFFICE_FIELDS = new Set(['prints', 'updatedAt', 'version']);

/**
 * An application taken in by a front office for a service the district
 * education department decides (shared/catalog/competence.ts, review F-20):
 * the steps after acceptance are the department's, taken on its own laptops
 * (a wide writer); the accepting office only logs its prints.
 */
async function checkDecidesHere(
  uow: UnitOfWork,
  ctx: SyncContext,
  cur: StoredRecord,
  kind: Op['kind'],
  fields: string[],
): Promise<void> {
  const app = cur.rec as Application;
  const catalog = ctx.catalog();
  if (!catalog.has(app.serviceCode) || !cur.officeId) return;
  const officeType = await uow.officeType(cur.officeId);
  if (!officeType || decidesHere(catalog.get(app.serviceCode), officeType)) return;
  const other = fields.filter((f) => !ACCEPTING_OFFICE_FIELDS.has(f));
  if (kind === 'transition' || other.length)
    throw new Quarantine('service.notIssuer', { serviceCode: app.serviceCode, officeType, fields: other });
}

/** The intake rules, the office's right to take the service in, and the workflow's first step (taken by `actor`). */
async function checkNewApplication(uow: UnitOfWork, ctx: SyncContext, actor: Actor, app: Application): Promise<void> {
  const { entry, officeType } = await checkServiceAtOffice(uow, ctx, app.serviceCode, app.officeId);
  // With the office's type: only a mobile centre takes the mobile channel.
  const rules = applicationRuleErrors(app, entry, undefined, officeType);
  if (rules.length) throw new Quarantine('validation', fieldIssues(rules));
  const gate = canTakeStep(null, 'accept', actor, entry);
  if (!gate.ok) throw new Quarantine(gate.reason);
  if (app.status !== TRANSITIONS.accept.to) throw new Quarantine('workflow.badTarget', { status: app.status });
}

async function create(
  uow: UnitOfWork,
  ctx: SyncContext,
  device: Device,
  def: EntityDef,
  op: Op,
): Promise<ApplyOutcome> {
  const raw = stripNulls(def, { ...op.fields, id: op.entityId });
  if (def.versionField) raw.version = 1;
  const rec = validate(def, raw);
  const actor = await actorFor(uow, device, op.staffId, def.signers);
  if (def.name === 'application') await checkNewApplication(uow, ctx, actor, rec as Application);
  if (def.name === 'refusal') {
    const refusal = rec as AcceptRefusal;
    const { officeType } = await checkServiceAtOffice(uow, ctx, refusal.serviceCode, refusal.officeId);
    // Its channel as an application's: the mobile one only at a mobile centre, with the settlement.
    const rules = refusalRuleErrors(refusal, officeType);
    if (rules.length) throw new Quarantine('validation', fieldIssues(rules));
    // Made and withdrawn before it was ever sent: the withdrawal is checked as if it came after.
    if (refusal.withdrawn) checkWithdrawal(device, op, { ...refusal, withdrawn: undefined }, refusal);
  }
  if (def.name === 'staff' || def.name === 'visit') {
    const { officeId } = rec as SyncStaff | Visit;
    const type = await uow.officeType(officeId);
    if (!type) throw new Quarantine('office.unknown', { officeId });
    // District staff sign in to the district console: their accounts are the district's to make.
    if (def.name === 'staff' && type === 'districtEducation' && device.kind !== 'district')
      throw new Quarantine('scope.districtOnly', { fields: ['officeId'] });
    if (def.name === 'staff') staffRolesFit(rec as SyncStaff, type);
    if (def.name === 'visit' && type !== 'mobileCentre') throw new Quarantine('visit.notMobile');
  }
  const conflicts: Array<{ reason: ConflictReason; fields: ConflictField[] }> = [];
  if (def.name === 'application') {
    const app = rec as Application;
    const ahead = acceptedInFuture(ctx, app);
    if (ahead) {
      // A clock running fast would put the child behind others in the queue: the
      // application counts from when the server received it until the district
      // decides, the laptop's time kept in the conflict for it to choose.
      app.acceptedAt = ahead.server;
      conflicts.push({ reason: 'clock.ahead', fields: [{ field: 'acceptedAt', ...ahead }] });
    }
    // An official number from outside the laptop's leases, or one another application
    // already carries: both applications stay, flagged, until the district renumbers one.
    if (device.kind !== 'district') {
      const problem = await uow.journalProblem(device.id, app);
      if (problem)
        conflicts.push({
          reason: problem.reason,
          fields: [{ field: 'journalNo', server: problem.other, device: app.journalNo }],
        });
    }
  }
  if (!conflicts.length) {
    // The creator holds exactly what it sent, unless validation changed it.
    const echo = isDeepStrictEqual(withoutVersion(rec), expected(def, { id: op.entityId }, op.fields))
      ? op.deviceId
      : null;
    checked.add(uow.insert(def, rec, 1, initialFieldVersions(rec, op.deviceId, 1), echo));
    return { status: 'applied', version: 1 };
  }
  const refs: ConflictRef[] = [];
  for (const c of conflicts) {
    const id = await insertConflict(uow, {
      def,
      entityId: op.entityId,
      officeId: def.ownerOffice(rec),
      kind: 'hard',
      reason: c.reason,
      op,
      serverVersion: 1,
      fields: c.fields,
    });
    refs.push({ id, kind: 'hard', fields: c.fields.map((f) => f.field) });
  }
  checked.add(uow.insert(def, rec, 1, initialFieldVersions(rec, op.deviceId, 1), null));
  uow.touch(def, op.entityId, refs.length);
  return { status: 'applied', version: 1, conflicts: refs };
}

/**
 * A notice of a preliminary refusal the record did not carry before (or moved
 * to another time): sent by its latest day, and the hearing in its window, so
 * that the final decision keeps the term (shared hearingNoticeErrors: the
 * desk's own rule, as of the notice's time, not of its arrival).
 */
function checkHearingNotice(ctx: SyncContext, before: Application, after: Application): void {
  const h = after.hearing;
  if (!h || (before.hearing?.noticeAt === h.noticeAt && before.hearing.hearingAt === h.hearingAt)) return;
  const catalog = ctx.catalog();
  if (!catalog.has(after.serviceCode))
    throw new Quarantine('catalog.unknownService', { serviceCode: after.serviceCode });
  const errors = hearingNoticeErrors(after, catalog.get(after.serviceCode));
  if (errors.length) throw new Quarantine('validation', fieldIssues(errors));
}

/**
 * A decision the record did not carry before, on an application taken in over
 * the age limit or without consent: only the reasoned refusal it owes
 * (shared dueRefusalErrors, the desk's own rule; issue #15, R-01).
 */
function checkDueRefusal(ctx: SyncContext, before: Application, after: Application): void {
  if (!after.decision || isDeepStrictEqual(before.decision, after.decision)) return;
  const catalog = ctx.catalog();
  if (!catalog.has(after.serviceCode)) return;
  const errors = dueRefusalErrors(after, after.decision, catalog.get(after.serviceCode));
  if (errors.length) throw new Quarantine('validation', fieldIssues(errors));
}

/**
 * A refusal to accept withdrawn (or a withdrawal changed): only by a laptop of
 * the refusal's own office (not the district's, whose laptops may otherwise
 * write any office's records), signed by the person it names, within the
 * window after the refusal and before its receipt was printed; once made it
 * stands (shared withdrawalErrors, the desk's own rule; issue #16).
 */
function checkWithdrawal(device: Device, op: Op, before: AcceptRefusal, after: AcceptRefusal): void {
  if (isDeepStrictEqual(before.withdrawn ?? null, after.withdrawn ?? null)) return;
  if (device.kind === 'district' || device.officeId !== after.officeId) throw new Quarantine('scope.office');
  const errors = withdrawalErrors(before, after, op.staffId);
  if (errors.length) throw new Quarantine('validation', fieldIssues(errors));
}

/** The console's powers (admin, specialist) are for the district education department's accounts only. */
function staffRolesFit(staff: SyncStaff, type: string): void {
  const misfit = staff.roles.find((r) => !roleFitsOffice(r, type as OfficeType));
  if (misfit) throw new Quarantine('staff.roleOffice', { role: misfit });
}

/** An acceptance time later than now (CLOCK_AHEAD_MS of slack): impossible but for a wrong clock. */
function acceptedInFuture(
  ctx: SyncContext,
  app: Pick<Application, 'acceptedAt'>,
): { server: string; device: string } | null {
  const at = Date.parse(app.acceptedAt);
  const now = ctx.now();
  return Number.isFinite(at) && at > Date.parse(now) + CLOCK_AHEAD_MS ? { server: now, device: app.acceptedAt } : null;
}

async function update(
  uow: UnitOfWork,
  ctx: SyncContext,
  device: Device,
  def: EntityDef,
  op: Op,
  cur: StoredRecord,
): Promise<ApplyOutcome> {
  const { id: _id, [FREE_PLACES_DELTA_FIELD]: placesDelta, ...fields } = op.fields;
  const delta = def.name === 'kindergarten' ? placesDelta : undefined;
  // A patch is made on a record the device received, so it saw at least the
  // first version: 0 (the desk's "no version known" for offices, staff and
  // kindergartens) must not turn every field the district seeded into a conflict.
  const baseVersion = op.kind === 'create' ? 0 : Math.max(1, op.baseVersion);
  const newVersion = cur.version + 1;
  const conflicts: ConflictRef[] = [];
  // A person's report on their own record (shared/records/kinds.ts selfFields) needs no role; they
  // must still be staff of the record's office (actorFor).
  const selfReport =
    op.kind === 'patch' &&
    op.staffId === cur.id &&
    Object.keys(fields).length > 0 &&
    Object.keys(fields).every((f) => def.selfFields.has(f));
  if (op.kind !== 'transition') await actorFor(uow, device, op.staffId, selfReport ? undefined : def.signers);
  if (def.name === 'application' && writerOf(device).kind === 'office')
    await checkDecidesHere(uow, ctx, cur, op.kind, Object.keys(fields));

  if (op.kind === 'transition') {
    const step = StepIdSchema.safeParse(op.step);
    if (!step.success) throw new Quarantine('op.stepMissing');
    const catalog = ctx.catalog();
    const app = cur.rec as Application;
    if (!catalog.has(app.serviceCode)) throw new Quarantine('catalog.unknownService', { serviceCode: app.serviceCode });
    const actor = await actorFor(uow, device, op.staffId);
    if (fields.status !== undefined && fields.status !== TRANSITIONS[step.data].to)
      throw new Quarantine('workflow.badTarget', { step: step.data, status: fields.status });
    const gate = canTakeStep(app, step.data, actor, catalog.get(app.serviceCode));
    if (!gate.ok && gate.reason === 'workflow.wrongState') {
      // Someone else moved the application on while this device was offline: an
      // impossible step is never forced in; both sides wait for the district.
      const diff = Object.entries(fields)
        .filter(([f]) => f !== 'updatedAt' && f !== 'version')
        .map(([field, device]) => ({ field, server: cur.rec[field] ?? null, device }));
      const id = await insertConflict(uow, {
        def,
        entityId: cur.id,
        officeId: cur.officeId,
        kind: 'hard',
        reason: 'workflow.wrongState',
        op,
        serverVersion: cur.version,
        fields: diff,
      });
      uow.touch(def, cur.id, +1);
      return {
        status: 'applied',
        version: cur.version,
        conflicts: [{ id, kind: 'hard', fields: diff.map((d) => d.field) }],
      };
    }
    if (!gate.ok) throw new Quarantine(gate.reason, { step: step.data });
  }

  const merged = mergeOp({
    current: cur.rec,
    fieldVersions: cur.fieldVersions,
    fields,
    baseVersion,
    deviceId: op.deviceId,
    newVersion,
    appendOnly: def.appendOnly,
    removable: def.removable,
  });
  let next = merged.next;
  let overbooked: ConflictField[] = [];
  if (delta !== undefined) {
    const problem = placesDeltaProblem(next, delta);
    if (problem)
      throw new Quarantine(problem.reason, [
        { path: problem.path, code: 'invalid', message: 'expected { ageGroupId: integer }' },
      ]);
    // Counters commute: other offices' place changes are not a conflict with this one.
    merged.soft = merged.soft.filter((f) => f !== 'ageGroups');
    const before = JSON.stringify(next.ageGroups);
    ({ rec: next, overbooked } = applyPlacesDelta(next, delta as PlacesDelta));
    if (JSON.stringify(next.ageGroups) !== before) {
      merged.changed.push('ageGroups');
      merged.fieldVersions.ageGroups = { v: newVersion, d: op.deviceId };
    }
  }
  if (def.versionField) next.version = newVersion;
  const valid = validate(def, next, { rec: cur.rec, changed: merged.changed });
  if (def.ownerOffice(valid) !== cur.officeId && def.name !== 'kindergarten')
    throw new Quarantine('scope.officeChange');
  if (def.name === 'staff' && cur.officeId) {
    const type = await uow.officeType(cur.officeId);
    if (type) staffRolesFit(valid as SyncStaff, type);
  }
  if (def.name === 'application') {
    checkHearingNotice(ctx, cur.rec as Application, valid as Application);
    checkDueRefusal(ctx, cur.rec as Application, valid as Application);
  }
  if (def.name === 'refusal') checkWithdrawal(device, op, cur.rec as AcceptRefusal, valid as AcceptRefusal);

  const hard = [...merged.hard];
  if (hard.length) {
    const id = await insertConflict(uow, {
      def,
      entityId: cur.id,
      officeId: cur.officeId,
      kind: 'hard',
      reason: 'field',
      op,
      serverVersion: cur.version,
      fields: hard,
    });
    conflicts.push({ id, kind: 'hard', fields: hard.map((h) => h.field) });
  }
  if (overbooked.length) {
    const id = await insertConflict(uow, {
      def,
      entityId: cur.id,
      officeId: cur.officeId,
      kind: 'hard',
      reason: 'places.overbooked',
      op,
      serverVersion: cur.version,
      fields: overbooked,
    });
    conflicts.push({ id, kind: 'hard', fields: overbooked.map((h) => h.field) });
  }
  if (merged.soft.length) {
    const soft = merged.soft.map((f) => ({
      field: f,
      server: cur.rec[f] ?? null,
      device: f in fields ? fields[f] : null,
    }));
    const id = await insertConflict(uow, {
      def,
      entityId: cur.id,
      officeId: cur.officeId,
      kind: 'soft',
      reason: 'merge',
      op,
      serverVersion: cur.version,
      fields: soft,
    });
    conflicts.push({ id, kind: 'soft', fields: merged.soft });
  }
  const openDelta = conflicts.filter((c) => c.kind === 'hard').length;
  if (merged.changed.length) {
    // The device holds exactly the new state only if it held the old one (it
    // made it) and nothing of anyone else's was merged in: then pulls need not
    // send the record back to it. A delta on a shared counter never qualifies.
    const echo =
      cur.echo === op.deviceId &&
      !conflicts.length &&
      delta === undefined &&
      isDeepStrictEqual(withoutVersion(valid), expected(def, cur.rec, fields))
        ? op.deviceId
        : null;
    checked.add(uow.update(def, valid, newVersion, merged.fieldVersions, openDelta, echo));
    return { status: 'applied', version: newVersion, ...(conflicts.length ? { conflicts } : {}) };
  }
  if (openDelta) uow.touch(def, cur.id, openDelta);
  return { status: 'applied', version: cur.version, ...(conflicts.length ? { conflicts } : {}) };
}

/**
 * What the desk made of the op locally: the changed fields laid over the
 * record (the kernel's layFields, as the desk itself does).
 * `version` counts changes on each side separately and is never compared.
 */
function expected(
  def: EntityDef,
  cur: Record<string, unknown>,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  return withoutVersion(layFields(def, cur, fields));
}

function withoutVersion(rec: Record<string, unknown>): Record<string, unknown> {
  const { version: _v, ...rest } = rec;
  return rest;
}

/**
 * One op (parsed by parseOp): who may write it, then the record's own rules.
 * A refusal names a reason of QUARANTINE_REASONS.
 */
export async function applyOp(uow: UnitOfWork, ctx: SyncContext, device: Device, op: Op): Promise<ApplyOutcome> {
  const def = ENTITIES[op.entity];
  if (op.kind === 'transition' && def.name !== 'application') throw new Quarantine('op.kindUnsupported');
  if (op.kind === 'patch' && def.immutable) throw new Quarantine('op.kindUnsupported');
  const cur = await uow.load(def, op.entityId);
  const refused = writeRefusal(def, writerOf(device), cur?.rec ?? null, op.fields);
  if (refused) throw new Quarantine(refused.reason, refused.fields ? { fields: refused.fields } : undefined);
  const notOwn = notOwnFields(def, op.staffId, cur?.rec ?? null, op.fields);
  if (notOwn.length) throw new Quarantine('staff.notOwn', { fields: notOwn });
  // A create for a record the server already has (a device restored from backup,
  // an office record made by the district first) is a patch built on nothing.
  if (!cur) {
    if (op.kind !== 'create') throw new Quarantine('record.notFound', { entity: op.entity, id: op.entityId });
    return create(uow, ctx, device, def, op);
  }
  return update(uow, ctx, device, def, op, cur);
}
