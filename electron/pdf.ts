/**
 * Printing and saving the PDFs the renderer made.
 *
 * Printing: the bytes are served from memory at app://akimat/__print/<random>.pdf
 * (no copy of a citizen's form is left in a temp folder), shown by Chromium's
 * PDF viewer in a hidden, sandboxed window without a preload, and printed
 * with webContents.print(): silently to the default printer, or through the
 * system dialog.
 *
 * Saving: the native save dialog opens in Documents\Akimat Desk, the folder
 * "open the folder of saved files" shows.
 */
import * as nodePath from 'node:path';
import type { PrintOptions, PrintResult, SaveResult } from './channels';
import { APP_ORIGIN, LIMITS, PRINT_PATH_PREFIX } from './constants';
import type { PrintJobs } from './protocol';
import { printWindowOptions } from './security';
import type { BrowserWindowFactory, BrowserWindowPort, DialogPort, FsPort, Log, ShellPort, Timers } from './ports';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * A file name that is valid on Windows and says what the document is:
 * Kazakh and Russian letters stay, path separators and the characters
 * Windows forbids become '_', and the name always ends in .pdf.
 */
export function safePdfFileName(name: string): string {
  let base = name
    .normalize('NFC')
    .replace(/\.pdf$/i, '')
    .replace(/\s+/g, ' ')
    // Control characters are exactly what a file name must not carry.
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .trim()
    .replace(/^[. ]+|[. ]+$/g, '');
  // Keep whole UTF-16 code points when cutting.
  base = Array.from(base).slice(0, LIMITS.fileNameChars).join('').trim();
  if (!base) base = 'document';
  if (WINDOWS_RESERVED.test(base.split('.')[0])) base = `_${base}`;
  return `${base}.pdf`;
}

export function createPrintJobs(
  random: () => string,
): PrintJobs & { add(bytes: Uint8Array): string; remove(name: string): void; readonly size: number } {
  const jobs = new Map<string, Uint8Array>();
  return {
    add(bytes) {
      const name = `${random()}.pdf`;
      jobs.set(name, bytes);
      return name;
    },
    get: (name) => jobs.get(name),
    remove: (name) => void jobs.delete(name),
    get size() {
      return jobs.size;
    },
  };
}

export type PdfServiceDeps = {
  createWindow: BrowserWindowFactory;
  /** The window dialogs belong to (the main window). */
  owner: () => BrowserWindowPort | undefined;
  dialog: DialogPort;
  shell: ShellPort;
  fs: Pick<FsPort, 'mkdir' | 'writeFile'>;
  savedDir: string;
  printJobs: ReturnType<typeof createPrintJobs>;
  timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>;
  log?: Log;
  /** Time for the PDF viewer to lay the pages out after the load event; printing earlier gives blank pages. */
  settleMs?: number;
  loadTimeoutMs?: number;
  path?: Pick<typeof nodePath, 'join' | 'basename' | 'extname'>;
};

export function createPdfService(d: PdfServiceDeps) {
  const path = d.path ?? nodePath;
  const settleMs = d.settleMs ?? 500;
  const loadTimeoutMs = d.loadTimeoutMs ?? 30_000;

  /** Settles on the first of load, failure or timeout; `cancel` stops the timer when the job ends early. */
  function waitForLoad(win: BrowserWindowPort): { done: Promise<void>; cancel: () => void } {
    let timer: unknown = null;
    const done = new Promise<void>((resolve, reject) => {
      timer = d.timers.setTimeout(() => reject(new Error('print window did not load')), loadTimeoutMs);
      win.webContents.on('did-finish-load', () => resolve());
      win.webContents.on('did-fail-load', (_e, code, description) =>
        reject(new Error(`print window failed to load: ${code} ${description}`)),
      );
    });
    const cancel = () => {
      if (timer !== null) d.timers.clearTimeout(timer);
      timer = null;
    };
    // loadURL may reject first; the failure is reported from there, not as an unhandled rejection.
    done.then(cancel, cancel);
    return { done, cancel };
  }

  const delay = (ms: number) => new Promise<void>((resolve) => d.timers.setTimeout(resolve, ms));

  async function printPdf(bytes: Uint8Array, options: PrintOptions): Promise<PrintResult> {
    const job = d.printJobs.add(bytes);
    let win: BrowserWindowPort | null = null;
    let loaded: ReturnType<typeof waitForLoad> | null = null;
    try {
      win = d.createWindow(printWindowOptions());
      loaded = waitForLoad(win);
      await win.loadURL(`${APP_ORIGIN}${PRINT_PATH_PREFIX}${job}`);
      await loaded.done;
      await delay(settleMs);
      const contents = win.webContents;
      if (options.silent && (await contents.getPrintersAsync()).length === 0) return { ok: false, reason: 'noPrinter' };
      // Without deviceName a silent job goes to the system's default printer.
      return await new Promise<PrintResult>((resolve) => {
        contents.print({ silent: options.silent, printBackground: true }, (success, failureReason) => {
          if (success) resolve({ ok: true });
          else if (/cancel/i.test(failureReason)) resolve({ ok: false, reason: 'cancelled' });
          else resolve({ ok: false, reason: 'failed', detail: failureReason });
        });
      });
    } catch (e) {
      d.log?.error('printing failed', { error: String(e) });
      return { ok: false, reason: 'failed', detail: e instanceof Error ? e.message : String(e) };
    } finally {
      loaded?.cancel();
      d.printJobs.remove(job);
      if (win && !win.isDestroyed()) win.destroy();
    }
  }

  async function savePdf(bytes: Uint8Array, fileName: string): Promise<SaveResult> {
    await d.fs.mkdir(d.savedDir, { recursive: true });
    const { canceled, filePath } = await d.dialog.showSaveDialog(d.owner(), {
      defaultPath: path.join(d.savedDir, safePdfFileName(fileName)),
      filters: [{ name: 'PDF', extensions: ['pdf'] }],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
    if (canceled || !filePath) return { saved: false };
    const target = path.extname(filePath).toLowerCase() === '.pdf' ? filePath : `${filePath}.pdf`;
    await d.fs.writeFile(target, bytes);
    d.log?.info('pdf saved', { file: target });
    return { saved: true, fileName: path.basename(target) };
  }

  async function openSavedFolder(): Promise<boolean> {
    await d.fs.mkdir(d.savedDir, { recursive: true });
    const error = await d.shell.openPath(d.savedDir);
    if (error) d.log?.warn('cannot open the saved files folder', { error });
    return error === '';
  }

  return { printPdf, savePdf, openSavedFolder };
}
