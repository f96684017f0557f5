/**
 * A small disk for fault tests: a tmpfs of a few megabytes mounted as root,
 * with a Chromium profile on it that survives a browser restart (a
 * persistent context), and a filler file that takes every free byte the way
 * a full disk does on a village laptop. Mounting needs root; CI runs as root.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, rmdirSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type TestInfo } from '@playwright/test';

export type SmallDisk = {
  dir: string;
  /** Free bytes on the small filesystem as the OS reports them. */
  freeBytes(): number;
  /** Takes every free byte with a filler file (what a full disk is). */
  fill(): void;
  /** Leaves `bytes` free: fills, then gives back that much. */
  fillLeaving(bytes: number): void;
  /** Deletes the filler. */
  free(): void;
  unmount(): void;
};

/** Mounts a tmpfs of `megabytes`; returns a reason instead when this machine cannot (not root, mount refused). */
export function mountSmallDisk(megabytes: number): SmallDisk | { skip: string } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    return { skip: 'mounting a small tmpfs needs root (CI runs the e2e tests as root)' };
  const dir = mkdtempSync(join(tmpdir(), 'akimat-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}M,mode=0700`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmdirSync(dir);
    return { skip: `mount -t tmpfs failed: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}` };
  }
  const filler = join(dir, 'filler.bin');
  let mounted = true;
  // A worker that dies before afterAll must not leave the mount behind.
  const onExit = () => {
    if (mounted)
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } catch {
        /* already gone */
      }
  };
  process.once('exit', onExit);
  const freeBytes = () => {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  };
  const fill = () => {
    const fd = openSync(filler, 'a');
    try {
      // Big blocks first, then smaller ones, so the last few kilobytes go too.
      for (const size of [1 << 20, 64 << 10, 4 << 10, 512]) {
        const block = Buffer.alloc(size, 0x5a);
        for (;;) {
          try {
            writeSync(fd, block);
          } catch (e) {
            if ((e as NodeJS.ErrnoException).code === 'ENOSPC') break;
            throw e;
          }
        }
      }
    } finally {
      closeSync(fd);
    }
  };
  return {
    dir,
    freeBytes,
    fill,
    fillLeaving(bytes) {
      fill();
      execFileSync('truncate', ['-s', `-${bytes}`, filler]);
    },
    free: () => rmSync(filler, { force: true }),
    unmount() {
      rmSync(filler, { force: true });
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      mounted = false;
      process.off('exit', onExit);
      rmdirSync(dir);
    },
  };
}

/**
 * Debian's Chromium with a profile that stays on disk between launches,
 * with the project's launch options and base URL (playwright.config.ts).
 */
export async function launchProfile(
  testInfo: TestInfo,
  userDataDir: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const use = testInfo.project.use;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: use.launchOptions?.executablePath,
    args: use.launchOptions?.args,
    headless: true,
    baseURL: use.baseURL,
    locale: 'kk-KZ',
    acceptDownloads: true,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}
