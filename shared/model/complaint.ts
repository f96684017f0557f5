/**
 * Complaints (seed 000 §20-25, seed 002, seed 003 §14), mobile-centre visits
 * (seed 000 §9) and technical problem protocols (seed 003 Annex 11 §13-1):
 * records the office keeps beside applications.
 */
import { z } from 'zod';
import { IdSchema, InstantSchema, IsoDateSchema, JournalSeqSchema, JournalYearSchema, LangSchema } from './common';
import { PrintRecordSchema } from './application';
import type { ServiceEntry } from '../catalog/schema';
import { computeDue, type DueOptions } from '../deadlines';
import { defaultCalendar, shiftIsoDate } from '../calendar/calendar';
import { DEFAULT_HOURS } from '../deadlines';
import { KZ_UTC_OFFSET_MINUTES, hm, localParts } from '../time';

/**
 * Terms when the service concerned gives none: 5 working days at the provider,
 * forwarding to the quality-control authority within 3 working days unless the
 * complainant is fully satisfied, 15 working days there (seed 000 §21, seed 002, seed 003 §14).
 */
export const COMPLAINT_DEFAULT_TERMS = {
  providerWorkingDays: 5,
  forwardWorkingDays: 3,
  authorityWorkingDays: 15,
} as const;
export type ComplaintTerms = { providerWorkingDays: number; forwardWorkingDays: number; authorityWorkingDays: number };

export function complaintTerms(entry?: Pick<ServiceEntry, 'complaints'> | null): ComplaintTerms {
  const c = entry?.complaints;
  return {
    providerWorkingDays: c?.providerWorkingDays ?? COMPLAINT_DEFAULT_TERMS.providerWorkingDays,
    forwardWorkingDays: c?.forwardWorkingDays ?? COMPLAINT_DEFAULT_TERMS.forwardWorkingDays,
    authorityWorkingDays: c?.authorityWorkingDays ?? COMPLAINT_DEFAULT_TERMS.authorityWorkingDays,
  };
}

/** The provider's answer term and the forwarding deadline, counted from the moment it was received. */
export function complaintDeadlines(receivedAt: string, terms: ComplaintTerms, opts: DueOptions = {}) {
  return {
    dueAt: computeDue(receivedAt, { unit: 'workingDays', value: terms.providerWorkingDays }, opts).dueAt,
    forwardBy: computeDue(receivedAt, { unit: 'workingDays', value: terms.forwardWorkingDays }, opts).dueAt,
  };
}

export const SatisfactionSchema = z.enum(['fully', 'partly', 'not']);
export type Satisfaction = z.infer<typeof SatisfactionSchema>;

export const ComplaintStatusSchema = z.enum(['open', 'forwarded', 'answered']);
export type ComplaintStatus = z.infer<typeof ComplaintStatusSchema>;

export const ComplaintSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  journalYear: JournalYearSchema,
  journalSeq: JournalSeqSchema,
  incomingNo: z.string(),
  lang: LangSchema,
  receivedAt: InstantSchema,
  receivedBy: z.string(),
  receivedByName: z.string(),
  complainant: z.object({ fullName: z.string().min(1), address: z.string().min(1), phone: z.string().optional() }),
  /** The official or body whose decision, action or inaction is complained of. */
  against: z.string().min(1),
  /** What the complaint is about: its reasons and demands (seed 000 §24). */
  subject: z.string().min(1),
  applicationId: IdSchema.optional(),
  applicationNo: z.string().optional(),
  serviceCode: z.string().optional(),
  providerWorkingDays: z.number().int().positive(),
  authorityWorkingDays: z.number().int().positive(),
  /** The provider's answer is due by this instant. */
  dueAt: InstantSchema,
  /** Unless fully satisfied, it goes to the quality-control authority by this instant. */
  forwardBy: InstantSchema,
  forwarded: z
    .object({
      at: InstantSchema,
      by: z.string(),
      byName: z.string(),
      to: z.string().optional(),
      authorityDueAt: InstantSchema,
    })
    .optional(),
  answer: z
    .object({
      text: z.string().min(1),
      date: IsoDateSchema,
      satisfied: SatisfactionSchema,
      /** Whether the complaint was found justified (обоснованная): a quality indicator (seed 000 App 7). */
      justified: z.boolean().optional(),
      at: InstantSchema,
      by: z.string(),
      byName: z.string(),
    })
    .optional(),
  status: ComplaintStatusSchema,
  prints: z.array(PrintRecordSchema),
  updatedAt: InstantSchema,
});
export type Complaint = z.infer<typeof ComplaintSchema>;

/** The deadline a complaint is held to now: the authority's once forwarded, else the provider's; none once answered. */
export function complaintCurrentDue(c: Pick<Complaint, 'status' | 'dueAt' | 'forwarded'>): string | undefined {
  if (c.status === 'answered') return undefined;
  return c.forwarded ? c.forwarded.authorityDueAt : c.dueAt;
}

export const VisitSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  settlement: z.string().min(1),
  arrivedAt: InstantSchema,
  departedAt: InstantSchema.optional(),
  openedBy: z.string(),
  openedByName: z.string(),
  /** Applications registered while this visit was the current one. */
  applicationIds: z.array(IdSchema).max(2000),
  updatedAt: InstantSchema,
});
export type Visit = z.infer<typeof VisitSchema>;

/** The schedule gives a mobile centre at least six working hours in each settlement (seed 000 §9). */
export const VISIT_MIN_WORKING_MINUTES = 6 * 60;

/** Office-hours minutes (lunch excluded, working days only) between arrival and departure. */
export function visitWorkingMinutes(arrivedAt: string, departedAt: string, opts: DueOptions = {}): number {
  const cal = opts.calendar ?? defaultCalendar;
  const h = opts.hours ?? DEFAULT_HOURS;
  const off = opts.offsetMinutes ?? KZ_UTC_OFFSET_MINUTES;
  const a = localParts(arrivedAt, off);
  const b = localParts(departedAt, off);
  if (Date.parse(departedAt) <= Date.parse(arrivedAt)) return 0;
  const spans: Array<[number, number]> =
    h.lunchStart && h.lunchEnd
      ? [
          [hm(h.start), hm(h.lunchStart)],
          [hm(h.lunchEnd), hm(h.end)],
        ]
      : [[hm(h.start), hm(h.end)]];
  let total = 0;
  for (let d = a.date; d <= b.date; d = shiftIsoDate(d, 1)) {
    if (!cal.isWorkingDay(d)) continue;
    const from = d === a.date ? a.minutes : 0;
    const to = d === b.date ? b.minutes : 24 * 60;
    for (const [s, e] of spans) total += Math.max(0, Math.min(e, to) - Math.max(s, from));
  }
  return total;
}

export const TechProtocolSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  journalYear: JournalYearSchema,
  journalSeq: JournalSeqSchema,
  protocolNo: z.string(),
  drawnAt: InstantSchema,
  /** The information system that could not be reached. */
  system: z.string().min(1),
  failure: z.string().min(1),
  since: InstantSchema,
  detectedBy: z.string().min(1),
  notifiedAt: InstantSchema.optional(),
  /** Journal numbers of applications whose stage could not be entered. */
  affected: z.array(z.string()),
  measures: z.string().optional(),
  restoredAt: InstantSchema.optional(),
  recordedBy: z.object({ name: z.string().min(1), position: z.string().optional() }),
  signerName: z.string().optional(),
  by: z.string(),
  byName: z.string(),
  prints: z.array(PrintRecordSchema),
  updatedAt: InstantSchema,
});
export type TechProtocol = z.infer<typeof TechProtocolSchema>;

/** Still at the provider, not answered, and the forwarding deadline has passed. */
export function forwardDeadlinePassed(c: Pick<Complaint, 'status' | 'forwardBy'>, now: string): boolean {
  return c.status === 'open' && c.forwardBy < now;
}
