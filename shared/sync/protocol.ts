/**
 * The wire contract between the desk and the district server: one set of zod
 * schemas both ends validate with. docs/api.md shows each call with examples.
 *
 * Versions: every /v1 request carries PROTOCOL_HEADER. The server answers 426
 * to clients below MIN_PROTOCOL_VERSION, so a breaking change bumps both
 * numbers and old laptops are told to update instead of corrupting data.
 */
import { z } from 'zod';
import { OpEnvelopeSchema } from './ops';
import { BiTextSchema, IdSchema, INT32_MAX, InstantSchema, JournalYearSchema } from '../model/common';
import { WithdrawalSchema } from '../model/application';
import { KindergartenSchema, OfficeSchema, PasswordHashSchema, StaffSchema } from '../model/office';
import { ServiceEntrySchema } from '../catalog/schema';

export const PROTOCOL_VERSION = 1;
export const MIN_PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-protocol-version';

/**
 * What an enrolled desk tells the server about itself on every sync request,
 * for the district's device board (docs/sync.md): its app version, its own
 * clock (an ISO instant, the laptop's uncorrected time when it sent the
 * request) and how many ops wait in its outbox. The last says when a pull
 * ends a full sync (nothing left to send) and when a device revoked with
 * "take what it has, then stop" has given everything.
 */
export const APP_VERSION_HEADER = 'x-akimat-app-version';
export const CLIENT_TIME_HEADER = 'x-akimat-client-time';
export const OUTBOX_HEADER = 'x-akimat-outbox';
export const DESK_HEADERS = [APP_VERSION_HEADER, CLIENT_TIME_HEADER, OUTBOX_HEADER] as const;

/**
 * Batch caps. On a 100 kbit/s EDGE link 256 KiB of gzip takes ~20 s, so a
 * batch stays well under a typical request timeout; the byte cap is measured
 * after decompression, so a gzip bomb is refused as well.
 */
export const SYNC_LIMITS = {
  maxOpsPerBatch: 500,
  maxBatchBytes: 1_048_576,
  maxCompressedBytes: 1_048_576,
  pullDefaultLimit: 200,
  pullMaxLimit: 1000,
  leaseMaxSize: 1000,
  leaseDefaultSize: 50,
  /** The device asks for a new block when fewer numbers than this are left in its leases. */
  leaseLowWater: 10,
  importMaxOps: 50_000,
  importMaxBytes: 64 * 1_048_576,
} as const;

// ---------- errors ----------

/** Every non-2xx answer. `message` is for people (kk first); `error` is a stable code. */
export const ErrorBodySchema = z.object({
  error: z.string(),
  message: BiTextSchema.optional(),
  issues: z
    .array(
      z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string(), code: z.string().optional() }),
    )
    .optional(),
  minVersion: z.number().int().optional(),
  currentVersion: z.number().int().optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

// ---------- health ----------

export const HealthResponseSchema = z.object({
  ok: z.boolean(),
  db: z.object({ ok: z.boolean(), kind: z.enum(['pglite', 'postgres']) }),
  version: z.string(),
  protocol: z.object({ current: z.number().int(), min: z.number().int() }),
  migrations: z.array(z.string()),
  district: z.string().nullable(),
  uptimeSeconds: z.number(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

// ---------- district staff sign-in and enrolment codes ----------

// The login name's length is capped: it is stored with the sign-in attempts counted against it.
export const DistrictLoginRequestSchema = z.object({
  login: z.string().trim().min(1).max(100),
  password: z.string().min(1),
});
export type DistrictLoginRequest = z.infer<typeof DistrictLoginRequestSchema>;
export const DistrictLoginResponseSchema = z.object({
  token: z.string(),
  expiresAt: InstantSchema,
  staff: z.object({ id: z.string(), fullName: z.string(), login: z.string(), officeId: z.string() }),
});
export type DistrictLoginResponse = z.infer<typeof DistrictLoginResponseSchema>;

export const EnrolmentCodeRequestSchema = z.object({
  officeId: z.string().min(1),
  /** Hours the code stays valid; one use in any case. */
  validHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  note: z.string().max(200).optional(),
  /**
   * A code for this device only (of the office above): it enrols no other
   * device, and it is the only kind of code that brings a revoked device back.
   */
  deviceId: z.string().trim().min(8).max(64).optional(),
});
export type EnrolmentCodeRequest = z.input<typeof EnrolmentCodeRequestSchema>;
export const EnrolmentCodeResponseSchema = z.object({
  /** As printed: `XXXX-XXXX-XXXX`, plus `-CCCC`, the check group of the certificate desks pin, when the server speaks TLS (shared/sync/enrolmentCode.ts). */
  code: z.string(),
  officeId: z.string(),
  expiresAt: InstantSchema,
  /** SHA-256 of that certificate (64 hex digits), shown beside the code; absent on plain HTTP. */
  certificateFingerprint: z.string().nullable().optional(),
  /** To withdraw the code (POST /v1/district/enrolment-codes/:id/withdraw). */
  id: z.number().int(),
  deviceId: z.string().nullable(),
});
export type EnrolmentCodeResponse = z.infer<typeof EnrolmentCodeResponseSchema>;

/** An issued code as the district lists it: never the code itself (the server keeps only its hash). */
export const EnrolmentCodeInfoSchema = z.object({
  id: z.number().int(),
  officeId: z.string(),
  note: z.string().nullable(),
  /** A district staff id, `device:<id>`, or null for the demo codes printed at start. */
  createdBy: z.string().nullable(),
  createdAt: InstantSchema,
  expiresAt: InstantSchema,
  usedAt: InstantSchema.nullable(),
  /** The device that used it. */
  usedBy: z.string().nullable(),
  withdrawnAt: InstantSchema.nullable(),
  /** Issued for this device only. */
  forDeviceId: z.string().nullable(),
  status: z.enum(['active', 'used', 'expired', 'withdrawn']),
});
export type EnrolmentCodeInfo = z.infer<typeof EnrolmentCodeInfoSchema>;

/** Settings the district changes at run time (PUT takes any of them). */
export const DistrictSettingsSchema = z.object({
  /** A device token not used for this many days stops working (401 auth.expired): the laptop must enrol again. */
  deviceTokenIdleDays: z.number().int().min(1).max(3650),
  /** A laptop warns that a journal runs low below this share of the journal's block, in per cent (shared/numbering/leases.ts). */
  numbersWarnPercent: z.number().int().min(1).max(90),
});
export type DistrictSettings = z.infer<typeof DistrictSettingsSchema>;

/** Ends the session behind the bearer token, or every session of its staff member (`all`: a password that leaked). */
export const DistrictLogoutRequestSchema = z.object({ all: z.boolean().default(false) });

/** A sign-in lock: `login` null means the address is locked whatever login name it tries. */
export const SignInLockSchema = z.object({
  login: z.string().nullable(),
  address: z.string(),
  attempts: z.number().int(),
  lockedUntil: InstantSchema,
  lastAttemptAt: InstantSchema,
});
export type SignInLock = z.infer<typeof SignInLockSchema>;
export const SignInUnlockRequestSchema = z
  .object({ login: z.string().trim().min(1).max(100).optional(), address: z.string().trim().min(1).max(64).optional() })
  .refine((x) => x.login !== undefined || x.address !== undefined, { message: 'login or address (or both)' });

// ---------- enrolment ----------

export const EnrolRequestSchema = z.object({
  /** As issued (case and dashes do not matter). */
  code: z.string().trim().min(4).max(40),
  deviceName: z.string().trim().min(1).max(120),
  /** The id the device already stamps on its ops; the server makes one up when absent. */
  deviceId: z.string().trim().min(8).max(64).optional(),
  /** A standalone office joining the district with its records (JoinRequestSchema); only on a device's first enrolment. */
  join: z.lazy(() => JoinRequestSchema).optional(),
});
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;

/**
 * What a standalone office brings when it joins the district (issue #16 item
 * 8): its staff as they stand (public parts: password hashes stay on the
 * laptop), the kindergartens its records name, and the highest number it gave
 * in each journal and year. The server matches staff by login and
 * kindergartens by number, creates the rest, and records the numbers given
 * as this laptop's block where the journal is still untouched in the district.
 */
export const JoinRequestSchema = z.object({
  staff: z
    .array(StaffSchema.omit({ password: true }))
    .min(1)
    .max(200),
  kindergartens: z.array(KindergartenSchema).max(300),
  numbers: z
    .array(
      z.object({
        journal: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/),
        year: JournalYearSchema,
        upTo: z.number().int().min(1).max(999_999),
      }),
    )
    .max(500),
});
export type JoinRequest = z.infer<typeof JoinRequestSchema>;

/** How the server took a joining office in: local id to the district's, and the numbers it kept as given. */
export const JoinResultSchema = z.object({
  staff: z.record(z.string(), z.string()),
  kindergartens: z.record(z.string(), z.string()),
  numbers: z.array(
    z.object({ journal: z.string(), year: z.number().int(), upTo: z.number().int(), kept: z.boolean() }),
  ),
});
export type JoinResult = z.infer<typeof JoinResultSchema>;

/** Staff as sent to devices: the hash lets staff sign in offline (PBKDF2, shared/auth/password.ts). */
export const SyncStaffSchema = StaffSchema.extend({ password: PasswordHashSchema.optional() });
export type SyncStaff = z.infer<typeof SyncStaffSchema>;

export const ReferenceDataSchema = z.object({
  districtName: BiTextSchema,
  offices: z.array(OfficeSchema),
  kindergartens: z.array(KindergartenSchema),
  catalog: z.array(ServiceEntrySchema),
  /** shared/calendar CalendarData (kz.json); opaque here so the calendar module stays its owner. */
  calendar: z.record(z.string(), z.unknown()),
  staff: z.array(SyncStaffSchema),
});
export type ReferenceData = z.infer<typeof ReferenceDataSchema>;

export const EnrolResponseSchema = z.object({
  deviceId: z.string(),
  officeId: z.string(),
  /** Bearer credential: shown once, the server keeps only its SHA-256. */
  token: z.string(),
  /** Base64 HMAC-SHA256 key for signing batch files carried on a USB stick. */
  batchKey: z.string(),
  /** Highest deviceSeq already processed (re-enrolment of a known device resumes there). */
  acked: z.number().int().nonnegative(),
  /**
   * The number blocks leased to this device (as GET /v1/leases): a device that
   * enrols again keeps only these, and after a restore none (docs/api.md).
   */
  leases: z.array(z.lazy(() => LeaseSchema)),
  protocolVersion: z.number().int(),
  serverTime: InstantSchema,
  /** What to pass as the first pull cursor: the reference data below is current up to it. */
  cursor: z.string(),
  reference: ReferenceDataSchema,
  /** Only for a join: how the office's staff, kindergartens and numbers were taken in. */
  joined: JoinResultSchema.optional(),
});
export type EnrolResponse = z.infer<typeof EnrolResponseSchema>;

// ---------- push ----------

/**
 * Only each op's place (deviceSeq, opId, deviceId) is checked for the whole
 * request; everything else is checked when the op is applied, and an op that
 * fails is refused on its own (quarantined) while the rest goes on.
 */
export const PushRequestSchema = z.object({
  ops: z.array(OpEnvelopeSchema).min(1).max(SYNC_LIMITS.maxOpsPerBatch),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const OpStatusSchema = z.enum(['applied', 'duplicate', 'quarantined', 'backlogged']);
export type OpStatus = z.infer<typeof OpStatusSchema>;

export const ConflictRefSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['soft', 'hard']),
  fields: z.array(z.string()),
});
export type ConflictRef = z.infer<typeof ConflictRefSchema>;

export const OpResultSchema = z.object({
  deviceSeq: z.number().int(),
  opId: z.string(),
  status: OpStatusSchema,
  /** For a duplicate: what the first delivery got (applied or quarantined). */
  original: z.enum(['applied', 'quarantined']).optional(),
  /** Quarantine reason: a stable code, e.g. validation, workflow.wrongRole, staff.unknown. */
  reason: z.string().optional(),
  detail: z.unknown().optional(),
  /** Server version of the record after the op (applied only). */
  version: z.number().int().optional(),
  conflicts: z.array(ConflictRefSchema).optional(),
});
export type OpResult = z.infer<typeof OpResultSchema>;

export const PushResponseSchema = z.object({
  /** Every op up to this deviceSeq is processed (applied, quarantined or duplicate): drop them from the outbox. */
  acked: z.number().int().nonnegative(),
  results: z.array(OpResultSchema),
  serverTime: InstantSchema,
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

// ---------- pull ----------

export const SyncEntitySchema = z.enum([
  'application',
  'refusal',
  'kindergarten',
  'office',
  'staff',
  'access',
  'catalog',
  'calendar',
  'complaint',
  'visit',
  'techProtocol',
]);
export type SyncEntity = z.infer<typeof SyncEntitySchema>;

export const ChangeSchema = z.object({
  entity: SyncEntitySchema,
  id: z.string(),
  /** The server version: send it back as baseVersion in ops on this record. */
  version: z.number().int(),
  /** The whole record (applications: shared ApplicationSchema; catalog: ServiceEntry[]; calendar: CalendarData). */
  data: z.unknown(),
  /** An open hard conflict waits for the district on this record. */
  conflict: z.boolean().optional(),
});
export type Change = z.infer<typeof ChangeSchema>;

export const QueueEntrySchema = z.object({
  applicationId: z.string(),
  /** Age in whole years on the asOf day: the queue is ordered within each age. */
  age: z.number().int(),
  /** 1-based place among waiting children of that age in the whole district. */
  position: z.number().int().positive(),
  ofTotal: z.number().int().positive(),
});
export type QueueEntry = z.infer<typeof QueueEntrySchema>;

export const PullResponseSchema = z.object({
  changes: z.array(ChangeSchema),
  /** Opaque: pass back as ?cursor= next time. */
  cursor: z.string(),
  more: z.boolean(),
  serverTime: InstantSchema,
  /**
   * On the last page only: queue places of the office's waiting children, as
   * of serverTime. Without `base`, `entries` is the whole list. A pull that
   * sent `?queue=<tag>` of the list it holds may get `base` (that tag) with
   * only the entries new or moved since and the ids `removed`; `tag` names
   * the list as it is now, to send next time.
   */
  queue: z
    .object({
      asOf: InstantSchema,
      entries: z.array(QueueEntrySchema),
      tag: z.string().max(64).optional(),
      base: z.string().max(64).optional(),
      removed: z.array(z.string()).optional(),
    })
    .optional(),
  /**
   * On a device's last page only: its next bearer token (a fresh one with each
   * successful sync). Store it before anything else and use it from the next
   * request. The token this request used keeps working until the new one is
   * used, so an answer lost on the way costs nothing; after that it is dead.
   */
  token: z.string().optional(),
  /** On a device's last page: the district's threshold for the numbers-low warning (DistrictSettings). */
  numbersWarnPercent: z.number().int().min(1).max(90).optional(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

// ---------- number leases ----------

export const LeaseRequestSchema = z.object({
  journal: z.string().trim().min(1).max(60),
  year: z.number().int().min(2000).max(2100),
  size: z.number().int().min(1).max(SYNC_LIMITS.leaseMaxSize).default(SYNC_LIMITS.leaseDefaultSize),
});
export type LeaseRequest = z.input<typeof LeaseRequestSchema>;
export const LeaseSchema = z.object({
  id: z.number().int(),
  officeId: z.string(),
  journal: z.string(),
  year: z.number().int(),
  from: z.number().int().positive(),
  to: z.number().int().positive(),
  deviceId: z.string(),
  createdAt: InstantSchema,
});
export type Lease = z.infer<typeof LeaseSchema>;

// ---------- batch files (no network) ----------

export const BATCH_FILE_FORMAT = 'akimat-sync-batch';

export const BatchFileBodySchema = z.object({
  format: z.literal(BATCH_FILE_FORMAT),
  version: z.literal(1),
  deviceId: z.string().min(1),
  officeId: z.string().min(1),
  createdAt: InstantSchema,
  ops: z.array(OpEnvelopeSchema).min(1).max(SYNC_LIMITS.importMaxOps),
});
export type BatchFileBody = z.infer<typeof BatchFileBodySchema>;

export const BatchFileSchema = BatchFileBodySchema.extend({
  signature: z.object({ alg: z.literal('HMAC-SHA256'), value: z.string().min(1) }),
});
export type BatchFile = z.infer<typeof BatchFileSchema>;

export const ImportResponseSchema = PushResponseSchema.extend({
  deviceId: z.string(),
  /** The laptop as the district named it at enrolment, and its office: screens show names, not ids. */
  deviceName: z.string().optional(),
  officeId: z.string().optional(),
  file: z.object({ ops: z.number().int(), fromSeq: z.number().int(), toSeq: z.number().int() }),
});
export type ImportResponse = z.infer<typeof ImportResponseSchema>;

// ---------- district reconciliation ----------

/**
 * Why a conflict was recorded: field (same field, different values),
 * workflow.wrongState (impossible transition), places.overbooked, clock.ahead
 * (accepted later than it arrived: a fast laptop clock), journal.notLeased (an
 * official number outside the sending laptop's leases), journal.taken (a number
 * another application of the office already carries), merge (soft). Each has
 * its text under district.conflictReason in the locales.
 */
export const CONFLICT_REASONS = [
  'field',
  'workflow.wrongState',
  'places.overbooked',
  'clock.ahead',
  'journal.notLeased',
  'journal.taken',
  'merge',
] as const;
export type ConflictReason = (typeof CONFLICT_REASONS)[number];

export const ConflictFieldSchema = z.object({ field: z.string(), server: z.unknown(), device: z.unknown() });
export const ConflictSchema = z.object({
  id: z.number().int(),
  entity: SyncEntitySchema,
  entityId: z.string(),
  officeId: z.string().nullable(),
  kind: z.enum(['soft', 'hard']),
  /** One of CONFLICT_REASONS (a string: rows written by other versions stay readable). */
  reason: z.string(),
  status: z.enum(['open', 'resolved', 'logged']),
  deviceId: z.string(),
  deviceSeq: z.number().int(),
  opId: z.string(),
  step: z.string().nullable(),
  baseVersion: z.number().int(),
  serverVersion: z.number().int(),
  fields: z.array(ConflictFieldSchema),
  createdAt: InstantSchema,
  resolvedAt: InstantSchema.nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.unknown().nullable(),
  /** Names for the screens (the lists fill them in): the laptop, who resolved it, the record in words. */
  deviceName: z.string().nullable().optional(),
  resolvedByName: z.string().nullable().optional(),
  /** An application: its journal number and whom it is about. */
  record: z.object({ journalNo: z.string(), subjectName: z.string() }).nullable().optional(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

export const ResolveConflictRequestSchema = z.object({
  /** server: keep what the record has; device: take the device's values; value: the district's own values per field. */
  choose: z.union([z.literal('server'), z.literal('device'), z.object({ value: z.record(z.string(), z.unknown()) })]),
  note: z.string().max(500).optional(),
});
export type ResolveConflictRequest = z.infer<typeof ResolveConflictRequestSchema>;

/**
 * Where a pair stands: open, or decided by the district (not the same person,
 * merged), or resolved by its decision on another pair (`resolution` says how).
 */
export const DuplicateStatusSchema = z.enum(['open', 'not_duplicate', 'merged', 'resolved']);
export type DuplicateStatus = z.infer<typeof DuplicateStatusSchema>;
/** What the district may decide on a pair ('resolved' is the server's, never asked for). */
export const DuplicateDecisionSchema = z.enum(['open', 'not_duplicate', 'merged']);
export type DuplicateDecision = z.infer<typeof DuplicateDecisionSchema>;
/** Which rule paired two applications: the same subject IIN, or the same folded name and birth date (IINs may differ). */
export const DuplicateReasonSchema = z.enum(['iin', 'nameBirthDate']);
export type DuplicateReason = z.infer<typeof DuplicateReasonSchema>;
export const DuplicateSchema = z.object({
  id: z.number().int(),
  serviceCode: z.string(),
  /** The subject IIN of the first application (both share it when reason is 'iin'). */
  childIin: z.string(),
  reason: DuplicateReasonSchema,
  applications: z.array(
    z.object({
      id: z.string(),
      officeId: z.string(),
      /** The office's name as the directory has it (kk, ru). */
      officeName: BiTextSchema.nullable(),
      journalNo: z.string(),
      status: z.string(),
      queueState: z.string(),
      acceptedAt: InstantSchema,
      priority: z.string().nullable(),
      subjectIin: z.string(),
      subjectName: z.string(),
      birthDate: z.string().nullable(),
      /** Set once the district withdrew this application (status merged, the other kept). */
      withdrawal: WithdrawalSchema.nullable(),
    }),
  ),
  status: DuplicateStatusSchema,
  /**
   * Why a pair is 'resolved': withdrawnInPair, one of its applications was
   * withdrawn when the district merged pair `resolvedByPair`.
   */
  resolution: z.enum(['withdrawnInPair']).nullable(),
  resolvedByPair: z.number().int().nullable(),
  note: z.string().nullable(),
  createdAt: InstantSchema,
  updatedAt: InstantSchema,
  updatedBy: z.string().nullable(),
});
export type Duplicate = z.infer<typeof DuplicateSchema>;
export const SetDuplicateStatusRequestSchema = z.object({
  status: DuplicateDecisionSchema,
  note: z.string().max(500).optional(),
  /**
   * With `merged`: the application of the pair that keeps its place; the other
   * is withdrawn from the queue. Default: the one ahead in queue order (compareQueue).
   */
  keep: IdSchema.optional(),
});
export type SetDuplicateStatusRequest = z.infer<typeof SetDuplicateStatusRequestSchema>;

export const BacklogDeviceSchema = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  officeId: z.string(),
  /** Highest deviceSeq applied: the server waits for acked + 1. */
  acked: z.number().int(),
  waiting: z.array(
    z.object({
      deviceSeq: z.number().int(),
      opId: z.string(),
      source: z.enum(['push', 'import']),
      receivedAt: InstantSchema,
    }),
  ),
  missing: z.array(z.object({ from: z.number().int(), to: z.number().int() })),
});
export type BacklogDevice = z.infer<typeof BacklogDeviceSchema>;

export const DistrictQueueItemSchema = z.object({
  position: z.number().int().positive(),
  applicationId: z.string(),
  officeId: z.string(),
  journalNo: z.string(),
  childName: z.string(),
  childIin: z.string(),
  birthDate: z.string(),
  priority: z.string().nullable(),
  acceptedAt: InstantSchema,
  kindergartenIds: z.array(z.string()),
});
/**
 * One page of the district queue narrowed (DistrictQueueQuery): `groups` has
 * every age the filters keep (an `age` filter: that one), each with `total`,
 * the waiting children of that age in the whole district, `matched`, those the
 * filters find, and `items`, the found ones on this page (possibly none).
 * `matched` overall is the length of the list `offset` and `limit` page
 * through (ages ascending, positions ascending within an age).
 */
export const DistrictQueueSchema = z.object({
  asOf: InstantSchema,
  matched: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  groups: z.array(
    z.object({
      age: z.number().int(),
      total: z.number().int(),
      matched: z.number().int().nonnegative(),
      items: z.array(DistrictQueueItemSchema),
    }),
  ),
});
export type DistrictQueue = z.infer<typeof DistrictQueueSchema>;

/** A query string's empty values are no filter. */
const blankless = (v: unknown) => (v === '' ? undefined : v);

/** Rows of the district queue on one page: by default, and at most. */
export const DISTRICT_QUEUE_PAGE = { default: 100, max: 500 } as const;

/**
 * What the district queue (and its PDF, XLSX and CSV) is narrowed to: an age
 * in whole years, an office, a kindergarten the application names, a search
 * (an IIN: its first 6 or more digits; or words of the child's name, folded
 * as looseFold does, each the start of a word of the name; or a journal
 * number). Positions stay district-wide. `limit` and `offset` page through
 * the rows found (the printed and exported list is always whole). `lang`: the
 * language of a printed or exported list (kk by default). Read from the query
 * string or a POST body.
 */
export const DistrictQueueQuerySchema = z.object({
  age: z.preprocess(blankless, z.coerce.number().int().min(0).max(18).optional()),
  officeId: z.preprocess(blankless, IdSchema.optional()),
  kindergartenId: z.preprocess(blankless, IdSchema.optional()),
  q: z.preprocess(blankless, z.string().trim().min(1).max(100).optional()),
  lang: z.preprocess(blankless, z.enum(['kk', 'ru']).optional()),
  limit: z.preprocess(blankless, z.coerce.number().int().min(1).max(DISTRICT_QUEUE_PAGE.max).optional()),
  offset: z.preprocess(blankless, z.coerce.number().int().min(0).max(INT32_MAX).optional()),
});
export type DistrictQueueQuery = z.infer<typeof DistrictQueueQuerySchema>;

export const DeviceInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  officeId: z.string(),
  acked: z.number().int(),
  enrolledAt: InstantSchema,
  lastSeenAt: InstantSchema.nullable(),
  revokedAt: InstantSchema.nullable(),
});
export type DeviceInfo = z.infer<typeof DeviceInfoSchema>;

/**
 * Kindergarten places as a counter: two offices referring children to the same
 * group offline would each send a whole `ageGroups` array and collide; a patch
 * op may instead carry `fields.freePlacesDelta = { [ageGroupId]: -1 }`, which the
 * server adds to the current value and never reports as a conflict.
 */
export const FREE_PLACES_DELTA_FIELD = 'freePlacesDelta';
