/**
 * Applications: intake, the five-step workflow, the queue, prints. Each call is
 * one Dexie transaction writing the record and its outbox op together. Role
 * and state checks run here, not only in the UI, through the shared machine.
 */
import {
  ApplicationSchema,
  TEXT_LIMITS,
  canTakeStep,
  officeMay,
  decidesHere,
  textErrors,
  typedTextErrors,
  computeDue,
  lastStepEnd,
  localParts,
  makeStepRecord,
  missingDocuments,
  newId,
  normalizeIntake,
  isReferralExpired,
  referralValidUntil,
  referralValidityDays,
  validateIntake,
  withdrawalErrors,
  canonicalSettlement,
  channelErrors,
  defaultChannel,
  compareQueue,
  suggestDecision,
  FREE_PLACES_DELTA_FIELD,
  checkNotice,
  completenessDue,
  dueNoticeErrors,
  dueRefusalErrors,
  subjectOf,
  finalDecisionDue,
  formatReferralNo,
  formatTableDate,
  formatTableDateTime,
  handBackFrom,
  needsHearing,
  CAMP_REFUSAL_TO_ACCEPT_COPIES,
  REFUSAL_TO_ACCEPT_COPIES,
  documentContext,
  isOpenApplication,
  isOpenWork,
  isWithdrawn,
  keepsQueue,
  HEARING_JOURNAL,
  REFERRAL_JOURNAL,
  RESULT_JOURNAL,
  type AcceptRefusal,
  type Application,
  type FieldError,
  type IntakeInput,
  type Kindergarten,
  type Lang,
  type Office,
  type Role,
  type Staff,
  type ServiceEntry,
  type StepId,
} from '../../shared';
import { DeskError, type DecisionInput, type PrintAction, type Session } from './api';
import type { DeskContext } from './context';
import type { AppRow } from '../db/schema';
import { appendOp, changedFields, seenVersion } from './outbox';
import { formatJournalNo, nextNumber } from './numbers';
import { fromRow, fromRows, inTx, refusalFromRow, refusalToRow, toRow } from './indexes';
import { currentOffice } from './auth';
import { logAccess } from './access';
import { currentVisit } from './visits';

const actorOf = (s: Session) => ({ id: s.staff.id, fullName: s.staff.fullName, roles: s.staff.roles as Role[] });
const dueOpts = (ctx: DeskContext, o: Office) => ({
  hours: o.hours,
  offsetMinutes: o.utcOffsetMinutes,
  calendar: ctx.calendar,
});

/**
 * Open applications for the same service about the same person: the child,
 * or for services about the applicant the applicant (or whom a proxy represents).
 */
export async function openApplicationsForSubject(
  ctx: DeskContext,
  subjectIin: string,
  serviceCode: string,
): Promise<Application[]> {
  const iin = subjectIin.replace(/\D/g, '');
  const key = await inTx(ctx.vault.blind('iin', iin));
  const rows = await ctx.db.applications.where('[serviceCode+subjectIin]').equals([serviceCode, key]).toArray();
  return (await fromRows(ctx.vault, rows)).filter(isOpenApplication);
}

export async function register(
  ctx: DeskContext,
  session: Session,
  raw: IntakeInput,
  opts: { startedAt?: string; acknowledgeDuplicate?: boolean } = {},
): Promise<Application> {
  const entry = ctx.catalog.get(raw.serviceCode);
  const office = await currentOffice(ctx);
  if (!officeMay(entry, office.type, 'accept')) throw new DeskError('service.notForOffice');
  const now = ctx.now();
  const actor = actorOf(session);
  const gate = canTakeStep(null, 'accept', actor, entry);
  if (!gate.ok) throw new DeskError(gate.reason);
  const visit = await currentVisit(ctx);
  const input = withChannel(normalizeIntake(raw), office, visit?.settlement);
  const v = validateIntake(input, entry, now, office.utcOffsetMinutes, {
    officeType: office.type,
    settlements: settlementNames(office, visit?.settlement),
  });
  if (!v.ok) throw new DeskError('validation', v.errors);
  const value = v.value;
  const missing = missingDocuments(entry, value.documents, documentContext(value));
  if (missing.length) {
    throw new DeskError(
      'documents.missing',
      missing.map((d) => ({ field: 'documents', code: 'documents.missing', params: { doc: d.code } })),
    );
  }
  // Kindergartens belong to a queue only; another service's intake carries none.
  if (!keepsQueue(entry)) value.kindergartenIds = [];
  const kgs = await ctx.db.kindergartens.bulkGet(value.kindergartenIds);
  const unknownKg = value.kindergartenIds.find((id, i) => !kgs[i]);
  if (unknownKg) throw new DeskError('validation', [{ field: 'kindergartenIds', code: 'kindergarten.unknown' }]);

  const { db } = ctx;
  return db.transaction('rw', [db.applications, db.counters, db.leases, db.meta, db.outbox, db.access], async () => {
    const open = await openApplicationsForSubject(ctx, subjectOf(value).iin, value.serviceCode);
    if (open.length && !opts.acknowledgeDuplicate) {
      throw new DeskError('duplicate.open', [], { journalNo: open[0].journalNo, count: open.length });
    }
    const year = Number(localParts(now, office.utcOffsetMinutes).date.slice(0, 4));
    const seq = await nextNumber(ctx, office.id, entry.code, year);
    const due = computeDue(now, entry.term, dueOpts(ctx, office));
    const startedAt = opts.startedAt && opts.startedAt <= now ? opts.startedAt : now;
    const app: Application = ApplicationSchema.parse({
      id: newId(),
      officeId: office.id,
      serviceCode: entry.code,
      journalYear: year,
      journalSeq: seq,
      journalNo: formatJournalNo(office.code, year, seq),
      lang: value.lang,
      applicant: stripUndefined({
        ...value.applicant,
        ...(value.applicant.principal ? { principal: stripUndefined(value.applicant.principal) } : {}),
      }),
      // A child only where the entry's subject is one (validateIntake drops it otherwise).
      ...(value.child
        ? {
            child: stripUndefined({
              iin: value.child.iin,
              lastName: value.child.lastName,
              firstName: value.child.firstName,
              middleName: value.child.middleName,
              birthDate: value.child.birthDate,
              sex: value.child.sex,
            }),
          }
        : {}),
      priority: value.priority || null,
      ...(value.priorityDoc ? { priorityDoc: value.priorityDoc } : {}),
      kindergartenIds: value.kindergartenIds,
      workplaces: stripUndefined(value.workplaces),
      consent: value.consent,
      documents: entry.documents.filter((d) => value.documents.includes(d.code)).map((d) => d.code),
      status: 'registered',
      // A child the decision must refuse (over the age limit: issue #15, R-01) does not wait in the queue meanwhile.
      queueState: keepsQueue(entry) && !v.warnings.length ? 'waiting' : 'none',
      acceptedAt: now,
      acceptedBy: actor.id,
      channel: value.channel,
      ...(value.settlement ? { settlement: value.settlement } : {}),
      ...(value.arrivalAt ? { arrivalAt: value.arrivalAt } : {}),
      ...(value.ticketNo ? { ticketNo: value.ticketNo } : {}),
      dueAt: due.dueAt,
      expiredReferrals: [],
      steps: [makeStepRecord(entry, 'accept', actor, startedAt, now, dueOpts(ctx, office))],
      prints: [],
      ...serviceExtras(entry, value, now, dueOpts(ctx, office)),
      version: 1,
      updatedAt: now,
    });
    await db.applications.add(await toRow(ctx.vault, app));
    await appendOp(ctx, {
      entity: 'application',
      entityId: app.id,
      kind: 'create',
      fields: app,
      baseVersion: 0,
      staffId: actor.id,
      step: 'accept',
    });
    await logAccess(ctx, session, app.id, 'change', 'accept');
    return app;
  });
}

/**
 * The intake with its channel filled in where the clerk left it (defaultChannel:
 * a mobile centre in a settlement takes applications there), and a mobile
 * centre's settlement by the office's own name of it, or the open visit's if
 * none was given.
 */
function withChannel(input: IntakeInput, office: Office, visitSettlement?: string): IntakeInput {
  const channel = input.channel ?? defaultChannel(office.type, visitSettlement).channel;
  if (channel !== 'mobile') return { ...input, channel };
  // A settlement given empty stays empty (refused as missing): the visit's is the default, not a correction.
  const settlement = input.settlement === undefined ? visitSettlement : input.settlement;
  return {
    ...input,
    channel,
    settlement: settlement ? canonicalSettlement(settlement, office.settlements) : undefined,
  };
}

/**
 * The settlement names a mobile centre's application may carry: those the
 * district listed for the office (in either language) and the one the visit
 * open here was started in (typed on the visits screen); any name where the
 * district listed none.
 */
function settlementNames(office: Office, visitSettlement?: string): string[] | undefined {
  const listed = office.settlements ?? [];
  if (!listed.length) return undefined;
  return [...listed.flatMap((s) => [s.name.kk, s.name.ru]), ...(visitSettlement ? [visitSettlement] : [])];
}

/** What an application of a service other than the preschool queue adds: its fields, status category, check date. */
function serviceExtras(
  entry: ServiceEntry,
  v: IntakeInput,
  now: string,
  opts: ReturnType<typeof dueOpts>,
): Partial<Application> {
  const out: Partial<Application> = {};
  const codes = new Set((entry.applicationFields ?? []).map((f) => f.code));
  const fields = Object.fromEntries(Object.entries(v.fields ?? {}).filter(([k, x]) => codes.has(k) && x));
  if (Object.keys(fields).length) out.fields = fields;
  if (entry.statusCategories && v.statusCategory) {
    out.statusCategory = v.statusCategory;
    if (v.statusDocument) out.statusDocument = v.statusDocument;
  }
  const registry = new Set(entry.documents.filter((d) => d.when?.kind === 'notInRegistry').map((d) => d.code));
  const lacking = (v.notInRegistry ?? []).filter((c) => registry.has(c));
  if (lacking.length) out.notInRegistry = lacking;
  if (entry.completenessCheckWorkingDays)
    out.completenessDueAt = completenessDue(now, entry.completenessCheckWorkingDays, opts);
  return out;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
}

export async function refuseToAccept(
  ctx: DeskContext,
  session: Session,
  raw: IntakeInput,
  claimed: string[],
): Promise<AcceptRefusal> {
  const entry = ctx.catalog.get(raw.serviceCode);
  // An office refuses to accept only what it would accept: the rest is not its to answer.
  if (!officeMay(entry, (await currentOffice(ctx)).type, 'accept')) throw new DeskError('service.notForOffice');
  const actor = actorOf(session);
  const gate = canTakeStep(null, 'accept', actor, entry);
  if (!gate.ok) throw new DeskError(gate.reason);
  const office = await currentOffice(ctx);
  const visit = await currentVisit(ctx);
  // The channel as an application takes it (a mobile centre's settlement by the office's own name):
  // refusals are counted per channel. Arrival and ticket are an application's, not recorded here.
  const input = withChannel(normalizeIntake(raw), office, visit?.settlement);
  const now = ctx.now();
  const errors: FieldError[] = [];
  if (!input.applicant.lastName) errors.push({ field: 'applicant.lastName', code: 'required' });
  if (!input.applicant.firstName) errors.push({ field: 'applicant.firstName', code: 'required' });
  errors.push(...textErrors(input));
  errors.push(
    ...channelErrors({ channel: input.channel, settlement: input.settlement }, now, {
      offsetMinutes: office.utcOffsetMinutes,
      officeType: office.type,
      settlements: settlementNames(office, visit?.settlement),
    }),
  );
  if (errors.length) throw new DeskError('validation', errors);
  const missing = missingDocuments(entry, input.documents, documentContext(input)).map((d) => d.code);
  // The receipt must list exactly what is missing: a stale checklist in the UI is an error, not a guess.
  if (!missing.length) throw new DeskError('documents.nothingMissing');
  if (claimed.length && (claimed.length !== missing.length || claimed.some((c) => !missing.includes(c))))
    throw new DeskError('documents.checklistChanged');
  const c = entry.subject === 'child' ? input.child : undefined;
  const child =
    c &&
    stripUndefined({
      iin: c.iin || undefined,
      lastName: c.lastName || undefined,
      firstName: c.firstName || undefined,
      middleName: c.middleName,
    });
  const principal =
    entry.subject === 'applicant' && input.applicant.kind === 'proxy' && input.applicant.principal
      ? stripUndefined(input.applicant.principal)
      : undefined;
  const { principal: _p, ...applicant } = input.applicant;
  const refusal: AcceptRefusal = {
    id: newId(),
    officeId: office.id,
    serviceCode: entry.code,
    at: now,
    by: actor.id,
    byName: actor.fullName,
    lang: input.lang,
    applicant: stripUndefined({
      ...applicant,
      iin: input.applicant.iin,
      ...(principal && Object.keys(principal).length ? { principal } : {}),
    }),
    ...(child ? { child } : {}),
    missingDocuments: missing,
    prints: [],
    ...(input.channel ? { channel: input.channel } : {}),
    ...(input.settlement ? { settlement: input.settlement } : {}),
  };
  const { db } = ctx;
  await db.transaction('rw', [db.refusals, db.counters, db.meta, db.outbox], async () => {
    await db.refusals.add(await refusalToRow(ctx.vault, refusal));
    await appendOp(ctx, {
      entity: 'refusal',
      entityId: refusal.id,
      kind: 'create',
      fields: refusal,
      baseVersion: 0,
      staffId: actor.id,
    });
  });
  return refusal;
}

/**
 * Withdraws a refusal to accept just made here: by the same office, within
 * the undo window and before its receipt was printed (the shared rule the
 * server re-checks). The record stays, marked withdrawn, and is synced.
 */
export async function withdrawRefusal(ctx: DeskContext, session: Session, id: string): Promise<AcceptRefusal> {
  const { db } = ctx;
  const office = await currentOffice(ctx);
  return db.transaction('rw', [db.refusals, db.counters, db.meta, db.outbox], async () => {
    const row = await db.refusals.get(id);
    if (!row) throw new DeskError('notFound');
    const before = await refusalFromRow(ctx.vault, row);
    if (before.officeId !== office.id) throw new DeskError('refusalWithdrawal.otherOffice');
    if (before.withdrawn) throw new DeskError('refusalWithdrawal.final');
    const withdrawn = { at: ctx.now(), by: session.staff.id, byName: session.staff.fullName };
    const after: AcceptRefusal = { ...before, withdrawn };
    const errors = withdrawalErrors(before, after, session.staff.id);
    if (errors.length) throw new DeskError(errors[0].code, errors);
    await db.refusals.put(await refusalToRow(ctx.vault, after));
    await appendOp(ctx, {
      entity: 'refusal',
      entityId: id,
      kind: 'patch',
      fields: { withdrawn },
      baseVersion: await seenVersion(ctx, 'refusal', id),
      staffId: session.staff.id,
    });
    return after;
  });
}

/** Loads, checks the step, applies `change`, bumps the version and logs the op: one transaction. */
async function step(
  ctx: DeskContext,
  session: Session,
  id: string,
  stepId: StepId,
  change: (
    app: Application,
    entry: ServiceEntry,
    office: Office,
  ) => Promise<Partial<Application>> | Partial<Application>,
  note?: string,
): Promise<Application> {
  const office = await currentOffice(ctx);
  const { db } = ctx;
  return db.transaction(
    'rw',
    [db.applications, db.kindergartens, db.staff, db.counters, db.leases, db.meta, db.outbox, db.access],
    async () => {
      const row = await db.applications.get(id);
      if (!row) throw new DeskError('notFound');
      const app = await fromRow(ctx.vault, row);
      const entry = ctx.catalog.get(app.serviceCode);
      // What this office only took in for the district education department is the department's to decide (F-20).
      if (!decidesHere(entry, office.type)) throw new DeskError('service.notIssuer');
      const actor = actorOf(session);
      const gate = canTakeStep(app, stepId, actor, entry);
      if (!gate.ok) throw new DeskError(gate.reason);
      const now = ctx.now();
      const patch = await change(app, entry, office);
      const record = makeStepRecord(entry, stepId, actor, lastStepEnd(app), now, dueOpts(ctx, office), note);
      const next: Application = {
        ...app,
        ...patch,
        steps: [...app.steps, record],
        version: app.version + 1,
        updatedAt: now,
      };
      await db.applications.put(await toRow(ctx.vault, next, row));
      await appendOp(ctx, {
        entity: 'application',
        entityId: id,
        kind: 'transition',
        fields: changedFields(app, next),
        baseVersion: row.serverVersion ?? 0,
        staffId: actor.id,
        step: stepId,
      });
      await logAccess(ctx, session, id, 'change', stepId);
      return next;
    },
  );
}

export function resolve(ctx: DeskContext, session: Session, id: string, executorId: string) {
  return step(ctx, session, id, 'resolution', async () => {
    const ex = await ctx.db.staff.get(executorId);
    if (!ex || !ex.active || !ex.roles.includes('executor')) throw new DeskError('workflow.badExecutor');
    return { status: 'assigned', executorId };
  });
}

async function adjustPlaces(ctx: DeskContext, staffId: string, kgId: string, groupId: string, delta: number) {
  const kg = await ctx.db.kindergartens.get(kgId);
  if (!kg) throw new DeskError('kindergarten.unknown');
  const g = kg.ageGroups.find((x) => x.id === groupId);
  if (!g) throw new DeskError('kindergarten.noAgeGroup');
  if (g.freePlaces + delta < 0) throw new DeskError('kindergarten.noPlace');
  const next: Kindergarten = {
    ...kg,
    ageGroups: kg.ageGroups.map((x) => (x.id === groupId ? { ...x, freePlaces: x.freePlaces + delta } : x)),
    updatedAt: ctx.now(),
  };
  await ctx.db.kindergartens.put(next);
  // A counter delta, not the whole group list: two offices referring offline must both count.
  await appendOp(ctx, {
    entity: 'kindergarten',
    entityId: kg.id,
    kind: 'patch',
    fields: { [FREE_PLACES_DELTA_FIELD]: { [groupId]: delta } },
    baseVersion: 0,
    staffId,
  });
}

export function decide(ctx: DeskContext, session: Session, id: string, d: DecisionInput) {
  return step(ctx, session, id, 'decision', async (app, entry, office) => {
    // Taken in over the age limit or without consent: the reasoned refusal on that ground, nothing else.
    const due = dueRefusalErrors(app, d, entry, office.utcOffsetMinutes);
    if (due.length) throw new DeskError('validation', due);
    if (d.kind === 'refusal') {
      if (!entry.refusalGrounds.some((g) => g.code === d.groundCode))
        throw new DeskError('validation', [{ field: 'groundCode', code: 'refusal.groundRequired' }]);
      if (!d.reason?.trim()) throw new DeskError('validation', [{ field: 'reason', code: 'refusal.reasonRequired' }]);
      // §9 grounds are refused only after the preliminary decision and a hearing that upheld it (seed 003 Annex 11 §10).
      if (needsHearing(entry, d.groundCode)) {
        const hearing = app.hearing;
        const rec = hearing?.record;
        if (!hearing || !rec) throw new DeskError('hearing.required');
        if (rec.outcome !== 'refuse') throw new DeskError('hearing.granted');
        if (!hearing.grounds.includes(d.groundCode)) throw new DeskError('hearing.groundNotHeard');
      }
      const bad = typedTextErrors([['reason', d.reason.trim(), TEXT_LIMITS.text]]);
      if (bad.length) throw new DeskError('validation', bad);
      return {
        status: 'decided',
        decision: { kind: 'refusal', groundCode: d.groundCode, reason: d.reason.trim() },
        queueState: keepsQueue(entry) ? 'refused' : 'none',
      };
    }
    if (d.kind === 'notification') return { status: 'decided', decision: { kind: 'notification' } };
    if (d.kind === 'result') return resultDecision(ctx, app, entry, office, d);
    const kg = await ctx.db.kindergartens.get(d.kindergartenId);
    const group = kg?.ageGroups.find((g) => g.id === d.ageGroupId);
    if (!kg || !group) throw new DeskError('kindergarten.unknown');
    if (group.freePlaces < 1) throw new DeskError('kindergarten.noPlace');
    await adjustPlaces(ctx, session.staff.id, kg.id, group.id, -1);
    const year = Number(localParts(ctx.now(), office.utcOffsetMinutes).date.slice(0, 4));
    const n = await nextNumber(ctx, office.id, REFERRAL_JOURNAL, year);
    return {
      status: 'decided',
      queueState: 'referred',
      decision: {
        kind: 'referral',
        kindergartenId: kg.id,
        ageGroupId: group.id,
        referralNo: formatReferralNo(office.code, year, n),
      },
    };
  });
}

type ResultInput = Extract<DecisionInput, { kind: 'result' }>;

/** The result document of a service that keeps no queue (a queue refers to a place instead), numbered in the office's result journal. */
async function resultDecision(
  ctx: DeskContext,
  app: Application,
  entry: ServiceEntry,
  office: Office,
  d: ResultInput,
): Promise<Partial<Application>> {
  const result = keepsQueue(entry)
    ? undefined
    : entry.results.find((r) => r.kind !== 'refusal' && (!d.resultKind || r.kind === d.resultKind));
  if (!result) throw new DeskError('validation', [{ field: 'resultKind', code: 'service.resultUnknown' }]);
  if (app.hearing && !app.hearing.record) throw new DeskError('hearing.pending');
  if (app.hearing?.record?.outcome === 'refuse') throw new DeskError('hearing.outcomeRefuse');
  const errors = [];
  const text = d.text?.trim();
  const camp = d.camp?.name?.trim()
    ? {
        name: d.camp.name.trim(),
        ...(d.camp.address?.trim() ? { address: d.camp.address.trim() } : {}),
        ...(d.camp.season?.trim() ? { season: d.camp.season.trim() } : {}),
      }
    : undefined;
  const basis = d.basis && {
    body: d.basis.body?.trim() ?? '',
    number: d.basis.number?.trim() ?? '',
    date: d.basis.date ?? '',
  };
  if (result.form === 'camp-referral' && !camp) errors.push({ field: 'camp.name', code: 'required' });
  if (result.form === 'guardianship-certificate') {
    if (!basis?.body) errors.push({ field: 'basis.body', code: 'required' });
    if (!basis?.number) errors.push({ field: 'basis.number', code: 'required' });
    if (!basis?.date || !/^\d{4}-\d{2}-\d{2}$/.test(basis.date)) errors.push({ field: 'basis.date', code: 'required' });
  }
  if (result.form === 'generic-result' && !text) errors.push({ field: 'text', code: 'required' });
  errors.push(
    ...typedTextErrors([
      ['text', text, TEXT_LIMITS.text],
      ['camp.name', camp?.name, TEXT_LIMITS.line],
      ['camp.address', camp?.address, TEXT_LIMITS.line],
      ['camp.season', camp?.season, TEXT_LIMITS.line],
      ['basis.body', basis?.body, TEXT_LIMITS.line],
      ['basis.number', basis?.number, TEXT_LIMITS.line],
    ]),
  );
  if (errors.length) throw new DeskError('validation', errors);
  const year = Number(localParts(ctx.now(), office.utcOffsetMinutes).date.slice(0, 4));
  const n = await nextNumber(ctx, office.id, RESULT_JOURNAL, year);
  return {
    status: 'decided',
    decision: {
      kind: 'result',
      resultKind: result.kind,
      form: result.form,
      documentNo: formatJournalNo(office.code, year, n),
      ...(text ? { text } : {}),
      ...(camp ? { camp } : {}),
      ...(basis && result.form === 'guardianship-certificate' ? { basis } : {}),
    },
  };
}

export type NoticeInput = { grounds: string[]; reason: string; hearingAt: string; place?: string };

/**
 * The preliminary decision to refuse and the notice of the hearing: by the
 * assigned executor, while the decision is pending, no later than the
 * entry's working days before the term ends (checked on the calendar).
 */
export async function preliminaryRefusal(
  ctx: DeskContext,
  session: Session,
  id: string,
  n: NoticeInput,
): Promise<Application> {
  const office = await currentOffice(ctx);
  const actor = actorOf(session);
  return hearingPatch(ctx, session, id, 'notice', async (app, entry) => {
    const gate = canTakeStep(app, 'decision', actor, entry);
    if (!gate.ok) throw new DeskError(gate.reason);
    if (app.hearing) throw new DeskError('hearing.already');
    if (!n.reason?.trim()) throw new DeskError('validation', [{ field: 'reason', code: 'refusal.reasonRequired' }]);
    // The refusal the application owes (no consent) follows only on a ground this notice names.
    const owed = dueNoticeErrors(app, n.grounds, entry, office.utcOffsetMinutes);
    if (owed.length) throw new DeskError('validation', owed);
    const now = ctx.now();
    const check = checkNotice(entry, app.dueAt, n.grounds, now, n.hearingAt, dueOpts(ctx, office));
    if (!check.ok) {
      const w = check.span;
      const h = check.window;
      throw new DeskError(check.reason, [], {
        ...(w ? { latest: formatTableDate(w.latestNoticeOn), termEnds: formatTableDate(w.termEndsOn) } : {}),
        // The hearing's own window (K-02): from the last day to object to the last start that keeps the term.
        ...(h
          ? {
              earliest: formatTableDate(h.earliestOn),
              latestAt: formatTableDateTime(h.latestAt, office.utcOffsetMinutes),
            }
          : {}),
      });
    }
    const today = localParts(now, office.utcOffsetMinutes).date;
    const no = await nextNumber(ctx, office.id, HEARING_JOURNAL, Number(today.slice(0, 4)));
    return {
      hearing: {
        grounds: [...n.grounds],
        reason: n.reason.trim(),
        noticeNo: formatJournalNo(office.code, Number(today.slice(0, 4)), no),
        noticeOn: today,
        noticeAt: now,
        noticeBy: actor.id,
        noticeByName: actor.fullName,
        latestNoticeOn: check.span.latestNoticeOn,
        termEndsOn: check.span.termEndsOn,
        hearingAt: new Date(Date.parse(n.hearingAt)).toISOString(),
        ...(n.place?.trim() ? { place: n.place.trim() } : {}),
      },
    };
  });
}

export type HearingRecordInput = {
  startedAt: string;
  endedAt?: string;
  participants: string;
  applicantPresent: boolean;
  applicantPosition?: string;
  outcome: 'grant' | 'refuse';
};

/** The record of the hearing (АӘПК art. 74); the final decision is then due within the entry's working days. */
export async function recordHearing(
  ctx: DeskContext,
  session: Session,
  id: string,
  r: HearingRecordInput,
): Promise<Application> {
  const office = await currentOffice(ctx);
  const actor = actorOf(session);
  return hearingPatch(ctx, session, id, 'hearing', (app, entry) => {
    const gate = canTakeStep(app, 'decision', actor, entry);
    if (!gate.ok) throw new DeskError(gate.reason);
    if (!app.hearing) throw new DeskError('hearing.noNotice');
    if (app.hearing.record) throw new DeskError('hearing.recorded');
    const start = Date.parse(r.startedAt);
    const end = r.endedAt ? Date.parse(r.endedAt) : start;
    if (Number.isNaN(start) || Number.isNaN(end) || end < start)
      throw new DeskError('validation', [{ field: 'startedAt', code: 'hearing.badTime' }]);
    if (start < Date.parse(app.hearing.noticeAt) || start > Date.parse(ctx.now()))
      throw new DeskError('validation', [{ field: 'startedAt', code: 'hearing.badTime' }]);
    if (r.outcome !== 'grant' && r.outcome !== 'refuse')
      throw new DeskError('validation', [{ field: 'outcome', code: 'required' }]);
    const endedAt = new Date(end).toISOString();
    return {
      hearing: {
        ...app.hearing,
        record: {
          startedAt: new Date(start).toISOString(),
          ...(r.endedAt ? { endedAt } : {}),
          participants: r.participants?.trim() ?? '',
          applicantPresent: !!r.applicantPresent,
          ...(r.applicantPresent && r.applicantPosition?.trim()
            ? { applicantPosition: r.applicantPosition.trim() }
            : {}),
          outcome: r.outcome,
          recordedAt: ctx.now(),
          recordedBy: actor.id,
          recordedByName: actor.fullName,
          finalDueAt: finalDecisionDue(endedAt, entry.hearing?.finalDecisionWorkingDays ?? 1, dueOpts(ctx, office)),
        },
      },
    };
  });
}

/** A result not collected within the entry's months goes back to the provider for storage (seed 003 Annex 11 §12). */
export async function handBack(ctx: DeskContext, session: Session, id: string): Promise<Application> {
  if (!session.staff.roles.includes('clerk')) throw new DeskError('workflow.wrongRole');
  const office = await currentOffice(ctx);
  return patchApp(
    ctx,
    session.staff.id,
    id,
    (app) => {
      const entry = ctx.catalog.get(app.serviceCode);
      if (!entry.uncollectedKeptMonths) throw new DeskError('handBack.notApplicable');
      if (app.status !== 'signed' || app.handedBackAt || isWithdrawn(app)) throw new DeskError('workflow.wrongState');
      const ready = app.steps.filter((s) => s.step === 'signature').at(-1)?.at ?? app.updatedAt;
      const from = handBackFrom(ready, entry.uncollectedKeptMonths, office.utcOffsetMinutes);
      if (localParts(ctx.now(), office.utcOffsetMinutes).date < from)
        throw new DeskError('handBack.tooEarly', [], { date: formatTableDate(from) });
      return { handedBackAt: ctx.now(), handedBackBy: session.staff.id };
    },
    { session, action: 'change', detail: 'handBack' },
  );
}

/** Hearing changes outside the five steps; patchApp's transaction plus the numbering tables. */
function hearingPatch(
  ctx: DeskContext,
  session: Session,
  id: string,
  detail: string,
  change: (app: Application, entry: ServiceEntry) => Promise<Partial<Application>> | Partial<Application>,
) {
  return patchApp(ctx, session.staff.id, id, (app) => change(app, ctx.catalog.get(app.serviceCode)), {
    session,
    action: 'change',
    detail,
  });
}

export function sign(ctx: DeskContext, session: Session, id: string) {
  return step(ctx, session, id, 'signature', () => ({ status: 'signed' }));
}

export function issue(ctx: DeskContext, session: Session, id: string) {
  return step(ctx, session, id, 'issue', (app, entry, office) => {
    if (app.decision?.kind !== 'referral') return { status: 'issued' };
    const today = localParts(ctx.now(), office.utcOffsetMinutes).date;
    return {
      status: 'issued',
      decision: {
        ...app.decision,
        issuedOn: today,
        validUntil: referralValidUntil(today, referralValidityDays(entry), ctx.calendar),
      },
    };
  });
}

/** Patches an application outside the five steps (queue moves, prints), with its op. */
async function patchApp(
  ctx: DeskContext,
  staffId: string,
  id: string,
  change: (app: Application) => Partial<Application> | Promise<Partial<Application>>,
  log?: { session: Session; action: 'change' | 'print' | 'export' | 'open'; detail: string },
) {
  const { db } = ctx;
  const office = await currentOffice(ctx);
  return db.transaction(
    'rw',
    [db.applications, db.kindergartens, db.counters, db.leases, db.meta, db.outbox, db.access],
    async () => {
      const row = await db.applications.get(id);
      if (!row) throw new DeskError('notFound');
      const app = await fromRow(ctx.vault, row);
      const patch = await change(app);
      // An office that only took the documents in logs its prints and nothing else (the server holds it to that too).
      if (Object.keys(patch).some((f) => f !== 'prints') && !decidesHere(ctx.catalog.get(app.serviceCode), office.type))
        throw new DeskError('service.notIssuer');
      const next: Application = { ...app, ...patch, version: app.version + 1, updatedAt: ctx.now() };
      await db.applications.put(await toRow(ctx.vault, next, row));
      await appendOp(ctx, {
        entity: 'application',
        entityId: id,
        kind: 'patch',
        fields: changedFields(app, next),
        baseVersion: row.serverVersion ?? 0,
        staffId,
      });
      if (log) await logAccess(ctx, log.session, id, log.action, log.detail);
      return next;
    },
  );
}

export async function expireReferrals(ctx: DeskContext, staffId: string): Promise<number> {
  const office = await currentOffice(ctx);
  const today = localParts(ctx.now(), office.utcOffsetMinutes).date;
  const referred = await fromRows(
    ctx.vault,
    await ctx.db.applications.where('queueState').equals('referred').toArray(),
  );
  let n = 0;
  for (const r of referred) {
    const d = r.decision;
    if (d?.kind !== 'referral' || !isReferralExpired(d, today, ctx.calendar)) continue;
    await patchApp(ctx, staffId, r.id, async (app) => {
      const dec = app.decision;
      if (dec?.kind !== 'referral' || !dec.validUntil) return {};
      await adjustPlaces(ctx, staffId, dec.kindergartenId, dec.ageGroupId, +1);
      return {
        queueState: 'waiting',
        decision: { kind: 'notification' },
        expiredReferrals: [
          ...app.expiredReferrals,
          { referralNo: dec.referralNo, kindergartenId: dec.kindergartenId, validUntil: dec.validUntil },
        ],
      };
    });
    n++;
  }
  return n;
}

export function markEnrolled(ctx: DeskContext, session: Session, id: string) {
  if (!session.staff.roles.includes('clerk')) throw new DeskError('workflow.wrongRole');
  return patchApp(
    ctx,
    session.staff.id,
    id,
    (app) => {
      if (app.queueState !== 'referred' || app.status !== 'issued') throw new DeskError('workflow.wrongState');
      return { queueState: 'enrolled' };
    },
    { session, action: 'change', detail: 'enrolled' },
  );
}

/** A waiting child whose notification was issued goes back to the executor when a place frees up. */
export function reopenForPlace(ctx: DeskContext, session: Session, id: string) {
  if (!session.staff.roles.includes('head')) throw new DeskError('workflow.wrongRole');
  return patchApp(
    ctx,
    session.staff.id,
    id,
    (app) => {
      if (app.queueState !== 'waiting' || app.status !== 'issued') throw new DeskError('workflow.wrongState');
      return { status: 'assigned', decision: undefined };
    },
    { session, action: 'change', detail: 'reopen' },
  );
}

export async function logPrint(
  ctx: DeskContext,
  session: Session,
  id: string,
  form: string,
  lang: Lang,
  action: PrintAction,
  kind: 'application' | 'refusal' = 'application',
) {
  const rec = {
    form,
    lang,
    at: ctx.now(),
    by: session.staff.id,
    byName: session.staff.fullName,
    action,
    copies:
      form === 'refusalToAccept'
        ? REFUSAL_TO_ACCEPT_COPIES
        : form === 'camp-refusal-to-accept'
          ? CAMP_REFUSAL_TO_ACCEPT_COPIES
          : 1,
  };
  if (kind === 'refusal') {
    const { db } = ctx;
    await db.transaction('rw', [db.refusals, db.counters, db.meta, db.outbox], async () => {
      const row = await db.refusals.get(id);
      if (!row) throw new DeskError('notFound');
      const r = await refusalFromRow(ctx.vault, row);
      const prints = [...r.prints, rec];
      await db.refusals.put(await refusalToRow(ctx.vault, { ...r, prints }));
      await appendOp(ctx, {
        entity: 'refusal',
        entityId: id,
        kind: 'patch',
        fields: { prints },
        baseVersion: await seenVersion(ctx, 'refusal', id),
        staffId: session.staff.id,
      });
    });
    return;
  }
  const access = action === 'save' ? 'export' : action === 'print' ? 'print' : 'open';
  await patchApp(ctx, session.staff.id, id, (app) => ({ prints: [...app.prints, rec] }), {
    session,
    action: access,
    detail: `${form}:${lang}`,
  });
}

export async function queue(ctx: DeskContext): Promise<Application[]> {
  const rows = await ctx.db.applications.where('queueState').equals('waiting').toArray();
  return (await fromRows(ctx.vault, rows)).sort(compareQueue);
}

export async function queuePosition(ctx: DeskContext, id: string): Promise<number | null> {
  const q = await fromRows(ctx.vault, await ctx.db.applications.where('queueState').equals('waiting').toArray());
  const i = q.sort(compareQueue).findIndex((a) => a.id === id);
  return i < 0 ? null : i + 1;
}

/** The statuses at which an application waits for each role's step. */
const WAITING_AT: Record<Role, Application['status'][]> = {
  clerk: ['signed'],
  head: ['registered', 'decided'],
  executor: ['assigned'],
  // The district's console roles take no step of an office's workflow.
  admin: [],
  specialist: [],
};

/**
 * Index rows of the applications waiting for `staffId` in `role`: open work
 * this office decides (one registered here for the district education
 * department to decide waits for it, F-20), and for an executor only their own
 * (or not yet given to anyone). Read from the clear index: nothing is opened.
 */
async function waitingRows(ctx: DeskContext, staffId: string, role: Role, limit?: number): Promise<AppRow[]> {
  const officeType = (await currentOffice(ctx)).type;
  const ours = (r: AppRow) =>
    !ctx.catalog.has(r.serviceCode) || decidesHere(ctx.catalog.get(r.serviceCode), officeType);
  const out: AppRow[] = [];
  for (const s of WAITING_AT[role]) {
    const q = ctx.db.applications.where('status').equals(s);
    const rows = await (limit ? q.limit(limit) : q).toArray();
    out.push(
      ...rows.filter(
        (r) => isOpenWork(r) && ours(r) && (role !== 'executor' || !r.executorId || r.executorId === staffId),
      ),
    );
  }
  return out;
}

export async function pendingFor(ctx: DeskContext, session: Session, role: Role): Promise<Application[]> {
  const rows = await waitingRows(ctx, session.staff.id, role, 200);
  const out = await fromRows(ctx.vault, rows);
  return out.sort((a, b) => (a.acceptedAt < b.acceptedAt ? -1 : 1));
}

/** How many applications wait for a person in any of their roles (shown beside their name when colleagues switch). */
export async function waitingCount(ctx: DeskContext, staff: Pick<Staff, 'id' | 'roles'>): Promise<number> {
  const ids = new Set<string>();
  for (const role of staff.roles) for (const r of await waitingRows(ctx, staff.id, role)) ids.add(r.id);
  return ids.size;
}

export { computeDue };

/** The decision the executor is offered: a referral where a desired kindergarten has room not owed to a child ahead. */
export function suggestFor(app: Application, kgs: Kindergarten[], onDate: string, waiting: Application[] = []) {
  return suggestDecision(app, kgs, onDate, waiting);
}
