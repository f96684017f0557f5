/**
 * The district console's contract (issue #13): who may do what in the district
 * (roles and areas), and the shapes of what the console sends and receives
 * when it sets up a district and administers its offices, staff,
 * kindergartens, devices, imports, audit and backups. The server enforces the
 * areas (server/http: every district route names its area); the console only
 * hides what a role may not do. docs/api.md lists the routes.
 */
import { z } from 'zod';
import { BiTextSchema, IdSchema, InstantSchema, RoleSchema, type Role } from '../model/common';
import { OfficeHoursSchema, OfficeTypeSchema, type OfficeType } from '../model/office';

/** The roles of district education department staff in the console. */
export const DISTRICT_ROLES = ['admin', 'specialist', 'head'] as const satisfies readonly Role[];
export type DistrictRole = (typeof DISTRICT_ROLES)[number];

/**
 * What the console administers, each with the roles that may change it.
 * Every district role may read every area (a head reads all of it); `signatures`
 * is where the district signs (the head).
 */
export const DISTRICT_AREAS = {
  accounts: ['admin'],
  offices: ['admin'],
  devices: ['admin'],
  codes: ['admin'],
  import: ['admin'],
  backups: ['admin'],
  settings: ['admin'],
  kindergartens: ['admin', 'specialist'],
  queue: ['specialist'],
  reconciliation: ['specialist'],
  reports: ['specialist'],
  catalog: ['specialist'],
  signatures: ['head'],
} as const satisfies Record<string, readonly DistrictRole[]>;
export type DistrictArea = keyof typeof DISTRICT_AREAS;

/** Roles only the district education department's accounts hold: the console's powers, nothing an office does. */
export const DISTRICT_ONLY_ROLES = ['admin', 'specialist'] as const satisfies readonly Role[];
/** Whether an account of an office of this type may hold the role (checked by the console, the import and ingest). */
export function roleFitsOffice(role: Role, officeType: OfficeType): boolean {
  return officeType === 'districtEducation' || !(DISTRICT_ONLY_ROLES as readonly Role[]).includes(role);
}

export function isDistrictRole(r: Role): r is DistrictRole {
  return (DISTRICT_ROLES as readonly Role[]).includes(r);
}
/** Any district role reads every area of the console. */
export function mayReadDistrict(roles: readonly Role[]): boolean {
  return roles.some(isDistrictRole);
}
/** Whether one of these roles may change this area. */
export function mayChangeDistrict(roles: readonly Role[], area: DistrictArea): boolean {
  return roles.some((r) => (DISTRICT_AREAS[area] as readonly Role[]).includes(r));
}

/** 9 digits: the KATO (classifier of administrative-territorial objects) code. */
export const KatoSchema = z.string().regex(/^\d{9}$/, { message: 'KATO: 9 digits' });
export const LoginSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9._-]+$/, { message: 'latin lower-case letters, digits, . _ -' });

/** First-run setup of a district: its names, region, KATO and its first administrator. */
export const DistrictSetupSchema = z.object({
  name: BiTextSchema,
  region: BiTextSchema,
  kato: KatoSchema,
  /** The district education department (the office district staff belong to). */
  office: z.object({
    name: BiTextSchema,
    address: BiTextSchema,
    headName: z.string().trim().min(1).max(200),
    code: z.string().trim().min(1).max(12),
  }),
  admin: z.object({
    fullName: z.string().trim().min(1).max(200),
    login: LoginSchema,
    password: z.string().min(10).max(200),
  }),
});
export type DistrictSetup = z.infer<typeof DistrictSetupSchema>;

export const SetupStatusSchema = z.object({
  needsSetup: z.boolean(),
  /** First-run setup is offered only to a browser on the server machine itself. */
  setupAllowedHere: z.boolean(),
  demo: z.boolean(),
  district: z.object({ name: BiTextSchema, region: BiTextSchema.optional(), kato: z.string().optional() }).nullable(),
});
export type SetupStatus = z.infer<typeof SetupStatusSchema>;

/** The console's signed-in person (GET /v1/console/session). */
export const ConsoleSessionSchema = z.object({
  staff: z.object({
    id: IdSchema,
    fullName: z.string(),
    login: z.string(),
    roles: z.array(RoleSchema),
    officeId: IdSchema,
  }),
  expiresAt: InstantSchema,
  mustChangePassword: z.boolean(),
  demo: z.boolean(),
  district: BiTextSchema,
  /** The years the district's working-day calendar covers, so the console can say when the next one is missing (K-03). */
  calendarYears: z.tuple([z.number().int(), z.number().int()]),
});
export type ConsoleSession = z.infer<typeof ConsoleSessionSchema>;

export const SettlementSchema = z.object({ kato: KatoSchema.optional(), name: BiTextSchema });
export type Settlement = z.infer<typeof SettlementSchema>;

/** An office as the district creates or edits it (the rest of the record the server fills in). */
export const OfficeInputSchema = z.object({
  type: OfficeTypeSchema,
  code: z.string().trim().min(1).max(12),
  kato: KatoSchema.optional(),
  name: BiTextSchema,
  address: BiTextSchema,
  headName: z.string().trim().min(1).max(200),
  phone: z.string().trim().max(40).optional(),
  hours: OfficeHoursSchema.optional(),
  /** The settlements it serves (a mobile centre's route). */
  settlements: z.array(SettlementSchema).max(200).default([]),
});
export type OfficeInput = z.infer<typeof OfficeInputSchema>;

export const StaffInputSchema = z.object({
  officeId: IdSchema,
  fullName: z.string().trim().min(1).max(200),
  position: z.string().trim().max(200).optional(),
  login: LoginSchema,
  roles: z.array(RoleSchema).min(1).max(5),
});
export type StaffInput = z.infer<typeof StaffInputSchema>;

/** A staff account as the console lists it: never the password hash. */
export const StaffAdminSchema = StaffInputSchema.extend({
  id: IdSchema,
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  /** District accounts: the last console sign-in; office staff: the last op they signed that reached the server. */
  lastSignInAt: InstantSchema.nullable(),
});
export type StaffAdmin = z.infer<typeof StaffAdminSchema>;

export const AgeGroupInputSchema = z.object({
  id: IdSchema,
  name: BiTextSchema,
  minAge: z.number().int().min(0).max(7),
  maxAge: z.number().int().min(0).max(7),
  places: z.number().int().min(0).max(10_000),
});
export const KindergartenInputSchema = z.object({
  number: z.string().trim().min(1).max(20),
  name: BiTextSchema,
  address: BiTextSchema,
  ageGroups: z.array(AgeGroupInputSchema).max(30),
  active: z.boolean().default(true),
});
export type KindergartenInput = z.infer<typeof KindergartenInputSchema>;

/** One laptop on the device board (GET /v1/district/devices). */
export const DeviceBoardRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  officeId: z.string(),
  appVersion: z.string().nullable(),
  enrolledAt: InstantSchema,
  lastSeenAt: InstantSchema.nullable(),
  /** The last pull that reached the end after a push left nothing waiting on the laptop. */
  lastFullSyncAt: InstantSchema.nullable(),
  acked: z.number().int(),
  backlog: z.number().int(),
  quarantined: z.number().int(),
  /** Journal numbers still unused in its leases (all journals together), and the journal closest to running out. */
  numbersLeft: z.number().int(),
  lowestJournal: z.object({ journal: z.string(), left: z.number().int() }).nullable(),
  /** The laptop's clock minus the server's, in seconds, as last measured; null: never measured. */
  clockErrorSeconds: z.number().nullable(),
  revokedAt: InstantSchema.nullable(),
  /** 'drain': take what it has, then stop (revoked when it has nothing left to send). */
  revokeMode: z.enum(['stop', 'drain']).nullable(),
});
export type DeviceBoardRow = z.infer<typeof DeviceBoardRowSchema>;

export const RevokeRequestSchema = z.object({ mode: z.enum(['stop', 'drain']) });

/**
 * When the device board marks a laptop (the console's presentation, from the
 * server's facts): not synced fully for `staleDays` (red), fewer than
 * `lowNumbers` journal numbers left in its leases in one journal, a clock off
 * by more than `clockWarnSeconds` (as the desk's own warning,
 * shared/sync/clock.ts CLOCK_WARN_MS). An old version is one below the
 * newest version among the district's laptops.
 */
export const DEVICE_BOARD_LIMITS = { staleDays: 3, lowNumbers: 20, clockWarnSeconds: 600 } as const;

/** One row of an import that cannot be written, by sheet and row number as the spreadsheet shows them. */
export const ImportRowErrorSchema = z.object({
  sheet: z.enum(['offices', 'settlements', 'staff', 'kindergartens']),
  row: z.number().int(),
  column: z.string().optional(),
  /** A locale key (errors.json) with its parameters. */
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ImportRowError = z.infer<typeof ImportRowErrorSchema>;
const ImportCountsSchema = z.object({
  create: z.number().int(),
  update: z.number().int(),
  unchanged: z.number().int(),
});
export const ImportReportSchema = z.object({
  applied: z.boolean(),
  errors: z.array(ImportRowErrorSchema),
  offices: ImportCountsSchema,
  settlements: ImportCountsSchema,
  staff: ImportCountsSchema,
  kindergartens: ImportCountsSchema,
  /** New staff accounts' one-time passwords, shown once (only when applied). */
  oneTimePasswords: z.array(z.object({ login: z.string(), officeCode: z.string(), password: z.string() })).default([]),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

/** An administrative action in the append-only audit log. */
export const AuditEntrySchema = z.object({
  id: z.number().int(),
  at: InstantSchema,
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const BackupInfoSchema = z.object({
  file: z.string(),
  at: InstantSchema,
  bytes: z.number().int(),
  kind: z.enum(['pglite', 'pg_dump']),
  counts: z.record(z.string(), z.number().int()),
});
export const BackupStatusSchema = z.object({
  enabled: z.boolean(),
  dir: z.string().nullable(),
  everyHours: z.number().nullable(),
  keep: z.number().int().nullable(),
  backups: z.array(BackupInfoSchema),
  lastError: z.string().nullable(),
  /** The newest backup restored into a scratch database and counted. */
  restoreCheck: z
    .object({
      at: InstantSchema,
      file: z.string(),
      ok: z.boolean(),
      counts: z.record(z.string(), z.number().int()),
      seconds: z.number(),
      problem: z.string().nullable(),
    })
    .nullable(),
});
export type BackupStatus = z.infer<typeof BackupStatusSchema>;
