import { z } from 'zod';

/** One change, as kept in the device outbox and, later, on the server (the audit trail). */
export const OpSchema = z.object({
  opId: z.string(),
  deviceId: z.string(),
  /** Gap-free per device: assigned in the same transaction as the change. */
  deviceSeq: z.number().int().positive(),
  /** access: one entry of a record's access log (append-only, so entries from two laptops never conflict). */
  entity: z.enum(['application', 'refusal', 'kindergarten', 'office', 'staff', 'access', 'complaint', 'visit', 'techProtocol']),
  entityId: z.string(),
  kind: z.enum(['create', 'patch', 'transition']),
  /** create: the whole record; patch/transition: only the changed fields. */
  fields: z.record(z.string(), z.unknown()),
  /** The version of the record this change was made on (0 for create). */
  baseVersion: z.number().int().nonnegative(),
  hlc: z.string(),
  staffId: z.string(),
  step: z.string().optional(),
});
export type Op = z.infer<typeof OpSchema>;
