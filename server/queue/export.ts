/**
 * The district queue "as of now", printed and exported (issue #14): the rows a
 * filter keeps, with names instead of ids, as a PDF (the shared pdfmake
 * definition, shared/forms/queueList.ts, rendered here with the shipped Tinos
 * fonts), as XLSX (Kazakh and Russian heading rows, typed cells: numbers,
 * dates, date-times; widths per column) and as CSV (UTF-8 with a byte-order
 * mark, so Excel shows Kazakh letters; headings in the list's language).
 */
import { readFileSync } from 'node:fs';
import { sep } from 'node:path';
import ExcelJS from 'exceljs';
import pdfmake from 'pdfmake';
import {
  FORM_FONT,
  FORM_FONT_FILES,
  KZ_UTC_OFFSET_MINUTES,
  QUEUE_LIST_COLUMNS,
  buildQueueList,
  forPdfmake,
  queueListCells,
  queueListFilterLine,
  queueListHeadings,
  queueListTitle,
  type BiText,
  type Lang,
  type QueueListColumn,
  type QueueListData,
  type QueueListRow,
} from '../../shared';
import type { Queryable } from '../db';
import { fromRoot } from '../paths';
import type { QueueGroup } from './queue';

const FONT_DIR = fromRoot('assets', 'fonts') + sep;

/** Names the list prints instead of ids: offices and kindergartens from the directory, categories from the catalog. */
export type QueueNames = {
  office: (id: string) => string;
  kindergarten: (id: string) => string;
  category: (code: string) => string;
};

/** Offices and kindergartens by id, named in `lang` (kindergartens as "№5 Балдырған"). */
export async function directoryNames(db: Queryable, lang: Lang): Promise<Omit<QueueNames, 'category'>> {
  const [offices, kgs] = await Promise.all([
    db.query<{ id: string; name: BiText | null }>(`SELECT id, data->'name' AS name FROM offices`),
    db.query<{ id: string; number: string; name: BiText | null }>(
      `SELECT id, number, data->'name' AS name FROM kindergartens`,
    ),
  ]);
  const office = new Map(offices.rows.map((o) => [o.id, o.name?.[lang] ?? o.id]));
  const kg = new Map(kgs.rows.map((k) => [k.id, `№${k.number}${k.name ? ` ${k.name[lang]}` : ''}`]));
  return { office: (id) => office.get(id) ?? id, kindergarten: (id) => kg.get(id) ?? id };
}

/** The filtered groups as the list's rows, in queue order within each age. */
export function queueListRows(groups: QueueGroup[], names: QueueNames): QueueListRow[] {
  return groups.flatMap((g) =>
    g.items.map((x) => ({
      position: x.position,
      age: g.age,
      officeName: names.office(x.officeId),
      journalNo: x.journalNo,
      childName: x.childName,
      childIin: x.childIin,
      birthDate: x.birthDate,
      priority: x.priority ? names.category(x.priority) : null,
      acceptedAt: x.acceptedAt,
      kindergartens: x.kindergartenIds.map(names.kindergarten),
    })),
  );
}

let fontsReady = false;
function pdfFonts() {
  if (fontsReady) return;
  // The fonts go into pdfmake's virtual file system; nothing else is read while rendering.
  for (const file of Object.values(FORM_FONT_FILES))
    pdfmake.virtualfs.writeFileSync(file, readFileSync(FONT_DIR + file));
  pdfmake.setFonts({ [FORM_FONT]: { ...FORM_FONT_FILES } });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  fontsReady = true;
}

export async function queuePdf(data: QueueListData, lang: Lang): Promise<Buffer> {
  pdfFonts();
  return pdfmake.createPdf(forPdfmake(buildQueueList(data, lang))).getBuffer();
}

const XLSX_WIDTHS: Record<QueueListColumn, number> = {
  position: 10,
  age: 8,
  office: 40,
  journalNo: 18,
  child: 36,
  iin: 15,
  birthDate: 22,
  priority: 28,
  acceptedAt: 28,
  kindergartens: 44,
};

/**
 * The official style of a date standing alone, «15» қаңтар 2025 ж. / «15» января 2025 г.
 * (shared formatOfficialDate), as a spreadsheet's own date format, so the cells stay dates
 * (sorted, filtered) and read as on paper: Kazakh month names (LCID 043F) in the
 * nominative, Russian ones in the genitive (FC19: "января", not "январь").
 */
const OFFICIAL_DATE_FORMAT: Record<Lang, string> = {
  kk: '[$-43F]"«"dd"»" mmmm yyyy "ж."',
  ru: '[$-FC19]"«"dd"»" mmmm yyyy "г."',
};

/** An instant as the office-local wall time Excel shows (Excel has no time zones). */
const localDate = (instant: string) => new Date(Date.parse(instant) + KZ_UTC_OFFSET_MINUTES * 60_000);

export async function queueXlsx(data: QueueListData, lang: Lang): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Akimat Desk';
  wb.created = new Date(data.asOf);
  const kk = queueListHeadings('kk');
  const ru = queueListHeadings('ru');
  const ws = wb.addWorksheet(lang === 'kk' ? 'Кезек' : 'Очередь', {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = QUEUE_LIST_COLUMNS.map((c) => ({ key: c, width: XLSX_WIDTHS[c] }));
  ws.addRow(QUEUE_LIST_COLUMNS.map((c) => kk[c]));
  ws.addRow(QUEUE_LIST_COLUMNS.map((c) => ru[c]));
  for (const n of [1, 2]) {
    const row = ws.getRow(n);
    row.font = { bold: true };
    row.alignment = { wrapText: true, vertical: 'middle' };
  }
  for (const r of data.rows) {
    ws.addRow({
      position: r.position,
      age: r.age,
      office: r.officeName,
      journalNo: r.journalNo,
      child: r.childName,
      // Text, not a number: an IIN keeps its leading zeros and all 12 digits.
      iin: r.childIin,
      birthDate: new Date(`${r.birthDate}T00:00:00Z`),
      priority: r.priority ?? '',
      acceptedAt: localDate(r.acceptedAt),
      kindergartens: r.kindergartens.join('; '),
    });
  }
  ws.getColumn('position').numFmt = '0';
  ws.getColumn('age').numFmt = '0';
  ws.getColumn('iin').numFmt = '@';
  ws.getColumn('birthDate').numFmt = OFFICIAL_DATE_FORMAT[lang];
  ws.getColumn('acceptedAt').numFmt = `${OFFICIAL_DATE_FORMAT[lang]} hh:mm`;
  // What the list is, below it: as of when, narrowed to what.
  ws.addRow([]);
  const about = [queueListTitle(data, 'kk'), queueListTitle(data, 'ru'), queueListFilterLine(data, lang)].filter(
    Boolean,
  );
  for (const line of about) ws.addRow([line]).font = { italic: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** RFC 4180 field: quoted when it holds a separator, a quote or a line break; a leading =+-@ is defused for spreadsheets. */
function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[";\n\r,]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** CSV with a UTF-8 byte-order mark and CRLF lines (what Excel opens as Unicode), `;`-separated as Excel in kk/ru locales expects. */
export function queueCsv(data: QueueListData, lang: Lang): Buffer {
  const heads = queueListHeadings(lang);
  const lines = [QUEUE_LIST_COLUMNS.map((c) => csvField(heads[c])).join(';')];
  for (const r of data.rows) {
    const cells = queueListCells(r, lang);
    lines.push(QUEUE_LIST_COLUMNS.map((c) => csvField(cells[c])).join(';'));
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}
