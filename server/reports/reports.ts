/**
 * The district's reports (issue #14): the events a period counts (live, stored
 * at a close, late arrivals moved to the next open month), closing months,
 * the indicators' norms, the counts entered from outside the system, the
 * applications behind a figure and the preschool queue's figures.
 */
import {
  ageInYears,
  annualReport,
  channelOf,
  dashboard,
  defaultNorms,
  drill,
  drillListRow,
  eventKey,
  filterEvents,
  indicatorTable,
  isQueueDrill,
  localParts,
  monthEndInstant,
  monthRange,
  periodEvents,
  previousMonth,
  pivot,
  queueEntries,
  ReportEventSchema,
  type AgeGroup,
  type AppChannel,
  type ApplicationListRow,
  type AnnualReportData,
  type BiText,
  type ClosedMonth,
  type PlacesResponse,
  type QueueDrill,
  type QueueDrillMeasure,
  type DrillRow,
  type QueueFigures,
  type Catalog,
  type DashboardData,
  type Drill,
  type IndicatorNorms,
  type IndicatorRow,
  type OutsideCount,
  type PivotDim,
  type PivotRow,
  type ReportEvent,
  type ReportFilter,
} from '../../shared';
import type { Db, Queryable } from '../db';
import { SyncError } from '../store/errors';
import { audit, type AuditActor } from '../admin/audit';
import { liveEvents } from './events';
import { factsOf, ReportFacts, type AppFact } from './facts';

export type ReportDeps = { db: Db; catalog: () => Catalog; now: () => string };

export async function closedMonths(db: Queryable): Promise<ClosedMonth[]> {
  const { rows } = await db.query<{
    month: string;
    closed_at: Date | string;
    closed_by: string;
    closed_by_name: string;
  }>(`SELECT month, closed_at, closed_by, closed_by_name FROM report_closed_months ORDER BY month`);
  return rows.map((r) => ({
    month: r.month,
    closedAt: new Date(r.closed_at).toISOString(),
    closedBy: r.closed_by,
    closedByName: r.closed_by_name,
  }));
}

const minInstant = (a: string, b: string) => (a < b ? a : b);
/** How far back live events are read, so late arrivals of earlier closed months reach the range. */
const LATE_LOOKBACK_MONTHS = 24;

export type PeriodResult = {
  events: ReportEvent[];
  months: string[];
  /** Every month of the range is closed: the figures are final. */
  closed: boolean;
  closedAt?: string;
  asOf: string;
  /** The records the events came from, as of this result. */
  facts: ReportFacts;
};

/**
 * The events a report over `from`..`to` counts, as periods.ts says. `facts`:
 * the records as the reports see them, brought up to date here (by default the
 * server's mirror of this database, facts.ts).
 */
export async function periodResult(
  deps: ReportDeps,
  from: string,
  to: string,
  facts: ReportFacts = factsOf(deps.db),
): Promise<PeriodResult> {
  const { db } = deps;
  const months = monthRange(from, to);
  const closed = await closedMonths(db);
  const closedSet = new Set(closed.map((c) => c.month));
  const now = deps.now();
  const asOf = minInstant(now, monthEndInstant(to));
  // An earlier month's late arrival can reach the range only through closed months: look back over
  // the closed months just before `from` (none closed: no look back), at most LATE_LOOKBACK_MONTHS.
  let lookFrom = from;
  for (let i = 0; i < LATE_LOOKBACK_MONTHS; i++) {
    const before = previousMonth(lookFrom);
    if (!closedSet.has(before)) break;
    lookFrom = before;
  }
  await facts.refresh(db, deps.catalog());
  const live = await liveEvents(db, facts, lookFrom, to, asOf);
  const stored = await db.query<{ event: unknown }>(
    `SELECT event FROM report_closed_events WHERE month >= $1 AND month <= $2 ORDER BY month, kind, id`,
    [from, to],
  );
  const held = await db.query<{ kind: string; id: string }>(
    `SELECT kind, id FROM report_closed_events WHERE kind <> 'overdue' AND month >= $1`,
    [lookFrom],
  );
  const storedEvents = stored.rows.map((r) => ReportEventSchema.parse(r.event));
  const events = periodEvents(live, storedEvents, months, closedSet, new Set(held.rows.map(eventKey)));
  const inRange = closed.filter((c) => months.includes(c.month));
  const allClosed = inRange.length === months.length;
  return {
    events,
    months,
    closed: allClosed,
    closedAt: allClosed
      ? inRange
          .map((c) => c.closedAt)
          .sort()
          .at(-1)
      : undefined,
    asOf: allClosed ? monthEndInstant(to) : asOf,
    facts,
  };
}

/**
 * Closes every month of the range that has ended and is still open: stores the
 * events each counts now, so later ops change nothing in it. A month not yet
 * over cannot close.
 */
export async function closeMonths(
  deps: ReportDeps,
  tx: Queryable,
  actor: AuditActor,
  from: string,
  to: string,
): Promise<{ closed: string[]; already: string[] }> {
  const now = deps.now();
  const months = monthRange(from, to);
  if (months.some((m) => monthEndInstant(m) >= now)) throw new SyncError(409, 'report.periodNotOver');
  // One close at a time: two at once would store a month twice.
  await tx.query(`SELECT pg_advisory_xact_lock(7314)`);
  const done = new Set((await closedMonths(tx)).map((c) => c.month));
  const closed: string[] = [];
  const already: string[] = [];
  // Read inside this transaction, not through the server's shared mirror: on PGlite a read
  // outside the transaction would wait for it to end.
  const facts = new ReportFacts();
  for (const month of months) {
    if (done.has(month)) {
      already.push(month);
      continue;
    }
    const { events } = await periodResult({ ...deps, db: tx as Db }, month, month, facts);
    await tx.query(
      `INSERT INTO report_closed_months (month, closed_at, closed_by, closed_by_name) VALUES ($1, $2, $3, $4)`,
      [month, now, actor.staffId, actor.name ?? ''],
    );
    // Chunks keep each statement's parameters bounded.
    for (let i = 0; i < events.length; i += 500) {
      const chunk = events.slice(i, i + 500);
      await tx.query(
        `INSERT INTO report_closed_events (month, kind, id, event)
           SELECT $1, e->>'kind', e->>'id', e FROM jsonb_array_elements($2::jsonb) e
           ON CONFLICT DO NOTHING`,
        [month, JSON.stringify(chunk)],
      );
    }
    closed.push(month);
    done.add(month);
  }
  if (closed.length) await audit(tx, actor, { action: 'report.close', target: `${from}..${to}`, after: { closed } });
  return { closed, already };
}

export async function indicatorNorms(db: Queryable, year: number): Promise<IndicatorNorms> {
  const { rows } = await db.query<{ norms: IndicatorNorms }>(`SELECT norms FROM indicator_norms WHERE year = $1`, [
    year,
  ]);
  return { ...defaultNorms(), ...(rows[0]?.norms ?? {}) };
}

export async function saveIndicatorNorms(tx: Queryable, actor: AuditActor, year: number, norms: IndicatorNorms) {
  const before = await indicatorNorms(tx, year);
  await tx.query(
    `INSERT INTO indicator_norms (year, norms, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (year) DO UPDATE SET norms = EXCLUDED.norms, updated_at = now(), updated_by = EXCLUDED.updated_by`,
    [year, JSON.stringify(norms), actor.staffId],
  );
  await audit(tx, actor, { action: 'report.norms', target: String(year), before, after: norms });
}

export async function listOutsideCounts(db: Queryable, from: string, to: string): Promise<OutsideCount[]> {
  const { rows } = await db.query<{
    office_id: string;
    service_code: string;
    month: string;
    channel: OutsideCount['channel'];
    count: number;
  }>(
    `SELECT office_id, service_code, month, channel, count FROM outside_counts WHERE month >= $1 AND month <= $2
      ORDER BY month, office_id, service_code, channel`,
    [from, to],
  );
  return rows.map((r) => ({
    officeId: r.office_id,
    serviceCode: r.service_code,
    month: r.month,
    channel: r.channel,
    count: r.count,
  }));
}

/** Sets monthly counts (0 removes one). A closed month's counts are part of its close: refused. */
export async function saveOutsideCounts(tx: Queryable, actor: AuditActor, counts: OutsideCount[], catalog: Catalog) {
  const closed = new Set((await closedMonths(tx)).map((c) => c.month));
  for (const c of counts) {
    if (closed.has(c.month)) throw new SyncError(409, 'report.monthClosed');
    if (!catalog.has(c.serviceCode)) throw new SyncError(400, 'report.unknownService');
  }
  const offices = await tx.query<{ id: string }>(`SELECT id FROM offices WHERE id = ANY($1::text[])`, [
    [...new Set(counts.map((c) => c.officeId))],
  ]);
  const known = new Set(offices.rows.map((r) => r.id));
  if (counts.some((c) => !known.has(c.officeId))) throw new SyncError(400, 'report.unknownOffice');
  for (const c of counts) {
    if (c.count === 0)
      await tx.query(
        `DELETE FROM outside_counts WHERE office_id = $1 AND service_code = $2 AND month = $3 AND channel = $4`,
        [c.officeId, c.serviceCode, c.month, c.channel],
      );
    else
      await tx.query(
        `INSERT INTO outside_counts (office_id, service_code, month, channel, count, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (office_id, service_code, month, channel) DO UPDATE SET count = EXCLUDED.count, updated_at = now(), updated_by = EXCLUDED.updated_by`,
        [c.officeId, c.serviceCode, c.month, c.channel, c.count, actor.staffId],
      );
  }
  await audit(tx, actor, { action: 'report.outsideCounts', after: { rows: counts.length } });
}

export const catalogOrder = (catalog: Catalog) => catalog.all().map((e) => e.code);

export function annualOf(p: PeriodResult, filter: ReportFilter, catalog: Catalog): AnnualReportData {
  return annualReport(filterEvents(p.events, filter), p.months, catalogOrder(catalog));
}

export function indicatorsOf(
  p: PeriodResult,
  filter: ReportFilter,
  norms: IndicatorNorms,
  officeIds: string[],
): IndicatorRow[] {
  return indicatorTable(filterEvents(p.events, filter), norms, officeIds);
}

export function dashboardOf(p: PeriodResult, filter: ReportFilter): DashboardData {
  return dashboard(filterEvents(p.events, filter), p.months);
}

export function pivotOf(p: PeriodResult, filter: ReportFilter, dims: PivotDim[]): PivotRow[] {
  return pivot(filterEvents(p.events, filter), dims);
}

/** The events behind a figure that name an application. */
const drillHits = (p: PeriodResult, filter: ReportFilter, d: Drill) =>
  drill(filterEvents(p.events, filter), d).filter(
    (e): e is ReportEvent & { applicationId: string } => e.applicationId !== undefined,
  );

/** The applications behind a figure, at most `limit`, with the total. No names or IINs: the list opens records by number. */
export function drillRows(
  p: PeriodResult,
  filter: ReportFilter,
  d: Drill,
  limit: number,
): { total: number; rows: DrillRow[] } {
  if (isQueueDrill(d)) return referralRows(p, filter, d, limit);
  const hits = drillHits(p, filter, d);
  // periodResult has just brought the mirror up to date: the rows are read from it, not again from SQL.
  const apps = p.facts.apps;
  return {
    total: hits.length,
    rows: hits.slice(0, limit).map((e) => {
      const r = apps.get(e.applicationId)?.fact;
      return {
        id: e.applicationId,
        journalNo: e.journalNo ?? '',
        officeId: e.officeId,
        serviceCode: e.serviceCode,
        channel: e.channel,
        month: e.month,
        acceptedAt: r?.acceptedAt ?? '',
        dueAt: r?.dueAt ?? '',
        readyAt: r?.readyAt ?? null,
        status: r?.status ?? '',
        queueState: r?.queueState ?? '',
        onTime: e.onTime ?? null,
        late: Boolean(e.lateFrom),
      };
    }),
  };
}

/**
 * The applications behind a figure as a file lists them (drill.xlsx, drill.csv): the rows
 * drillRows gives, in its order, each made only when the file's writer reads it. Holds the
 * figure's events and the mirror, not the period: its other events can go once this returns.
 * A row is read from the mirror's columns without making the application's fact (issue #17:
 * 83,713 rows at 60,000 waiting children were made three times over before the writer saw them).
 */
export function drillList(
  p: PeriodResult,
  filter: ReportFilter,
  d: Drill,
  limit: number,
): { total: number; rows: Iterable<ApplicationListRow> } {
  if (isQueueDrill(d)) {
    const { total, rows } = referralRows(p, filter, d, limit);
    return { total, rows: { [Symbol.iterator]: () => rows.map(drillListRow)[Symbol.iterator]() } };
  }
  const hits = drillHits(p, filter, d);
  const apps = p.facts.apps;
  const n = Math.min(limit, hits.length);
  return {
    total: hits.length,
    rows: {
      *[Symbol.iterator]() {
        for (let i = 0; i < n; i++) {
          const e = hits[i];
          const row = apps.rowOfId(e.applicationId);
          const t = row === undefined ? undefined : apps.listTimes(row);
          // As drillRows' row mapped by drillListRow: the event's own fields, the record's times.
          yield {
            journalNo: e.journalNo ?? '',
            officeId: e.officeId,
            serviceCode: e.serviceCode,
            channel: e.channel as AppChannel,
            acceptedAt: t?.acceptedAt ?? '',
            dueAt: t?.dueAt ?? '',
            readyAt: t?.readyAt ?? undefined,
          };
        }
      },
    },
  };
}

/**
 * The days the queue's referral figures of a period cover: from its first day to
 * its last, or to today while it runs (a period's `asOf`, local date).
 */
export const queueDatesOf = (p: Pick<PeriodResult, 'months' | 'asOf'>) => ({
  fromDate: `${p.months[0]}-01`,
  toDate: localParts(p.asOf).date,
});

/**
 * The referrals of an application the queue's figures count over fromDate..toDate,
 * one entry each: the referral it holds, issued in the range, and every earlier
 * one that expired unused in the range (its last valid day). queueFigures counts
 * them and the drill lists them, so a figure is as long as its list.
 */
function countedReferrals(
  a: AppFact,
  fromDate: string,
  toDate: string,
): Array<{ measure: QueueDrillMeasure; kindergartenId: string; on: string }> {
  const out: Array<{ measure: QueueDrillMeasure; kindergartenId: string; on: string }> = [];
  const r = a.referral;
  if (r && r.issuedOn >= fromDate && r.issuedOn <= toDate)
    out.push({ measure: 'referralsIssued', kindergartenId: r.kindergartenId, on: r.issuedOn });
  for (const x of a.expiredReferrals)
    if (x.validUntil >= fromDate && x.validUntil <= toDate)
      out.push({ measure: 'referralsExpired', kindergartenId: x.kindergartenId, on: x.validUntil });
  return out;
}

/**
 * The applications behind a referral figure: one row per referral counted (an
 * application whose two referrals expired is listed twice), by date and journal
 * number. The figure takes the office filter only (queueFigures), so does the list.
 */
function referralRows(
  p: PeriodResult,
  filter: ReportFilter,
  d: QueueDrill,
  limit: number,
): { total: number; rows: DrillRow[] } {
  const { fromDate, toDate } = queueDatesOf(p);
  const offices = filter.officeIds?.length ? new Set(filter.officeIds) : null;
  const ctx = p.facts.context();
  const hits: Array<{ a: AppFact; on: string }> = [];
  for (const { fact: a } of p.facts.apps.inQueue()) {
    if ((offices && !offices.has(a.officeId)) || (d.officeId !== undefined && a.officeId !== d.officeId)) continue;
    for (const c of countedReferrals(a, fromDate, toDate))
      if (c.measure === d.measure && (d.kindergartenId === undefined || c.kindergartenId === d.kindergartenId))
        hits.push({ a, on: c.on });
  }
  hits.sort((x, y) => x.on.localeCompare(y.on) || x.a.journalNo.localeCompare(y.a.journalNo));
  return {
    total: hits.length,
    rows: hits.slice(0, limit).map(({ a, on }) => ({
      id: a.id,
      journalNo: a.journalNo,
      officeId: a.officeId,
      serviceCode: a.serviceCode,
      channel: channelOf(a, ctx.officeType(a.officeId)),
      month: on.slice(0, 7),
      acceptedAt: a.acceptedAt,
      dueAt: a.dueAt,
      readyAt: a.readyAt ?? null,
      status: a.status,
      queueState: a.queueState,
      onTime: a.readyAt ? a.readyAt <= a.dueAt : null,
      late: false,
    })),
  };
}

/** The active kindergartens with their groups and free places (a «places free» figure is their sum). */
async function kindergartenPlaces(db: Queryable, id?: string): Promise<PlacesResponse[]> {
  const { rows } = await db.query<{ id: string; number: string; name: BiText; groups: AgeGroup[] | null }>(
    `SELECT id, number, data->'name' AS name, data->'ageGroups' AS groups FROM kindergartens
      WHERE COALESCE((data->>'active')::boolean, true) AND ($1::text IS NULL OR id = $1) ORDER BY number`,
    [id ?? null],
  );
  return rows.map((k) => {
    const groups = (k.groups ?? []).map((g) => ({
      id: g.id,
      name: g.name,
      minAge: g.minAge,
      maxAge: g.maxAge,
      freePlaces: Number(g.freePlaces) || 0,
    }));
    return {
      kindergartenId: k.id,
      number: k.number,
      name: k.name,
      groups,
      total: groups.reduce((n, g) => n + g.freePlaces, 0),
    };
  });
}

/** One kindergarten's groups with their free places; an unknown or closed one: 404 report.unknownKindergarten. */
export async function placesOf(db: Queryable, kindergartenId: string): Promise<PlacesResponse> {
  const [k] = await kindergartenPlaces(db, kindergartenId);
  if (!k) throw new SyncError(404, 'report.unknownKindergarten');
  return k;
}

/**
 * The preschool queue now (waiting by age, waiting per kindergarten asked for)
 * and the referrals of fromDate..toDate (a period's: queueDatesOf; issued and
 * expired unused: countedReferrals), with free places (kindergartenPlaces).
 */
export async function queueFigures(
  db: Queryable,
  catalog: Catalog,
  fromDate: string,
  toDate: string,
  today: string,
  officeIds?: string[],
  facts: ReportFacts = factsOf(db),
): Promise<QueueFigures> {
  await facts.refresh(db, catalog);
  const services = new Set(queueEntries(catalog.all()).map((e) => e.code));
  const scope = officeIds?.length ? new Set(officeIds) : null;
  const byAge = new Map<number, number>();
  const waiting = new Map<string, number>();
  const counted: Record<QueueDrillMeasure, Map<string, number>> = {
    referralsIssued: new Map(),
    referralsExpired: new Map(),
  };
  const add = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  // Only the waiting and the referred can count here (the mirror skips the others without making them).
  for (const { fact: a } of facts.apps.inQueue()) {
    if (scope && !scope.has(a.officeId)) continue;
    if (a.queueState === 'waiting' && services.has(a.serviceCode)) {
      if (a.birthDate) {
        const age = ageInYears(a.birthDate, today);
        byAge.set(age, (byAge.get(age) ?? 0) + 1);
      }
      for (const kg of a.kindergartenIds) add(waiting, kg);
    }
    for (const c of countedReferrals(a, fromDate, toDate)) add(counted[c.measure], c.kindergartenId);
  }
  return {
    byAge: [...byAge].sort(([a], [b]) => a - b).map(([age, n]) => ({ age, waiting: n })),
    byKindergarten: (await kindergartenPlaces(db)).map((k) => ({
      kindergartenId: k.kindergartenId,
      number: k.number,
      waiting: waiting.get(k.kindergartenId) ?? 0,
      referralsIssued: counted.referralsIssued.get(k.kindergartenId) ?? 0,
      referralsExpired: counted.referralsExpired.get(k.kindergartenId) ?? 0,
      placesFree: k.total,
    })),
  };
}
