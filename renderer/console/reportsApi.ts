/**
 * The console's calls for reports (issue #14), over the same transport as
 * api.ts (same-origin, session cookie, CSRF header). Filters travel as office
 * ids, service codes and months: never a name or an IIN in a URL.
 */
import type {
  AnnualReportResponse,
  CloseResponse,
  ComplaintDrill,
  ComplaintListResponse,
  DashboardResponse,
  Drill,
  DrillResponse,
  IndicatorNorms,
  IndicatorsResponse,
  Lang,
  NormsResponse,
  OutsideCount,
  OutsideCountsResponse,
  PivotDim,
  PlacesResponse,
  PivotResponse,
  ReportContext,
  ReportTexts,
  ReportTextsResponse,
} from '../../shared';
import { json, query as qs, send } from './api';

export type ReportScope = { office?: string; service?: string };
export type ExportFormat = 'xlsx' | 'csv';

const blob = async (path: string) => (await send('GET', path)).blob();

export const reportsApi = {
  context: () => json<ReportContext>('GET', '/v1/district/reports/context'),
  annual: (year: number, s: ReportScope = {}) =>
    json<AnnualReportResponse>('GET', `/v1/district/reports/annual${qs({ year, ...s })}`),
  indicators: (year: number, s: ReportScope = {}) =>
    json<IndicatorsResponse>('GET', `/v1/district/reports/indicators${qs({ year, ...s })}`),
  saveNorms: (year: number, norms: IndicatorNorms) =>
    json<NormsResponse>('PUT', `/v1/district/reports/norms/${year}`, { norms }),
  dashboard: (from: string, to: string, s: ReportScope = {}) =>
    json<DashboardResponse>('GET', `/v1/district/reports/dashboard${qs({ from, to, ...s })}`),
  drill: (from: string, to: string, s: ReportScope, d: Drill) =>
    json<DrillResponse>('GET', `/v1/district/reports/drill${qs({ from, to, ...s, ...d, limit: 1000 })}`),
  places: (kindergartenId: string) =>
    json<PlacesResponse>('GET', `/v1/district/reports/places${qs({ kindergarten: kindergartenId })}`),
  complaints: (from: string, to: string, s: ReportScope, d: ComplaintDrill) =>
    json<ComplaintListResponse>(
      'GET',
      `/v1/district/reports/complaints${qs({ from, to, ...s, measure: d.measure, limit: 1000 })}`,
    ),
  texts: (year: number) => json<ReportTextsResponse>('GET', `/v1/district/reports/texts/${year}`),
  saveTexts: (year: number, texts: ReportTexts) =>
    json<ReportTextsResponse>('PUT', `/v1/district/reports/texts/${year}`, { texts }),
  pivot: (from: string, to: string, dims: PivotDim[], s: ReportScope = {}) =>
    json<PivotResponse>('GET', `/v1/district/reports/pivot${qs({ from, to, dims: dims.join(','), ...s })}`),
  outsideCounts: (from: string, to: string) =>
    json<OutsideCountsResponse>('GET', `/v1/district/reports/outside-counts${qs({ from, to })}`),
  saveOutsideCounts: (counts: OutsideCount[]) =>
    json<{ saved: number }>('PUT', '/v1/district/reports/outside-counts', { counts }),
  close: (from: string, to: string) => json<CloseResponse>('POST', '/v1/district/reports/close', { from, to }),

  // --- exports: files made by the server (exceljs), downloaded through script so the headers go with them ---
  annualExport: (year: number, lang: Lang, s: ReportScope = {}) =>
    blob(`/v1/district/reports/annual.xlsx${qs({ year, lang, ...s })}`),
  indicatorsExport: (year: number, lang: Lang, s: ReportScope = {}) =>
    blob(`/v1/district/reports/indicators.xlsx${qs({ year, lang, ...s })}`),
  pivotExport: (format: ExportFormat, from: string, to: string, dims: PivotDim[], lang: Lang, s: ReportScope = {}) =>
    blob(`/v1/district/reports/pivot.${format}${qs({ from, to, dims: dims.join(','), lang, ...s })}`),
  drillExport: (format: ExportFormat, from: string, to: string, s: ReportScope, d: Drill, lang: Lang) =>
    blob(`/v1/district/reports/drill.${format}${qs({ from, to, ...s, ...d, lang })}`),
  complaintsExport: (format: ExportFormat, from: string, to: string, s: ReportScope, d: ComplaintDrill, lang: Lang) =>
    blob(`/v1/district/reports/complaints.${format}${qs({ from, to, ...s, measure: d.measure, lang })}`),
  placesExport: (format: ExportFormat, kindergartenId: string, lang: Lang) =>
    blob(`/v1/district/reports/places.${format}${qs({ kindergarten: kindergartenId, lang })}`),
};
