/**
 * Report tables (shared/reports/table.ts) as files people open in Excel
 * (issue #14): XLSX with typed cells, and CSV.
 *
 * XLSX: a sheet per table, the heading row in the chosen language, bold, frozen
 * and filtered; numbers as numbers ('0', '0.0'), shares as percents ('0.0%'),
 * dates and months as real Excel dates (UTC midnight, so no time zone moves a
 * day) shown 'dd.mm.yyyy' / 'mm.yyyy', so they sort and filter as dates. Written
 * with exceljs's streaming writer: each row is serialised as it is added, not held
 * as a cell model until the end (60,000 rows: see tests/unit/report-exports.test.ts).
 *
 * CSV: for tools other than Excel (LibreOffice, 1C, scripts): RFC 4180 (',' and
 * CRLF, '"' doubled inside quoted fields), a UTF-8 byte-order mark so Excel still
 * reads Kazakh letters when someone opens it there, and text that a spreadsheet
 * would run as a formula (= + - @, tab, CR) prefixed with an apostrophe.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  cellText,
  type ExportCell,
  type ExportColumn,
  type ExportRowsTable,
  type ExportTable,
  type Lang,
} from '../../shared';

const NUM_FMT: Record<ExportColumn['type'], string | undefined> = {
  text: undefined,
  int: '0',
  decimal: '0.0',
  percent: '0.0%',
  date: 'dd.mm.yyyy',
  month: 'mm.yyyy',
};

/** Characters Excel refuses in a sheet name; a name is at most 31 characters and not quoted at either end. */
const SHEET_NAME_BAD = /[\\/?*[\]:]/g;
const SHEET_NAME_MAX = 31;

/** At most `max` characters, at a word's end where that keeps most of it, never quoted at either end. */
function cut(s: string, max: number): string {
  let out = s;
  if (out.length > max) {
    const space = out.lastIndexOf(' ', max);
    out = space >= max * 0.6 ? out.slice(0, space) : out.slice(0, max);
  }
  return out.replace(/^'+|'+$/g, '').trim();
}

/** Valid and unique names (Excel compares them ignoring case), in the tables' order. */
export function sheetNames(titles: readonly string[]): string[] {
  const used = new Set<string>();
  return titles.map((title, i) => {
    const base = cut(title.replace(SHEET_NAME_BAD, ' ').replace(/\s+/g, ' ').trim(), SHEET_NAME_MAX) || `${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = cut(base, SHEET_NAME_MAX - suffix.length) + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

const utcDate = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/** A cell's value as exceljs writes it: numbers, Dates, text in `lang`; null for an empty cell. */
function xlsxValue(c: ExportColumn, v: ExportCell, lang: Lang): string | number | Date | null {
  if (v === null || v === '') return null;
  if (c.type === 'text') return cellText(v, lang);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const s = cellText(v, lang);
  if (c.type === 'date') {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
    return m ? utcDate(+m[1], +m[2], +m[3]) : s;
  }
  if (c.type === 'month') {
    const m = /^(\d{4})-(\d{2})/.exec(s);
    return m ? utcDate(+m[1], +m[2], 1) : s;
  }
  // A number column given text (never by the builders): kept as text rather than lost.
  return s;
}

const SAMPLE_ROWS = 500;
type Row = Record<string, ExportCell>;
/** Width in characters: the column's own, or the longest of the heading and the first rows, within 6..60. */
function widthOf(first: readonly Row[], c: ExportColumn, lang: Lang): number {
  if (c.width) return c.width;
  let w = c.title[lang].length;
  for (const r of first) w = Math.max(w, cellText(r[c.key] ?? null, lang).length);
  if (c.type === 'date') w = Math.max(w, 10);
  return Math.min(60, Math.max(6, w + 2));
}

function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** Rows written between two looks at the sheet's backlog. */
const ROWS_PER_LOOK = 256;
/** The sheet's XML let wait for the compressor: beyond it the writer waits (about 2,000 rows of a list). */
const BACKLOG_BYTES = 1 << 20;

/** What exceljs 4 pipes a sheet's XML through to the zip (archiver-utils' PassThrough), as far as it is read here. */
type SheetPipe = {
  _writableState?: { length?: number };
  once(event: string, f: () => void): unknown;
  removeListener(event: string, f: () => void): unknown;
};

/**
 * The stream between a sheet's XML and the compressor. exceljs's streaming writer ignores
 * backpressure: each committed row is written on at once and the zip takes it only when the
 * event loop turns, so a sheet written in one go is held whole as uncompressed XML outside the
 * heap (drill.xlsx at 60,000 waiting children: about 40 MiB) until it is compressed. exceljs
 * gives no public handle to wait on; this reaches the worksheet's buffer (`stream`) and the one
 * stream it pipes into. Undefined where exceljs is not built that way: the writer then yields
 * to the event loop instead (tests/unit/report-export-rows.test.ts checks the backlog is seen).
 */
export function sheetPipe(ws: unknown): SheetPipe | undefined {
  const pipes = (ws as { stream?: { pipes?: unknown } }).stream?.pipes;
  if (!Array.isArray(pipes) || pipes.length !== 1) return undefined;
  const p = pipes[0] as SheetPipe;
  return typeof p?._writableState?.length === 'number' && typeof p.once === 'function' ? p : undefined;
}

/** Waits until the compressor has taken the sheet's XML down to nothing, or for a turn of the event loop. */
async function letCompress(pipe: SheetPipe | undefined): Promise<void> {
  if (!pipe) return new Promise((resolve) => setImmediate(resolve));
  if ((pipe._writableState?.length ?? 0) <= BACKLOG_BYTES) return;
  // Past its high-water mark the stream owes a 'drain'; an error or close ends the wait too
  // (the zip's error then rejects the commit).
  await new Promise<void>((resolve) => {
    const done = () => {
      for (const e of ['drain', 'error', 'close']) pipe.removeListener(e, done);
      resolve();
    };
    for (const e of ['drain', 'error', 'close']) pipe.once(e, done);
  });
}

/**
 * The tables as one XLSX file. A table's rows may be made as they are read (ExportRowsTable,
 * read once): the first 500 size the columns that have no width, then every row is written and
 * dropped, and the writer waits for the compressor now and then, so neither the rows nor the
 * sheet's XML are held whole (issue #17). The file itself is collected and returned whole: a
 * failure half-way is then an error answer, not a cut download that looks complete.
 */
export async function xlsxOf(tables: ReadonlyArray<ExportTable | ExportRowsTable>, lang: Lang): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  // Shared strings: service and office names repeat on every row, stored once.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = 'Akimat Desk';
  const names = sheetNames(tables.map((t) => t.title[lang]));
  for (const [i, t] of tables.entries()) {
    const rows = t.rows[Symbol.iterator]();
    const first: Row[] = [];
    for (let r = rows.next(); ; r = rows.next()) {
      if (r.done) break;
      first.push(r.value);
      if (first.length === SAMPLE_ROWS) break;
    }
    const ws = wb.addWorksheet(names[i], { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.columns.map((c) => ({
      key: c.key,
      width: widthOf(first, c, lang),
      style: {
        ...(NUM_FMT[c.type] ? { numFmt: NUM_FMT[c.type] } : {}),
        // A paragraph (the report's text) wraps within its column instead of running across the sheet.
        ...(c.wrap ? { alignment: { wrapText: true, vertical: 'top' as const } } : {}),
      },
    }));
    if (t.columns.length) ws.autoFilter = `A1:${columnLetter(t.columns.length)}1`;
    const head = ws.addRow(t.columns.map((c) => c.title[lang]));
    head.font = { bold: true };
    head.alignment = { vertical: 'middle', wrapText: true };
    head.commit();
    const pipe = sheetPipe(ws);
    let written = 0;
    const write = async (r: Row) => {
      ws.addRow(t.columns.map((c) => xlsxValue(c, r[c.key] ?? null, lang))).commit();
      if (++written % ROWS_PER_LOOK === 0) await letCompress(pipe);
    };
    for (const r of first) await write(r);
    first.length = 0;
    if (written === SAMPLE_ROWS) for (let r = rows.next(); !r.done; r = rows.next()) await write(r.value);
    ws.commit();
  }
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

// --- CSV ------------------------------------------------------------------------------------------

const BOM = '\uFEFF';
const CSV_LINES_PER_PART = 1000;
/** What Excel and LibreOffice would read as the start of a formula (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(c: ExportColumn, v: ExportCell, lang: Lang): string {
  let s: string;
  if (v === null) s = '';
  else if (c.type === 'text' || typeof v !== 'number') {
    s = cellText(v, lang);
    if (c.type === 'text' && FORMULA_START.test(s)) s = `'${s}`;
  } else {
    // Shares stay 0..1 and decimals keep a point: a CSV is read by programs, which take '.'.
    s = String(v);
  }
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One table as CSV. ',' rather than ';': it is the separator RFC 4180 and every
 * program that imports CSV expects; Excel with a Kazakh or Russian list separator
 * opens a comma file in one column, and that is what the XLSX export is for.
 */
export function csvOf(table: ExportTable | ExportRowsTable, lang: Lang): Buffer {
  // Encoded a thousand lines at a time: a long list is held once, as UTF-8, not also as lines and one text.
  const parts: Buffer[] = [];
  let text = BOM + table.columns.map((c) => csvField({ ...c, type: 'text' }, c.title[lang], lang)).join(',') + '\r\n';
  let n = 0;
  for (const r of table.rows) {
    text += table.columns.map((c) => csvField(c, r[c.key] ?? null, lang)).join(',') + '\r\n';
    if (++n % CSV_LINES_PER_PART === 0) {
      parts.push(Buffer.from(text, 'utf8'));
      text = '';
    }
  }
  parts.push(Buffer.from(text, 'utf8'));
  return Buffer.concat(parts);
}
