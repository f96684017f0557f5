import { z } from 'zod';
import { IdSchema, VersionSchema } from '../model/common';
import { badCharacters, jsonBoundsIssues } from '../records/bounds';

export const OP_ENTITIES = [
  'application',
  'refusal',
  'kindergarten',
  'office',
  'staff',
  'access',
  'complaint',
  'visit',
  'techProtocol',
] as const;

/** What places an op in its device's sequence: checked for the whole request (a request without it is not from a desk). */
const plain = (s: string) => !badCharacters(s);
export const OpEnvelopeSchema = z.looseObject({
  opId: z.string().min(1).max(1_000).refine(plain),
  deviceId: z.string().min(1).max(1_000).refine(plain),
  /** Gap-free per device: assigned in the same transaction as the change. */
  deviceSeq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
/** An op as received: its place is known, the rest is checked when it is applied (and refused on its own). */
export type RawOp = z.infer<typeof OpEnvelopeSchema>;

/**
 * Set (true) on an op whose sealed fields the laptop can no longer open (a
 * damaged outbox row): it is sent with its clear header only, so that its
 * number is not missing from the sequence, and the server quarantines it in
 * its place (`op.unreadable`) where the district sees it.
 */
export const UNREADABLE_OP_MARK = 'unreadable';

/** One change, as kept in the device outbox and, later, on the server (the audit trail). */
export const OpSchema = z.object({
  opId: IdSchema,
  deviceId: IdSchema,
  deviceSeq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  /** access: one entry of a record's access log (append-only, so entries from two laptops never conflict). */
  entity: z.enum(OP_ENTITIES),
  entityId: IdSchema,
  kind: z.enum(['create', 'patch', 'transition']),
  /** create: the whole record; patch/transition: only the changed fields. Any value within the generic bounds. */
  fields: z.record(z.string(), z.unknown()).superRefine((fields, ctx) => {
    for (const i of jsonBoundsIssues(fields))
      ctx.addIssue({ code: 'custom', path: i.path, message: i.message, params: { bounds: i.code } });
  }),
  /** The version of the record this change was made on (0 for create). */
  baseVersion: VersionSchema,
  hlc: z
    .string()
    .max(64)
    .regex(/^\d{15}-\d{5}-[A-Za-z0-9_.:-]{1,40}$/),
  staffId: IdSchema,
  step: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,32}$/)
    .optional(),
});
export type Op = z.infer<typeof OpSchema>;
