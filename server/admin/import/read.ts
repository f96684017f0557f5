/**
 * Reading an uploaded workbook into rows of text, by column key: headings are
 * matched in Kazakh or Russian (or by the column's key), values that are not
 * text or numbers (dates, true/false, formula errors) are reported, and a file
 * that is not a workbook at all is one error (400 import.unreadable), never a
 * server error.
 */
import ExcelJS from 'exceljs';
import type { ImportRowError } from '../../../shared';
import { LAYOUT, MAX_CELL_CHARS, MAX_ROWS, MAX_UNPACKED_BYTES, SHEET_ORDER, norm, type SheetKey } from './layout';

/** One data row: its number as Excel shows it, and its cells by column key (trimmed text; absent: empty). */
export type SheetRow = {
  row: number;
  cells: Record<string, string>;
  /** A cell of it was reported (not text, too long): its row is not checked further, only counted as present. */
  bad?: boolean;
};
export type ReadWorkbook = { sheets: Record<SheetKey, SheetRow[]>; errors: ImportRowError[] };

export class UnreadableWorkbook extends Error {}
/** A workbook whose parts unpack to more than MAX_UNPACKED_BYTES (a ZIP bomb, or far more rows than any district has). */
export class WorkbookTooLarge extends Error {}

/**
 * The sum of the sizes the ZIP's central directory declares for its parts,
 * read before anything is unpacked: exceljs unpacks the whole workbook in
 * memory, and a 5 MB file of repeated cells unpacks to gigabytes. Null when
 * the directory cannot be read (the parser then decides), Infinity for ZIP64.
 */
function unpackedBytes(zip: Buffer): number | null {
  const from = Math.max(0, zip.length - 65_557);
  let eocd = -1;
  for (let i = zip.length - 22; i >= from; i--)
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return null;
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return null;
    const size = zip.readUInt32LE(at + 24);
    if (size === 0xffffffff) return Infinity;
    total += size;
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}

/** A cell's value as text, or the reason it has none a person meant. */
function cellText(v: ExcelJS.CellValue): { text: string } | { bad: string } {
  if (v === null || v === undefined) return { text: '' };
  if (typeof v === 'string') return { text: v };
  // Whole numbers as typed (a KATO or a code typed as a number); Excel has no integers.
  if (typeof v === 'number') return Number.isFinite(v) ? { text: String(v) } : { bad: 'number' };
  if (typeof v === 'boolean') return { bad: 'boolean' };
  if (v instanceof Date) return { bad: 'date' };
  if ('richText' in v) return { text: v.richText.map((t) => t.text).join('') };
  if ('hyperlink' in v) return { text: String(v.text ?? '') };
  if ('error' in v) return { bad: 'error' };
  if ('formula' in v || 'sharedFormula' in v) {
    const r = v.result;
    if (r === undefined || r === null) return { text: '' };
    return typeof r === 'object' && !(r instanceof Date) ? { bad: 'error' } : cellText(r);
  }
  return { bad: 'unknown' };
}

const sheetMatches = (name: string, key: SheetKey) => {
  const n = norm(name);
  const l = LAYOUT[key];
  return n === norm(l.sheet) || n === key || n.includes(norm(l.title.kk)) || n.includes(norm(l.title.ru));
};

/** A heading cell's column key: by either language's title (a trailing * allowed) or the key itself. */
function headingKey(key: SheetKey, text: string): string | null {
  const n = norm(text.replace(/\*+\s*$/, ''));
  if (!n) return null;
  for (const c of LAYOUT[key].columns)
    if (n === norm(c.title.kk) || n === norm(c.title.ru) || n === norm(c.key)) return c.key;
  return null;
}

export async function readWorkbook(bytes: Buffer): Promise<ReadWorkbook> {
  // An XLSX file is a ZIP archive: anything else is refused before the parser sees it.
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) throw new UnreadableWorkbook('not a zip');
  if ((unpackedBytes(bytes) ?? 0) > MAX_UNPACKED_BYTES) throw new WorkbookTooLarge();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (e) {
    throw new UnreadableWorkbook('unreadable', { cause: e });
  }
  const sheets = { offices: [], settlements: [], staff: [], kindergartens: [] } as Record<SheetKey, SheetRow[]>;
  const errors: ImportRowError[] = [];
  let found = 0;
  for (const key of SHEET_ORDER) {
    const ws = wb.worksheets.find((w) => sheetMatches(w.name, key));
    if (!ws) continue;
    found++;
    // Heading rows: the first rows (up to three) whose cells name columns; the last of them sets the columns.
    const colOf = new Map<number, string>();
    let dataFrom = 1;
    for (let r = 1; r <= 3; r++) {
      const row = ws.getRow(r);
      const keys = new Map<number, string>();
      row.eachCell((cell, col) => {
        const t = cellText(cell.value);
        const k = 'text' in t ? headingKey(key, t.text) : null;
        if (k) keys.set(col, k);
      });
      if (!keys.size) break;
      for (const [col, k] of keys) colOf.set(col, k);
      dataFrom = r + 1;
    }
    if (dataFrom === 1) {
      errors.push({ sheet: key, row: 1, code: 'import.headingMissing' });
      continue;
    }
    const present = new Set(colOf.values());
    const missing = LAYOUT[key].columns.filter((c) => c.required && !present.has(c.key));
    for (const c of missing)
      errors.push({
        sheet: key,
        row: dataFrom - 1,
        column: c.title.ru,
        code: 'import.columnMissing',
        params: { column: c.title.ru },
      });
    if (missing.length) continue;
    const titleOf = new Map(LAYOUT[key].columns.map((c) => [c.key, c.title.ru]));
    let count = 0;
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (r < dataFrom) return;
      const cells: Record<string, string> = {};
      const rowErrors: ImportRowError[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const k = colOf.get(col);
        if (!k) return;
        const t = cellText(cell.value);
        if ('bad' in t) {
          rowErrors.push({
            sheet: key,
            row: r,
            column: titleOf.get(k),
            code: 'import.cellType',
            params: { kind: t.bad },
          });
          return;
        }
        const text = t.text.trim();
        if (text.length > MAX_CELL_CHARS) {
          rowErrors.push({
            sheet: key,
            row: r,
            column: titleOf.get(k),
            code: 'import.tooLong',
            params: { max: MAX_CELL_CHARS },
          });
          return;
        }
        if (text) cells[k] = text;
      });
      // A row with nothing in the known columns (a stray note beside the table) is not data.
      if (!Object.keys(cells).length && !rowErrors.length) return;
      count++;
      if (count > MAX_ROWS) return;
      errors.push(...rowErrors);
      // A row with a bad cell is reported once for it; its other checks would only repeat the news.
      sheets[key].push({ row: r, cells, ...(rowErrors.length ? { bad: true } : {}) });
    });
    if (count > MAX_ROWS)
      errors.push({ sheet: key, row: dataFrom, code: 'import.tooManyRows', params: { max: MAX_ROWS } });
  }
  if (!found) throw new UnreadableWorkbook('no known sheet');
  return { sheets, errors };
}
