/**
 * The district-wide preschool queue as a printed list "as of" a moment
 * (issue #14): the rows the district console filtered, each with its
 * district-wide place among children of its age, headed by the official date.
 * The same columns and headings serve the XLSX and CSV exports
 * (server/queue/export.ts), so a list reads alike on paper and in a sheet.
 */
import type { BiText, Lang } from '../model/common';
import { formatOfficialDate, formatOfficialDateTime } from '../format/dates';
import { FORM_FONT } from './layout';
import { dict, fill } from './text';
import type { DocDefinition, PdfContent } from './types';

export type QueueListRow = {
  position: number;
  age: number;
  officeName: string;
  journalNo: string;
  childName: string;
  childIin: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** The first-turn category's name, or null. */
  priority: string | null;
  /** Instant. */
  acceptedAt: string;
  kindergartens: string[];
};

export type QueueListData = {
  /** The moment the list was read (the server's time). */
  asOf: string;
  /** The district's name, when set up. */
  district?: BiText | null;
  /** What the list was narrowed to, as named in the list's language. */
  filters: { office?: string; kindergarten?: string; age?: number; search?: boolean };
  rows: QueueListRow[];
};

/** The columns of the list, in order: their key and width in the PDF. */
export const QUEUE_LIST_COLUMNS = [
  'position',
  'age',
  'office',
  'journalNo',
  'child',
  'iin',
  'birthDate',
  'priority',
  'acceptedAt',
  'kindergartens',
] as const;
export type QueueListColumn = (typeof QUEUE_LIST_COLUMNS)[number];

const PDF_WIDTHS: Record<QueueListColumn, number | string> = {
  position: 38,
  age: 28,
  office: '*',
  journalNo: 68,
  child: '*',
  iin: 66,
  birthDate: 80,
  priority: 70,
  acceptedAt: 88,
  kindergartens: '*',
};

/** The heading of each column in a language. */
export function queueListHeadings(lang: Lang): Record<QueueListColumn, string> {
  return dict(lang).queueList.columns;
}

/**
 * One row's cells as text, in column order (the PDF and the CSV). A date
 * stands alone in its cell, so it is written as papers write such a date:
 * «15» қаңтар 2025 ж. / «15» января 2025 г. (the registration with its time).
 */
export function queueListCells(r: QueueListRow, lang: Lang): Record<QueueListColumn, string> {
  return {
    position: String(r.position),
    age: String(r.age),
    office: r.officeName,
    journalNo: r.journalNo,
    child: r.childName,
    iin: r.childIin,
    birthDate: formatOfficialDate(r.birthDate, lang),
    priority: r.priority ?? '',
    acceptedAt: formatOfficialDateTime(r.acceptedAt, lang),
    kindergartens: r.kindergartens.join('; '),
  };
}

/** What the list was narrowed to, in words ("" when it is the whole queue). */
export function queueListFilterLine(data: QueueListData, lang: Lang): string {
  const t = dict(lang).queueList;
  const parts = [
    data.filters.office ? fill(t.office, { name: data.filters.office }) : null,
    data.filters.kindergarten ? fill(t.kindergarten, { name: data.filters.kindergarten }) : null,
    data.filters.age !== undefined ? fill(t.age, { age: data.filters.age }) : null,
    data.filters.search ? t.search : null,
  ].filter((x): x is string => !!x);
  return parts.length ? fill(t.filters, { filters: parts.join('; ') }) : '';
}

/** "Title, as of «15» қаңтар 2025 ж. 14:30": what the list is, in one line (a sheet's foot). */
export function queueListTitle(data: Pick<QueueListData, 'asOf'>, lang: Lang): string {
  const t = dict(lang).queueList;
  return `${t.title}, ${fill(t.asOf, { date: formatOfficialDateTime(data.asOf, lang) })}`;
}

/** The list as a pdfmake definition: A4 landscape, the heading row repeated on every page. */
export function buildQueueList(data: QueueListData, lang: Lang): DocDefinition {
  const t = dict(lang).queueList;
  const heads = queueListHeadings(lang);
  const filterLine = queueListFilterLine(data, lang);
  const title = t.title;
  const content: PdfContent[] = [
    ...(data.district ? [{ text: data.district[lang], alignment: 'center' as const, bold: true }] : []),
    { text: title, fontSize: 14, bold: true, alignment: 'center', margin: [0, 6, 0, 2] },
    {
      text: fill(t.asOf, { date: formatOfficialDateTime(data.asOf, lang) }),
      alignment: 'center',
      margin: [0, 0, 0, 8],
    },
    ...(filterLine
      ? [{ text: filterLine, fontSize: 10, margin: [0, 0, 0, 4] as [number, number, number, number] }]
      : []),
    { text: fill(t.total, { count: data.rows.length }), fontSize: 10, margin: [0, 0, 0, 6] },
  ];
  if (!data.rows.length) content.push({ text: t.empty, italics: true });
  else
    content.push({
      table: {
        headerRows: 1,
        widths: QUEUE_LIST_COLUMNS.map((c) => PDF_WIDTHS[c]),
        body: [
          QUEUE_LIST_COLUMNS.map((c) => ({ text: heads[c], bold: true })),
          ...data.rows.map((r) => {
            const cells = queueListCells(r, lang);
            return QUEUE_LIST_COLUMNS.map((c) => cells[c]);
          }),
        ],
      },
      fontSize: 8.5,
    });
  content.push({ text: t.note, fontSize: 9, italics: true, margin: [0, 8, 0, 0] });
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [40, 36, 30, 36],
    language: lang === 'kk' ? 'kk-KZ' : 'ru-RU',
    info: { title, subject: title, creator: 'akimat-desk' },
    defaultStyle: { font: FORM_FONT, fontSize: 10, lineHeight: 1.1 },
    styles: {},
    content,
    pageNumbers: true,
  };
}
