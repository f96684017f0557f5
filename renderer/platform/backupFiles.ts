/**
 * The place automatic backups are written to, by bare file name. In the
 * desktop shell it is a folder the main process owns beside the browser
 * profile (electron/backups.ts). In web mode it is the origin private file
 * system (OPFS): apart from IndexedDB, so a database that fails to open or to
 * upgrade can be restored from it, but in the same storage bucket, so what
 * deletes the origin's storage deletes these too. Measured on Chromium 150:
 * a write that meets a full disk makes Chromium drop IndexedDB and OPFS
 * together, persistent storage granted or not. Web mode cannot survive that;
 * the desktop app can.
 */
import type { BackupFileInfo } from './shell';

export interface BackupFiles {
  /** 'folder': outside the browser profile (desktop); 'browser': inside the origin's storage; 'none': nowhere to keep them. */
  readonly kind: 'folder' | 'browser' | 'none';
  list(): Promise<BackupFileInfo[]>;
  read(name: string): Promise<Uint8Array | null>;
  write(name: string, bytes: Uint8Array): Promise<void>;
  remove(name: string): Promise<void>;
}

const DIR = 'akimat-backups';
const NAME = /^[a-z0-9][a-z0-9-]*\.akimatbackup$/;

function checked(name: string): string {
  if (!NAME.test(name) || name.length > 100) throw new Error('backup: bad name');
  return name;
}

type Dir = FileSystemDirectoryHandle & { keys(): AsyncIterable<string> };

export function browserBackupFiles(root: () => Promise<FileSystemDirectoryHandle>): BackupFiles {
  const dir = async () => (await (await root()).getDirectoryHandle(DIR, { create: true })) as Dir;
  return {
    kind: 'browser',
    async list() {
      const d = await dir();
      const out: BackupFileInfo[] = [];
      for await (const name of d.keys()) {
        if (!NAME.test(name)) continue;
        try {
          out.push({ name, size: (await (await d.getFileHandle(name)).getFile()).size });
        } catch {
          // Removed meanwhile.
        }
      }
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },
    async read(name) {
      try {
        const file = await (await (await dir()).getFileHandle(checked(name))).getFile();
        return new Uint8Array(await file.arrayBuffer());
      } catch {
        return null;
      }
    },
    async write(name, bytes) {
      const d = await dir();
      const existed = await d.getFileHandle(checked(name)).then(
        () => true,
        () => false,
      );
      const handle = await d.getFileHandle(name, { create: true });
      // Chromium writes to a swap file and swaps it in on close(): a failed write leaves no half file.
      const w = await handle.createWritable();
      try {
        await w.write(bytes as unknown as BufferSource);
        await w.close();
      } catch (e) {
        await w.abort().catch(() => undefined);
        // The empty file getFileHandle just made; an older one of that name keeps its content.
        if (!existed) await d.removeEntry(name).catch(() => undefined);
        throw e;
      }
    },
    async remove(name) {
      await (await dir()).removeEntry(checked(name)).catch(() => undefined);
    },
  };
}

export const noBackupFiles: BackupFiles = {
  kind: 'none',
  list: async () => [],
  read: async () => null,
  write: async () => {
    throw new Error('backup: no place to keep it');
  },
  remove: async () => undefined,
};
