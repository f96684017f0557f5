/**
 * The service catalog is data: officials change terms, documents and forms by
 * decree, and the district overrides entries without a new release. This schema
 * is the one place that says what an entry may hold.
 */
import { z } from 'zod';
import { BiTextSchema } from '../model/common';

export const StepIdSchema = z.enum(['accept', 'resolution', 'decision', 'signature', 'issue']);
export type StepId = z.infer<typeof StepIdSchema>;

export const DurationSchema = z.object({
  unit: z.enum(['minutes', 'workingDays', 'calendarDays']),
  value: z.number().positive(),
});
export type Duration = z.infer<typeof DurationSchema>;

export const TermSchema = z.object({
  unit: z.enum(['workingDays', 'calendarDays', 'minutes']),
  value: z.number().positive(),
  /** Whether the acceptance day counts toward the term (seed 000 §7: not at the State Corporation). */
  acceptanceDayCounts: z.boolean().default(false),
  note: BiTextSchema.optional(),
});

export const DocumentConditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('priority') }),
  z.object({ kind: z.literal('proxy') }),
  /** e.g. a birth certificate only for a child born before 13 Aug 2007 (not in the civil registry). */
  z.object({ kind: z.literal('childBornBefore'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
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
});
export type DocumentSpec = z.infer<typeof DocumentSpecSchema>;

export const CategorySchema = z.object({ code: z.string().min(1), name: BiTextSchema, proof: BiTextSchema });

export const ResultSchema = z.object({
  kind: z.enum(['referral', 'notification', 'certificate', 'conclusion', 'order', 'decision', 'duplicate', 'permission', 'recommendation', 'refusal']),
  form: z.string().min(1),
  name: BiTextSchema,
});

export const LegalRefSchema = z.object({ doc: BiTextSchema, paragraph: z.string(), seed: z.string().optional() });

export const ServiceEntrySchema = z.object({
  code: z.string().regex(/^[a-z0-9-]+$/),
  name: BiTextSchema,
  legalSource: z.array(LegalRefSchema).min(1),
  providers: z.array(z.enum(['akimat', 'educationDepartment', 'stateCorporation', 'portal', 'guardianshipAuthority', 'pmpc', 'rehabCentre', 'school'])).min(1),
  channels: z.array(z.enum(['office', 'stateCorporation', 'portal'])).min(1),
  free: z.boolean().default(true),
  term: TermSchema,
  waitMinutes: z.number().int().positive().optional(),
  serviceMinutes: z.number().int().positive().optional(),
  /** The five steps of every regulation (seed 001 §5) and their norms. */
  steps: z.array(z.object({ step: StepIdSchema, role: z.enum(['clerk', 'head', 'executor']), norm: DurationSchema })).length(5),
  subject: z.enum(['child', 'applicant']),
  /** Children at or above this age on the day of application are refused (6 now, 7 in the 2012 standard). */
  childAgeLimitYears: z.number().int().positive().optional(),
  priorityCategories: z.array(CategorySchema).default([]),
  documents: z.array(DocumentSpecSchema).min(1),
  results: z.array(ResultSchema).min(1),
  forms: z.object({ application: z.string(), receipt: z.string(), refusalToAccept: z.string() }),
  refusalGrounds: z.array(z.object({ code: z.string(), text: BiTextSchema })).min(1),
  /** Days a referral stays valid after issue (seed 000 App. 4: 5 days). */
  referralValidityDays: z.number().int().positive().optional(),
  /** What the seeds do not give: the district must fill it in. */
  unknown: z.array(z.string()).default([]),
});
export type ServiceEntry = z.infer<typeof ServiceEntrySchema>;
export type ServiceEntryInput = z.input<typeof ServiceEntrySchema>;
