/**
 * The folder of automatic backups, owned by the main process: the renderer
 * writes, lists, reads and removes files by bare name only (the IPC layer
 * checks the name, here it is joined to the one folder). The files are
 * already encrypted by the renderer (renderer/services/autoBackup.ts); this
 * module only keeps them safely: written to a temporary name and renamed, so
 * a crash or a full disk mid-write never leaves half a backup under a real
 * name, and readable by this Windows user only.
 */
import * as nodePath from 'node:path';
import { BACKUP_EXTENSION, BACKUPS_FOLDER_NAME, LIMITS } from './constants';
import type { FsPort, Log } from './ports';

export type BackupFileInfo = { name: string; size: number };

/** `<appData>/Akimat Desk backups`, beside the profile folder (userData), on the same disk. */
export function backupsDirFor(userData: string, path: Pick<typeof nodePath, 'dirname' | 'join'> = nodePath): string {
  return path.join(path.dirname(userData), BACKUPS_FOLDER_NAME);
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;

/** A bare backup file name: lower-case letters, digits and dashes, then `.akimatbackup`. */
export function isBackupName(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > LIMITS.backupNameChars || !value.endsWith(BACKUP_EXTENSION))
    return false;
  return NAME.test(value.slice(0, -BACKUP_EXTENSION.length));
}

export type BackupFolderDeps = {
  fs: Pick<FsPort, 'readFile' | 'writeFile' | 'rename' | 'rm' | 'mkdir' | 'readdir' | 'stat'>;
  dir: string;
  log?: Log;
};

export function createBackupFolder({ fs, dir, log }: BackupFolderDeps) {
  const fileOf = (name: string) => {
    // The IPC layer validated it already; checked again because this is the line that touches the disk.
    if (!isBackupName(name)) throw new Error('backup: bad name');
    return nodePath.join(dir, name);
  };

  async function list(): Promise<BackupFileInfo[]> {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      return [];
    }
    const out: BackupFileInfo[] = [];
    for (const name of names.filter(isBackupName)) {
      try {
        const st = await fs.stat(nodePath.join(dir, name));
        if (st.isFile()) out.push({ name, size: st.size });
      } catch {
        // Removed meanwhile.
      }
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  async function read(name: string): Promise<Uint8Array | null> {
    try {
      return await fs.readFile(fileOf(name));
    } catch {
      return null;
    }
  }

  async function write(name: string, bytes: Uint8Array): Promise<void> {
    const file = fileOf(name);
    await fs.mkdir(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await fs.writeFile(tmp, bytes, { mode: 0o600 });
      await fs.rename(tmp, file);
    } catch (e) {
      // A full disk: take the partial file back, keep the older backups as they are.
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      log?.warn('backup not written', { name, error: String((e as { code?: string }).code ?? e) });
      throw e;
    }
  }

  async function remove(name: string): Promise<void> {
    await fs.rm(fileOf(name), { force: true });
  }

  return { dir, list, read, write, remove };
}

export type BackupFolder = ReturnType<typeof createBackupFolder>;
