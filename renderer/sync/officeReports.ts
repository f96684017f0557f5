/**
 * This office's reports as the district server counts them (issue #14), read
 * with the device token (the server forces the office, whatever is asked).
 * The readings the Reports page shows are kept in `meta` (counts, and the
 * names of offices and services: no person is in them), so that without a
 * link the page shows the last ones and says when they were fetched. Files
 * (XLSX, CSV) are made by the server each time and need the link.
 */
import type {
  AnnualReportResponse,
  DashboardResponse,
  Drill,
  DrillResponse,
  IndicatorsResponse,
  Lang,
  PivotDim,
  ReportContext,
} from '../../shared';
import type { DeskContext } from '../services/context';
import { getEnrolment, type SyncEngine } from './engine';
import { SyncHttpError } from './transport';

/** A reading: fresh from the server, or (cached) as last fetched when the server could not be reached. */
export type ReportReading<T> = { value: T; fetchedAt: string; cached: boolean };
export type ExportFormat = 'xlsx' | 'csv';

/** Every call is null on a standalone computer (not enrolled): the reports live on the district server. */
export type OfficeReports = {
  context(): Promise<ReportReading<ReportContext> | null>;
  annual(year: number): Promise<ReportReading<AnnualReportResponse> | null>;
  indicators(year: number): Promise<ReportReading<IndicatorsResponse> | null>;
  dashboard(from: string, to: string): Promise<DashboardResponse | null>;
  drill(from: string, to: string, d: Drill): Promise<DrillResponse | null>;
  /** The annual report as XLSX, headings in `lang`. */
  annualFile(year: number, lang: Lang): Promise<Blob | null>;
  indicatorsFile(year: number, lang: Lang): Promise<Blob | null>;
  /** The pivot of the months `from`..`to` by `dims` (the office's own: its office column has one value). */
  pivotFile(format: ExportFormat, from: string, to: string, dims: PivotDim[], lang: Lang): Promise<Blob | null>;
  /** The applications a figure counts (journal numbers, services, dates: no names). */
  drillFile(format: ExportFormat, from: string, to: string, d: Drill, lang: Lang): Promise<Blob | null>;
};

function reportQuery(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  return q.toString();
}

/** Failures that mean "no link to the server now" (network, timeout, overload), not "the server refused". */
const noLink = (e: unknown) => e instanceof SyncHttpError && e.retryable;

type Kept<T> = { fetchedAt: string; value: T };

export function createOfficeReports(ctx: DeskContext, engine: SyncEngine): OfficeReports {
  /** Read from the server and kept; without a link, the kept one if there is one, else the failure. */
  async function reading<T>(path: string): Promise<ReportReading<T> | null> {
    const enr = await getEnrolment(ctx);
    if (!enr) return null;
    // By office: a laptop enrolled again for another office never shows the first one's figures.
    const key = `officeReport:${enr.officeId}:${path}`;
    try {
      const value = await engine.officeReport<T>(path);
      if (value === null) return null;
      const fetchedAt = ctx.now();
      await ctx.db.meta.put({ key, value: { fetchedAt, value } satisfies Kept<T> });
      return { value, fetchedAt, cached: false };
    } catch (e) {
      const kept = noLink(e) ? ((await ctx.db.meta.get(key))?.value as Kept<T> | undefined) : undefined;
      if (!kept) throw e;
      return { value: kept.value, fetchedAt: kept.fetchedAt, cached: true };
    }
  }
  return {
    context: () => reading<ReportContext>('context'),
    annual: (year) => reading<AnnualReportResponse>(`annual?${reportQuery({ year })}`),
    indicators: (year) => reading<IndicatorsResponse>(`indicators?${reportQuery({ year })}`),
    dashboard: (from, to) => engine.officeReport<DashboardResponse>(`dashboard?${reportQuery({ from, to })}`),
    drill: (from, to, d) => engine.officeReport<DrillResponse>(`drill?${reportQuery({ from, to, ...d, limit: 1000 })}`),
    annualFile: (year, lang) => engine.officeReportFile(`annual.xlsx?${reportQuery({ year, lang })}`),
    indicatorsFile: (year, lang) => engine.officeReportFile(`indicators.xlsx?${reportQuery({ year, lang })}`),
    pivotFile: (format, from, to, dims, lang) =>
      engine.officeReportFile(`pivot.${format}?${reportQuery({ from, to, dims: dims.join(','), lang })}`),
    drillFile: (format, from, to, d, lang) =>
      engine.officeReportFile(`drill.${format}?${reportQuery({ from, to, ...d, lang })}`),
  };
}
