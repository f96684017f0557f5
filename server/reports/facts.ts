/**
 * What the reports read of the district's records, kept in memory and brought
 * up to date by change number (issue #14, "Speed").
 *
 * A report over a year reads every application of the year and the open ones
 * before it: at 60,000 applications reading their JSONB took 1.3 s on
 * PostgreSQL and 4 s on PGlite for every report, before any figure was summed.
 * Every write takes the next change number and numbers become visible in the
 * order they were taken (server/store/store.ts takeChangeSeqs), so reading
 * `change_seq > last` after the first load brings in exactly what changed since:
 * a report then costs a few index reads plus the sums in shared/reports.
 *
 * Only what reports count is held: ids, office, service, times, states,
 * channel, kindergartens asked for and referral dates, the child's birth date
 * for the queue's age groups. No names, IINs or documents.
 */
import {
  complaintEvent,
  refusalToAcceptEvent,
  type AppChannel,
  type Catalog,
  type ComplaintFacts,
  type EventContext,
  type OfficeType,
  type ReportEvent,
  waitNormMinutes,
} from '../../shared';
import type { Queryable } from '../db';
import { AppColumns, type AppEntry, type AppFact } from './appColumns';

/** Office types and the catalog's waiting norms, as the events need them. */
async function eventContext(db: Queryable, catalog: Catalog): Promise<EventContext> {
  const { rows } = await db.query<{ id: string; type: OfficeType }>(`SELECT id, type FROM offices`);
  const types = new Map(rows.map((r) => [r.id, r.type]));
  return {
    officeType: (id) => types.get(id),
    waitNorm: (code: string, channel: AppChannel) =>
      catalog.has(code) ? waitNormMinutes(catalog.get(code), channel) : undefined,
  };
}

export type { AppFact } from './appColumns';

export type RefusalFact = { id: string; officeId: string; serviceCode: string; at: string; channel?: AppChannel };

type Entry<T> = { fact: T; events?: ReportEvent[] };

/**
 * Rows read per statement while loading: bounds the memory of one answer (the
 * driver's rows of a page are garbage the heap grows by before a collection).
 */
const PAGE = 5_000;

export class ReportFacts {
  /** As columns (issue #17, memory): entries are made when read; events are kept as numbers (appColumns.ts). */
  readonly apps = new AppColumns();
  readonly refusals = new Map<string, Entry<RefusalFact>>();
  readonly complaints = new Map<string, ComplaintFacts>();
  private seq = 0;
  private ctx: EventContext | null = null;
  private ctxKey = '';
  private catalog: Catalog | null = null;
  private running: Promise<void> | null = null;

  /** `page`: rows read per statement (tests make it small to cross page boundaries). */
  constructor(private readonly page = PAGE) {}

  /**
   * Reads what changed since the last call (everything, the first time), and
   * the event context (office types, the catalog's waiting norms): when either
   * changed, every record's events are worked out again. One refresh at a time;
   * callers arriving meanwhile wait for it and then refresh again, so none of
   * them reads figures older than its own request.
   */
  async refresh(db: Queryable, catalog: Catalog): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.load(db, catalog);
    try {
      await this.running;
    } finally {
      this.running = null;
    }
  }

  /** The event context of the last refresh. */
  context(): EventContext {
    if (!this.ctx) throw new Error('ReportFacts.context before refresh');
    return this.ctx;
  }

  eventsOfApp(e: AppEntry): ReportEvent[] {
    return (e.events ??= this.apps.eventsOf(e, this.context()));
  }

  eventOfRefusal(e: Entry<RefusalFact>): ReportEvent {
    return (e.events ??= [refusalToAcceptEvent(e.fact, this.context())])[0];
  }

  complaintEvent(c: ComplaintFacts, asOf: string): ReportEvent {
    return complaintEvent(c, asOf, this.context());
  }

  private async load(db: Queryable, catalog: Catalog) {
    const counter = await db.query<{ seq: string | number }>('SELECT seq FROM change_counter WHERE id = 1');
    const now = Number(counter.rows[0]?.seq ?? 0);
    // The counter went back: the database was restored from a backup. Start again.
    if (now < this.seq) this.reset();
    const offices = await db.query<{ id: string; type: string }>(`SELECT id, type FROM offices ORDER BY id`);
    const key = JSON.stringify(offices.rows.map((r) => [r.id, r.type]));
    if (key !== this.ctxKey || catalog !== this.catalog) {
      this.ctx = await eventContext(db, catalog);
      this.ctxKey = key;
      this.catalog = catalog;
      this.apps.forgetEvents();
      for (const e of this.refusals.values()) e.events = undefined;
    }
    if (now === this.seq) return;
    const from = this.seq;
    await this.readApps(db, from, now);
    await this.readRefusals(db, from, now);
    await this.readComplaints(db, from, now);
    this.seq = now;
  }

  private reset() {
    this.apps.clear();
    this.refusals.clear();
    this.complaints.clear();
    this.seq = 0;
  }

  // Rows are read up to the counter's value read first: a row committed meanwhile
  // has a larger number and comes with the next refresh, never half-way.
  private async readApps(db: Queryable, from: number, to: number) {
    // The first load pages by id (the primary key: no sort); later ones by (change number, id),
    // where the change number's index finds the few changed rows (one transaction may give
    // several rows one number, hence the id).
    const first = from === 0;
    for (let after = from + 1, afterId = ''; ;) {
      const q = first
        ? { where: 'a.id > $4 AND a.change_seq <= $2 AND $1::bigint IS NOT NULL', order: 'a.id' }
        : {
            where: 'a.change_seq >= $1 AND (a.change_seq, a.id) > ($1, $4) AND a.change_seq <= $2',
            order: 'a.change_seq, a.id',
          };
      const { rows } = await db.query<{
        id: string;
        office_id: string;
        service_code: string;
        journal_no: string;
        accepted: string;
        due: string;
        status: string;
        queue_state: string;
        channel: AppChannel | null;
        arrival: string | null;
        ready: string | null;
        decision_kind: string | null;
        decision_kg: string | null;
        decision_on: string | null;
        birth_date: string | null;
        kgs: string[] | null;
        expired: Array<{ kindergartenId: string; validUntil: string }> | null;
        change_seq: string | number;
      }>(
        // The record is unpacked once per row (jsonb_to_record), not once per field.
        `SELECT a.id, a.office_id, a.service_code, a.journal_no, d."acceptedAt" AS accepted, d."dueAt" AS due,
                a.status, a.queue_state, d.channel, d."arrivalAt" AS arrival,
                (SELECT s->>'at' FROM jsonb_array_elements(d.steps) s WHERE s->>'step' = 'signature' LIMIT 1) AS ready,
                d.decision->>'kind' AS decision_kind, d.decision->>'kindergartenId' AS decision_kg,
                d.decision->>'issuedOn' AS decision_on,
                to_char(a.birth_date, 'YYYY-MM-DD') AS birth_date, d."kindergartenIds" AS kgs,
                (SELECT jsonb_agg(jsonb_build_object('kindergartenId', x->>'kindergartenId', 'validUntil', x->>'validUntil'))
                   FROM jsonb_array_elements(d."expiredReferrals") x) AS expired,
                a.change_seq
           FROM applications a,
                LATERAL jsonb_to_record(a.data) AS d("acceptedAt" text, "dueAt" text, channel text, "arrivalAt" text,
                                                     steps jsonb, decision jsonb, "kindergartenIds" jsonb, "expiredReferrals" jsonb)
          WHERE ${q.where} ORDER BY ${q.order} LIMIT $3`,
        [after, to, this.page, afterId],
      );
      for (const r of rows) {
        const fact: AppFact = {
          id: r.id,
          officeId: r.office_id,
          serviceCode: r.service_code,
          journalNo: r.journal_no,
          acceptedAt: r.accepted,
          acceptedMs: Date.parse(r.accepted),
          dueAt: r.due,
          status: r.status as AppFact['status'],
          queueState: r.queue_state as AppFact['queueState'],
          channel: r.channel ?? undefined,
          arrivalAt: r.arrival ?? undefined,
          readyAt: r.ready ?? undefined,
          decisionKind: r.decision_kind ?? undefined,
          birthDate: r.birth_date,
          kindergartenIds: Array.isArray(r.kgs) ? r.kgs : [],
          expiredReferrals: r.expired ?? [],
        };
        // Three text columns, not a JSON object per row: nothing to parse for most rows (issue #17).
        if (r.decision_kind === 'referral' && r.decision_kg && r.decision_on)
          fact.referral = { kindergartenId: r.decision_kg, issuedOn: r.decision_on };
        this.apps.set(fact);
      }
      if (rows.length < this.page) return;
      after = Number(rows[rows.length - 1].change_seq);
      afterId = rows[rows.length - 1].id;
    }
  }

  private async readRefusals(db: Queryable, from: number, to: number) {
    const { rows } = await db.query<{
      id: string;
      office_id: string;
      service_code: string;
      at: string;
      channel: AppChannel | null;
      withdrawn: boolean;
    }>(
      `SELECT id, office_id, service_code, data->>'at' AS at, data->>'channel' AS channel,
              data->'withdrawn' IS NOT NULL AS withdrawn
         FROM refusals WHERE change_seq > $1 AND change_seq <= $2`,
      [from, to],
    );
    for (const r of rows) {
      // A refusal withdrawn right after it was made (issue #16) is kept in the log but never counted.
      if (r.withdrawn) {
        this.refusals.delete(r.id);
        continue;
      }
      this.refusals.set(r.id, {
        fact: {
          id: r.id,
          officeId: r.office_id,
          serviceCode: r.service_code,
          at: r.at,
          ...(r.channel ? { channel: r.channel } : {}),
        },
      });
    }
  }

  private async readComplaints(db: Queryable, from: number, to: number) {
    const { rows } = await db.query<{
      id: string;
      office_id: string;
      received: string;
      due: string;
      status: string;
      service_code: string | null;
      answered: string | null;
      justified: boolean | null;
    }>(
      `SELECT id, office_id, data->>'receivedAt' AS received, data->>'dueAt' AS due, status, data->>'serviceCode' AS service_code,
              data->'answer'->>'at' AS answered, (data->'answer'->>'justified')::boolean AS justified
         FROM complaints WHERE change_seq > $1 AND change_seq <= $2`,
      [from, to],
    );
    for (const c of rows)
      this.complaints.set(c.id, {
        id: c.id,
        officeId: c.office_id,
        receivedAt: c.received,
        dueAt: c.due,
        status: c.status as ComplaintFacts['status'],
        serviceCode: c.service_code ?? undefined,
        answeredAt: c.answered ?? undefined,
        justified: c.justified ?? undefined,
      });
  }
}

/** One mirror per database (the district's and the office's readings share it). */
const mirrors = new WeakMap<object, ReportFacts>();
export function factsOf(db: object): ReportFacts {
  let f = mirrors.get(db);
  if (!f) mirrors.set(db, (f = new ReportFacts()));
  return f;
}
