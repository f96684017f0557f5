/**
 * The district's reports (issue #14): the annual report (seed 004), the quality
 * indicators (seed 000 Appendix 7) with their norms, the dashboard, the
 * applications behind a figure, the pivot and the exports, the counts entered
 * from outside the system, and the close of months. Every district role reads;
 * changes (norms, counts, a close) need the `reports` area. Query strings carry
 * no personal data: filters are office ids, service codes and months.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  DrillSchema,
  IndicatorNormsSchema,
  LangSchema,
  annualOutlineTable,
  annualReportTables,
  applicationsExportRows,
  filterEvents,
  outsidePart,
  reportProvider,
  indicatorsExportTable,
  pivotExportTable,
  placesExportTable,
  type Drill,
  type ExportRowsTable,
  type ExportTable,
  type Lang,
  MonthSchema,
  OutsideCountSchema,
  PivotDimSchema,
  localParts,
  type BiText,
  type ReportOffice,
  type ReportFilter,
} from '../../shared';
import { principalOf, type AppDeps, type Principal } from '../http/context';
import { HttpError, zodIssues } from '../http/errors';
import { writeTransaction } from '../store/transaction';
import type { AuditActor } from '../admin/audit';
import { csvOf, xlsxOf } from '../reports/export';
import {
  annualOf,
  closeMonths,
  closedMonths,
  dashboardOf,
  drillList,
  drillRows,
  indicatorNorms,
  indicatorsOf,
  listOutsideCounts,
  periodResult,
  pivotOf,
  placesOf,
  queueDatesOf,
  queueFigures,
  saveIndicatorNorms,
  saveOutsideCounts,
  type ReportDeps,
} from '../reports/reports';
import { reportTexts } from '../reports/texts';

export const actorOf = (p: Principal): AuditActor =>
  p.kind === 'staff'
    ? { staffId: p.staffId, name: p.fullName }
    : { staffId: `device:${p.device.id}`, name: p.device.name };

const list = (max: number) =>
  z
    .string()
    .max(4000)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.string().min(1).max(80)).max(max));

const YearSchema = z.coerce.number().int().min(2000).max(2100);
const FilterQuery = z.object({
  office: list(500).optional(),
  service: list(200).optional(),
  channel: list(4)
    .pipe(z.array(z.enum(['office', 'mobile', 'stateCorporation', 'portal'])))
    .optional(),
});
export const RangeQuery = FilterQuery.extend({ from: MonthSchema, to: MonthSchema }).refine((q) => q.from <= q.to, {
  message: 'from must not be after to',
  path: ['to'],
});
const YearQuery = FilterQuery.extend({ year: YearSchema });
const PlacesQuery = z.object({ kindergarten: z.string().min(1).max(80) });

export function query<T>(schema: z.ZodType<T>, req: FastifyRequest): T {
  const r = schema.safeParse(req.query ?? {});
  if (!r.success) throw new HttpError(400, 'query.invalid', { issues: zodIssues(r.error.issues) });
  return r.data;
}
export function body<T>(schema: z.ZodType<T>, req: FastifyRequest): T {
  const r = schema.safeParse(req.body ?? {});
  if (!r.success) throw new HttpError(400, 'body.invalid', { issues: zodIssues(r.error.issues) });
  return r.data;
}
export const filterOf = (q: z.infer<typeof FilterQuery>): ReportFilter => ({
  officeIds: q.office,
  serviceCodes: q.service,
  channels: q.channel,
});
const yearRange = (year: number) => ({ from: `${year}-01`, to: `${year}-12` });

export async function reportOffices(deps: AppDeps): Promise<ReportOffice[]> {
  const { rows } = await deps.db.query<{
    id: string;
    type: string;
    code: string;
    name: BiText;
    active: boolean | null;
  }>(`SELECT id, type, code, data->'name' AS name, (data->>'active')::boolean AS active FROM offices ORDER BY code`);
  return rows.map((r) => ({ id: r.id, type: r.type, code: r.code, name: r.name, active: r.active !== false }));
}

/** Offices (of `only`, when given) and services by name, in both languages: what files and lists label rows with. */
export async function reportNames(deps: AppDeps, only?: string[]) {
  const offices = new Map(
    (await reportOffices(deps)).filter((o) => !only || only.includes(o.id)).map((o) => [o.id, o.name]),
  );
  const services = new Map(
    deps
      .catalog()
      .all()
      .map((e) => [e.code, e.name]),
  );
  return { office: (id: string) => offices.get(id), service: (code: string) => services.get(code) };
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const LangQuery = z.object({ lang: LangSchema.default('kk') });

/** A file to download: XLSX of the tables, or CSV of the first; the name says what and when, never whom. */
export async function sendFile(
  reply: FastifyReply,
  format: 'xlsx' | 'csv',
  tables: Array<ExportTable | ExportRowsTable>,
  lang: Lang,
  name: string,
) {
  reply.header('cache-control', 'no-store');
  reply.header('content-disposition', `attachment; filename="${name}.${format}"`);
  if (format === 'csv') {
    reply.type('text/csv; charset=utf-8');
    return csvOf(tables[0], lang);
  }
  reply.type(XLSX_TYPE);
  return xlsxOf(tables, lang);
}

/**
 * The readings of a report, for the district (every office; filters as asked)
 * and for an office laptop (its own office only, whatever the query says:
 * figures as the district counts them, closed periods and late arrivals
 * included).
 */
function registerReadings(
  app: FastifyInstance,
  deps: AppDeps,
  prefix: string,
  auth: 'district' | 'device',
  /** The offices a request may see: undefined for all. */
  allowed: (req: FastifyRequest) => string[] | undefined,
) {
  const { db } = deps;
  const rdeps: ReportDeps = { db, catalog: deps.catalog, now: deps.now };
  const read = { config: { auth } };
  const scoped = (req: FastifyRequest, q: z.infer<typeof FilterQuery>): ReportFilter => {
    const only = allowed(req);
    return { ...filterOf(q), ...(only ? { officeIds: only } : {}) };
  };
  const officesFor = async (req: FastifyRequest, asked?: string[]) => {
    const only = allowed(req);
    return (await reportOffices(deps)).filter(
      (o) => (!only || only.includes(o.id)) && (!asked?.length || asked.includes(o.id)),
    );
  };
  const names = (req: FastifyRequest) => reportNames(deps, allowed(req));
  /**
   * The applications behind a figure for a file, at most 100,000. The period is read here and
   * not returned: while the file is written only the figure's events are held, not the period's.
   */
  const drillListOf = async (q: z.infer<typeof RangeQuery> & Drill, filter: ReportFilter) =>
    drillList(await periodResult(rdeps, q.from, q.to), filter, q, 100_000);

  /** What every report screen labels figures with: offices, services, closed months. */
  app.get(`${prefix}/context`, read, async (req) => ({
    offices: await officesFor(req),
    services: deps
      .catalog()
      .all()
      .map((e) => ({ code: e.code, name: e.name, channels: e.channels, providers: e.providers, free: e.free })),
    closed: await closedMonths(db),
    today: localParts(deps.now()).date,
  }));

  app.get(`${prefix}/annual`, read, async (req) => {
    const q = query(YearQuery, req);
    const { from, to } = yearRange(q.year);
    const p = await periodResult(rdeps, from, to);
    return {
      year: q.year,
      closed: p.closed,
      closedAt: p.closedAt ?? null,
      asOf: p.asOf,
      data: annualOf(p, scoped(req, q), deps.catalog()),
    };
  });

  app.get(`${prefix}/indicators`, read, async (req) => {
    const q = query(YearQuery, req);
    const { from, to } = yearRange(q.year);
    const p = await periodResult(rdeps, from, to);
    const offices = await officesFor(req, q.office);
    return {
      year: q.year,
      closed: p.closed,
      closedAt: p.closedAt ?? null,
      asOf: p.asOf,
      rows: indicatorsOf(
        p,
        scoped(req, q),
        await indicatorNorms(db, q.year),
        offices.map((o) => o.id),
      ),
    };
  });

  app.get(`${prefix}/dashboard`, read, async (req) => {
    const q = query(RangeQuery, req);
    const p = await periodResult(rdeps, q.from, q.to);
    const { fromDate, toDate } = queueDatesOf(p);
    const filter = scoped(req, q);
    return {
      from: q.from,
      to: q.to,
      closed: p.closed,
      asOf: p.asOf,
      data: dashboardOf(p, filter),
      queue: await queueFigures(db, deps.catalog(), fromDate, toDate, localParts(deps.now()).date, filter.officeIds),
    };
  });

  app.get(`${prefix}/drill`, read, async (req) => {
    const q = query(
      RangeQuery.and(DrillSchema).and(z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) })),
      req,
    );
    const p = await periodResult(rdeps, q.from, q.to);
    const filter = scoped(req, q);
    // The figure is the applications listed plus what was entered from outside the system.
    return { ...drillRows(p, filter, q, q.limit), outside: outsidePart(filterEvents(p.events, filter), q) };
  });

  /** A kindergarten's groups with their free places: what its «places free» figure counts. */
  app.get(`${prefix}/places`, read, async (req) => placesOf(db, query(PlacesQuery, req).kindergarten));

  app.get(`${prefix}/pivot`, read, async (req) => {
    const q = query(RangeQuery.and(z.object({ dims: list(4).pipe(z.array(PivotDimSchema).min(1)) })), req);
    const p = await periodResult(rdeps, q.from, q.to);
    return { from: q.from, to: q.to, closed: p.closed, dims: q.dims, rows: pivotOf(p, scoped(req, q), q.dims) };
  });

  app.get(`${prefix}/annual.xlsx`, read, async (req, reply) => {
    const q = query(YearQuery.and(LangQuery), req);
    const { from, to } = yearRange(q.year);
    const p = await periodResult(rdeps, from, to);
    const data = annualOf(p, scoped(req, q), deps.catalog());
    const services = deps.catalog().all();
    const t = annualReportTables({ data, services });
    // The report as text first, in seed 004's order, then its tables in the same order. A report of
    // one office (the laptop's own, or the district's narrowed to one) leaves the district's narrative
    // sections to the district's report and says so; the district's whole report carries them.
    const officeId = allowed(req)?.[0] ?? q.office?.[0];
    const outline = annualOutlineTable(
      {
        providerName: reportProvider(await officesFor(req), officeId).name[q.lang],
        year: String(q.year),
        data,
        services,
        ...(officeId ? { officeReport: true } : { texts: (await reportTexts(db, q.year)).texts }),
      },
      q.lang,
    );
    const tables = [outline, t.services, t.delivered, t.mostDemanded, t.byMonth, t.complaints, t.control];
    return sendFile(reply, 'xlsx', tables, q.lang, `annual-report-${q.year}-${q.lang}`);
  });

  app.get(`${prefix}/indicators.xlsx`, read, async (req, reply) => {
    const q = query(YearQuery.and(LangQuery), req);
    const { from, to } = yearRange(q.year);
    const p = await periodResult(rdeps, from, to);
    const offices = await officesFor(req, q.office);
    const rows = indicatorsOf(
      p,
      scoped(req, q),
      await indicatorNorms(db, q.year),
      offices.map((o) => o.id),
    );
    const table = indicatorsExportTable(rows, (await names(req)).office);
    return sendFile(reply, 'xlsx', [table], q.lang, `indicators-${q.year}-${q.lang}`);
  });

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(`${prefix}/places.${format}`, read, async (req, reply) => {
      const q = query(PlacesQuery.and(LangQuery), req);
      const places = await placesOf(db, q.kindergarten);
      return sendFile(reply, format, [placesExportTable(places)], q.lang, `places-${places.number}-${q.lang}`);
    });

    app.get(`${prefix}/pivot.${format}`, read, async (req, reply) => {
      const q = query(
        RangeQuery.and(z.object({ dims: list(4).pipe(z.array(PivotDimSchema).min(1)) })).and(LangQuery),
        req,
      );
      const p = await periodResult(rdeps, q.from, q.to);
      const table = pivotExportTable(pivotOf(p, scoped(req, q), q.dims), q.dims, await names(req));
      return sendFile(reply, format, [table], q.lang, `pivot-${q.from}-${q.to}-${q.lang}`);
    });

    app.get(`${prefix}/drill.${format}`, read, async (req, reply) => {
      const q = query(RangeQuery.and(DrillSchema).and(LangQuery), req);
      const { rows } = await drillListOf(q, scoped(req, q));
      // Rows made as the writer reads them: the list is not held again beside the figure's events.
      const table = applicationsExportRows(rows, await names(req));
      return sendFile(reply, format, [table], q.lang, `applications-${q.from}-${q.to}-${q.lang}`);
    });
  }
}

export function registerReportRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const rdeps: ReportDeps = { db, catalog: deps.catalog, now: deps.now };
  const read = { config: { auth: 'district' as const } };
  const change = { config: { auth: 'district' as const, area: 'reports' as const } };

  registerReadings(app, deps, '/v1/district/reports', 'district', () => undefined);
  // An office laptop reads its own office's reports with its device token.
  registerReadings(app, deps, '/v1/office/reports', 'device', (req) => [principalOf(req).officeId]);

  app.get('/v1/district/reports/norms/:year', read, async (req) => {
    const year = YearSchema.safeParse((req.params as { year: string }).year);
    if (!year.success) throw new HttpError(400, 'query.invalid');
    return { year: year.data, norms: await indicatorNorms(db, year.data) };
  });

  app.put('/v1/district/reports/norms/:year', change, async (req) => {
    const year = YearSchema.safeParse((req.params as { year: string }).year);
    if (!year.success) throw new HttpError(400, 'query.invalid');
    const { norms } = body(z.object({ norms: IndicatorNormsSchema }), req);
    await writeTransaction(db, (tx) => saveIndicatorNorms(tx, actorOf(principalOf(req)), year.data, norms));
    return { year: year.data, norms: await indicatorNorms(db, year.data) };
  });

  app.get('/v1/district/reports/periods', read, async () => ({ closed: await closedMonths(db) }));

  app.post('/v1/district/reports/close', change, async (req, reply: FastifyReply) => {
    const b = body(
      z.object({ from: MonthSchema, to: MonthSchema }).refine((x) => x.from <= x.to, { path: ['to'] }),
      req,
    );
    const result = await writeTransaction(db, (tx) => closeMonths(rdeps, tx, actorOf(principalOf(req)), b.from, b.to));
    req.log.info({ closed: result.closed.length }, 'report months closed');
    reply.code(result.closed.length ? 201 : 200);
    return result;
  });

  app.get('/v1/district/reports/outside-counts', read, async (req) => {
    const q = query(
      z.object({ from: MonthSchema, to: MonthSchema }).refine((x) => x.from <= x.to, { path: ['to'] }),
      req,
    );
    return { counts: await listOutsideCounts(db, q.from, q.to) };
  });

  app.put('/v1/district/reports/outside-counts', change, async (req) => {
    const { counts } = body(z.object({ counts: z.array(OutsideCountSchema).min(1).max(5000) }), req);
    await writeTransaction(db, (tx) => saveOutsideCounts(tx, actorOf(principalOf(req)), counts, deps.catalog()));
    return { saved: counts.length };
  });
}
