/**
 * Batch files opened with the app: found among command-line arguments (first
 * launch and a second launch's argv), read by the main process with size and
 * encoding checks, and queued until the renderer takes them.
 */
import * as fsp from 'node:fs/promises';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchFilesInArgv, createBatchInbox } from '../../electron/batchfiles';

const base = mkdtempSync(path.join(tmpdir(), 'akimat-batch-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('batchFilesInArgv', () => {
  it('finds batch files in a packaged launch (exe, file)', () => {
    expect(
      batchFilesInArgv(['C:\\Program Files\\Akimat Desk.exe', '/data/usb/office-12.akimatbatch'], '/home/u'),
    ).toEqual(['/data/usb/office-12.akimatbatch']);
  });

  it('skips Chromium switches, other files and the executable, resolves relative paths, drops duplicates', () => {
    const argv = [
      '/opt/electron',
      '/app/dist-electron/main.js',
      '--allow-file-access-from-files',
      '--original-process-start-time=1',
      'notes.txt',
      'in/Batch.AKIMATBATCH',
      '/abs/x.akimatbatch',
      'in/Batch.AKIMATBATCH',
    ];
    expect(batchFilesInArgv(argv, '/media/usb')).toEqual(['/media/usb/in/Batch.AKIMATBATCH', '/abs/x.akimatbatch']);
  });

  it('uses Windows paths the Windows way', () => {
    expect(batchFilesInArgv(['app.exe', 'E:\\батч\\ауыл.akimatbatch'], 'C:\\Users\\akim', path.win32)).toEqual([
      'E:\\батч\\ауыл.akimatbatch',
    ]);
    expect(batchFilesInArgv(['app.exe', 'ауыл.akimatbatch'], 'E:\\батч', path.win32)).toEqual([
      'E:\\батч\\ауыл.akimatbatch',
    ]);
  });

  it('does not take a switch that merely ends in the extension', () => {
    expect(batchFilesInArgv(['app.exe', '--file=x.akimatbatch'], '/')).toEqual([]);
  });
});

describe('batch inbox', () => {
  const write = (name: string, data: string | Uint8Array) => {
    const p = path.join(base, name);
    writeFileSync(p, data);
    return p;
  };

  it('reads, queues and hands the files over once, notifying after each opening', async () => {
    let notified = 0;
    const inbox = createBatchInbox({ fs: fsp, notify: () => notified++ });
    const a = write('ауыл-1.akimatbatch', '{"format":"akimat-sync-batch","note":"ә ғ қ"}');
    const b = write('bom.akimatbatch', '\uFEFF{"x":1}');
    await inbox.open([a, b]);
    expect(notified).toBe(1);
    expect(inbox.pending).toBe(2);
    expect(inbox.take()).toEqual([
      { name: 'ауыл-1.akimatbatch', text: '{"format":"akimat-sync-batch","note":"ә ғ қ"}' },
      { name: 'bom.akimatbatch', text: '{"x":1}' },
    ]);
    expect(inbox.take()).toEqual([]);
  });

  it('does nothing for no files', async () => {
    let notified = 0;
    const inbox = createBatchInbox({ fs: fsp, notify: () => notified++ });
    await inbox.open([]);
    expect(notified).toBe(0);
  });

  it('reports files it will not pass on instead of dropping them silently', async () => {
    const inbox = createBatchInbox({ fs: fsp, notify: () => undefined, maxBytes: 16 });
    const big = write('big.akimatbatch', 'x'.repeat(17));
    const binary = write('bin.akimatbatch', new Uint8Array([0xff, 0xfe, 0x00, 0xc3]));
    const dir = path.join(base, 'dir.akimatbatch');
    mkdirSync(dir);
    await inbox.open([big, binary, dir, path.join(base, 'gone.akimatbatch')]);
    expect(inbox.take()).toEqual([
      { name: 'big.akimatbatch', error: 'tooLarge' },
      { name: 'bin.akimatbatch', error: 'notText' },
      { name: 'dir.akimatbatch', error: 'unreadable' },
      { name: 'gone.akimatbatch', error: 'unreadable' },
    ]);
  });
});
