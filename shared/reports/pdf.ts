/**
 * The printed reports (issue #14) as pdfmake document definitions, like the
 * desk's forms (shared/forms: Tinos, A4, the same margins and styles; wording in
 * locales/{kk,ru}/forms.json under `report`):
 *
 * - the annual report in the structure of seed 004 (narrative.ts: annualOutline):
 *   provider information, the number of services delivered by channel (seed
 *   004's sentence), the table of services with their ways and paid/free,
 *   services by channel, the most demanded, charts, then the district's
 *   narrative sections between complaints and internal control;
 * - the quality and efficiency indicators in the table of seed 000 Appendix 7,
 *   for the district and per office.
 *
 * Tables come from tables.ts, so paper and spreadsheet show the same figures.
 * Nothing here reads the clock: the caller passes `createdAt`, printed as the
 * date and stamped as the PDF's creation date, so a closed period's report
 * renders to the same bytes every time (charts arrive as SVG strings made by
 * renderer/charts/chartSvg.ts, themselves the same for the same option).
 */
import { formatOfficialDate, formatTableDate } from '../format/dates';
import { page } from '../forms/layout';
import { dict, fill } from '../forms/text';
import type { DocDefinition, PdfContent } from '../forms/types';
import type { BiText, Lang } from '../model/common';
import { localParts } from '../time';
import type { AnnualReportData, IndicatorRow } from './aggregate';
import { nameOr, percentText, type NameOf } from './labels';
import { annualOutline, type OutlineBlock, type ReportTexts } from './narrative';
import { cellText, type ExportCell, type ExportColumn, type ExportTable } from './table';
import { annualReportTables, indicatorsExportTable, type ReportService } from './tables';

/** A chart as the PDF embeds it: its SVG (in the document's language) and the size it was drawn at. */
export type ReportChart = { caption: BiText; svg: string; width: number; height: number };

export type ReportProvider = {
  /** The body, without «» and without its parent: «Ақсу ауданының білім бөлімі» / «Отдел образования Аксуского района». */
  name: BiText;
  /**
   * The parent body as seed 004's title names it, in the case the title needs:
   * Kazakh genitive before the name («Қостанай облысы әкімдігі білім басқармасының»),
   * Russian genitive after it («управления образования акимата Костанайской области»).
   */
  parent?: BiText;
};

/** The body a report is of: the office filtered on, else the district education department. */
export function reportProvider(
  offices: ReadonlyArray<{ id: string; type: string; name: BiText }>,
  officeId?: string,
): ReportProvider {
  const office =
    (officeId && offices.find((o) => o.id === officeId)) || offices.find((o) => o.type === 'districtEducation');
  return { name: office?.name ?? { kk: '—', ru: '—' } };
}

export type AnnualReportDocInput = {
  provider: ReportProvider;
  year: string;
  data: AnnualReportData;
  /** The catalog entries the provider delivers, in catalog order. */
  services: readonly ReportService[];
  charts?: readonly ReportChart[];
  /** The district's narrative sections of the year (narrative.ts); numbered items print "not entered" without them. */
  texts?: ReportTexts;
  /** A report of one office: the district's sections are left out and each part says the district's report has them. */
  officeReport?: boolean;
  /** ISO instant the document is made at: its printed date (office-local) and the PDF's creation date. */
  createdAt: string;
  signer?: { title: BiText; name: string };
};

export type IndicatorsDocInput = {
  provider: ReportProvider;
  year: string;
  rows: readonly IndicatorRow[];
  officeNames: NameOf;
  charts?: readonly ReportChart[];
  createdAt: string;
};

const REPORT_STYLES: DocDefinition['styles'] = {
  period: { alignment: 'center', margin: [0, -6, 0, 12] },
  section: { bold: true, margin: [0, 8, 0, 6] },
  table: { fontSize: 9, lineHeight: 1.05, margin: [0, 2, 0, 10] },
  th: { bold: true, alignment: 'center' },
  num: { alignment: 'right' },
  note: { fontSize: 9, italics: true, margin: [0, 0, 0, 6] },
  printed: { fontSize: 10, margin: [0, 16, 0, 0] },
};

/** Page width inside the forms' margins (A4 595 pt less 30 mm and 15 mm). */
const CONTENT_WIDTH = 595 - 85 - 43;

const NONE = '—';
/** kk and ru both write a decimal comma. */
const decimal = (v: number) => v.toFixed(1).replace('.', ',');

/** A cell as paper shows it: numbers right-aligned, dates as 15.01.2025, shares as 95,5 %, nothing as a dash. */
function cell(c: ExportColumn, v: ExportCell, lang: Lang): PdfContent {
  if (c.type === 'text') return cellText(v, lang);
  if (v === null || v === '') return { text: NONE, style: 'num' };
  if (typeof v !== 'number') {
    const s = cellText(v, lang);
    if (c.type === 'date') return formatTableDate(s);
    if (c.type === 'month') return `${s.slice(5, 7)}.${s.slice(0, 4)}`;
    return s;
  }
  if (c.type === 'percent') return { text: percentText(v), style: 'num' };
  if (c.type === 'decimal') return { text: decimal(v), style: 'num' };
  return { text: String(v), style: 'num' };
}

/** An export table as a pdfmake table: heading row repeated on every page, rows not split across pages. */
export function pdfTable(t: ExportTable, lang: Lang, widths: Array<number | string>): PdfContent {
  return {
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths,
      body: [
        t.columns.map((c): PdfContent => ({ text: c.title[lang], style: 'th' })),
        ...t.rows.map((r) => t.columns.map((c) => cell(c, r[c.key] ?? null, lang))),
      ],
    },
    style: 'table',
  };
}

function chartBlocks(charts: readonly ReportChart[] | undefined, lang: Lang, first: number): PdfContent[] {
  const f = dict(lang).report.common;
  return (charts ?? []).map((ch, i) => {
    const width = Math.min(ch.width, CONTENT_WIDTH);
    return {
      stack: [
        { svg: ch.svg, width, height: Math.round((ch.height * width) / ch.width) },
        { text: fill(f.figure, { n: first + i, caption: ch.caption[lang] }), style: 'note', alignment: 'center' },
      ],
      unbreakable: true,
      margin: [0, 6, 0, 6],
    };
  });
}

const printedOn = (createdAt: string, lang: Lang): PdfContent => ({
  text: fill(dict(lang).report.common.printedOn, {
    date: formatOfficialDate(localParts(createdAt).date, lang),
  }),
  style: 'printed',
});

function withReportSetup(doc: DocDefinition, createdAt: string): DocDefinition {
  return {
    ...doc,
    info: { ...doc.info, creationDate: new Date(createdAt) },
    styles: { ...doc.styles, ...REPORT_STYLES },
  };
}

/** The annual report on the provision of state services, in the structure of seed 004 (narrative.ts: annualOutline). */
export function annualReportDoc(input: AnnualReportDocInput, lang: Lang): DocDefinition {
  const t = dict(lang).report.annual;
  const { data, year } = input;
  const tables = annualReportTables({ data, services: input.services });
  const name = input.provider.name[lang];
  const title = input.provider.parent
    ? fill(t.titleWithParent, { name, parent: input.provider.parent[lang] })
    : fill(t.title, { name });
  const outline = annualOutline(
    {
      providerName: name,
      year,
      data,
      services: input.services,
      texts: input.texts,
      officeReport: input.officeReport,
    },
    lang,
  );
  const block = (b: OutlineBlock): PdfContent[] => {
    if (b.kind === 'part') return [{ text: b.text, style: 'section' }];
    if (b.kind === 'table')
      return [
        b.table === 'services'
          ? pdfTable(tables.services, lang, [18, '*', 150, 50])
          : pdfTable(tables.delivered, lang, [18, '*', 40, 62, 62, 52]),
      ];
    if (b.kind === 'charts') return chartBlocks(input.charts, lang, 1);
    const text: PdfContent = b.placeholder ? { text: b.text, italics: true } : b.text;
    return [{ text: b.head ? [`${b.head} `, text] : [text], style: 'para' }];
  };

  const content: PdfContent[] = [
    { text: title, style: 'title' },
    { text: fill(t.period, { year }), style: 'period' },
    ...outline.flatMap(block),
    ...(data.lateArrivals
      ? [{ text: fill(t.lateArrivals, { n: data.lateArrivals }), style: 'note' } as PdfContent]
      : []),
    ...(input.signer
      ? [
          {
            text: `${input.signer.title[lang]} ____________ ${input.signer.name}`,
            style: 'signature',
          } as PdfContent,
        ]
      : []),
    printedOn(input.createdAt, lang),
  ];
  return withReportSetup(page(lang, title, content), input.createdAt);
}

/** The quality and efficiency indicators (seed 000 Appendix 7): the district's table, then each office's current values. */
export function indicatorsDoc(input: IndicatorsDocInput, lang: Lang): DocDefinition {
  const t = dict(lang).report.indicators;
  const full = indicatorsExportTable(input.rows, input.officeNames);
  // Appendix 7's table: the seed's four columns (with the number and unit), the district's current value.
  const district: ExportTable = { ...full, columns: full.columns.filter((c) => !c.key.startsWith('office:')) };
  const offices = input.rows[0]?.byOffice ?? [];
  const title = t.title;
  const content: PdfContent[] = [
    { text: title, style: 'title' },
    { text: fill(t.subtitle, { name: input.provider.name[lang], year: input.year }), style: 'period' },
    pdfTable(district, lang, [18, '*', 50, 58, 62, 62]),
  ];
  if (offices.length) {
    // Offices as rows and indicators as numbered columns: forty offices fit on a page this way, not as forty tables.
    const byOffice: ExportTable = {
      title: full.title,
      columns: [
        { key: 'office', title: { kk: 'Көрсетілетін қызметті беруші', ru: 'Услугодатель' }, type: 'text' },
        ...input.rows.map((r, i): ExportColumn => ({
          key: r.code,
          title: { kk: `${i + 1} (${unit(r, 'kk')})`, ru: `${i + 1} (${unit(r, 'ru')})` },
          type: 'decimal',
        })),
      ],
      rows: offices.map((o) => {
        const row: Record<string, ExportCell> = { office: nameOr(input.officeNames, o.officeId) };
        for (const r of input.rows) row[r.code] = r.byOffice.find((b) => b.officeId === o.officeId)?.value ?? null;
        return row;
      }),
    };
    content.push(
      { text: t.byOffice, style: 'section' },
      { text: t.byOfficeNote, style: 'note' },
      pdfTable(byOffice, lang, ['*', ...input.rows.map(() => 40)]),
    );
  }
  content.push(
    { text: t.unmeasured, style: 'note' },
    ...chartBlocks(input.charts, lang, 1),
    printedOn(input.createdAt, lang),
  );
  return withReportSetup(page(lang, title, content), input.createdAt);
}

const unit = (r: IndicatorRow, lang: Lang) => (r.unit === 'percent' ? '%' : lang === 'kk' ? '100-ге' : 'на 100');
