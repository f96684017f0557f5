import { z } from 'zod';
import {
  IdSchema,
  LineSchema,
  NameSchema,
  ParagraphSchema,
  ServiceCodeSchema,
  InstantSchema,
  IsoDateSchema,
  JournalSeqSchema,
  JournalYearSchema,
  LangSchema,
  VersionSchema,
} from './common';
import { StepIdSchema } from '../catalog/schema';
import { AppChannelSchema } from '../reports/channel';

export const PersonSchema = z.object({
  iin: z.string().max(20),
  lastName: NameSchema,
  firstName: NameSchema,
  middleName: NameSchema.optional(),
});

export const ApplicantSchema = PersonSchema.extend({
  /**
   * parent, legal representative, or a proxy with a notarised power of attorney
   * (seed 001 §10); `self` where the applicant is the service's subject
   * (teacher attestation, a duplicate of one's own school certificate...).
   */
  kind: z.enum(['parent', 'legalRep', 'proxy', 'self']),
  phone: z.string().max(30),
  address: LineSchema,
  /** For a proxy: the person represented and the power of attorney. */
  principal: PersonSchema.partial().optional(),
  powerOfAttorney: z.object({ number: LineSchema, date: IsoDateSchema, notary: LineSchema }).partial().optional(),
});
export type Applicant = z.infer<typeof ApplicantSchema>;

export const ChildSchema = PersonSchema.extend({
  birthDate: IsoDateSchema,
  sex: z.enum(['male', 'female']),
});
export type Child = z.infer<typeof ChildSchema>;

export const StatusSchema = z.enum(['registered', 'assigned', 'decided', 'signed', 'issued']);
export type AppStatus = z.infer<typeof StatusSchema>;

type NamedPerson = { iin: string; lastName: string; firstName: string; middleName?: string };
type SubjectSource = {
  applicant: NamedPerson & { kind: string; principal?: Partial<NamedPerson> };
  child?: Partial<NamedPerson>;
};
/**
 * The person an application is about: its child, else the person a proxy
 * represents (when named), else the applicant. Duplicates are found by this
 * person's IIN, and lists name them.
 */
export function subjectOf(app: SubjectSource): NamedPerson & { kind: 'child' | 'principal' | 'applicant' } {
  const c = app.child;
  if (c?.iin && c.lastName !== undefined && c.firstName !== undefined)
    return { kind: 'child', iin: c.iin, lastName: c.lastName, firstName: c.firstName, middleName: c.middleName };
  const a = app.applicant;
  const p = a.principal;
  if (a.kind === 'proxy' && p?.iin && p.lastName && p.firstName)
    return { kind: 'principal', iin: p.iin, lastName: p.lastName, firstName: p.firstName, middleName: p.middleName };
  return { kind: 'applicant', iin: a.iin, lastName: a.lastName, firstName: a.firstName, middleName: a.middleName };
}

/** Where the child stands in the office queue, apart from the paperwork's status. */
export const QueueStateSchema = z.enum(['none', 'waiting', 'referred', 'enrolled', 'refused', 'withdrawn']);
export type QueueState = z.infer<typeof QueueStateSchema>;

export const StepRecordSchema = z.object({
  step: StepIdSchema,
  by: IdSchema,
  byName: z.string(),
  role: z.enum(['clerk', 'head', 'executor']),
  startedAt: InstantSchema,
  at: InstantSchema,
  /** Instant by which the step should have been done (its norm from the catalog). */
  normDueAt: InstantSchema,
  late: z.boolean(),
  note: z.string().optional(),
});
export type StepRecord = z.infer<typeof StepRecordSchema>;

export const DecisionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('referral'),
    kindergartenId: z.string(),
    ageGroupId: z.string(),
    referralNo: z.string(),
    issuedOn: IsoDateSchema.optional(),
    validUntil: IsoDateSchema.optional(),
  }),
  z.object({ kind: z.literal('notification') }),
  z.object({ kind: z.literal('refusal'), groundCode: z.string().max(60), reason: ParagraphSchema.min(1) }),
  /**
   * The result document of a service other than the preschool queue: a
   * certificate, a camp referral, a permission... `form` is the entry's form
   * for that result (generic-result or a specific one such as camp-referral).
   */
  z.object({
    kind: z.literal('result'),
    resultKind: z.string(),
    form: z.string(),
    documentNo: z.string(),
    /** What the paper says, in the executor's words (generic results). */
    text: ParagraphSchema.optional(),
    /** Camp referrals: the camp and its season as the district names them. */
    camp: z
      .object({ name: z.string().min(1), address: z.string().optional(), season: z.string().optional() })
      .optional(),
    /** Guardianship certificates: the decision that set up the guardianship. */
    basis: z.object({ body: z.string().min(1), number: z.string().min(1), date: IsoDateSchema }).optional(),
  }),
]);
export type Decision = z.infer<typeof DecisionSchema>;

/**
 * Preliminary decision to refuse and the hearing before it (Administrative
 * Procedure Code art. 73-74; camp referrals: seed 003 Annex 11 §10).
 */
export const AppHearingRecordSchema = z.object({
  startedAt: InstantSchema,
  endedAt: InstantSchema.optional(),
  /** Who took part besides the applicant, as typed. */
  participants: z.string(),
  applicantPresent: z.boolean(),
  applicantPosition: z.string().optional(),
  outcome: z.enum(['grant', 'refuse']),
  recordedAt: InstantSchema,
  recordedBy: z.string(),
  recordedByName: z.string(),
  /** The final decision is due within the entry's finalDecisionWorkingDays after the hearing. */
  finalDueAt: InstantSchema,
});

export const AppHearingSchema = z.object({
  grounds: z.array(z.string()).min(1),
  reason: z.string().min(1),
  noticeNo: z.string(),
  noticeOn: IsoDateSchema,
  noticeAt: InstantSchema,
  noticeBy: z.string(),
  noticeByName: z.string(),
  /** The last day the notice could go out, and the last day of the term, as computed when it went out. */
  latestNoticeOn: IsoDateSchema,
  termEndsOn: IsoDateSchema,
  hearingAt: InstantSchema,
  place: z.string().optional(),
  record: AppHearingRecordSchema.optional(),
});
export type AppHearing = z.infer<typeof AppHearingSchema>;

/**
 * Why and by whom the district took an application out of its queue (issue #14):
 * two applications of one child, the other kept. Written only by the district
 * (shared/records/kinds.ts: district-only), pulled by the office, shown with the record.
 */
export const WithdrawalSchema = z.object({
  at: InstantSchema,
  /** The district staff member (or district laptop, `device:<id>`) who decided. */
  by: z.string().min(1).max(120),
  byName: z.string().max(200),
  reason: z.enum(['duplicate']),
  keptApplicationId: IdSchema,
  keptJournalNo: z.string().min(1).max(40),
  keptOfficeId: IdSchema.optional(),
  note: z.string().max(500).optional(),
});
export type Withdrawal = z.infer<typeof WithdrawalSchema>;

export const PrintRecordSchema = z.object({
  form: z.string(),
  lang: LangSchema,
  at: InstantSchema,
  by: z.string(),
  byName: z.string(),
  action: z.enum(['preview', 'print', 'save']),
  copies: z.number().int().positive().default(1),
});
export type PrintRecord = z.infer<typeof PrintRecordSchema>;

export const ApplicationSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  serviceCode: ServiceCodeSchema,
  journalYear: JournalYearSchema,
  journalSeq: JournalSeqSchema,
  journalNo: z.string().min(1).max(40),
  lang: LangSchema,
  applicant: ApplicantSchema,
  /**
   * The child the service concerns. Absent where the catalog entry's subject is
   * the applicant (the schema cannot see the catalog: intake checks it, see
   * subjectErrors in intake/validate.ts).
   */
  child: ChildSchema.optional(),
  priority: z.string().nullable(),
  priorityDoc: LineSchema.optional(),
  kindergartenIds: z.array(IdSchema).max(20),
  workplaces: z.object({ mother: LineSchema.optional(), father: LineSchema.optional() }),
  /** Consent to the use of personal data; without it the entry's ground for `noConsent` (if any) is the outcome (refusalDue.ts). */
  consent: z.boolean(),
  documents: z.array(z.string()),
  status: StatusSchema,
  queueState: QueueStateSchema,
  acceptedAt: InstantSchema,
  acceptedBy: IdSchema,
  /**
   * How the application came (issue #14): at the office, by the mobile centre
   * (with the settlement it was taken in), through the State Corporation or the
   * portal. Absent on records saved before: see channelOf in reports/channel.ts.
   */
  channel: AppChannelSchema.optional(),
  settlement: LineSchema.optional(),
  /**
   * When the citizen arrived (or took a ticket), where the office records it:
   * the waiting-time norm (seed 000 §7: 30 minutes at the akimat) is measured
   * from here to acceptedAt.
   */
  arrivalAt: InstantSchema.optional(),
  ticketNo: z.string().trim().max(20).optional(),
  dueAt: InstantSchema,
  executorId: IdSchema.optional(),
  decision: DecisionSchema.optional(),
  /** Earlier referrals that expired unused: kept for the record. */
  expiredReferrals: z
    .array(z.object({ referralNo: z.string(), kindergartenId: z.string(), validUntil: IsoDateSchema }))
    .default([]),
  steps: z.array(StepRecordSchema),
  prints: z.array(PrintRecordSchema),
  /** Values of the entry's applicationFields by code (camp: school No., class letter, school year). */
  fields: z.record(z.string(), LineSchema).optional(),
  /** One of the entry's statusCategories, and its proof as typed (camp referrals, seed 003 Annex 2 §8 6)). */
  statusCategory: z.string().optional(),
  statusDocument: LineSchema.optional(),
  /** Registry-backed documents whose data the registry lacked, so their paper was required. */
  notInRegistry: z.array(z.string()).optional(),
  /** When the provider must have checked the documents are complete (entry.completenessCheckWorkingDays). */
  completenessDueAt: InstantSchema.optional(),
  hearing: AppHearingSchema.optional(),
  /** A result not collected within the entry's uncollectedKeptMonths was handed back for storage (seed 003 §12). */
  handedBackAt: InstantSchema.optional(),
  handedBackBy: z.string().optional(),
  /** Taken out of the district queue by the district (queueState 'withdrawn'), and why. */
  withdrawal: WithdrawalSchema.optional(),
  /** Optimistic version, bumped by every local change (sync compares it later). */
  version: VersionSchema,
  updatedAt: InstantSchema,
});
export type Application = z.infer<typeof ApplicationSchema>;

/** A refusal to accept documents (seed 000 §16): recorded and counted, no application is opened. */
export const AcceptRefusalSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  serviceCode: ServiceCodeSchema,
  at: InstantSchema,
  by: IdSchema,
  byName: z.string(),
  lang: LangSchema,
  applicant: ApplicantSchema,
  child: ChildSchema.partial().optional(),
  missingDocuments: z.array(z.string()).min(1),
  prints: z.array(PrintRecordSchema),
  /**
   * How the applicant came, as an application records it (the mobile channel
   * with its settlement), so the reports count refusals per channel. Absent on
   * refusals saved before: see channelOf in reports/channel.ts.
   */
  channel: AppChannelSchema.optional(),
  settlement: LineSchema.optional(),
  /**
   * Withdrawn by the office right after it was made (a slip, undone within
   * the window of shared/intake/refusalWithdrawal.ts): kept in the log,
   * marked, and not counted.
   */
  withdrawn: z.object({ at: InstantSchema, by: IdSchema, byName: z.string() }).optional(),
});
export type AcceptRefusal = z.infer<typeof AcceptRefusalSchema>;

/** Who opened, printed, exported or changed a child's record, and when (kept with the record, synced). */
export const AccessEntrySchema = z.object({
  id: IdSchema,
  applicationId: IdSchema,
  officeId: IdSchema,
  at: InstantSchema,
  by: IdSchema,
  byName: z.string(),
  action: z.enum(['open', 'print', 'export', 'change']),
  /** The step, form or file concerned. */
  detail: z.string().optional(),
});
export type AccessEntry = z.infer<typeof AccessEntrySchema>;
