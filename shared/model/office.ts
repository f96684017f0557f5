import { z } from 'zod';
import { BiTextSchema, IdSchema, InstantSchema, LangSchema, RoleSchema } from './common';

/**
 * Akim apparatus of a village, settlement or rural district, a mobile service
 * centre, the district education department; and the organisations that
 * provide services of their own (schools, kindergartens, additional education).
 */
export const OfficeTypeSchema = z.enum([
  'village',
  'settlement',
  'ruralDistrict',
  'districtEducation',
  'mobileCentre',
  'school',
  'kindergarten',
  'additionalEducation',
]);
export type OfficeType = z.infer<typeof OfficeTypeSchema>;

export const OfficeHoursSchema = z.object({
  start: z.string().regex(/^\d{2}:\d{2}$/),
  end: z.string().regex(/^\d{2}:\d{2}$/),
  lunchStart: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional(),
  lunchEnd: z
    .string()
    .regex(/^\d{2}:\d{2}$/)
    .optional(),
});

export const OfficeSchema = z.object({
  id: IdSchema,
  type: OfficeTypeSchema,
  name: BiTextSchema,
  district: BiTextSchema,
  region: BiTextSchema.optional(),
  address: BiTextSchema,
  headName: z.string().trim().min(1),
  phone: z.string().optional(),
  /** Short code printed in numbers (journal, referral); unique in the district. */
  code: z.string().trim().min(1).max(12),
  utcOffsetMinutes: z.number().int().min(-720).max(840).default(300),
  hours: OfficeHoursSchema,
  idleLockMinutes: z.number().int().min(1).max(240).default(15),
  createdAt: InstantSchema,
  /** KATO code of the office's place (9 digits). */
  kato: z
    .string()
    .regex(/^\d{9}$/)
    .optional(),
  /** The settlements it serves (a mobile centre's route), each with its KATO code where known. */
  settlements: z
    .array(
      z.object({
        kato: z
          .string()
          .regex(/^\d{9}$/)
          .optional(),
        name: BiTextSchema,
      }),
    )
    .max(200)
    .optional(),
  /** Closed by the district: kept for its records, takes no new applications, its laptops enrol no more. */
  closedAt: InstantSchema.optional(),
});
export type Office = z.infer<typeof OfficeSchema>;

export const PasswordHashSchema = z.object({
  alg: z.literal('PBKDF2-SHA256'),
  iterations: z.number().int().min(100_000).max(10_000_000),
  salt: z.string().min(1).max(200),
  hash: z.string().min(1).max(200),
});
export type PasswordHash = z.infer<typeof PasswordHashSchema>;

const B64 = /^[A-Za-z0-9+/]+={0,2}$/;
/**
 * A person's key pair, by which any laptop of the office hands them its data key
 * (docs/security.md "Shared laptops"). The public key travels in the clear; the
 * private key only sealed under a key derived from the person's password, with a
 * salt of its own (not the password verifier's). Written by the person themselves,
 * or with the account by whoever set its first password (shared/records/kinds.ts ownOnly).
 */
export const StaffKeysSchema = z.object({
  alg: z.literal('ECDH-P256/PBKDF2-SHA256/AES-GCM'),
  /** Raw uncompressed P-256 point (65 bytes, 0x04 first), base64. */
  publicKey: z.string().regex(/^B[A-P][A-Za-z0-9+/]{85}=$/),
  iterations: z.number().int().min(100_000).max(10_000_000),
  salt: z.string().min(16).max(64).regex(B64),
  iv: z.string().length(16).regex(B64),
  /** PKCS#8 private key sealed with AES-GCM. */
  wrappedPrivate: z.string().min(40).max(400).regex(B64),
});
export type StaffKeys = z.infer<typeof StaffKeysSchema>;

export const StaffSchema = z.object({
  id: IdSchema,
  officeId: IdSchema,
  fullName: z.string().trim().min(1),
  position: z.string().optional(),
  login: z.string().trim().min(1).max(64),
  roles: z.array(RoleSchema).min(1).max(5),
  password: PasswordHashSchema,
  active: z.boolean().default(true),
  /** Set by the district with a one-time password: the person must choose a new one at next sign-in. */
  mustChangePassword: z.boolean().optional(),
  /** When the district last set a one-time password (created the account or reset it). */
  passwordSetAt: InstantSchema.optional(),
  /** When the person last chose their own password (on a laptop of the office, or in the console). */
  passwordChangedAt: InstantSchema.optional(),
  keys: StaffKeysSchema.optional(),
  /** The language the person works in, chosen by them: it follows them to every laptop of the office. */
  lang: LangSchema.optional(),
  createdAt: InstantSchema,
});
export type Staff = z.infer<typeof StaffSchema>;

export const AgeGroupSchema = z.object({
  id: IdSchema,
  name: BiTextSchema,
  /** Age in whole years on the day of referral, inclusive bounds. */
  minAge: z.number().int().min(0).max(7),
  maxAge: z.number().int().min(0).max(7),
  freePlaces: z.number().int().min(0).max(10_000),
});
export type AgeGroup = z.infer<typeof AgeGroupSchema>;

export const KindergartenSchema = z.object({
  id: IdSchema,
  number: z.string().trim().min(1).max(20),
  name: BiTextSchema,
  address: BiTextSchema,
  ageGroups: z.array(AgeGroupSchema).max(30),
  active: z.boolean().default(true),
  updatedAt: InstantSchema,
});
export type Kindergarten = z.infer<typeof KindergartenSchema>;
