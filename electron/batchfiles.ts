/**
 * Batch files opened with the app: by double click (the installer associates
 * .akimatbatch with it), "Open with", or a second launch while it runs (the
 * single-instance lock hands the second launch's argv to this one).
 *
 * The main process reads the file, because the sandboxed renderer cannot, and
 * queues its text until the renderer takes it: a file opened at start-up
 * arrives before the page has loaded. The renderer checks the content (zod
 * schema, signature); here only size and encoding are checked.
 */
import * as nodePath from 'node:path';
import type { OpenedBatchFile } from './channels';
import { BATCH_EXTENSION, LIMITS } from './constants';
import type { FsPort, Log } from './ports';

/** Paths of batch files among command-line arguments, absolute, without duplicates. */
export function batchFilesInArgv(
  argv: readonly string[],
  workingDirectory: string,
  path: Pick<typeof nodePath, 'resolve'> = nodePath,
): string[] {
  const out: string[] = [];
  // argv[0] is the executable (and argv[1] the script in development); Chromium may add --switches anywhere.
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') || !arg.toLowerCase().endsWith(BATCH_EXTENSION)) continue;
    const abs = path.resolve(workingDirectory, arg);
    if (!out.includes(abs)) out.push(abs);
  }
  return out;
}

export type BatchInboxDeps = {
  fs: Pick<FsPort, 'stat' | 'readFile'>;
  /** Called after files were queued, so the renderer can come and take them. */
  notify: () => void;
  maxBytes?: number;
  log?: Log;
};

export function createBatchInbox({ fs, notify, maxBytes = LIMITS.batchFileBytes, log }: BatchInboxDeps) {
  const queue: OpenedBatchFile[] = [];

  async function read(file: string): Promise<OpenedBatchFile> {
    const name = nodePath.basename(file);
    try {
      const st = await fs.stat(file);
      if (!st.isFile()) return { name, error: 'unreadable' };
      if (st.size > maxBytes) return { name, error: 'tooLarge' };
      const bytes = await fs.readFile(file);
      if (bytes.byteLength > maxBytes) return { name, error: 'tooLarge' };
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return { name, error: 'notText' };
      }
      return { name, text: text.replace(/^\uFEFF/, '') };
    } catch (e) {
      log?.warn('batch file unreadable', { file, error: String(e) });
      return { name, error: 'unreadable' };
    }
  }

  return {
    async open(files: readonly string[]): Promise<void> {
      if (files.length === 0) return;
      for (const f of files) queue.push(await read(f));
      log?.info('batch files opened', { files: files.length });
      notify();
    },
    take(): OpenedBatchFile[] {
      return queue.splice(0, queue.length);
    },
    get pending(): number {
      return queue.length;
    },
  };
}
