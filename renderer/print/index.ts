/**
 * Turning a form's document definition into a PDF in the renderer, and the
 * three things staff do with it: look, print, save (and saving the other
 * papers the desk gets, a report's XLSX or CSV, the same way).
 *
 * pdfmake (about 1 MB) and the four Tinos faces (about 2.2 MB) load on the
 * first print, not at start-up. The fonts are separate hashed files emitted by
 * Vite (`?url`): served by the app:// protocol in Electron and kept by the
 * browser cache in web mode, so printing needs no network once they loaded.
 * Nothing is fetched while rendering: URL access is switched off in pdfmake.
 */
import type pdfMakeBrowser from 'pdfmake/build/pdfmake';
import { FORM_FONT, FORM_FONT_FILES, forPdfmake, type DocDefinition } from '../../shared';
import regularUrl from '../../assets/fonts/Tinos-Regular.ttf?url';
import boldUrl from '../../assets/fonts/Tinos-Bold.ttf?url';
import italicUrl from '../../assets/fonts/Tinos-Italic.ttf?url';
import boldItalicUrl from '../../assets/fonts/Tinos-BoldItalic.ttf?url';

type PdfMake = typeof pdfMakeBrowser;
type Face = keyof typeof FORM_FONT_FILES;

const FONT_URLS: Record<Face, string> = {
  normal: regularUrl,
  bold: boldUrl,
  italics: italicUrl,
  bolditalics: boldItalicUrl,
};

let loading: Promise<PdfMake> | null = null;

async function fetchFont(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`font ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

function loadPdfMake(): Promise<PdfMake> {
  loading ??= (async () => {
    const faces = Object.keys(FONT_URLS) as Face[];
    const [mod, bytes] = await Promise.all([
      import('pdfmake/build/pdfmake'),
      Promise.all(faces.map((f) => fetchFont(FONT_URLS[f]))),
    ]);
    const pdfMake = mod.default;
    faces.forEach((f, i) => pdfMake.virtualfs.writeFileSync(FORM_FONT_FILES[f], bytes[i]));
    pdfMake.setFonts({ [FORM_FONT]: { ...FORM_FONT_FILES } });
    pdfMake.setUrlAccessPolicy(() => false);
    return pdfMake;
  })();
  // A failed load (e.g. the app was updated while offline) may succeed on the next try.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}

/** Loads pdfmake and the fonts ahead of the first print (e.g. when the desk is idle). */
export async function warmUpPrinting(): Promise<void> {
  await loadPdfMake();
}

export async function renderPdf(docDef: DocDefinition): Promise<Blob> {
  const pdfMake = await loadPdfMake();
  // A copy with the page numbers of a numbered paper (forPdfmake): the caller may render it again.
  return pdfMake.createPdf(forPdfmake(docDef)).getBlob();
}

/** An object URL for an <iframe src>; revoke it with URL.revokeObjectURL when the preview closes. */
export function openPreview(blob: Blob): string {
  return URL.createObjectURL(blob);
}

/** Replacements the Electron shell may install (silent print, native save dialog). */
export type PdfHandlers = {
  print?: (blob: Blob) => Promise<void>;
  save?: (blob: Blob, filename: string) => Promise<void>;
};
let handlers: PdfHandlers = {};
export function setPdfHandlers(h: PdfHandlers): void {
  handlers = { ...h };
}

let printFrame: { iframe: HTMLIFrameElement; url: string } | null = null;

function removePrintFrame() {
  if (!printFrame) return;
  printFrame.iframe.remove();
  URL.revokeObjectURL(printFrame.url);
  printFrame = null;
}

/** Opens the system print dialog for the PDF (a hidden iframe in web mode). */
export async function printPdf(blob: Blob): Promise<void> {
  if (handlers.print) return handlers.print(blob);
  // The frame stays until the next print: removing it while the dialog is open cancels printing in some browsers.
  removePrintFrame();
  const url = URL.createObjectURL(blob);
  const iframe = document.createElement('iframe');
  iframe.setAttribute('aria-hidden', 'true');
  iframe.tabIndex = -1;
  iframe.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden';
  printFrame = { iframe, url };
  await new Promise<void>((resolve, reject) => {
    iframe.onload = () => {
      try {
        iframe.contentWindow?.focus();
        iframe.contentWindow?.print();
        resolve();
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
    iframe.onerror = () => reject(new Error('print frame failed to load'));
    iframe.src = url;
    document.body.appendChild(iframe);
  });
}

/** Saves the PDF under a file name (a download in web mode). */
export async function savePdf(blob: Blob, filename: string): Promise<void> {
  if (handlers.save) return handlers.save(blob, filename);
  download(blob, filename.toLowerCase().endsWith('.pdf') ? filename : `${filename}.pdf`);
}

/**
 * Saves a paper that is not a PDF (a report's XLSX or CSV, made by the
 * district server) under its file name: a download, for which the desktop
 * shell shows Chromium's save dialog (its native PDF dialog takes PDFs only).
 */
export async function saveFile(blob: Blob, filename: string): Promise<void> {
  download(blob, filename);
}

function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can abort the download in Chromium.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
