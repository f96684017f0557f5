/**
 * The service catalog is data: officials change terms, documents and forms by
 * decree, and the district overrides entries without a new release. This schema
 * is the one place that says what an entry may hold.
 *
 * Fields the app's intake and workflow read (code ... unknown) keep their shape;
 * everything added since is optional, so an override written for an older
 * release still parses. Cross-field rules (step order, unique codes, references
 * between fields) are checked here too, because a district override that breaks
 * them would otherwise break the workflow at run time, far from its cause.
 */
import { z } from 'zod';
import { BiTextSchema } from '../model/common';

export const StepIdSchema = z.enum(['accept', 'resolution', 'decision', 'signature', 'issue']);
export type StepId = z.infer<typeof StepIdSchema>;
/** The order every regulation walks (seed 001 §5); the workflow machine relies on it. */
const STEP_SEQUENCE = StepIdSchema.options;

export const DurationSchema = z.object({
  unit: z.enum(['minutes', 'workingDays', 'calendarDays']),
  value: z.number().positive(),
  /**
   * Lower end where the seed gives a range (rehabilitation: 90 to 180 calendar
   * days, seed 001). `value` stays the upper end, the one deadlines count to.
   */
  min: z.number().positive().optional(),
  /** A placeholder, not a seed fact: the district must set it (the entry's `unknown` says so). */
  provisional: z.boolean().optional(),
});
export type Duration = z.infer<typeof DurationSchema>;

export const TermSchema = z.object({
  unit: z.enum(['workingDays', 'calendarDays', 'minutes']),
  value: z.number().positive(),
  /** Whether the acceptance day counts toward the term (seed 000 §7: not at the State Corporation). */
  acceptanceDayCounts: z.boolean().default(false),
  note: BiTextSchema.optional(),
  /** Lower end of a ranged term; see DurationSchema.min. */
  min: z.number().positive().optional(),
  /** A placeholder, not a seed fact (see DurationSchema.provisional). */
  provisional: z.boolean().optional(),
});

export const DocumentConditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('priority') }),
  z.object({ kind: z.literal('proxy') }),
  /** e.g. a birth certificate only for a child born before 13 Aug 2007 (not in the civil registry). */
  z.object({ kind: z.literal('childBornBefore'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  /** Codes refer to the entry's statusCategories or priorityCategories. */
  z.object({ kind: z.literal('category'), categories: z.array(z.string()).min(1) }),
  z.object({ kind: z.literal('notInRegistry') }),
]);
export type DocumentCondition = z.infer<typeof DocumentConditionSchema>;

export const DocumentSpecSchema = z.object({
  code: z.string().min(1),
  name: BiTextSchema,
  /** always: must be presented; conditional: required when `when` holds; optional: never blocks. */
  requirement: z.enum(['always', 'conditional', 'optional']),
  when: DocumentConditionSchema.optional(),
  originalForComparison: z.boolean().default(false),
  /** Where the requirement comes from ("003 Annex 11, Annex 2 §8 5)"), so a clerk or auditor can check it. */
  source: z.string().min(1).optional(),
  note: BiTextSchema.optional(),
});
export type DocumentSpec = z.infer<typeof DocumentSpecSchema>;

export const CategorySchema = z.object({
  code: z.string().min(1),
  name: BiTextSchema,
  proof: BiTextSchema,
  /** Code of the entry's document that proves the category, when the seed names one. */
  document: z.string().min(1).optional(),
});

export const ResultSchema = z.object({
  // admission / registration: enrolment and "есепке қою" services named in seed 004;
  // other: the seeds name the service but not its result document.
  kind: z.enum([
    'referral',
    'notification',
    'certificate',
    'conclusion',
    'order',
    'decision',
    'duplicate',
    'permission',
    'recommendation',
    'refusal',
    'admission',
    'registration',
    'other',
  ]),
  form: z.string().min(1),
  name: BiTextSchema,
});

export const LegalRefSchema = z.object({ doc: BiTextSchema, paragraph: z.string(), seed: z.string().optional() });

export const ChannelIdSchema = z.enum(['office', 'stateCorporation', 'portal']);
export type ChannelId = z.infer<typeof ChannelIdSchema>;

export const ProviderIdSchema = z.enum([
  'akimat',
  'educationDepartment',
  'stateCorporation',
  'portal',
  'guardianshipAuthority',
  'pmpc',
  'rehabCentre',
  'school',
  // seed 004: kindergartens and additional-education organisations provide services of their own
  'kindergarten',
  'additionalEducation',
]);
export type ProviderId = z.infer<typeof ProviderIdSchema>;

/**
 * What intake learns that the law answers with a reasoned refusal of the
 * service, not with no paper at all (issue #15, R-01): a child at or over the
 * entry's age limit (seed 000 §5: the result is a referral, a notification or
 * a reasoned refusal), no consent to the use of personal data (seed 003
 * Annex 2 §9 3): a ground of refusal, heard first). See shared/intake/refusalDue.ts.
 */
export const IntakeFactSchema = z.enum(['overAge', 'noConsent']);
export type IntakeFact = z.infer<typeof IntakeFactSchema>;

/** A ground of a reasoned refusal of the service, as the act words it. */
export const RefusalGroundSchema = z.object({
  code: z.string(),
  text: BiTextSchema,
  source: z.string().optional(),
  /**
   * The intake fact this ground answers: an application taken in with the fact
   * is registered (with a warning) and can only be refused on this ground.
   * An entry with no ground for a fact refuses the intake instead.
   */
  fact: IntakeFactSchema.optional(),
});

/** An extra field of an application form beyond the applicant/child blocks every intake has. */
export const ApplicationFieldSchema = z.object({
  code: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/),
  name: BiTextSchema,
  type: z.enum(['text', 'integer', 'date']),
  required: z.boolean(),
});

/** A form printed along the way that is neither the application, a receipt nor a result. */
export const InterimFormSchema = z.object({ id: z.string().min(1), name: BiTextSchema, source: z.string().optional() });

/**
 * Preliminary decision and hearing before a refusal (Administrative Procedure
 * Code art. 73-74; camp referrals: seed 003 Annex 11 §10).
 */
export const HearingSchema = z.object({
  /** The notice of the preliminary refusal goes out no later than this many working days before the term ends. */
  noticeWorkingDaysBeforeEnd: z.number().int().positive(),
  /** After the hearing the result (or reasoned refusal) goes out within this many working days. */
  finalDecisionWorkingDays: z.number().int().positive(),
  /** Refusal grounds that need a hearing first (camp: those of §9, not the incomplete set of §8). */
  grounds: z.array(z.string().min(1)).min(1),
  /** Interim form ids of the notice and of the hearing record. */
  noticeForm: z.string().min(1),
  recordForm: z.string().min(1),
  legalBasis: BiTextSchema.optional(),
});

/** Complaint terms where the seed gives them (seed 002; seed 003 Annex 11 §14). */
export const ComplaintTermsSchema = z.object({
  providerWorkingDays: z.number().int().positive(),
  authorityWorkingDays: z.number().int().positive(),
  /** A complaint against an official goes to the authority within this many working days unless fully satisfied. */
  forwardWorkingDays: z.number().int().positive().optional(),
});

const ChannelTimesSchema = z.object({
  waitMinutes: z.number().int().positive().optional(),
  serviceMinutes: z.number().int().positive().optional(),
});

export const ServiceEntrySchema = z
  .object({
    code: z.string().regex(/^[a-z0-9-]+$/),
    name: BiTextSchema,
    /**
     * Other official titles of the same service (older or newer editions, the
     * wording of a report such as seed 004), so records and reports that use them
     * still match. Russian is given where an official one is known.
     */
    formerNames: z
      .array(z.object({ kk: z.string().trim().min(1), ru: z.string().trim().min(1).optional(), seed: z.string() }))
      .optional(),
    legalSource: z.array(LegalRefSchema).min(1),
    providers: z.array(ProviderIdSchema).min(1),
    channels: z.array(ChannelIdSchema).min(1),
    free: z.boolean().default(true),
    /** How the service is delivered (seed 000 §2, 001 §2, 002 §3): paper, partly or fully automated. */
    deliveryForms: z
      .array(z.enum(['paper', 'electronicPartial', 'electronicFull']))
      .min(1)
      .optional(),
    term: TermSchema,
    waitMinutes: z.number().int().positive().optional(),
    serviceMinutes: z.number().int().positive().optional(),
    /** Waiting and service limits that differ by channel (seed 000 §7: 20 minutes at the State Corporation). */
    channelTimes: z
      .object({ stateCorporation: ChannelTimesSchema.optional(), portal: ChannelTimesSchema.optional() })
      .optional(),
    /** The five steps of every regulation (seed 001 §5) and their norms. */
    steps: z
      .array(
        z.object({
          step: StepIdSchema,
          role: z.enum(['clerk', 'head', 'executor']),
          norm: DurationSchema,
          /** What the step also covers where the seed says so (the head sets the examination date, signs a contract...). */
          note: BiTextSchema.optional(),
        }),
      )
      .length(5),
    subject: z.enum(['child', 'applicant']),
    /**
     * Children at or above this age on the day of application are refused (6 now, 7 in the 2012
     * standard): by the reasoned refusal of the ground whose `fact` is overAge, else at intake.
     */
    childAgeLimitYears: z.number().int().positive().optional(),
    /** Children below this age cannot be the subject (the opinion of a child who has reached ten, seed 003 §1 12)). */
    childMinAgeYears: z.number().int().positive().optional(),
    priorityCategories: z.array(CategorySchema).default([]),
    /**
     * Categories the service exists for (camp referrals: seed 003 Annex 11,
     * Annex 2 §8 6)). When present the applicant names exactly one, and its
     * proof document becomes required through a `category` condition.
     */
    statusCategories: z.array(CategorySchema).min(1).optional(),
    documents: z.array(DocumentSpecSchema).min(1),
    /** Fields the application form asks for besides applicant, child and consent (camp Annex 1: school, class, school year). */
    applicationFields: z.array(ApplicationFieldSchema).optional(),
    results: z.array(ResultSchema).min(1),
    forms: z.object({ application: z.string(), receipt: z.string(), refusalToAccept: z.string() }),
    interimForms: z.array(InterimFormSchema).optional(),
    refusalGrounds: z.array(RefusalGroundSchema).min(1),
    /** Working days the provider has to check that the documents are complete (camp: seed 003 Annex 11 §8). */
    completenessCheckWorkingDays: z.number().int().positive().optional(),
    /** Working days the State Corporation's courier takes to bring the documents to the provider (seed 003 Annex 11 §6). */
    courierWorkingDays: z.number().int().positive().optional(),
    hearing: HearingSchema.optional(),
    /** Months the State Corporation keeps an uncollected result before handing it to the provider (seed 000 §15, 003 §12). */
    uncollectedKeptMonths: z.number().int().positive().optional(),
    complaints: ComplaintTermsSchema.optional(),
    /** Days a referral stays valid after issue (seed 000 App. 4: 5 days, the default; see referralValidityDays in queue/queue.ts). */
    referralValidityDays: z.number().int().positive().optional(),
    /**
     * The entry keeps a queue (the preschool queue, seed 000): the applicant
     * names kindergartens and may claim a first-turn category, the child waits
     * from registration, the district orders the waiting children by age across
     * its offices, and the decision is a referral to a free place in the child's
     * age group or a notification of the place, not a result document. What
     * the app does for a service follows from this, never from its code.
     * Absent from entries saved before it existed: the shipped entry of the
     * same code then decides (see Catalog).
     */
    queue: z.boolean().optional(),
    /** How the entry's journal (named by its code) is numbered offline; absent, as the shipped entry of the same code says. */
    numbering: z
      .object({
        /**
         * Numbers an enrolled laptop leases per block: a journal that carries most
         * of a village's work wants a block that lasts weeks without a link (the
         * server grants at most SYNC_LIMITS.leaseMaxSize).
         */
        leaseSize: z.number().int().positive(),
      })
      .optional(),
    /** What the seeds do not give: the district must fill it in. Each item starts with the field it concerns ("term: ..."). */
    unknown: z.array(z.string()).default([]),
  })
  .superRefine((e, ctx) => {
    // Each rule has a code (locales: errors.catalog.schema.rules.*) and its values; the English
    // message is for logs and the server's answers.
    const issue = (path: (string | number)[], rule: string, values: Record<string, string | number>, message: string) =>
      ctx.addIssue({ code: 'custom', path, message, params: { rule, ...values } });
    e.steps.forEach((s, i) => {
      if (s.step !== STEP_SEQUENCE[i])
        issue(
          ['steps', i, 'step'],
          'stepOrder',
          { n: i + 1, step: STEP_SEQUENCE[i] },
          `step ${i + 1} must be ${STEP_SEQUENCE[i]}`,
        );
      if (s.norm.min !== undefined && s.norm.min > s.norm.value)
        issue(['steps', i, 'norm', 'min'], 'minAboveValue', {}, 'min exceeds value');
    });
    if (e.term.min !== undefined && e.term.min > e.term.value)
      issue(['term', 'min'], 'minAboveValue', {}, 'min exceeds value');
    const dupes = (codes: string[]) => codes.filter((c, i) => codes.indexOf(c) !== i);
    for (const c of dupes(e.documents.map((d) => d.code)))
      issue(['documents'], 'duplicateDocument', { code: c }, `duplicate document code ${c}`);
    for (const c of dupes(e.refusalGrounds.map((g) => g.code)))
      issue(['refusalGrounds'], 'duplicateGround', { code: c }, `duplicate refusal ground ${c}`);
    // One ground answers a fact: the refusal it calls for must be unambiguous.
    for (const f of dupes(e.refusalGrounds.flatMap((g) => (g.fact ? [g.fact] : []))))
      issue(['refusalGrounds'], 'duplicateFact', { fact: f }, `more than one refusal ground answers ${f}`);
    const categories = new Set([...e.priorityCategories, ...(e.statusCategories ?? [])].map((c) => c.code));
    const docCodes = new Set(e.documents.map((d) => d.code));
    e.documents.forEach((d, i) => {
      if (d.requirement === 'conditional' && !d.when)
        issue(
          ['documents', i, 'when'],
          'conditionalWithoutWhen',
          { code: d.code },
          `${d.code} is conditional but says not when`,
        );
      if (d.when?.kind === 'category') {
        for (const c of d.when.categories)
          if (!categories.has(c))
            issue(['documents', i, 'when'], 'unknownCategory', { code: c }, `unknown category ${c}`);
      }
    });
    [...e.priorityCategories, ...(e.statusCategories ?? [])].forEach((c) => {
      if (c.document && !docCodes.has(c.document)) {
        issue(
          ['statusCategories'],
          'categoryUnknownDocument',
          { category: c.code, code: c.document },
          `category ${c.code} names unknown document ${c.document}`,
        );
      }
    });
    if (e.hearing) {
      const grounds = new Set(e.refusalGrounds.map((g) => g.code));
      for (const g of e.hearing.grounds)
        if (!grounds.has(g)) issue(['hearing', 'grounds'], 'unknownGround', { code: g }, `unknown refusal ground ${g}`);
      const interim = new Set((e.interimForms ?? []).map((f) => f.id));
      for (const f of [e.hearing.noticeForm, e.hearing.recordForm])
        if (!interim.has(f)) issue(['hearing'], 'formNotInterim', { form: f }, `form ${f} is not among interimForms`);
    }
  });
export type ServiceEntry = z.infer<typeof ServiceEntrySchema>;
export type ServiceEntryInput = z.input<typeof ServiceEntrySchema>;
