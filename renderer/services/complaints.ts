/**
 * The complaints register (seed 000 §20-25, seed 002, seed 003 §14): incoming
 * number from the office's own 'complaint' journal, the answer term from the
 * catalog entry of the service concerned (or the shared defaults), forwarding
 * to the quality-control authority, the answer that closes it. Each call is
 * one Dexie transaction writing the record and its outbox op together.
 */
import {
  ComplaintSchema,
  complaintCurrentDue,
  complaintDeadlines,
  complaintTerms,
  computeDue,
  localParts,
  newId,
  type Complaint,
  type FieldError,
  type Lang,
  type Office,
  type Role,
} from '../../shared';
import type { ComplaintRow } from '../db/schema';
import { DeskError, type ComplaintAnswerInput, type ComplaintInput, type PrintAction, type Session } from './api';
import type { DeskContext } from './context';
import { currentOffice } from './auth';
import { inTx } from './indexes';
import { formatJournalNo, nextNumber } from './numbers';
import { appendOp, changedFields, seenVersion } from './outbox';

export const COMPLAINT_JOURNAL = 'complaint';

export type { ComplaintInput, ComplaintAnswerInput };

const needRole = (s: Session, ...roles: Role[]) => {
  if (!roles.some((r) => s.staff.roles.includes(r))) throw new DeskError('workflow.wrongRole');
};
const dueOpts = (ctx: DeskContext, o: Office) => ({
  hours: o.hours,
  offsetMinutes: o.utcOffsetMinutes,
  calendar: ctx.calendar,
});

export async function complaintToRow(ctx: DeskContext, c: Complaint): Promise<ComplaintRow> {
  const due = complaintCurrentDue(c);
  return {
    id: c.id,
    officeId: c.officeId,
    journalYear: c.journalYear,
    journalSeq: c.journalSeq,
    status: c.status,
    receivedAt: c.receivedAt,
    sortKey: `${c.receivedAt}|${c.id}`,
    ...(due ? { openDueAt: due } : {}),
    sealed: await inTx(ctx.vault.seal(c, c.id)),
  };
}

export function complaintFromRow(ctx: DeskContext, row: ComplaintRow): Promise<Complaint> {
  return inTx(ctx.vault.open<Complaint>(row.sealed, row.id));
}

const clean = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

async function findApplication(ctx: DeskContext, ref: string) {
  const key = ref.trim();
  const byId = await ctx.db.applications.get(key);
  if (byId) return byId;
  return ctx.db.applications.where('journalNo').equals(key).first();
}

export async function registerComplaint(ctx: DeskContext, session: Session, raw: ComplaintInput): Promise<Complaint> {
  needRole(session, 'clerk');
  const office = await currentOffice(ctx);
  const now = ctx.now();
  const errors: FieldError[] = [];
  const fullName = clean(raw.complainant.fullName);
  const address = clean(raw.complainant.address);
  const against = clean(raw.against);
  const subject = raw.subject.trim();
  // Seed 000 §24: name, postal address, whom and what the complaint is about are required.
  if (!fullName) errors.push({ field: 'complainant.fullName', code: 'required' });
  if (!address) errors.push({ field: 'complainant.address', code: 'required' });
  if (!against) errors.push({ field: 'against', code: 'required' });
  if (!subject) errors.push({ field: 'subject', code: 'required' });
  const receivedAt = raw.receivedAt ?? now;
  if (Number.isNaN(Date.parse(receivedAt)) || Date.parse(receivedAt) > Date.parse(now))
    errors.push({ field: 'receivedAt', code: 'complaints.receivedInFuture' });
  let app: Awaited<ReturnType<typeof findApplication>>;
  if (raw.application?.trim()) {
    app = await findApplication(ctx, raw.application);
    if (!app) errors.push({ field: 'application', code: 'complaints.applicationUnknown' });
  }
  if (errors.length) throw new DeskError('validation', errors);
  const entry = app ? ctx.catalog.all().find((e) => e.code === app.serviceCode) : undefined;
  const terms = complaintTerms(entry);
  const { db } = ctx;
  return db.transaction('rw', [db.complaints, db.counters, db.leases, db.meta, db.outbox], async () => {
    const year = Number(localParts(receivedAt, office.utcOffsetMinutes).date.slice(0, 4));
    const seq = await nextNumber(ctx, office.id, COMPLAINT_JOURNAL, year);
    const c: Complaint = ComplaintSchema.parse({
      id: newId(),
      officeId: office.id,
      journalYear: year,
      journalSeq: seq,
      incomingNo: formatJournalNo(`${office.code}-Ш`, year, seq),
      lang: raw.lang ?? 'kk',
      receivedAt,
      receivedBy: session.staff.id,
      receivedByName: session.staff.fullName,
      complainant: {
        fullName,
        address,
        ...(clean(raw.complainant.phone) ? { phone: clean(raw.complainant.phone) } : {}),
      },
      against,
      subject,
      ...(app ? { applicationId: app.id, applicationNo: app.journalNo, serviceCode: app.serviceCode } : {}),
      providerWorkingDays: terms.providerWorkingDays,
      authorityWorkingDays: terms.authorityWorkingDays,
      ...complaintDeadlines(receivedAt, terms, dueOpts(ctx, office)),
      status: 'open',
      prints: [],
      updatedAt: now,
    });
    await db.complaints.add(await complaintToRow(ctx, c));
    await appendOp(ctx, {
      entity: 'complaint',
      entityId: c.id,
      kind: 'create',
      fields: c,
      baseVersion: 0,
      staffId: session.staff.id,
    });
    return c;
  });
}

async function patchComplaint(
  ctx: DeskContext,
  session: Session,
  id: string,
  change: (c: Complaint, office: Office) => Partial<Complaint>,
): Promise<Complaint> {
  const office = await currentOffice(ctx);
  const { db } = ctx;
  return db.transaction('rw', [db.complaints, db.counters, db.meta, db.outbox], async () => {
    const row = await db.complaints.get(id);
    if (!row) throw new DeskError('notFound');
    const c = await complaintFromRow(ctx, row);
    const next = ComplaintSchema.parse({ ...c, ...change(c, office), updatedAt: ctx.now() });
    await db.complaints.put(await complaintToRow(ctx, next));
    await appendOp(ctx, {
      entity: 'complaint',
      entityId: id,
      kind: 'patch',
      fields: changedFields(c, next),
      baseVersion: await seenVersion(ctx, 'complaint', id),
      staffId: session.staff.id,
    });
    return next;
  });
}

/** Sends a complaint not fully satisfied to the quality-control authority; its 15 working days start now. */
export function forwardComplaint(ctx: DeskContext, session: Session, id: string, to?: string): Promise<Complaint> {
  needRole(session, 'head');
  return patchComplaint(ctx, session, id, (c, office) => {
    if (c.status !== 'open') throw new DeskError('workflow.wrongState');
    const now = ctx.now();
    const authorityDueAt = computeDue(
      now,
      { unit: 'workingDays', value: c.authorityWorkingDays },
      dueOpts(ctx, office),
    ).dueAt;
    return {
      status: 'forwarded',
      forwarded: {
        at: now,
        by: session.staff.id,
        byName: session.staff.fullName,
        ...(clean(to) ? { to: clean(to) } : {}),
        authorityDueAt,
      },
    };
  });
}

export function answerComplaint(
  ctx: DeskContext,
  session: Session,
  id: string,
  a: ComplaintAnswerInput,
): Promise<Complaint> {
  needRole(session, 'head', 'executor');
  const errors: FieldError[] = [];
  if (!a.text?.trim()) errors.push({ field: 'answer.text', code: 'required' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(a.date ?? '')) errors.push({ field: 'answer.date', code: 'required' });
  if (!['fully', 'partly', 'not'].includes(a.satisfied)) errors.push({ field: 'answer.satisfied', code: 'required' });
  // Whether it was justified is a decision the answer takes, not a default: the share of
  // justified complaints is one of the provider's quality indicators (seed 000 Appendix 7).
  const justified = a.justified;
  if (typeof justified !== 'boolean') errors.push({ field: 'answer.justified', code: 'complaints.justifiedRequired' });
  if (errors.length || typeof justified !== 'boolean') throw new DeskError('validation', errors);
  return patchComplaint(ctx, session, id, (c) => {
    if (c.status === 'answered') throw new DeskError('workflow.wrongState');
    return {
      status: 'answered',
      answer: {
        text: a.text.trim(),
        date: a.date,
        satisfied: a.satisfied,
        justified,
        at: ctx.now(),
        by: session.staff.id,
        byName: session.staff.fullName,
      },
    };
  });
}

export async function logComplaintPrint(
  ctx: DeskContext,
  session: Session,
  id: string,
  lang: Lang,
  action: PrintAction,
): Promise<Complaint> {
  const rec = {
    form: 'complaint-ticket',
    lang,
    at: ctx.now(),
    by: session.staff.id,
    byName: session.staff.fullName,
    action,
    copies: 1,
  };
  return patchComplaint(ctx, session, id, (c) => ({ prints: [...c.prints, rec] }));
}

/** Newest first. */
export async function listComplaints(ctx: DeskContext, limit = 200): Promise<Complaint[]> {
  const rows = await ctx.db.complaints.orderBy('sortKey').reverse().limit(limit).toArray();
  return inTx(Promise.all(rows.map((r) => complaintFromRow(ctx, r))));
}

/** Unanswered complaints past the deadline in force, oldest deadline first. */
export async function overdueComplaints(ctx: DeskContext): Promise<Complaint[]> {
  const rows = await ctx.db.complaints.where('openDueAt').below(ctx.now()).toArray();
  const list = await inTx(Promise.all(rows.map((r) => complaintFromRow(ctx, r))));
  // Each row here has openDueAt, which complaintToRow sets exactly when the complaint has a due date.
  const due = (c: Complaint) => complaintCurrentDue(c) ?? '';
  return list.sort((a, b) => (due(a) < due(b) ? -1 : 1));
}
