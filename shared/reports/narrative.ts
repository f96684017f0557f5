/**
 * The annual report's narrative sections (issue #14): what seed 004 says in
 * words that no figure can produce (how citizens learn about services, public
 * discussion of draft rules, transparency, staff training, regulation, control
 * by the authorised body, public monitoring), written by the district each year
 * in Kazakh and in Russian, and the report as text in the seed's order with the
 * computed sentences between them (`annualOutline`), which the PDF (pdf.ts) and
 * the XLSX's first sheet (`annualOutlineTable`) both take, so paper and
 * spreadsheet say the same in the same order.
 *
 * Seed 004's order: 1. General provisions (provider, services, channels, the
 * most demanded, then how potential recipients are informed); 2. Work with
 * service recipients, items 1)-3); 3. Improving quality: staff training,
 * regulation (the seed's copy lost this part's heading and numbers its items
 * 2) and 3); the heading is the standard form's); 4. Quality control:
 * complaints, internal control, control by the authorised body, public
 * monitoring.
 *
 * An empty numbered item still prints, with "not entered": the form's items
 * are the report's structure, and the software cannot say "none" (as the
 * seed does) for the district. A paragraph that only adds to a computed item
 * (how people are informed, measures on complaints, internal control) is
 * left out when empty: the computed sentence stands on its own.
 *
 * A report of one office (an office's own, or the district's narrowed to an
 * office: `officeReport`) carries none of the district's sections: they are
 * the district education department's account of its own work (its website
 * and trust line, its staff's training, the authorised body's control of it)
 * and, printed under an office's name, would say the office did what the
 * department did. The office's report keeps its computed items and says, in
 * each part that has the district's sections, that the district's report
 * gives them; "not entered" would wrongly ask the office to enter them.
 */
import { z } from 'zod';
import { dict, fill } from '../forms/text';
import type { Lang } from '../model/common';
import type { AnnualReportData } from './aggregate';
import { nameOr, percentText } from './labels';
import type { ExportTable } from './table';
import type { ReportService } from './tables';

/** The sections in seed 004's order. */
export const REPORT_TEXT_SECTIONS = [
  'informing',
  'accessSources',
  'publicDiscussion',
  'transparency',
  'staffTraining',
  'regulation',
  'complaintMeasures',
  'internalControl',
  'externalControl',
  'publicMonitoring',
] as const;
export const ReportTextSectionSchema = z.enum(REPORT_TEXT_SECTIONS);
export type ReportTextSection = z.infer<typeof ReportTextSectionSchema>;

/** The part of seed 004 each section belongs to (1-4), for the console's grouping. */
export const REPORT_TEXT_PART: Record<ReportTextSection, 1 | 2 | 3 | 4> = {
  informing: 1,
  accessSources: 2,
  publicDiscussion: 2,
  transparency: 2,
  staffTraining: 3,
  regulation: 3,
  complaintMeasures: 4,
  internalControl: 4,
  externalControl: 4,
  publicMonitoring: 4,
};

/** A section's heading as the report prints it; for a paragraph that adds to a computed item, what it is about. */
export const reportTextHeading = (s: ReportTextSection, lang: Lang): string => dict(lang).report.annual.texts[s];

const PART_KEY = { 1: 'general', 2: 'work', 3: 'improvement', 4: 'quality' } as const;
/** A part's heading as the report prints it («2. Қызмет алушылармен жұмыс»). */
export const reportPartHeading = (part: 1 | 2 | 3 | 4, lang: Lang): string => dict(lang).report.annual[PART_KEY[part]];

/** Sections that only add to a computed item: left out when empty (the others print "not entered"). */
const COMPLEMENTS: ReadonlySet<ReportTextSection> = new Set(['informing', 'complaintMeasures', 'internalControl']);
export const isComplement = (s: ReportTextSection) => COMPLEMENTS.has(s);

/** A page and a half of text per language: a section of a public report, not a document store. */
export const REPORT_TEXT_MAX = 8000;
const TextSchema = z.string().trim().max(REPORT_TEXT_MAX);
/** A section in both languages; either may be empty (not written yet). */
export const ReportTextSchema = z.object({ kk: TextSchema, ru: TextSchema });
export type ReportText = z.infer<typeof ReportTextSchema>;
/** Some sections of a year (a save sends the ones it changes). */
export const ReportTextsSchema = z.partialRecord(ReportTextSectionSchema, ReportTextSchema);
export type ReportTexts = z.infer<typeof ReportTextsSchema>;

/** What `GET /v1/district/reports/texts/:year` answers. */
export type ReportTextsResponse = {
  year: number;
  texts: ReportTexts;
  /** Every month of the year is closed: the texts no longer change. */
  closed: boolean;
  updatedAt: string | null;
};

/** Paragraphs of a text as written: one per non-empty line. */
const paragraphs = (s: string | undefined) =>
  (s ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * A block of the report as text: a part's heading; a paragraph, with the item's
 * heading before it where it is a numbered item (`placeholder`: nothing was
 * entered); a place for a table of figures or the charts (the PDF draws them,
 * the spreadsheet has them on sheets of their own).
 */
export type OutlineBlock =
  | { kind: 'part'; text: string }
  | {
      kind: 'para';
      head?: string;
      text: string;
      section?: ReportTextSection;
      /** Nothing entered, or (an office's report) the district's report has it: printed as a note, not as text. */
      placeholder?: boolean;
    }
  | { kind: 'table'; table: 'services' | 'delivered' }
  | { kind: 'charts' };

export type AnnualOutlineInput = {
  /** The body reported on, as the title names it (without «»). */
  providerName: string;
  year: string;
  data: AnnualReportData;
  services: readonly ReportService[];
  texts?: ReportTexts;
  /** A report of one office: the district's sections are left out (`texts` unused) and their place says so. */
  officeReport?: boolean;
};

/** The annual report as text in seed 004's order, in one language. */
export function annualOutline(input: AnnualOutlineInput, lang: Lang): OutlineBlock[] {
  const t = dict(lang).report.annual;
  const { data, year } = input;
  const nameOf = (code: string) => nameOr((c) => input.services.find((s) => s.code === c)?.name, code)[lang];
  const office = input.officeReport === true;
  const texts = office ? {} : (input.texts ?? {});
  const d = data.delivered;
  const c = data.complaints;
  const k = data.control;

  /** A numbered item the district writes: its heading and text, or "not entered". */
  const item = (section: ReportTextSection): OutlineBlock[] => {
    const [first, ...rest] = paragraphs(texts[section]?.[lang]);
    const head = t.texts[section];
    if (first === undefined) return [{ kind: 'para', head, text: t.notEntered, section, placeholder: true }];
    return [
      { kind: 'para', head, text: first, section },
      ...rest.map((text): OutlineBlock => ({ kind: 'para', text, section })),
    ];
  };
  /** A paragraph that adds to a computed item; nothing when empty. */
  const complement = (section: ReportTextSection): OutlineBlock[] =>
    paragraphs(texts[section]?.[lang]).map((text) => ({ kind: 'para', text, section }));
  /** The district's numbered items of a part: theirs, or (an office's report) one line saying where they are. */
  const items = (sections: readonly ReportTextSection[], elsewhere: string): OutlineBlock[] =>
    office ? [{ kind: 'para', text: elsewhere, placeholder: true }] : sections.flatMap(item);

  return [
    { kind: 'part', text: t.general },
    { kind: 'para', text: t.providerInfo },
    { kind: 'para', text: fill(t.serviceTypes, { name: input.providerName, n: input.services.length }) },
    {
      kind: 'para',
      text: fill(t.delivered, {
        year,
        total: d.total,
        provider: d.provider,
        stateCorporation: d.stateCorporation,
        portal: d.portal,
      }),
    },
    { kind: 'para', text: t.servicesIntro },
    { kind: 'table', table: 'services' },
    { kind: 'para', text: t.deliveredIntro },
    { kind: 'table', table: 'delivered' },
    { kind: 'para', text: t.mostDemandedIntro },
    ...(data.mostDemanded.length
      ? data.mostDemanded.map((m, i): OutlineBlock => ({
          kind: 'para',
          text: fill(t.mostDemandedItem, { n: i + 1, service: nameOf(m.code), year, count: m.count }),
        }))
      : [{ kind: 'para', text: t.mostDemandedNone } as OutlineBlock]),
    ...complement('informing'),
    { kind: 'charts' },
    { kind: 'part', text: t.work },
    ...items(['accessSources', 'publicDiscussion', 'transparency'], t.inDistrictReport.part),
    { kind: 'part', text: t.improvement },
    ...items(['staffTraining', 'regulation'], t.inDistrictReport.part),
    { kind: 'part', text: t.quality },
    {
      kind: 'para',
      head: t.complaintsHead,
      text: c.received
        ? fill(t.complaints, {
            received: c.received,
            justified: c.justified,
            answered: c.answered,
            answeredOnTime: c.answeredOnTime,
            open: c.open,
            overdueOpen: c.overdueOpen,
          })
        : t.complaintsNone,
    },
    ...complement('complaintMeasures'),
    {
      kind: 'para',
      head: t.controlHead,
      text: [
        fill(t.control, {
          delivered: k.delivered,
          onTime: k.onTime,
          share: percentText(k.onTimeShare),
          late: k.late,
          overdueOpen: k.overdueOpen,
          refusals: k.refusals,
          refusedToAccept: k.refusedToAccept,
        }),
        ...(k.delivered > 0 && k.late === 0 && k.overdueOpen === 0 ? [t.allOnTime] : []),
      ].join(' '),
    },
    ...complement('internalControl'),
    ...items(['externalControl', 'publicMonitoring'], t.inDistrictReport.items34),
  ];
}

/**
 * The report as text on the spreadsheet's first sheet: a row per heading and
 * paragraph in seed 004's order (the tables of figures follow on their own
 * sheets). Written in one language: the sentences are filled in that language.
 */
export function annualOutlineTable(input: AnnualOutlineInput, lang: Lang): ExportTable {
  const heading = (l: Lang) => dict(l).report.annual.outline;
  const rows: ExportTable['rows'] = [];
  for (const b of annualOutline(input, lang)) {
    if (b.kind === 'part') rows.push({ heading: b.text, text: null });
    else if (b.kind === 'para') rows.push({ heading: b.head ?? null, text: b.text });
  }
  return {
    title: { kk: heading('kk').title, ru: heading('ru').title },
    columns: [
      { key: 'heading', title: { kk: heading('kk').heading, ru: heading('ru').heading }, type: 'text', width: 50 },
      { key: 'text', title: { kk: heading('kk').text, ru: heading('ru').text }, type: 'text', width: 100, wrap: true },
    ],
    rows,
  };
}
