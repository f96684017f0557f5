/**
 * The report events of the district's records (shared/reports/events.ts), read
 * straight from the indexed columns and a few JSONB fields: the records are
 * never parsed whole, so a year of a large district reads in one pass.
 */
import {
  applicationEvents,
  complaintEvent,
  monthEndInstant,
  outsideEvent,
  overdueEvent,
  refusalToAcceptEvent,
  type AppChannel,
  type Catalog,
  type EventContext,
  type OfficeType,
  type ReportEvent,
  waitNormMinutes,
} from '../../shared';
import type { Queryable } from '../db';

/** The first instant of a local month (UTC+5). */
export const monthStartInstant = (month: string) =>
  new Date(Date.parse(`${month}-01T00:00:00.000Z`) - 5 * 3_600_000).toISOString();

export async function eventContext(db: Queryable, catalog: Catalog): Promise<EventContext> {
  const { rows } = await db.query<{ id: string; type: OfficeType }>(`SELECT id, type FROM offices`);
  const types = new Map(rows.map((r) => [r.id, r.type]));
  return {
    officeType: (id) => types.get(id),
    waitNorm: (code: string, channel: AppChannel) =>
      catalog.has(code) ? waitNormMinutes(catalog.get(code), channel) : undefined,
  };
}

type AppRow = {
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
  decision: string | null;
};

/**
 * The live events of months `from`..`to` (an application accepted up to a year
 * before `from` may be delivered inside), and the applications open past their
 * due time at `asOf` as overdue events.
 */
export async function liveEvents(
  db: Queryable,
  ctx: EventContext,
  from: string,
  to: string,
  asOf: string,
): Promise<ReportEvent[]> {
  const start = monthStartInstant(from);
  const end = monthEndInstant(to);
  const yearBefore = new Date(Date.parse(start) - 366 * 86_400_000).toISOString();
  const out: ReportEvent[] = [];
  const apps = await db.query<AppRow>(
    // The record is unpacked once per row (jsonb_to_record), not once per field.
    `SELECT a.id, a.office_id, a.service_code, a.journal_no, d."acceptedAt" AS accepted, d."dueAt" AS due,
            a.status, a.queue_state, d.channel, d."arrivalAt" AS arrival,
            (SELECT s->>'at' FROM jsonb_array_elements(d.steps) s WHERE s->>'step' = 'signature' LIMIT 1) AS ready,
            d.decision->>'kind' AS decision
       FROM applications a,
            LATERAL jsonb_to_record(a.data) AS d("acceptedAt" text, "dueAt" text, channel text, "arrivalAt" text, steps jsonb, decision jsonb)
      WHERE a.accepted_at <= $2::timestamptz AND (a.accepted_at >= $1::timestamptz OR a.status <> 'issued')`,
    [yearBefore, end],
  );
  for (const r of apps.rows) {
    const facts = {
      id: r.id,
      officeId: r.office_id,
      serviceCode: r.service_code,
      journalNo: r.journal_no,
      acceptedAt: r.accepted,
      dueAt: r.due,
      status: r.status as never,
      queueState: r.queue_state as never,
      channel: r.channel ?? undefined,
      arrivalAt: r.arrival ?? undefined,
      readyAt: r.ready ?? undefined,
      decisionKind: r.decision ?? undefined,
    };
    for (const e of applicationEvents(facts, ctx)) if (e.month >= from && e.month <= to) out.push(e);
    const od = overdueEvent(facts, asOf, ctx);
    if (od) out.push(od);
  }
  const refusals = await db.query<{ id: string; office_id: string; service_code: string; at: string }>(
    `SELECT id, office_id, service_code, data->>'at' AS at FROM refusals WHERE at >= $1::timestamptz AND at <= $2::timestamptz`,
    [start, end],
  );
  for (const r of refusals.rows)
    out.push(refusalToAcceptEvent({ id: r.id, officeId: r.office_id, serviceCode: r.service_code, at: r.at }, ctx));
  const complaints = await db.query<{
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
       FROM complaints WHERE received_at >= $1::timestamptz AND received_at <= $2::timestamptz`,
    [start, end],
  );
  for (const c of complaints.rows)
    out.push(
      complaintEvent(
        {
          id: c.id,
          officeId: c.office_id,
          receivedAt: c.received,
          dueAt: c.due,
          status: c.status as never,
          serviceCode: c.service_code ?? undefined,
          answeredAt: c.answered ?? undefined,
          justified: c.justified ?? undefined,
        },
        asOf,
        ctx,
      ),
    );
  const outside = await db.query<{
    office_id: string;
    service_code: string;
    month: string;
    channel: 'stateCorporation' | 'portal';
    count: number;
  }>(`SELECT office_id, service_code, month, channel, count FROM outside_counts WHERE month >= $1 AND month <= $2`, [
    from,
    to,
  ]);
  for (const o of outside.rows)
    out.push(
      outsideEvent({
        officeId: o.office_id,
        serviceCode: o.service_code,
        month: o.month,
        channel: o.channel,
        count: o.count,
      }),
    );
  return out;
}
