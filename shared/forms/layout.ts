/**
 * Page setup and the few blocks every form shares. Margins follow the state
 * documentation rules for A4 (left 30 mm for binding, top and bottom 20 mm,
 * right at least 10 mm); 12 pt Times-metric text keeps each form on one page.
 */
import type { Lang } from '../model/common';
import { BLANK, dict, fill } from './text';
import type { PdfContent, DocDefinition, PdfInline } from './types';

/** Font family name the renderers register (assets/fonts/Tinos-*.ttf). */
export const FORM_FONT = 'Tinos';
/** File names of each face as the renderers put them in pdfmake's virtual file system. */
export const FORM_FONT_FILES = {
  normal: 'Tinos-Regular.ttf',
  bold: 'Tinos-Bold.ttf',
  italics: 'Tinos-Italic.ttf',
  bolditalics: 'Tinos-BoldItalic.ttf',
} as const;

const mm = (v: number) => Math.round((v * 72) / 25.4);
export const PAGE_MARGINS: [number, number, number, number] = [mm(30), mm(20), mm(15), mm(20)];

/** Width of the top-right blocks (appendix note, addressee), as on the printed blanks. */
const RIGHT_BLOCK_WIDTH = 260;

const STYLES: DocDefinition['styles'] = {
  appendix: { fontSize: 9, alignment: 'left' },
  title: { fontSize: 14, bold: true, alignment: 'center', margin: [0, 14, 0, 12] },
  header: { fontSize: 12, bold: true, alignment: 'center' },
  // Not justified: pdfmake stretches the gap inside hyphenated words ("ата- ананың") on justified lines.
  para: { alignment: 'left', margin: [0, 0, 0, 6] },
  caption: { fontSize: 9, italics: true },
  signature: { margin: [0, 14, 0, 0] },
  copyMark: { fontSize: 10, bold: true, alignment: 'right' },
  registered: { fontSize: 9, italics: true, margin: [0, 24, 0, 0] },
};

/**
 * An A4 paper. Its pages are numbered "n / m" once it runs over one page
 * (F-25); papers printed as copies, one per page (the refusal receipts'
 * "1-дана", "2-дана"), say `pageNumbers: false`: their pages are not a sequence.
 */
export function page(
  lang: Lang,
  title: string,
  content: PdfContent[],
  opts: { pageNumbers?: boolean } = {},
): DocDefinition {
  return {
    pageSize: 'A4',
    pageOrientation: 'portrait',
    pageMargins: PAGE_MARGINS,
    language: lang === 'kk' ? 'kk-KZ' : 'ru-RU',
    info: { title, subject: title, creator: 'akimat-desk' },
    defaultStyle: { font: FORM_FONT, fontSize: 12, lineHeight: 1.15 },
    styles: STYLES,
    content,
    pageNumbers: opts.pageNumbers ?? true,
  };
}

/** pdfmake's footer for a numbered paper: "n / m" centred under the text, nothing on a one-page paper. */
function pageNumberFooter(margins: [number, number, number, number]) {
  return (currentPage: number, pageCount: number): PdfContent | null =>
    pageCount > 1
      ? {
          text: `${currentPage} / ${pageCount}`,
          alignment: 'center',
          fontSize: 9,
          margin: [margins[0], 20, margins[2], 0],
        }
      : null;
}

/**
 * The definition as pdfmake takes it: a copy (pdfmake writes its layout into
 * the object, and a paper may be rendered again), with the page-number footer
 * of a numbered paper. Every renderer (the desk, the server, tests) goes
 * through here, so a paper is numbered alike wherever it is made.
 */
export function forPdfmake(doc: DocDefinition): object {
  const { pageNumbers, ...plain } = copyPlain(doc);
  return pageNumbers ? { ...plain, footer: pageNumberFooter(doc.pageMargins) } : plain;
}

/** A deep copy of the plain objects and arrays (a date, a report's creation date, stays the Date pdfkit wants). */
function copyPlain<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copyPlain) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyPlain(x)])) as T;
  return v;
}

/**
 * "…стандартына 6-қосымша" in the top right corner, as on the official blanks
 * of Appendices 4-6 (seed 000). They are appendices of the 2012 standard, so
 * the note cites that act by its own title (in forms.json), not by the
 * service's current name in the catalog (issue #15, F-01).
 */
export function appendixNote(lang: Lang, n: string): PdfContent {
  return {
    columns: [
      { text: '', width: '*' },
      {
        text: fill(dict(lang).common.appendix, { n }),
        style: 'appendix',
        width: RIGHT_BLOCK_WIDTH,
      },
    ],
    margin: [0, 0, 0, 10],
  };
}

export const title = (text: string): PdfContent => ({ text, style: 'title' });

export const para = (
  text: string | PdfInline[],
  extra: { margin?: [number, number, number, number]; bold?: boolean } = {},
): PdfContent => ({ text, style: 'para', ...extra });

export const caption = (text: string): PdfInline => ({ text, style: 'caption' });

export const signature = (text: string | PdfInline[]): PdfContent => ({ text, style: 'signature' });

/**
 * "№ ____ «15» қаңтар 2025 ж." under the body's name of a paper the office
 * sends out (the reasoned refusal, the referral: issue #15, F-29). The No. is
 * the office's outgoing-correspondence journal's, written in by hand; `date`
 * is the paper's own, as it stands alone.
 */
export const outgoingNo = (lang: Lang, date: string): PdfContent => ({
  text: fill(dict(lang).common.outgoing, { no: BLANK, date }),
  alignment: 'left',
  margin: [0, 6, 0, 0],
});

export const sealPlace = (lang: Lang): PdfContent => ({ text: dict(lang).common.sealPlace, margin: [40, 10, 0, 0] });

/** A right-hand block (addressee and sender of an application). */
export const rightBlock = (lines: PdfContent[]): PdfContent => ({
  columns: [
    { text: '', width: '*' },
    { stack: lines, width: RIGHT_BLOCK_WIDTH },
  ],
  margin: [0, 0, 0, 6],
});

/** Numbered list "1) …;" as printed in refusal receipts. */
export function numbered(items: string[]): PdfContent {
  return {
    stack: items.map((t, i) => ({
      text: `${i + 1}) ${t}${i === items.length - 1 ? '.' : ';'}`,
      margin: [18, 0, 0, 2] as [number, number, number, number],
    })),
    margin: [0, 0, 0, 6],
  };
}
