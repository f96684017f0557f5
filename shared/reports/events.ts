/**
 * What the reports count, as events (issue #14). Every record becomes the
 * events it stands for, each dated in the office's month (UTC+5): an
 * application accepted, a service delivered (a result or a reasoned refusal
 * signed), a refusal to accept, a complaint received, a monthly count of
 * services that arrived outside the system, an application still open past its
 * due time when a period closed. Reports are sums over events, so the desk (its
 * own office, from its own records) and the server (the district, from SQL)
 * count alike, and a closed period is simply the events stored when it closed.
 */
import { z } from 'zod';
import { localParts } from '../time';
import type { AcceptRefusal, Application } from '../model/application';
import type { Complaint } from '../model/complaint';
import type { OfficeType } from '../model/office';
import { AppChannelSchema, channelOf, type AppChannel } from './channel';
import { waitedMinutes } from '../intake/channel';

export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
/** 'YYYY-MM' in the office's time (UTC+5). */
export const monthOf = (instant: string): string => localParts(instant).date.slice(0, 7);

export const ReportEventKindSchema = z.enum([
  'accepted',
  'delivered',
  'refusedToAccept',
  'complaint',
  'outside',
  'overdue',
]);
export type ReportEventKind = z.infer<typeof ReportEventKindSchema>;

export const ReportEventSchema = z.object({
  kind: ReportEventKindSchema,
  /** The record the event comes from (an outside count: office/service/month/channel). */
  id: z.string().max(200),
  month: MonthSchema,
  officeId: z.string().max(80),
  /** '' where a complaint names no service. */
  serviceCode: z.string().max(80),
  channel: AppChannelSchema,
  /** A monthly count entered at the district; 1 for a record. */
  n: z.number().int().min(0).max(1_000_000),
  /** delivered: what was signed. */
  outcome: z.enum(['result', 'refusal']).optional(),
  /** delivered: signed by the due time; complaint: answered by its due time (absent while open and not yet due). */
  onTime: z.boolean().optional(),
  /** accepted: minutes between the citizen's arrival and acceptance, where recorded, and the norm. */
  waited: z.number().int().min(0).optional(),
  waitNorm: z.number().int().positive().optional(),
  /** complaint */
  justified: z.boolean().optional(),
  open: z.boolean().optional(),
  /** The application a figure clicks through to. */
  applicationId: z.string().max(80).optional(),
  journalNo: z.string().max(40).optional(),
  /** Arrived after its own month was closed: counted in `month`, the next open month. */
  lateFrom: MonthSchema.optional(),
});
export type ReportEvent = z.infer<typeof ReportEventSchema>;

/** What an application contributes; the server fills it from SQL columns, the desk from the record. */
export type ApplicationFacts = Pick<
  Application,
  'id' | 'officeId' | 'serviceCode' | 'journalNo' | 'acceptedAt' | 'dueAt' | 'status' | 'queueState'
> & {
  channel?: AppChannel;
  arrivalAt?: string;
  /** The signature step's time: when the result (or refusal) was ready. Late collection is not late delivery. */
  readyAt?: string;
  decisionKind?: string;
};

export type EventContext = {
  officeType: (officeId: string) => OfficeType | undefined;
  /** The waiting norm in minutes for a service and channel (catalog waitMinutes), if any. */
  waitNorm: (serviceCode: string, channel: AppChannel) => number | undefined;
};

export function applicationEvents(a: ApplicationFacts, ctx: EventContext): ReportEvent[] {
  const channel = channelOf(a, ctx.officeType(a.officeId));
  const base = { id: a.id, officeId: a.officeId, serviceCode: a.serviceCode, channel, n: 1 };
  const link = { applicationId: a.id, journalNo: a.journalNo };
  const accepted: ReportEvent = { ...base, ...link, kind: 'accepted', month: monthOf(a.acceptedAt) };
  const waited = waitedMinutes(a);
  if (waited !== undefined) {
    accepted.waited = waited;
    const norm = ctx.waitNorm(a.serviceCode, channel);
    if (norm) accepted.waitNorm = norm;
  }
  const out = [accepted];
  if (a.readyAt && a.decisionKind) {
    out.push({
      ...base,
      ...link,
      kind: 'delivered',
      month: monthOf(a.readyAt),
      outcome: a.decisionKind === 'refusal' ? 'refusal' : 'result',
      onTime: a.readyAt <= a.dueAt,
    });
  }
  return out;
}

/** Open past its due time at `asOf`: counted as overdue in the month of asOf (a period's state when it closes). */
export function overdueEvent(a: ApplicationFacts, asOf: string, ctx: EventContext): ReportEvent | undefined {
  if ((a.readyAt && a.readyAt <= asOf) || a.queueState === 'withdrawn' || a.dueAt >= asOf || a.acceptedAt > asOf)
    return undefined;
  return {
    kind: 'overdue',
    id: a.id,
    month: monthOf(asOf),
    officeId: a.officeId,
    serviceCode: a.serviceCode,
    channel: channelOf(a, ctx.officeType(a.officeId)),
    n: 1,
    applicationId: a.id,
    journalNo: a.journalNo,
  };
}

/** A refusal to accept, counted by the channel it records (refusals saved before: channelOf's default). */
export function refusalToAcceptEvent(
  r: Pick<AcceptRefusal, 'id' | 'officeId' | 'serviceCode' | 'at' | 'channel'>,
  ctx: EventContext,
) {
  const ev: ReportEvent = {
    kind: 'refusedToAccept',
    id: r.id,
    month: monthOf(r.at),
    officeId: r.officeId,
    serviceCode: r.serviceCode,
    channel: channelOf(r, ctx.officeType(r.officeId)),
    n: 1,
  };
  return ev;
}

export type ComplaintFacts = Pick<Complaint, 'id' | 'officeId' | 'receivedAt' | 'dueAt' | 'status'> & {
  serviceCode?: string;
  answeredAt?: string;
  justified?: boolean;
};

export function complaintEvent(c: ComplaintFacts, asOf: string, ctx: EventContext): ReportEvent {
  const ev: ReportEvent = {
    kind: 'complaint',
    id: c.id,
    month: monthOf(c.receivedAt),
    officeId: c.officeId,
    serviceCode: c.serviceCode ?? '',
    channel: channelOf({}, ctx.officeType(c.officeId)),
    n: 1,
    open: !c.answeredAt,
  };
  if (c.answeredAt) ev.onTime = c.answeredAt <= c.dueAt;
  else if (c.dueAt < asOf) ev.onTime = false;
  if (c.justified !== undefined) ev.justified = c.justified;
  return ev;
}

/** Services delivered outside the system (State Corporation, portal), entered at the district per month. */
export const OutsideCountSchema = z.object({
  officeId: z.string().min(1).max(80),
  serviceCode: z.string().min(1).max(80),
  month: MonthSchema,
  channel: z.enum(['stateCorporation', 'portal']),
  count: z.number().int().min(0).max(1_000_000),
});
export type OutsideCount = z.infer<typeof OutsideCountSchema>;

export function outsideEvent(c: OutsideCount): ReportEvent {
  return {
    kind: 'outside',
    id: `${c.officeId}/${c.serviceCode}/${c.month}/${c.channel}`,
    month: c.month,
    officeId: c.officeId,
    serviceCode: c.serviceCode,
    channel: c.channel,
    n: c.count,
  };
}

/** An event's identity within its month: a closed month holds each once. */
export const eventKey = (e: { kind: string; id: string }) => `${e.kind}:${e.id}`;
