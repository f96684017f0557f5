/**
 * The report events of the district's records (shared/reports/events.ts), from
 * what facts.ts keeps of them: the records are never parsed whole, and only the
 * changed ones are read again.
 */
import { monthEndInstant, outsideEvent, overdueEvent, type ReportEvent } from '../../shared';
import type { Queryable } from '../db';
import type { ReportFacts } from './facts';

/** The first instant of a local month (UTC+5). */
export const monthStartInstant = (month: string) =>
  new Date(Date.parse(`${month}-01T00:00:00.000Z`) - 5 * 3_600_000).toISOString();

/** The instant of `text` when it is written as toISOString writes it, else NaN. */
function isoInstant(text: string): number {
  const ms = Date.parse(text);
  return Number.isFinite(ms) && new Date(ms).toISOString() === text ? ms : NaN;
}

/**
 * The live events of months `from`..`to` (an application accepted up to a year
 * before `from` may be delivered inside), and the applications open past their
 * due time at `asOf` as overdue events, from the records as `facts` holds them
 * (refresh it first) and the counts entered from outside the system.
 */
export async function liveEvents(
  db: Queryable,
  facts: ReportFacts,
  from: string,
  to: string,
  asOf: string,
): Promise<ReportEvent[]> {
  const start = Date.parse(monthStartInstant(from));
  const end = Date.parse(monthEndInstant(to));
  const yearBefore = start - 366 * 86_400_000;
  const ctx = facts.context();
  const out: ReportEvent[] = [];
  const apps = facts.apps;
  const asOfMs = isoInstant(asOf);
  // Accepted up to `end`, and not issued before `yearBefore`: the others cannot count. Each
  // application's events in the months asked for, then its overdue one; a fact is made only
  // where the events must be worked out or it may be overdue (AppColumns.mayBeOverdue).
  apps.forEachAccepted(yearBefore, end, (row) => {
    apps.pushEvents(row, ctx, from, to, out);
    if (!apps.mayBeOverdue(row, asOfMs)) return;
    const od = overdueEvent(apps.factAt(row), asOf, ctx);
    if (od) out.push(od);
  });
  for (const r of facts.refusals.values()) {
    const ev = facts.eventOfRefusal(r);
    if (ev.month >= from && ev.month <= to) out.push(ev);
  }
  for (const c of facts.complaints.values()) {
    const at = Date.parse(c.receivedAt);
    if (at >= start && at <= end) out.push(facts.complaintEvent(c, asOf));
  }
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
