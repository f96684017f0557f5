/**
 * Beside the report routes (reports.ts), for the district: the annual report's
 * narrative sections (shared/reports/narrative.ts; every district role reads,
 * the `reports` area writes; a closed year refuses) and the complaints behind a
 * complaint figure (numbers, offices and dates: no complainant, no subject).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ComplaintDrillSchema,
  ReportTextsSchema,
  complaintDrill,
  complaintsExportTable,
  filterEvents,
  type ComplaintListResponse,
  type ReportTextsResponse,
} from '../../shared';
import { principalOf, type AppDeps } from '../http/context';
import { HttpError } from '../http/errors';
import { writeTransaction } from '../store/transaction';
import { periodResult, type ReportDeps } from '../reports/reports';
import { reportTexts, saveReportTexts, yearClosed } from '../reports/texts';
import { LangQuery, RangeQuery, actorOf, body, filterOf, query, reportNames, sendFile } from './reports';

const YearParam = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

function yearOf(params: unknown): number {
  const r = YearParam.safeParse(params);
  if (!r.success) throw new HttpError(400, 'query.invalid');
  return r.data.year;
}

export function registerReportTextRoutes(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const rdeps: ReportDeps = { db, catalog: deps.catalog, now: deps.now };
  const read = { config: { auth: 'district' as const } };
  const change = { config: { auth: 'district' as const, area: 'reports' as const } };

  const answer = async (year: number): Promise<ReportTextsResponse> => ({
    year,
    ...(await reportTexts(db, year)),
    closed: await yearClosed(db, year),
  });

  app.get('/v1/district/reports/texts/:year', read, async (req) => answer(yearOf(req.params)));

  app.put('/v1/district/reports/texts/:year', change, async (req) => {
    const year = yearOf(req.params);
    const { texts } = body(z.object({ texts: ReportTextsSchema }), req);
    const { changed } = await writeTransaction(db, (tx) => saveReportTexts(tx, actorOf(principalOf(req)), year, texts));
    req.log.info({ year, changed: changed.length }, 'report texts saved');
    return answer(year);
  });

  /** The complaints a complaint figure counts (the dashboard's complaints chart and card). */
  app.get('/v1/district/reports/complaints', read, async (req): Promise<ComplaintListResponse> => {
    const q = query(
      ComplaintQuery.and(z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) })),
      req,
    );
    return complaintList(rdeps, q, q.limit);
  });

  // The same list as a file (issue #14: every list exports), all of it.
  for (const format of ['xlsx', 'csv'] as const)
    app.get(`/v1/district/reports/complaints.${format}`, read, async (req, reply) => {
      const q = query(ComplaintQuery.and(LangQuery), req);
      const list = await complaintList(rdeps, q, 100_000);
      const table = complaintsExportTable(list.rows, await reportNames(deps));
      return sendFile(reply, format, [table], q.lang, `complaints-${q.from}-${q.to}-${q.lang}`);
    });
}

const ComplaintQuery = RangeQuery.and(ComplaintDrillSchema.pick({ measure: true }));

/** The complaints a complaint figure counts, the first `limit` of them (by month, then id) with their register data. */
async function complaintList(
  rdeps: ReportDeps,
  q: z.infer<typeof ComplaintQuery>,
  limit: number,
): Promise<ComplaintListResponse> {
  const p = await periodResult(rdeps, q.from, q.to);
  const hits = complaintDrill(filterEvents(p.events, filterOf(q)), { measure: q.measure });
  const shown = [...hits].sort((a, b) => a.month.localeCompare(b.month) || a.id.localeCompare(b.id)).slice(0, limit);
  const { rows } = await rdeps.db.query<{
    id: string;
    office_id: string;
    incoming_no: string;
    received_at: Date | string;
    due_at: Date | string;
    answered_at: string | null;
    status: string;
  }>(
    `SELECT id, office_id, incoming_no, received_at, due_at, data->'answer'->>'at' AS answered_at, status
       FROM complaints WHERE id = ANY($1::text[])`,
    [shown.map((e) => e.id)],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    total: hits.length,
    rows: shown
      .map((e) => {
        const r = byId.get(e.id);
        return {
          id: e.id,
          incomingNo: r?.incoming_no ?? '',
          officeId: e.officeId,
          serviceCode: e.serviceCode,
          receivedAt: r ? new Date(r.received_at).toISOString() : '',
          dueAt: r ? new Date(r.due_at).toISOString() : '',
          answeredAt: r?.answered_at ?? null,
          status: r?.status ?? '',
          // As the figure counted it (a closed period: at its close).
          open: e.open === true,
          overdue: e.open === true && e.onTime === false,
          justified: e.justified ?? null,
        };
      })
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.incomingNo.localeCompare(b.incomingNo)),
  };
}
