/**
 * A table as every export writes it (issue #14): headings in both languages,
 * each column typed (so a spreadsheet gets numbers, percents and dates, not
 * text) and sized. The XLSX and CSV writers (server/reports/export.ts) and the
 * PDFs take the same tables, so a figure reads the same everywhere.
 */
import type { BiText, Lang } from '../model/common';

/** decimal: a number shown to one decimal (an indicator's value in its own unit: 95.5 %, 3.2 per 100). */
export type ExportColumnType = 'text' | 'int' | 'decimal' | 'percent' | 'date' | 'month';
export type ExportColumn = {
  key: string;
  title: BiText;
  type: ExportColumnType;
  /** Width in characters; the writer picks one from the contents when absent. */
  width?: number;
  /** Long text (a paragraph): wrapped within the width, top-aligned. */
  wrap?: boolean;
};
/**
 * percent cells hold a share 0..1 (or null); date cells 'YYYY-MM-DD'; month cells 'YYYY-MM'.
 * A text cell may be a BiText (a service's or an office's name): one table serves both
 * languages and the writer picks the side (cellText).
 */
export type ExportCell = string | number | BiText | null;
export type ExportTable = {
  /** The sheet's name and the title above it. */
  title: BiText;
  columns: ExportColumn[];
  rows: Array<Record<string, ExportCell>>;
};

/** A cell as text in `lang` (null as ''); numbers as JavaScript writes them. */
export const cellText = (v: ExportCell, lang: Lang): string =>
  v === null ? '' : typeof v === 'object' ? v[lang] : String(v);
