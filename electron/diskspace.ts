/**
 * Free space on the disk that holds the office database (the userData
 * folder), for the renderer's storage watch (renderer/services/storage.ts).
 * The page cannot ask the OS, and the browser's quota estimate does not see a
 * disk filling up: measured on Chromium 150, estimate() still reported a
 * gigabyte free on a full disk.
 */
import type { FsPort } from './ports';

export type DiskSpace = { freeBytes: number; totalBytes: number };

export function createDiskSpace({ fs, path }: { fs: Pick<FsPort, 'statfs'>; path: string }) {
  return async function diskSpace(): Promise<DiskSpace | null> {
    try {
      const s = await fs.statfs(path);
      const bsize = Number(s.bsize);
      // bavail: what an unprivileged process may still write (the OS keeps a reserve for itself).
      return { freeBytes: Number(s.bavail) * bsize, totalBytes: Number(s.blocks) * bsize };
    } catch {
      return null;
    }
  };
}
