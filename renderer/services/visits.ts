/**
 * Mobile service-centre visits (seed 000 §9): the centre works in one
 * settlement at a time, at least six working hours in each. The current visit
 * is chosen at the start of work on this laptop; every application registered
 * while it is open is recorded in it, so the settlement travels with the work.
 */
import {
  VisitSchema,
  VISIT_MIN_WORKING_MINUTES,
  canonicalSettlement,
  newId,
  searchFold,
  visitWorkingMinutes,
  type Role,
  type Visit,
} from '../../shared';
import { DeskError, type KnownSettlements, type Session } from './api';
import type { DeskContext } from './context';
import { currentOffice } from './auth';
import { fromRows } from './indexes';
import { appendOp, changedFields, seenVersion } from './outbox';

const CURRENT_KEY = 'currentVisit';

const needRole = (s: Session, ...roles: Role[]) => {
  if (!roles.some((r) => s.staff.roles.includes(r))) throw new DeskError('workflow.wrongRole');
};

export type VisitInput = { settlement: string; arrivedAt?: string };

export async function listVisits(ctx: DeskContext): Promise<Visit[]> {
  return await ctx.db.visits.orderBy('arrivedAt').reverse().toArray();
}

/** The visit chosen on this laptop, if it is still open (no departure recorded). */
export async function currentVisit(ctx: DeskContext): Promise<Visit | null> {
  const id = (await ctx.db.meta.get(CURRENT_KEY))?.value as string | undefined;
  if (!id) return null;
  const v = await ctx.db.visits.get(id);
  return v && !v.departedAt ? v : null;
}

async function mobileOffice(ctx: DeskContext) {
  const office = await currentOffice(ctx);
  if (office.type !== 'mobileCentre') throw new DeskError('visits.notMobile');
  return office;
}

export async function startVisit(ctx: DeskContext, session: Session, input: VisitInput): Promise<Visit> {
  needRole(session, 'clerk', 'head');
  const office = await mobileOffice(ctx);
  const typed = input.settlement.replace(/\s+/g, ' ').trim();
  if (!typed) throw new DeskError('validation', [{ field: 'settlement', code: 'required' }]);
  // A settlement the office lists, by its own (Kazakh) name in whatever language it was chosen.
  const settlement = canonicalSettlement(typed, office.settlements);
  const now = ctx.now();
  const arrivedAt = input.arrivedAt ?? now;
  if (Number.isNaN(Date.parse(arrivedAt)) || Date.parse(arrivedAt) > Date.parse(now))
    throw new DeskError('validation', [{ field: 'arrivedAt', code: 'visits.inFuture' }]);
  const { db } = ctx;
  return db.transaction('rw', [db.visits, db.counters, db.meta, db.outbox], async () => {
    const open = await currentVisit(ctx);
    // One settlement at a time: the previous stay must be closed with its departure first.
    if (open) throw new DeskError('visits.alreadyOpen', [], { settlement: open.settlement });
    const v: Visit = VisitSchema.parse({
      id: newId(),
      officeId: office.id,
      settlement,
      arrivedAt,
      openedBy: session.staff.id,
      openedByName: session.staff.fullName,
      applicationIds: [],
      updatedAt: now,
    });
    await db.visits.add(v);
    await appendOp(ctx, {
      entity: 'visit',
      entityId: v.id,
      kind: 'create',
      fields: v,
      baseVersion: 0,
      staffId: session.staff.id,
    });
    await db.meta.put({ key: CURRENT_KEY, value: v.id });
    return v;
  });
}

/** Makes an open visit (recorded on another laptop of the centre, say) the current one here. */
export async function chooseVisit(ctx: DeskContext, session: Session, id: string): Promise<Visit> {
  needRole(session, 'clerk', 'head');
  const v = await ctx.db.visits.get(id);
  if (!v) throw new DeskError('notFound');
  if (v.departedAt) throw new DeskError('workflow.wrongState');
  await ctx.db.meta.put({ key: CURRENT_KEY, value: id });
  return v;
}

async function patchVisit(
  ctx: DeskContext,
  staffId: string,
  id: string,
  change: (v: Visit) => Partial<Visit>,
): Promise<Visit> {
  const { db } = ctx;
  return db.transaction('rw', [db.visits, db.counters, db.meta, db.outbox], async () => {
    const v = await db.visits.get(id);
    if (!v) throw new DeskError('notFound');
    const next = VisitSchema.parse({ ...v, ...change(v), updatedAt: ctx.now() });
    await db.visits.put(next);
    await appendOp(ctx, {
      entity: 'visit',
      entityId: id,
      kind: 'patch',
      fields: changedFields(v, next),
      baseVersion: await seenVersion(ctx, 'visit', id),
      staffId,
    });
    return next;
  });
}

/** Records the departure; `short` says the stay was under the six working hours the schedule promises. */
export async function endVisit(
  ctx: DeskContext,
  session: Session,
  id: string,
  departedAt?: string,
): Promise<{ visit: Visit; workingMinutes: number; short: boolean }> {
  needRole(session, 'clerk', 'head');
  const office = await mobileOffice(ctx);
  const at = departedAt ?? ctx.now();
  const visit = await patchVisit(ctx, session.staff.id, id, (v) => {
    if (v.departedAt) throw new DeskError('workflow.wrongState');
    if (Date.parse(at) <= Date.parse(v.arrivedAt))
      throw new DeskError('validation', [{ field: 'departedAt', code: 'visits.departBeforeArrival' }]);
    return { departedAt: at };
  });
  const workingMinutes = visitWorkingMinutes(visit.arrivedAt, at, {
    hours: office.hours,
    offsetMinutes: office.utcOffsetMinutes,
    calendar: ctx.calendar,
  });
  return { visit, workingMinutes, short: workingMinutes < VISIT_MIN_WORKING_MINUTES };
}

/**
 * After an application is registered: if a visit is open on this laptop, the
 * application joins it (its own transaction with its op; the registration
 * itself is already safe and numbered, so a failure here must not undo it).
 */
export async function attachToCurrentVisit(
  ctx: DeskContext,
  session: Session,
  applicationId: string,
  settlement?: string,
): Promise<Visit | null> {
  const v = await currentVisit(ctx);
  if (!v) return null;
  // An application the clerk recorded in another settlement did not come during this stay.
  if (
    settlement !== undefined &&
    canonicalSettlement(v.settlement, (await currentOffice(ctx)).settlements) !== settlement
  )
    return null;
  return patchVisit(ctx, session.staff.id, v.id, (cur) =>
    cur.applicationIds.includes(applicationId) ? {} : { applicationIds: [...cur.applicationIds, applicationId] },
  );
}

/**
 * Settlement of each application registered during a visit (for lists and
 * search results; applications since issue #14 carry their own `settlement`,
 * which the screens show first).
 */
export async function settlementsOf(ctx: DeskContext, applicationIds: string[]): Promise<Record<string, string>> {
  if (!applicationIds.length) return {};
  const visits = await ctx.db.visits.where('applicationIds').anyOf(applicationIds).toArray();
  const out: Record<string, string> = {};
  const wanted = new Set(applicationIds);
  for (const v of visits) for (const id of v.applicationIds) if (wanted.has(id)) out[id] = v.settlement;
  return out;
}

/** How many of the latest applications are read for the settlements they were taken in. */
const RECENT_APPLICATIONS = 300;

/**
 * The settlements a mobile centre may start a visit in, for the visits
 * screen to offer (a new one may still be typed): those the district lists
 * for the office, then those its visits and its latest mobile-channel
 * applications were in (the settlement is sealed with the application, so
 * only the latest RECENT_APPLICATIONS are opened), each once (searchFold),
 * the most recent first.
 */
export async function knownSettlements(ctx: DeskContext): Promise<KnownSettlements> {
  const office = await currentOffice(ctx);
  const listed = office.settlements ?? [];
  const seen = new Set(listed.flatMap((s) => [searchFold(s.name.kk), searchFold(s.name.ru)]));
  const used: string[] = [];
  const add = (name: string | undefined) => {
    const key = searchFold(name ?? '');
    if (!name || !key || seen.has(key)) return;
    seen.add(key);
    used.push(name.trim());
  };
  for (const v of await ctx.db.visits.orderBy('arrivedAt').reverse().toArray()) add(v.settlement);
  const recent = await ctx.db.applications.orderBy('sortKey').reverse().limit(RECENT_APPLICATIONS).toArray();
  for (const a of await fromRows(ctx.vault, recent)) if (a.channel === 'mobile') add(a.settlement);
  return { listed, used };
}
