/**
 * Node-side rendering with the real pdfmake and the shipped fonts, and text
 * extraction with pdfjs, so tests read what a person would see on the page.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pdfmake from 'pdfmake';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { FORM_FONT, FORM_FONT_FILES, forPdfmake, type DocDefinition } from '../../shared/forms/index';

const FONT_DIR = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));

let ready = false;
function setup() {
  if (ready) return;
  // Fonts go into pdfmake's virtual file system, as in the browser; nothing is read from the network while rendering.
  // They are named by their paths on disk: pdfmake 0.3 hands the font of an SVG's text (a report's chart) to pdfkit by
  // that name, which pdfkit opens with Node's fs (the browser build's fs is the virtual one), and a bare file name
  // would not be found, leaving the chart's labels in a font without Kazakh letters.
  const files = {
    normal: FONT_DIR + FORM_FONT_FILES.normal,
    bold: FONT_DIR + FORM_FONT_FILES.bold,
    italics: FONT_DIR + FORM_FONT_FILES.italics,
    bolditalics: FONT_DIR + FORM_FONT_FILES.bolditalics,
  };
  for (const path of Object.values(files)) pdfmake.virtualfs.writeFileSync(path, readFileSync(path));
  pdfmake.setFonts({ [FORM_FONT]: files });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  ready = true;
}

export async function renderPdf(doc: DocDefinition): Promise<Buffer> {
  setup();
  // As the desk renders it: a copy (pdfmake annotates the definition), numbered where the paper is.
  return pdfmake.createPdf(forPdfmake(doc)).getBuffer();
}

/** Text of each page, lines ended by "\n". */
export async function pdfPages(pdf: Uint8Array): Promise<string[]> {
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const tc = await page.getTextContent();
      pages.push(tc.items.map((it) => ('str' in it ? it.str + (it.hasEOL ? '\n' : '') : '')).join(''));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/**
 * Collapses runs of whitespace (line breaks, non-breaking spaces) so wording
 * compares across line wraps; a line broken after a hyphen ("5-\nқосымша")
 * is joined back without a space.
 */
export const squash = (s: string): string =>
  s
    .replace(/-\n/g, '-')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();

export async function renderText(doc: DocDefinition): Promise<{ pdf: Buffer; pages: string[]; text: string }> {
  const pdf = await renderPdf(doc);
  const pages = (await pdfPages(pdf)).map(squash);
  return { pdf, pages, text: pages.join(' ') };
}
