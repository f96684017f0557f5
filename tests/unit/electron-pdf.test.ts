/**
 * Printing (hidden sandboxed window, PDF from memory, silent or with the
 * dialog) and saving (native dialog in Documents\Akimat Desk, Windows-safe
 * names that keep Kazakh letters).
 */
import * as fsp from 'node:fs/promises';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hardenedPreferences } from '../../electron/security';
import { createPdfService, createPrintJobs, safePdfFileName } from '../../electron/pdf';
import type { BrowserWindowOptions } from '../../electron/ports';
import { FakeDialog, FakeShell, FakeWindow, ManualTimers, MemoryLog } from './electron-fakes';

const PDF = new TextEncoder().encode('%PDF-1.7 form');
const base = mkdtempSync(path.join(tmpdir(), 'akimat-pdf-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function setup(configure: (w: FakeWindow) => void = () => undefined) {
  const windows: FakeWindow[] = [];
  const owner = new FakeWindow({ show: true, webPreferences: hardenedPreferences('/p') });
  const dialog = new FakeDialog();
  const shell = new FakeShell();
  const timers = new ManualTimers();
  const printJobs = createPrintJobs(() => 'f00d');
  const savedDir = path.join(base, `Documents-${Math.random().toString(36).slice(2)}`, 'Akimat Desk');
  const log = new MemoryLog();
  // Served PDFs are read at load time, as the PDF viewer would.
  const served: Array<Uint8Array | undefined> = [];
  const service = createPdfService({
    createWindow: (options: BrowserWindowOptions) => {
      const w = new FakeWindow(options);
      w.onLoad = (win, url) => {
        served.push(printJobs.get(url.split('/').pop()!));
        win.webContents.emit('did-finish-load');
      };
      configure(w);
      windows.push(w);
      return w;
    },
    owner: () => owner,
    dialog,
    shell,
    fs: fsp,
    savedDir,
    printJobs,
    timers,
    log,
    settleMs: 0,
  });
  // The settle delay is a timer: run it as soon as it is set.
  const run = async <T>(p: Promise<T>) => {
    for (let i = 0; i < 20; i++) await timers.advance(1);
    return p;
  };
  return { service, windows, owner, dialog, shell, printJobs, savedDir, served, run, log };
}

describe('printing', () => {
  it('prints through the system dialog in a hidden sandboxed window without a preload', async () => {
    const t = setup();
    const result = await t.run(t.service.printPdf(PDF, { silent: false }));
    expect(result).toEqual({ ok: true });
    const [w] = t.windows;
    expect(w.options.show).toBe(false);
    expect(w.options.webPreferences).toEqual(hardenedPreferences());
    expect(w.loaded).toEqual(['app://akimat/__print/f00d.pdf']);
    expect(t.served).toEqual([PDF]);
    expect(w.webContents.printCalls).toEqual([{ silent: false, printBackground: true }]);
  });

  it('prints silently to the default printer (no device name)', async () => {
    const t = setup();
    expect(await t.run(t.service.printPdf(PDF, { silent: true }))).toEqual({ ok: true });
    expect(t.windows[0].webContents.printCalls).toEqual([{ silent: true, printBackground: true }]);
  });

  it('closes the window and forgets the PDF afterwards', async () => {
    const t = setup();
    await t.run(t.service.printPdf(PDF, { silent: false }));
    expect(t.windows[0].destroyed).toBe(true);
    expect(t.printJobs.size).toBe(0);
  });

  it('reports a missing printer instead of printing silently into nowhere', async () => {
    const t = setup((w) => {
      w.webContents.printers = [];
    });
    expect(await t.run(t.service.printPdf(PDF, { silent: true }))).toEqual({ ok: false, reason: 'noPrinter' });
    expect(t.windows[0].webContents.printCalls).toEqual([]);
    expect(t.windows[0].destroyed).toBe(true);
  });

  it('tells a cancelled dialog from a failed job', async () => {
    const cancelled = setup((w) => {
      w.webContents.printOutcome = { success: false, reason: 'cancelled' };
    });
    expect(await cancelled.run(cancelled.service.printPdf(PDF, { silent: false }))).toEqual({
      ok: false,
      reason: 'cancelled',
    });
    const failed = setup((w) => {
      w.webContents.printOutcome = { success: false, reason: 'Print job failed' };
    });
    expect(await failed.run(failed.service.printPdf(PDF, { silent: true }))).toEqual({
      ok: false,
      reason: 'failed',
      detail: 'Print job failed',
    });
  });

  it('fails cleanly when the PDF does not load', async () => {
    const t = setup((w) => {
      w.onLoad = (win) => win.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED');
    });
    const result = await t.run(t.service.printPdf(PDF, { silent: false }));
    expect(result).toMatchObject({ ok: false, reason: 'failed' });
    expect(t.windows[0].destroyed).toBe(true);
    expect(t.printJobs.size).toBe(0);
  });

  it('does not leave a rejected promise behind when loadURL fails first', async () => {
    const t = setup((w) => {
      w.onLoad = (win) => {
        win.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND');
        throw new Error('ERR_FILE_NOT_FOUND (-6) loading app://akimat/__print/f00d.pdf');
      };
    });
    const result = await t.run(t.service.printPdf(PDF, { silent: false }));
    expect(result).toMatchObject({
      ok: false,
      reason: 'failed',
      detail: expect.stringContaining('ERR_FILE_NOT_FOUND'),
    });
    expect(t.log.has('error', 'printing failed')).toBe(true);
  });
});

describe('saving', () => {
  it('offers Documents\\Akimat Desk with a safe name and writes the chosen file', async () => {
    const t = setup();
    const target = path.join(base, 'chosen.pdf');
    t.dialog.answer = { canceled: false, filePath: target };
    expect(await t.service.savePdf(PDF, 'Өтініш: Әлімжанова/Ғалия?.pdf')).toEqual({
      saved: true,
      fileName: 'chosen.pdf',
    });
    expect(t.dialog.calls[0].window).toBe(t.owner);
    expect(t.dialog.calls[0].options.defaultPath).toBe(path.join(t.savedDir, 'Өтініш_ Әлімжанова_Ғалия_.pdf'));
    expect(t.dialog.calls[0].options.filters).toEqual([{ name: 'PDF', extensions: ['pdf'] }]);
    expect(new Uint8Array(readFileSync(target))).toEqual(PDF);
  });

  it('adds .pdf when the user typed a name without it', async () => {
    const t = setup();
    t.dialog.answer = { canceled: false, filePath: path.join(base, 'анықтама') };
    expect(await t.service.savePdf(PDF, 'x')).toEqual({ saved: true, fileName: 'анықтама.pdf' });
    expect(readFileSync(path.join(base, 'анықтама.pdf'))).toHaveLength(PDF.length);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const t = setup();
    t.dialog.answer = { canceled: true };
    expect(await t.service.savePdf(PDF, 'x.pdf')).toEqual({ saved: false });
  });

  it('opens the saved files folder, creating it first', async () => {
    const t = setup();
    expect(await t.service.openSavedFolder()).toBe(true);
    expect(t.shell.opened).toEqual([t.savedDir]);
    expect((await fsp.stat(t.savedDir)).isDirectory()).toBe(true);
    t.shell.error = 'Failed to open path';
    expect(await t.service.openSavedFolder()).toBe(false);
  });
});

describe('safePdfFileName', () => {
  it.each([
    ['Өтініш №12 Әлімжанова Ғ.Қ.', 'Өтініш №12 Әлімжанова Ғ.Қ.pdf'],
    ['receipt.pdf', 'receipt.pdf'],
    ['RECEIPT.PDF', 'RECEIPT.pdf'],
    ['..\\..\\Windows\\evil', '_.._Windows_evil.pdf'],
    ['../../etc/passwd', '_.._etc_passwd.pdf'],
    ['a<b>c:d"e|f?g*h', 'a_b_c_d_e_f_g_h.pdf'],
    ['  spaced   out  ', 'spaced out.pdf'],
    ['...', 'document.pdf'],
    ['', 'document.pdf'],
    ['CON', '_CON.pdf'],
    ['nul.txt', '_nul.txt.pdf'],
    ['tab\there\nnewline', 'tab here newline.pdf'],
  ])('%j -> %j', (input, expected) => {
    expect(safePdfFileName(input)).toBe(expected);
  });

  it('keeps names short without splitting a letter', () => {
    const long = 'ә'.repeat(500);
    const name = safePdfFileName(long);
    expect(name).toBe(`${'ә'.repeat(120)}.pdf`);
  });
});
