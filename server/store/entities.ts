/**
 * How each kind of record is stored: its table and the columns the server
 * indexes beside the JSONB. What a record is and who may write it is the
 * shared record kernel's (shared/records/kinds.ts).
 */
import {
  RECORD_KINDS,
  RECORD_KIND_NAMES,
  subjectOf,
  type Application,
  type Complaint,
  type Op,
  type RecordKind,
} from '../../shared';
import { nameKeyColumns } from './records';
import { childNameFold } from './nameFold';

export type EntityName = Op['entity'];
type Rec = Record<string, unknown>;

/** A record kind (shared/records/kinds.ts) and how the server stores it. */
export type EntityDef = RecordKind & {
  table:
    | 'applications'
    | 'refusals'
    | 'kindergartens'
    | 'offices'
    | 'staff'
    | 'access_log'
    | 'complaints'
    | 'visits'
    | 'tech_protocols';
  /** Indexed columns beside data (office_id included where the table has it). */
  columns(rec: Rec): Record<string, unknown>;
  /** What is stored in `data` (staff: the password hash lives in its own column). */
  toData(rec: Rec): Rec;
};

type Storage = Pick<EntityDef, 'table' | 'columns'> & Partial<Pick<EntityDef, 'toData'>>;

const STORAGE: Record<EntityName, Storage> = {
  application: {
    table: 'applications',
    // Each storage gets records of its own kind, which passed that kind's schema.
    columns: (a: Application) => ({
      office_id: a.officeId,
      service_code: a.serviceCode,
      // NULL for services about the applicant (migration 004); the subject's IIN keys duplicates either way.
      child_iin: a.child?.iin ?? null,
      birth_date: a.child?.birthDate ?? null,
      subject_iin: subjectOf(a).iin,
      // Possible duplicates with another IIN: the child's folded name and birth date, and patronymic (migrations 012, 013).
      ...nameKeyColumns(a.child),
      // The district queue filters by kindergarten and searches by name in SQL (migration 015).
      kindergarten_ids: a.kindergartenIds,
      child_name_fold: childNameFold(a.child),
      status: a.status,
      queue_state: a.queueState,
      priority: a.priority ?? null,
      // To the millisecond, as compareQueue compares instants (Date.parse), so SQL orders the queue as it does (migration 015).
      accepted_at: new Date(Date.parse(a.acceptedAt)).toISOString(),
      journal_no: a.journalNo,
      journal_year: a.journalYear,
      journal_seq: a.journalSeq,
    }),
  },
  refusal: { table: 'refusals', columns: (r) => ({ office_id: r.officeId, service_code: r.serviceCode, at: r.at }) },
  kindergarten: { table: 'kindergartens', columns: (k) => ({ number: k.number }) },
  office: { table: 'offices', columns: (o) => ({ office_id: o.id, type: o.type, code: o.code }) },
  staff: {
    table: 'staff',
    columns: (s) => ({
      office_id: s.officeId,
      login: s.login,
      active: s.active !== false,
      password: s.password ? JSON.stringify(s.password) : null,
    }),
    toData: ({ password: _p, ...rest }) => rest,
  },
  access: {
    table: 'access_log',
    columns: (e) => ({ office_id: e.officeId, application_id: e.applicationId, at: e.at, action: e.action }),
  },
  complaint: {
    table: 'complaints',
    columns: (c: Complaint) => ({
      office_id: c.officeId,
      incoming_no: c.incomingNo,
      received_at: c.receivedAt,
      status: c.status,
      due_at: c.forwarded?.authorityDueAt ?? c.dueAt,
    }),
  },
  visit: {
    table: 'visits',
    columns: (v) => ({ office_id: v.officeId, settlement: v.settlement, arrived_at: v.arrivedAt }),
  },
  techProtocol: {
    table: 'tech_protocols',
    columns: (p) => ({ office_id: p.officeId, protocol_no: p.protocolNo, drawn_at: p.drawnAt }),
  },
};

export const ENTITIES = Object.fromEntries(
  RECORD_KIND_NAMES.map((name) => [name, { ...RECORD_KINDS[name], toData: (r: Rec) => r, ...STORAGE[name] }]),
) as Record<EntityName, EntityDef>;

/** Reads a stored record back into its full shape (staff gets the hash back). */
export function fromStored(def: EntityDef, row: { data: Rec; password?: unknown }): Rec {
  if (def.name === 'staff' && row.password) return { ...row.data, password: row.password };
  return row.data;
}
