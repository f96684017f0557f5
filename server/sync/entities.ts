/**
 * How each synced entity is stored: its table, the shared schema a record must
 * satisfy after every op, and the columns the server indexes beside the JSONB.
 */
import { z } from 'zod';
import {
  AccessEntrySchema, AcceptRefusalSchema, ApplicationSchema, ComplaintSchema, KindergartenSchema, OfficeSchema, SyncStaffSchema, TechProtocolSchema, VisitSchema, subjectOf,
  type Application, type Op,
} from '../../shared';

export type EntityName = Op['entity'];
type Rec = Record<string, any>;

export type EntityDef = {
  name: EntityName;
  table: 'applications' | 'refusals' | 'kindergartens' | 'offices' | 'staff' | 'access_log' | 'complaints' | 'visits' | 'tech_protocols';
  schema: z.ZodType<Rec>;
  /** Indexed columns beside data (office_id included where the table has it). */
  columns(rec: Rec): Record<string, unknown>;
  /** The office a record belongs to; null for district-wide data. */
  officeOf(rec: Rec): string | null;
  /** What is stored in `data` (staff: the password hash lives in its own column). */
  toData(rec: Rec): Rec;
  appendOnly: ReadonlySet<string>;
  removable: ReadonlySet<string>;
  /** Whether the record carries a `version` field that mirrors the server version. */
  hasVersionField: boolean;
  /** Written once, never changed (log entries): a patch is refused. */
  immutable?: boolean;
};

/** Top-level fields that are optional and not nullable: null in an op removes them. */
function removableFields(schema: z.ZodObject<any>): Set<string> {
  const out = new Set<string>();
  for (const [k, s] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (s.safeParse(undefined).success && !s.safeParse(null).success) out.add(k);
  }
  return out;
}

const application: EntityDef = {
  name: 'application',
  table: 'applications',
  schema: ApplicationSchema,
  columns: (a) => ({
    office_id: a.officeId,
    service_code: a.serviceCode,
    // NULL for services about the applicant (migration 004); the subject's IIN keys duplicates either way.
    child_iin: a.child?.iin ?? null,
    birth_date: a.child?.birthDate ?? null,
    subject_iin: subjectOf(a as Application).iin,
    status: a.status,
    queue_state: a.queueState,
    priority: a.priority ?? null,
    accepted_at: a.acceptedAt,
    journal_no: a.journalNo,
    journal_year: a.journalYear,
    journal_seq: a.journalSeq,
  }),
  officeOf: (a) => a.officeId,
  toData: (a) => a,
  appendOnly: new Set(['prints', 'expiredReferrals']),
  removable: removableFields(ApplicationSchema),
  hasVersionField: true,
};

const refusal: EntityDef = {
  name: 'refusal',
  table: 'refusals',
  schema: AcceptRefusalSchema,
  columns: (r) => ({ office_id: r.officeId, service_code: r.serviceCode, at: r.at }),
  officeOf: (r) => r.officeId,
  toData: (r) => r,
  appendOnly: new Set(['prints']),
  removable: removableFields(AcceptRefusalSchema),
  hasVersionField: false,
};

const kindergarten: EntityDef = {
  name: 'kindergarten',
  table: 'kindergartens',
  schema: KindergartenSchema,
  columns: (k) => ({ number: k.number }),
  officeOf: () => null,
  toData: (k) => k,
  appendOnly: new Set(),
  removable: removableFields(KindergartenSchema),
  hasVersionField: false,
};

const office: EntityDef = {
  name: 'office',
  table: 'offices',
  schema: OfficeSchema,
  columns: (o) => ({ office_id: o.id, type: o.type, code: o.code }),
  officeOf: (o) => o.id,
  toData: (o) => o,
  appendOnly: new Set(),
  removable: removableFields(OfficeSchema),
  hasVersionField: false,
};

const staff: EntityDef = {
  name: 'staff',
  table: 'staff',
  schema: SyncStaffSchema,
  columns: (s) => ({ office_id: s.officeId, login: s.login, active: s.active !== false, password: s.password ? JSON.stringify(s.password) : null }),
  officeOf: (s) => s.officeId,
  toData: ({ password: _p, ...rest }) => rest,
  appendOnly: new Set(),
  removable: removableFields(SyncStaffSchema),
  hasVersionField: false,
};

const access: EntityDef = {
  name: 'access',
  table: 'access_log',
  schema: AccessEntrySchema,
  columns: (e) => ({ office_id: e.officeId, application_id: e.applicationId, at: e.at, action: e.action }),
  officeOf: (e) => e.officeId,
  toData: (e) => e,
  appendOnly: new Set(),
  removable: removableFields(AccessEntrySchema),
  hasVersionField: false,
  immutable: true,
};

const complaint: EntityDef = {
  name: 'complaint',
  table: 'complaints',
  schema: ComplaintSchema,
  columns: (c) => ({ office_id: c.officeId, incoming_no: c.incomingNo, received_at: c.receivedAt, status: c.status, due_at: c.forwarded?.authorityDueAt ?? c.dueAt }),
  officeOf: (c) => c.officeId,
  toData: (c) => c,
  appendOnly: new Set(['prints']),
  removable: removableFields(ComplaintSchema),
  hasVersionField: false,
};

const visit: EntityDef = {
  name: 'visit',
  table: 'visits',
  schema: VisitSchema,
  columns: (v) => ({ office_id: v.officeId, settlement: v.settlement, arrived_at: v.arrivedAt }),
  officeOf: (v) => v.officeId,
  toData: (v) => v,
  // Two laptops of one mobile centre register during the same visit: their lists add up.
  appendOnly: new Set(['applicationIds']),
  removable: removableFields(VisitSchema),
  hasVersionField: false,
};

const techProtocol: EntityDef = {
  name: 'techProtocol',
  table: 'tech_protocols',
  schema: TechProtocolSchema,
  columns: (p) => ({ office_id: p.officeId, protocol_no: p.protocolNo, drawn_at: p.drawnAt }),
  officeOf: (p) => p.officeId,
  toData: (p) => p,
  appendOnly: new Set(['prints']),
  removable: removableFields(TechProtocolSchema),
  hasVersionField: false,
};

export const ENTITIES: Record<EntityName, EntityDef> = { application, refusal, kindergarten, office, staff, access, complaint, visit, techProtocol };

/** Reads a stored record back into its full shape (staff gets the hash back). */
export function fromStored(def: EntityDef, row: { data: Rec; password?: unknown }): Rec {
  if (def.name === 'staff' && row.password) return { ...row.data, password: row.password };
  return row.data;
}
