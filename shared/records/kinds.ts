/**
 * The record kernel: every kind of record that travels between laptops and
 * the district server, described once. The desk, the server and the tests
 * read these definitions; a new kind of record is added here (and to the
 * server's storage map, server/store/entities.ts), not in a dozen switches.
 *
 * Each kind says:
 *  - its schema, with bounds (shared/model: ids, years, numbers in range, real
 *    dates; every string also passes the generic bounds of ./bounds.ts);
 *  - which office owns a record (null: district-wide reference data);
 *  - which fields an office laptop may never write (`districtOnly`: the
 *    district's to set, through its console) and which it sets once when it
 *    creates the record and never changes after (`fixed`: official numbers);
 *  - what an office laptop may do with it at all (`device`);
 *  - append-only fields (lists whose items are only ever added: merged as a
 *    union, never a conflict) and removable ones (null in an op removes them);
 *  - whether it keeps a `version` field mirroring the server's, and whether it
 *    is written once and never changed (log entries).
 */
import { z } from 'zod';
import { AccessEntrySchema, AcceptRefusalSchema, ApplicationSchema } from '../model/application';
import { ComplaintSchema, TechProtocolSchema, VisitSchema } from '../model/complaint';
import { KindergartenSchema, OfficeSchema } from '../model/office';
import { SyncStaffSchema } from '../sync/protocol';
import type { Op } from '../sync/ops';
import type { Role } from '../model/common';

export type RecordKindName = Op['entity'];
type Rec = Record<string, unknown>;

export type RecordKind = {
  name: RecordKindName;
  schema: z.ZodObject;
  /** The office a record belongs to; null for district-wide data (kindergartens). */
  ownerOffice(rec: Rec): string | null;
  appendOnly: ReadonlySet<string>;
  removable: ReadonlySet<string>;
  /** Fields an office laptop never writes, not even when it creates the record. */
  districtOnly: ReadonlySet<string>;
  /** Fields a laptop sets when it creates the record and never changes afterwards. */
  fixed: ReadonlySet<string>;
  /**
   * What an office laptop may do: create records (of its own office), patch
   * them, or, for shared counters, send only a delta (kindergarten places).
   * The district office's own laptops and the district console may do more.
   */
  device: { create: boolean; patch: true | 'placesDelta' };
  /**
   * Roles one of which the signer of an op must hold in the record's office
   * (workflow steps of applications are checked by the workflow machine).
   * Undefined: any staff member of the office.
   */
  signers?: readonly Role[];
  /**
   * Fields a person may write on their own record whatever their roles (a patch of only these,
   * signed by the record's own id): staff report that they chose their own password.
   */
  selfFields: ReadonlySet<string>;
  /**
   * Fields no one but the record's own person may change once it exists (a patch signed by the
   * record's own id): a head who could replace a colleague's key pair would have laptops hand
   * the data key to a key the head holds. Set with the record by whoever creates it.
   */
  ownOnly: ReadonlySet<string>;
  /**
   * Fields the district holds on this record as it now stands: a laptop may no
   * longer change them (an application the district withdrew from the queue
   * stays withdrawn). Undefined: none.
   */
  heldByDistrict?(current: Rec): readonly string[];
  /** Whether the record carries a `version` field that mirrors the server version. */
  versionField: boolean;
  /** Written once, never changed (log entries): a patch is refused. */
  immutable: boolean;
};

/** Top-level fields that are optional and not nullable: null in an op removes them. */
function removableFields(schema: z.ZodObject): Set<string> {
  const out = new Set<string>();
  for (const [k, s] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (s.safeParse(undefined).success && !s.safeParse(null).success) out.add(k);
  }
  return out;
}

const set = (...xs: string[]): ReadonlySet<string> => new Set(xs);

type Defaulted =
  'appendOnly' | 'districtOnly' | 'fixed' | 'selfFields' | 'ownOnly' | 'versionField' | 'immutable' | 'device';
function kind(k: Omit<RecordKind, 'removable' | Defaulted> & Partial<Pick<RecordKind, Defaulted>>): RecordKind {
  return {
    appendOnly: set(),
    districtOnly: set(),
    fixed: set(),
    selfFields: set(),
    ownOnly: set(),
    versionField: false,
    immutable: false,
    device: { create: true, patch: true },
    ...k,
    removable: removableFields(k.schema),
  };
}

const ownOffice = (r: Rec) => (typeof r.officeId === 'string' ? r.officeId : null);

export const RECORD_KINDS: Record<RecordKindName, RecordKind> = {
  application: kind({
    name: 'application',
    schema: ApplicationSchema,
    ownerOffice: ownOffice,
    appendOnly: set('prints', 'expiredReferrals'),
    // The official number is given once, from the laptop's lease; renumbering is the district's.
    fixed: set(
      'serviceCode',
      'journalYear',
      'journalSeq',
      'journalNo',
      'acceptedAt',
      'acceptedBy',
      'arrivalAt',
      'ticketNo',
    ),
    // A withdrawal from the district queue (two applications of one child) is the district's
    // decision: an office can neither write one nor put the child back in the queue after it.
    districtOnly: set('withdrawal'),
    heldByDistrict: (a) => (a.withdrawal ? ['queueState'] : []),
    versionField: true,
  }),
  refusal: kind({
    name: 'refusal',
    schema: AcceptRefusalSchema,
    ownerOffice: ownOffice,
    appendOnly: set('prints'),
    // How the applicant came is recorded at the counter, once (the server checks it with the create).
    // The rest of what the receipt says is fixed too: after it is made, a laptop only adds prints
    // and may withdraw it (`withdrawn`: shared/intake/refusalWithdrawal.ts, re-checked by the server).
    fixed: set(
      'serviceCode',
      'at',
      'by',
      'byName',
      'lang',
      'applicant',
      'child',
      'missingDocuments',
      'channel',
      'settlement',
    ),
  }),
  kindergarten: kind({
    name: 'kindergarten',
    schema: KindergartenSchema,
    ownerOffice: () => null,
    // Reference data of the district: an office only takes and gives back places (a commutative delta).
    device: { create: false, patch: 'placesDelta' },
  }),
  office: kind({
    name: 'office',
    schema: OfficeSchema,
    ownerOffice: (o) => (typeof o.id === 'string' ? o.id : null),
    // What an office is, where, and the code in its numbers are the district's: a laptop that
    // could change its office's type would give itself the district's scope.
    districtOnly: set('type', 'district', 'region', 'code', 'createdAt'),
    device: { create: false, patch: true },
    signers: ['head'],
  }),
  staff: kind({
    name: 'staff',
    schema: SyncStaffSchema,
    ownerOffice: ownOffice,
    // Password hashes are set where a person signs in (their own desk, or the district console);
    // an op carrying one would let a stolen laptop mint a sign-in. Whether a one-time password
    // must be changed, and when the district set one, are the district's too.
    districtOnly: set('password', 'mustChangePassword', 'passwordSetAt'),
    fixed: set('login', 'createdAt'),
    signers: ['head'],
    // The hash of a password chosen on a laptop stays there; only the fact travels (the console
    // stops showing "must change").
    // and the language they work in, which follows them to the office's other laptops.
    selfFields: set('passwordChangedAt', 'keys', 'lang'),
    // A person's key pair (docs/security.md "Shared laptops") is made where their password is typed.
    ownOnly: set('keys'),
  }),
  access: kind({ name: 'access', schema: AccessEntrySchema, ownerOffice: ownOffice, immutable: true }),
  complaint: kind({
    name: 'complaint',
    schema: ComplaintSchema,
    ownerOffice: ownOffice,
    appendOnly: set('prints'),
    fixed: set('journalYear', 'journalSeq', 'incomingNo'),
  }),
  visit: kind({
    name: 'visit',
    schema: VisitSchema,
    ownerOffice: ownOffice,
    // Two laptops of one mobile centre register during the same visit: their lists add up.
    appendOnly: set('applicationIds'),
  }),
  techProtocol: kind({
    name: 'techProtocol',
    schema: TechProtocolSchema,
    ownerOffice: ownOffice,
    appendOnly: set('prints'),
    fixed: set('journalYear', 'journalSeq', 'protocolNo'),
  }),
};

export const RECORD_KIND_NAMES = Object.keys(RECORD_KINDS) as RecordKindName[];
