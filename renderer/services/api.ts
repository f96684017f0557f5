/**
 * What the UI may ask of the local data layer, one interface per feature
 * (SessionApi, IntakeApi, WorkflowApi, ...) composed into DeskApi. The UI never
 * touches Dexie directly: every write goes through these calls, each one
 * Dexie transaction that writes the record and its outbox op together.
 */
import type {
  Complaint,
  Satisfaction,
  TechProtocol,
  Visit,
  AcceptRefusal,
  AccessEntry,
  Application,
  Suggestion,
  FieldError,
  IntakeInput,
  Kindergarten,
  Lang,
  Office,
  Op,
  Role,
  ServiceEntry,
  Staff,
  StepId,
  DueState,
} from '../../shared';

/** A failure the UI shows translated: `code` is a key in locales/{kk,ru}/errors.json. */
export class DeskError extends Error {
  constructor(
    readonly code: string,
    readonly fields: FieldError[] = [],
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

export type Session = {
  staff: Pick<Staff, 'id' | 'fullName' | 'roles' | 'login' | 'lang'>;
  office: Office;
  /** Signed in with a one-time password from the district: changePassword before anything else. */
  mustChangePassword?: true;
};

export type SetupInput = {
  lang: Lang;
  office: Omit<Office, 'id' | 'createdAt' | 'utcOffsetMinutes' | 'idleLockMinutes' | 'hours'> &
    Partial<Pick<Office, 'utcOffsetMinutes' | 'idleLockMinutes' | 'hours'>>;
  staff: Array<{ fullName: string; login: string; password: string; roles: Role[]; position?: string }>;
  kindergartens?: Array<Omit<Kindergarten, 'id' | 'updatedAt'>>;
};

export type ListQuery = {
  /** IIN (12 digits, or a prefix of 4+), a journal number ("2026/00012" or "12"), or a name prefix (any word). */
  text?: string;
  status?: Application['status'];
  due?: DueState;
  /** Keyset paging: pass the previous page's `next` cursor. */
  cursor?: string;
  limit?: number;
};
export type Page<T> = {
  items: T[];
  next?: string;
  total?: number;
  /** A name query shorter than the indexed prefixes: type more letters. */ tooShort?: boolean;
};

export type DecisionInput =
  | { kind: 'referral'; kindergartenId: string; ageGroupId: string }
  | { kind: 'notification' }
  | { kind: 'refusal'; groundCode: string; reason: string }
  /** The result document of another service; resultKind defaults to the entry's first result that is not a refusal. */
  | {
      kind: 'result';
      resultKind?: string;
      text?: string;
      camp?: { name: string; address?: string; season?: string };
      basis?: { body: string; number: string; date: string };
    };

/** The preliminary decision to refuse and the notice of the hearing (seed 003 Annex 11 §10). */
export type PreliminaryRefusalInput = { grounds: string[]; reason: string; hearingAt: string; place?: string };
/** What the hearing's record keeps (АӘПК art. 74). */
export type HearingInput = {
  startedAt: string;
  endedAt?: string;
  participants: string;
  applicantPresent: boolean;
  applicantPosition?: string;
  outcome: 'grant' | 'refuse';
};

export type PrintAction = 'preview' | 'print' | 'save';

/** builtIn: as shipped; overridden/added: changed or added by this office; district: as the district's catalog has it. */
export type CatalogOrigin = 'builtIn' | 'overridden' | 'added' | 'district';
export type CatalogSettingsRow = { entry: ServiceEntry; origin: CatalogOrigin; changedAt?: string; changedBy?: string };
export type CatalogChange = { at: string; by: string; byName: string; code: string; action: 'save' | 'add' | 'revert' };
export type CatalogSettings = {
  managedBy: 'office' | 'district';
  rows: CatalogSettingsRow[];
  changes: CatalogChange[];
};

/**
 * A half-typed application as the intake screen keeps it for its person:
 * `form` is the screen's own state, opaque to the data layer (sealed whole).
 */
export type IntakeDraft = { serviceCode: string; form: unknown; startedAt: string; savedAt: string };

/** The disk under the office database (storage.ts): 'low' warns everyone, 'full' refuses writes. */
export type StorageStatus = {
  level: 'ok' | 'low' | 'full';
  source: 'disk' | 'quota' | 'unknown';
  freeBytes?: number;
  totalBytes?: number;
  /** Whether the browser promised not to evict the database; null where it cannot say. */
  persisted: boolean | null;
  checkedAt: number;
  /** A write met a full disk and the browser closed the database over it (web mode: Chromium then deletes it). */
  lost?: boolean;
};
/** An automatic backup (autoBackup.ts): the newest of a day, or one made before a schema upgrade. */
export type AutoBackupInfo = {
  name: string;
  kind: 'daily' | 'upgrade';
  createdAt: string;
  size: number;
  fromVersion?: number;
};
/** ready: set up; empty: no office (new laptop, or the browser deleted it); damaged: does not open; newer: made by a newer version of the app. */
export type DatabaseState = 'ready' | 'empty' | 'damaged' | 'newer';

/** A change the district refused, as this computer keeps it set aside (the refused op's envelope, never its sealed fields). */
export type QuarantinedChange = Pick<Op, 'deviceSeq' | 'entity' | 'entityId' | 'kind' | 'step'> & {
  reason: string;
  detail?: unknown;
  at: string;
};

export type DeskStats = {
  applicationsThisYear: number;
  refusalsToAccept: number;
  refusalsThisMonth: number;
  waiting: number;
  overdue: number;
  dueToday: number;
  atRisk: number;
};

/** Where building the demo office is: the accounts, then each application walked through, then the referral terms. */
export type DemoProgress = { phase: 'accounts' | 'applications' | 'referrals' | 'done'; done: number; total: number };

/**
 * First run, sign-in, the idle lock. Every other part needs the session this
 * one opens; the data key lives only while someone is signed in.
 */
export interface SessionApi {
  /** Settles once a sign-in kept across a reload of the same tab is restored (null: nobody). */
  readonly ready: Promise<Session | null>;
  isSetUp(): Promise<boolean>;
  setup(input: SetupInput): Promise<void>;
  /**
   * Fills an office with realistic sample data (staff, kindergartens, ~40 applications). Returns the demo logins.
   * Takes seconds on a slow laptop: `onProgress` hears what it is doing and how far it got.
   */
  setupDemo(
    lang: Lang,
    onProgress?: (p: DemoProgress) => void,
  ): Promise<Array<{ login: string; password: string; roles: Role[] }>>;
  signIn(login: string, password: string): Promise<Session>;
  /** Colleagues who can take this laptop over with their own PIN (issue #16 item 2). */
  /** People with a PIN on this laptop, with how many applications wait for each of them. */
  pinPeople(): Promise<Array<{ id: string; fullName: string; waiting: number }>>;
  /** Takes the desk over with a PIN; pin.usePassword after too many wrong ones (or none set here). */
  signInWithPin(staffId: string, pin: string): Promise<Session>;
  /** Whether the signed-in person has a PIN on this laptop. */
  hasPin(): Promise<boolean>;
  signOut(): void;
  session(): Session | null;
  /** Idle lock: the keys leave memory; the same person unlocks with a password or PIN. */
  lock(): void;
  lockedSession(): Session | null;
  unlock(secret: string): Promise<Session>;
  /** A 4-8 digit PIN for unlocking (not for signing in). */
  setPin(pin: string): Promise<void>;
  /** The signed-in person's language, kept on their record so that it follows them to the office's other laptops. */
  setOwnLang(lang: Lang): Promise<void>;
  /** The signed-in person's own new password (required first after a one-time password from the district). */
  changePassword(current: string, next: string): Promise<Session>;
  /**
   * Once, when a newer version of the app has opened the database (or it is
   * newer than this code): the database is closed, every call fails with
   * `version.outdated`, and the window must be reloaded. Returns the unsubscribe.
   */
  onOutdated(listener: () => void): () => void;
}

/** The office, its staff and kindergartens (Settings, Kindergartens; the district screens' names). */
export interface ReferenceApi {
  office(): Promise<Office>;
  updateOffice(patch: Partial<Office>): Promise<Office>;
  /**
   * Every office this computer knows: its own, and on a computer enrolled with
   * a district server the district's offices as the last sync brought them.
   */
  offices(): Promise<Office[]>;
  staff(): Promise<Staff[]>;
  addStaff(input: SetupInput['staff'][number]): Promise<Staff>;
  kindergartens(): Promise<Kindergarten[]>;
  saveKindergarten(kg: Omit<Kindergarten, 'id' | 'updatedAt'> & { id?: string }): Promise<Kindergarten>;
  /** The years the calendar in force (the district's, else the shipped one) covers: beyond them dates are a guess (K-03). */
  calendarYears(): [number, number];
}

/** The service catalog in force, and a standalone office's own changes to it (Settings). */
export interface CatalogApi {
  catalog(): ServiceEntry[];
  /** The catalog as the settings list it: each entry's origin, the office's recent changes, who manages it. */
  catalogSettings(): Promise<CatalogSettings>;
  /**
   * A standalone office's head changes entry `code` (or adds one: null) from
   * JSON text or a value. Schema-checked; nothing changes on an error; in
   * force at once. Refused once the district manages the catalog.
   */
  saveCatalogEntry(input: unknown, code: string | null): Promise<ServiceEntry>;
  /** Back to the shipped entry (an added one is removed unless applications use it). */
  revertCatalogEntry(code: string): Promise<void>;
}

/** Registering an application or a refusal to accept it, and the intake form's sealed draft. */
export interface IntakeApi {
  /**
   * Open applications of the same subject (the child; for services about the
   * applicant, the applicant or whom a proxy represents) for the same service,
   * shown before registering a second one.
   */
  openApplicationsForSubject(subjectIin: string, serviceCode: string): Promise<Application[]>;
  /** Validates, then either registers (journal number, receipt due date) or throws DeskError with fields. */
  register(input: IntakeInput, opts?: { startedAt?: string; acknowledgeDuplicate?: boolean }): Promise<Application>;
  /** Missing required documents: records and counts a refusal to accept. */
  refuseToAccept(input: IntakeInput, missing: string[]): Promise<AcceptRefusal>;
  /** Undoes a refusal to accept just made (shared/intake/refusalWithdrawal.ts): kept in the log, marked withdrawn. */
  withdrawRefusal(id: string): Promise<AcceptRefusal>;
  refusals(limit?: number): Promise<AcceptRefusal[]>;
  /** The signed-in person's unfinished application (sealed, theirs only), or null. */
  draft(): Promise<IntakeDraft | null>;
  /** Keeps it, replacing the previous one; registering, a refusal to accept or discardDraft() ends it. */
  saveDraft(draft: Omit<IntakeDraft, 'savedAt'>): Promise<IntakeDraft>;
  discardDraft(): Promise<void>;
}

/** One application from registration to issue: its steps, who may take them, what was printed and who looked. */
export interface WorkflowApi {
  get(id: string): Promise<Application | undefined>;
  /** Opens a record for a person: like get(), and writes the access log. */
  open(id: string): Promise<Application | undefined>;
  accessLog(id: string): Promise<AccessEntry[]>;
  resolve(id: string, executorId: string): Promise<Application>;
  decide(id: string, decision: DecisionInput): Promise<Application>;
  sign(id: string): Promise<Application>;
  issue(id: string): Promise<Application>;
  markEnrolled(id: string): Promise<Application>;
  /** Services with a hearing: the preliminary refusal and its notice, then the hearing's record. */
  preliminaryRefusal(id: string, input: PreliminaryRefusalInput): Promise<Application>;
  recordHearing(id: string, input: HearingInput): Promise<Application>;
  /** A signed result nobody collected within the entry's months is handed back for storage. */
  handBack(id: string): Promise<Application>;
  /** A waiting child gets a referral when a place frees up (a new decision for the executor). */
  reopenForPlace(id: string): Promise<Application>;
  logPrint(id: string, form: string, lang: Lang, action: PrintAction, kind?: 'application' | 'refusal'): Promise<void>;
  /** What waits for a role's next step (the desk's home lists). */
  pendingFor(role: Role): Promise<Application[]>;
  /** What the executor is offered: a referral only where a free place is not owed to a child ahead in the queue. */
  suggestDecision(id: string): Promise<Suggestion>;
}

/** The office's own preschool queue (on an enrolled computer the district's order comes from sync instead). */
export interface QueueApi {
  queue(): Promise<Application[]>;
  queuePosition(id: string): Promise<number | null>;
  /** Marks referrals older than their validity as expired; the children return to the queue. Returns how many. */
  expireReferrals(): Promise<number>;
}

/** Finding applications (by IIN, journal number or name, on blind indexes) and the desk's counts. */
export interface SearchApi {
  list(q: ListQuery): Promise<Page<Application>>;
  stats(): Promise<DeskStats>;
}

/** Backups by hand and automatic ones, and restoring either into an empty database. */
export interface BackupApi {
  /** The whole local database as one file encrypted with a backup password. */
  exportBackup(password: string): Promise<{ blob: Blob; name: string }>;
  /** When exportBackup last made a file on this computer (null: never). */
  lastBackupAt(): Promise<string | null>;
  /** Restores a backup into an empty database; the device must then be enrolled again before it syncs. */
  restoreBackup(file: Blob, password: string): Promise<{ officeName: string; createdAt: string }>;
  /** Automatic backups kept on this computer, newest first; no session needed (offered on an empty database). */
  autoBackups(): Promise<AutoBackupInfo[]>;
  /** Restores automatic backup `name` into an empty or damaged database, opened with any staff member's password. */
  restoreAutoBackup(name: string, password: string): Promise<{ officeName: string; createdAt: string }>;
}

/** The database and the disk under it: what state it opens in, free space, persistence. */
export interface StorageApi {
  /** What the office database looks like at start; an empty or damaged one is offered the automatic backup. */
  databaseState(): Promise<DatabaseState>;
  /** Free space (measured now) and persistence; no session needed. */
  storageStatus(): Promise<StorageStatus>;
  /** Called whenever the level, the free space or the persistence changes (every call of this API measures). Returns the unsubscribe. */
  onStorageChange(listener: (s: StorageStatus) => void): () => void;
}

/**
 * What sync left in the local database, for the screens that show it. The
 * engine itself (state, enrolment, running a sync) is renderer/sync's client.
 */
/** Numbers left on this laptop in one journal for a year, and whether they run low by the district's threshold. */
export type JournalNumbers = { journal: string; year: number; left: number; low: boolean };

export interface SyncStateApi {
  /** Sync bookkeeping of one application: ops waiting to be sent, the server's version, an open district conflict. */
  recordSyncState(id: string): Promise<{ pending: number; serverVersion?: number; conflict: boolean }>;
  /** Changes the district refused and this computer set aside, newest first (without their sealed fields). */
  quarantined(): Promise<QuarantinedChange[]>;
  /** Numbers left this year in each journal this laptop holds blocks of, and which run low; empty on a standalone office. */
  journalNumbers(): Promise<JournalNumbers[]>;
}

/** Complaints (seed 000 §20-25): registered by the clerk, forwarded by the head, answered by the head or executor. */
export interface ComplaintsApi {
  complaints(limit?: number): Promise<Complaint[]>;
  complaint(id: string): Promise<Complaint | undefined>;
  registerComplaint(input: ComplaintInput): Promise<Complaint>;
  /** To the quality-control authority (unless fully satisfied): its own term starts. */
  forwardComplaint(id: string, to?: string): Promise<Complaint>;
  /** The answer closes the complaint. */
  answerComplaint(id: string, answer: ComplaintAnswerInput): Promise<Complaint>;
  /** Unanswered complaints past the deadline in force. */
  overdueComplaints(): Promise<Complaint[]>;
  logComplaintPrint(id: string, lang: Lang, action: PrintAction): Promise<void>;
}

/** Settlements a mobile centre knows: the district's list for the office, and others it has worked in. */
export type KnownSettlements = { listed: NonNullable<Office['settlements']>; used: string[] };

/** Mobile-centre visits (seed 000 §9). */
export interface VisitsApi {
  visits(): Promise<Visit[]>;
  /** Settlements to offer when a visit starts (a new name may still be typed). */
  knownSettlements(): Promise<KnownSettlements>;
  /** The visit chosen on this laptop while it is open; applications registered meanwhile join it. */
  currentVisit(): Promise<Visit | null>;
  startVisit(input: { settlement: string; arrivedAt?: string }): Promise<Visit>;
  chooseVisit(id: string): Promise<Visit>;
  /** Records the departure; `short` warns of a stay under six working hours. */
  endVisit(id: string, departedAt?: string): Promise<{ visit: Visit; workingMinutes: number; short: boolean }>;
  /** Settlement of each of these applications that was registered during a visit. */
  settlementsOf(applicationIds: string[]): Promise<Record<string, string>>;
}

/** Technical problem protocols (seed 003 Annex 11 §13-1). */
export interface TechProtocolsApi {
  techProtocols(): Promise<TechProtocol[]>;
  /** Creates (numbered) or, with an id, updates a protocol (e.g. when the system is back). */
  saveTechProtocol(input: TechProtocolInput & { id?: string }): Promise<TechProtocol>;
  logTechProtocolPrint(id: string, lang: Lang, action: PrintAction): Promise<void>;
}

/**
 * Everything the UI may ask of the local data layer: the per-feature parts
 * above, as one object (`renderer/ui/deskClient.ts` hands it to the screens).
 * A screen that needs one feature can take that part's type instead.
 */
export interface DeskApi
  extends
    SessionApi,
    ReferenceApi,
    CatalogApi,
    IntakeApi,
    WorkflowApi,
    QueueApi,
    SearchApi,
    BackupApi,
    StorageApi,
    SyncStateApi,
    ComplaintsApi,
    VisitsApi,
    TechProtocolsApi {}

export type ComplaintInput = {
  complainant: { fullName: string; address: string; phone?: string };
  /** The official or body complained of. */
  against: string;
  subject: string;
  lang?: Lang;
  /** The application concerned: its id or journal number. */
  application?: string;
  /** When received, if registered later (arrived by post); never in the future. Defaults to now. */
  receivedAt?: string;
};
export type ComplaintAnswerInput = {
  text: string;
  date: string;
  satisfied: Satisfaction;
  /**
   * Whether the complaint was found justified (a quality indicator of the
   * district's reports): required; null while the answer has not said, refused.
   */
  justified: boolean | null;
};
export type TechProtocolInput = {
  system: string;
  failure: string;
  since: string;
  detectedBy: string;
  notifiedAt?: string;
  affected?: string[];
  measures?: string;
  restoredAt?: string;
  recordedBy: { name: string; position?: string };
  signerName?: string;
};

export type { StepId };
