/**
 * The annual report and the indicators table as PDFs, made in the browser as
 * every paper is (renderer/print), with the charts drawn to SVG by the same
 * ECharts options the screen shows, and the district's narrative sections (in
 * the district's report only: an office's says the district's has them). A closed period prints with its close time
 * as the document's date, so printing it twice gives the same file.
 */
import {
  annualReportDoc,
  byMonthChart,
  indicatorsDoc,
  type AnnualReportResponse,
  type IndicatorsResponse,
  type Lang,
  type ReportChart,
  reportProvider,
  type ReportContext,
  type ReportTexts,
} from '../../shared';
import { chartSvg } from './chartSvg';
import { renderPdf, savePdf } from '../print';
import { fileName, namesOf } from './reportNames';

const CHART_WIDTH = 480;

const providerOf = (ctx: ReportContext, officeId?: string) => reportProvider(ctx.offices, officeId);

/**
 * `of`: the report of one office (titled with its name; the district's narrative
 * sections left out, each part saying the district's report has them:
 * narrative.ts), or the district's with its narrative sections of the year.
 */
export async function printAnnual(
  r: AnnualReportResponse,
  ctx: ReportContext,
  lang: Lang,
  of: { officeId: string } | { texts?: ReportTexts },
) {
  const officeId = 'officeId' in of ? of.officeId : undefined;
  const spec = byMonthChart(r.data.byMonth, lang);
  const charts: ReportChart[] = [
    {
      caption: spec.table.title,
      svg: chartSvg(spec.option, { width: CHART_WIDTH, height: spec.height }),
      width: CHART_WIDTH,
      height: spec.height,
    },
  ];
  const doc = annualReportDoc(
    {
      provider: providerOf(ctx, officeId),
      year: String(r.year),
      data: r.data,
      services: ctx.services,
      charts,
      ...('texts' in of ? { texts: of.texts } : {}),
      officeReport: officeId !== undefined,
      createdAt: r.closed && r.closedAt ? r.closedAt : new Date().toISOString(),
    },
    lang,
  );
  await savePdf(await renderPdf(doc), fileName('annual-report', String(r.year), lang, 'pdf'));
}

export async function printIndicators(r: IndicatorsResponse, ctx: ReportContext, lang: Lang, officeId?: string) {
  const doc = indicatorsDoc(
    {
      provider: providerOf(ctx, officeId),
      year: String(r.year),
      rows: r.rows,
      officeNames: namesOf(ctx).office,
      createdAt: r.closed && r.closedAt ? r.closedAt : new Date().toISOString(),
    },
    lang,
  );
  await savePdf(await renderPdf(doc), fileName('indicators', String(r.year), lang, 'pdf'));
}
