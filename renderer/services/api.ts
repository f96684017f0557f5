/**
 * What the UI may ask of the local data layer. The UI never touches Dexie
 * directly: every write goes through these calls, each one Dexie transaction
 * that writes the record and its outbox op together.
 */
import type {
  AcceptRefusal, AccessEntry, Application, FieldError, IntakeInput, Kindergarten, Lang, Office, Role, ServiceEntry, Staff, StepId, DueState,
} from '../../shared';

/** A failure the UI shows translated: `code` is a key in locales/{kk,ru}/errors.json. */
export class DeskError extends Error {
  constructor(readonly code: string, readonly fields: FieldError[] = [], readonly params: Record<string, string | number> = {}) {
    super(code);
  }
}

export type Session = { staff: Pick<Staff, 'id' | 'fullName' | 'roles' | 'login'>; office: Office };

export type SetupInput = {
  lang: Lang;
  office: Omit<Office, 'id' | 'createdAt' | 'utcOffsetMinutes' | 'idleLockMinutes' | 'hours'> & Partial<Pick<Office, 'utcOffsetMinutes' | 'idleLockMinutes' | 'hours'>>;
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
export type Page<T> = { items: T[]; next?: string; total?: number; /** A name query shorter than the indexed prefixes: type more letters. */ tooShort?: boolean };

export type DecisionInput =
  | { kind: 'referral'; kindergartenId: string; ageGroupId: string }
  | { kind: 'notification' }
  | { kind: 'refusal'; groundCode: string; reason: string };

export type PrintAction = 'preview' | 'print' | 'save';

export type DeskStats = { applicationsThisYear: number; refusalsToAccept: number; refusalsThisMonth: number; waiting: number; overdue: number; dueToday: number; atRisk: number };

export interface DeskApi {
  // first run and sign-in
  isSetUp(): Promise<boolean>;
  setup(input: SetupInput): Promise<void>;
  /** Fills an office with realistic sample data (staff, kindergartens, ~40 applications). Returns the demo logins. */
  setupDemo(lang: Lang): Promise<Array<{ login: string; password: string; roles: Role[] }>>;
  signIn(login: string, password: string): Promise<Session>;
  signOut(): void;
  session(): Session | null;
  /** Idle lock: the keys leave memory; the same person unlocks with a password or PIN. */
  lock(): void;
  lockedSession(): Session | null;
  unlock(secret: string): Promise<Session>;
  /** A 4-8 digit PIN for unlocking (not for signing in). */
  setPin(pin: string): Promise<void>;

  // reference data
  office(): Promise<Office>;
  updateOffice(patch: Partial<Office>): Promise<Office>;
  staff(): Promise<Staff[]>;
  addStaff(input: SetupInput['staff'][number]): Promise<Staff>;
  kindergartens(): Promise<Kindergarten[]>;
  saveKindergarten(kg: Omit<Kindergarten, 'id' | 'updatedAt'> & { id?: string }): Promise<Kindergarten>;
  catalog(): ServiceEntry[];

  // intake
  /** Open applications of the same child for the same service (shown before registering a second one). */
  openApplicationsForChild(childIin: string, serviceCode: string): Promise<Application[]>;
  /** Validates, then either registers (journal number, receipt due date) or throws DeskError with fields. */
  register(input: IntakeInput, opts?: { startedAt?: string; acknowledgeDuplicate?: boolean }): Promise<Application>;
  /** Missing required documents: records and counts a refusal to accept. */
  refuseToAccept(input: IntakeInput, missing: string[]): Promise<AcceptRefusal>;
  refusals(limit?: number): Promise<AcceptRefusal[]>;

  // workflow
  get(id: string): Promise<Application | undefined>;
  /** Opens a record for a person: like get(), and writes the access log. */
  open(id: string): Promise<Application | undefined>;
  accessLog(id: string): Promise<AccessEntry[]>;
  resolve(id: string, executorId: string): Promise<Application>;
  decide(id: string, decision: DecisionInput): Promise<Application>;
  sign(id: string): Promise<Application>;
  issue(id: string): Promise<Application>;
  /** Marks referrals older than their validity as expired; the children return to the queue. Returns how many. */
  expireReferrals(): Promise<number>;
  markEnrolled(id: string): Promise<Application>;
  /** A waiting child gets a referral when a place frees up (a new decision for the executor). */
  reopenForPlace(id: string): Promise<Application>;
  logPrint(id: string, form: string, lang: Lang, action: PrintAction, kind?: 'application' | 'refusal'): Promise<void>;
  pendingFor(role: Role): Promise<Application[]>;

  // lists
  list(q: ListQuery): Promise<Page<Application>>;
  queue(): Promise<Application[]>;
  queuePosition(id: string): Promise<number | null>;
  stats(): Promise<DeskStats>;
  /** The whole local database as one file encrypted with a backup password. */
  exportBackup(password: string): Promise<{ blob: Blob; name: string }>;
  /** Restores a backup into an empty database; the device must then be enrolled again before it syncs. */
  restoreBackup(file: Blob, password: string): Promise<{ officeName: string; createdAt: string }>;
  /** Sync bookkeeping of one application: ops waiting to be sent, the server's version, an open district conflict. */
  recordSyncState(id: string): Promise<{ pending: number; serverVersion?: number; conflict: boolean }>;
}

export type { StepId };
