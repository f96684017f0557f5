/**
 * The desk's IndexedDB layout (Dexie 4). Search and paging run on indexes so
 * that 100,000 applications never have to be loaded: IINs exact, name words by
 * prefix (multi-entry), journal numbers, and a unique sort key for keyset pages.
 */
import Dexie, { type Table } from 'dexie';
import type {
  AcceptRefusal,
  AccessEntry,
  Application,
  Complaint,
  Kindergarten,
  Office,
  Op,
  Staff,
  TechProtocol,
  Visit,
} from '../../shared';
import type { Sealed } from '../services/vault';
import { HOME_COUNTS, countAll, homeCountsMiddleware, type HomeCountRow } from './homeCounts';

/**
 * An application as stored: a clear header that queries need (numbers, status,
 * dates) and the rest sealed with AES-GCM (renderer/services/vault.ts). IINs
 * and names appear only as keyed hashes (blind indexes), never in plaintext.
 */
export type AppRow = Pick<
  Application,
  | 'id'
  | 'officeId'
  | 'serviceCode'
  | 'journalYear'
  | 'journalSeq'
  | 'journalNo'
  | 'status'
  | 'queueState'
  | 'acceptedAt'
  | 'executorId'
  | 'version'
  | 'updatedAt'
> & {
  sealed: Sealed;
  /** Blind IINs of the child (absent for services about the applicant) and the applicant. */
  childIin?: string;
  applicantIin: string;
  /**
   * Blind IIN of the person the application is about (subjectOf: the child, or
   * the applicant, or whom a proxy represents): the key duplicates are found by.
   */
  subjectIin: string;
  /** Blind first six digits (birth date) of both IINs: an IIN typed in part still finds the record. */
  iinKeys: string[];
  /** Blind name prefixes and whole words, as spelt and folded (indexes.ts nameIndexTerms). */
  nameKeys: string[];
  /** The version of nameKeys (indexes.ts NAME_INDEX_VERSION); a row below it is indexed again after a sign-in. */
  nameKeysV?: number;
  /** acceptedAt|id: unique and time-ordered, the keyset for paging. */
  sortKey: string;
  /** dueAt while the paperwork is open work (isOpenWork); absent once issued or withdrawn, so due lists skip it. */
  openDueAt?: string;
  /** The server's version of the record as last pulled or acknowledged: ops carry it as baseVersion. */
  serverVersion?: number;
  /** The district holds an open hard conflict on this record. */
  conflict?: boolean;
};
export type RefusalRow = Pick<AcceptRefusal, 'id' | 'officeId' | 'serviceCode' | 'at'> & {
  sortKey: string;
  sealed: Sealed;
  /** Withdrawn by the clerk within its minute (shared/intake/refusalWithdrawal.ts): kept, not counted. */
  withdrawn?: { at: string };
};
/**
 * A complaint as stored: names, addresses and the text sealed; in the clear
 * only what the overdue list and paging need (no personal data).
 */
export type ComplaintRow = Pick<
  Complaint,
  'id' | 'officeId' | 'journalYear' | 'journalSeq' | 'status' | 'receivedAt'
> & {
  sortKey: string;
  /** The deadline in force while unanswered (the authority's once forwarded); absent once answered. */
  openDueAt?: string;
  sealed: Sealed;
};
/** Mobile-centre visits and technical protocols hold no citizen's personal data: stored as they are. */
export type VisitRow = Visit;
export type TechProtocolRow = TechProtocol;
export type Counter = { key: string; next: number };
export type Meta = { key: string; value: unknown };
/** An outbox op: its header in the clear (order, entity, version), the changed fields sealed. */
export type OutboxRow = Omit<Op, 'fields'> & { createdAt: string; sealed: Sealed };
/** An op the server refused, kept with its reason so the office sees it (the rest of the outbox went on). */
export type QuarantineRow = OutboxRow & { reason: string; detail?: unknown; at: string };
/** A block of official numbers leased from the district, used offline in order. */
export type LeaseRow = {
  id: number;
  key: string;
  journal: string;
  year: number;
  from: number;
  to: number;
  next: number;
};

export const DB_NAME = 'akimat-desk';

/** The IndexedDB version (Dexie's × 10) of an existing database, 0 when there is none or the browser cannot say. */
async function installedVersion(name: string): Promise<number> {
  const list = (await globalThis.indexedDB?.databases?.().catch(() => [])) ?? [];
  return (list.find((d) => d.name === name)?.version ?? 0) / 10;
}

export type DeskDbHooks = {
  /**
   * Runs once before the first open that will upgrade an existing database
   * (its installed Dexie version is given), while it is still as the older
   * version left it: the automatic backup before an upgrade. A failure is
   * logged and the upgrade goes on.
   */
  beforeUpgrade?: (installedVersion: number) => Promise<unknown>;
};

export class DeskDb extends Dexie {
  meta!: Table<Meta, string>;
  offices!: Table<Office, string>;
  staff!: Table<Staff, string>;
  kindergartens!: Table<Kindergarten, string>;
  applications!: Table<AppRow, string>;
  refusals!: Table<RefusalRow, string>;
  counters!: Table<Counter, string>;
  outbox!: Table<OutboxRow, number>;
  quarantine!: Table<QuarantineRow, number>;
  leases!: Table<LeaseRow, number>;
  access!: Table<AccessEntry, string>;
  complaints!: Table<ComplaintRow, string>;
  visits!: Table<VisitRow, string>;
  techProtocols!: Table<TechProtocolRow, string>;
  /** The desk home's counters, kept with the records they count (homeCounts.ts). */
  homeCounts!: Table<HomeCountRow, string>;

  private beforeOpen?: Promise<void>;

  constructor(
    name = DB_NAME,
    private readonly hooks: DeskDbHooks = {},
  ) {
    super(name);
    this.version(1).stores({
      meta: 'key',
      offices: 'id',
      staff: 'id, &login, officeId',
      kindergartens: 'id, number',
      applications:
        'id, &sortKey, journalNo, journalSeq, journalYear, childIin, applicantIin, *iinKeys, *nameKeys, status, queueState, openDueAt, [status+sortKey], [serviceCode+childIin]',
      refusals: 'id, &sortKey, at',
      counters: 'key',
      outbox: 'deviceSeq, entity, entityId',
    });
    // Sync: refused ops kept for the office to see, and leased number blocks.
    this.version(2).stores({
      quarantine: 'deviceSeq, opId',
      leases: 'id, key',
    });
    // The access log: who opened, printed, exported or changed a record.
    this.version(3).stores({ access: 'id, applicationId, at' });
    // Complaints (sealed), mobile-centre visits, technical problem protocols.
    this.version(4).stores({
      complaints: 'id, &sortKey, status, openDueAt',
      visits: 'id, arrivedAt, *applicationIds',
      techProtocols: 'id, drawnAt',
    });
    // Services about the applicant: duplicates are found by the subject's IIN, which
    // for every older record is the child's (both blind with the same key, so a copy).
    this.version(5)
      .stores({
        applications:
          'id, &sortKey, journalNo, journalSeq, journalYear, childIin, applicantIin, *iinKeys, *nameKeys, status, queueState, openDueAt, [status+sortKey], [serviceCode+childIin], subjectIin, [serviceCode+subjectIin]',
      })
      .upgrade((tx) =>
        tx
          .table('applications')
          .toCollection()
          .modify((r: AppRow) => {
            if (!r.subjectIin && r.childIin) r.subjectIin = r.childIin;
          }),
      );
    // Search that forgives the keyboard (issue #16): names get folded index terms too. The keyed
    // hashes need the unlocked vault, which an upgrade has not, so rows are only marked here (0:
    // indexed as spelt only) and indexed again after a sign-in (indexes.ts reindexNames).
    this.version(6)
      .stores({
        applications:
          'id, &sortKey, journalNo, journalSeq, journalYear, childIin, applicantIin, *iinKeys, *nameKeys, status, queueState, openDueAt, [status+sortKey], [serviceCode+childIin], subjectIin, [serviceCode+subjectIin], nameKeysV',
      })
      .upgrade((tx) =>
        tx
          .table('applications')
          .toCollection()
          .modify((r: AppRow) => {
            if (r.nameKeysV === undefined) r.nameKeysV = 0;
          }),
      );
    // The desk home's counters kept as rows (issue #17): created from a full count of what the older
    // version left; from here on the middleware keeps them with every write (homeCounts.ts).
    this.version(7)
      .stores({ [HOME_COUNTS]: 'key' })
      .upgrade(async (tx) => {
        const counts = await countAll(tx.table('applications'), tx.table('refusals'));
        await tx.table(HOME_COUNTS).clear();
        await tx.table(HOME_COUNTS).bulkPut(Object.entries(counts).map(([key, n]) => ({ key, n })));
      });
    this.use(homeCountsMiddleware);
  }

  /** Every open (Dexie's automatic one too) waits for the beforeUpgrade hook the first time. */
  override open() {
    const hook = this.hooks.beforeUpgrade;
    if (!hook) return super.open();
    this.beforeOpen ??= installedVersion(this.name)
      .then((v) => (v > 0 && v < this.verno ? hook(v) : undefined))
      .then(
        () => undefined,
        (e: unknown) => console.warn('before upgrade:', (e as { name?: string })?.name ?? String(e)),
      );
    return Dexie.Promise.resolve(this.beforeOpen).then(() => super.open());
  }
}
