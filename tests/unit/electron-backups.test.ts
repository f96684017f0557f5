/**
 * The main process's side of "nothing lost on the laptop": the folder of
 * automatic backups beside the profile (real files in a temporary folder),
 * free disk space (statfs), and the IPC checks that keep the page to bare
 * backup names in that one folder.
 */
import * as fsp from 'node:fs/promises';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backupsDirFor, createBackupFolder, isBackupName } from '../../electron/backups';
import { createDiskSpace } from '../../electron/diskspace';
import { CHANNELS } from '../../electron/channels';
import { LIMITS } from '../../electron/constants';
import { registerIpc, type ShellServices } from '../../electron/ipc';
import { FakeIpcMain, FakeWebContents, MemoryLog, frame } from './electron-fakes';

const base = mkdtempSync(path.join(tmpdir(), 'akimat-backups-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const NAME = 'akimat-auto-daily-20260320t050000000z.akimatbackup';

describe('the backups folder', () => {
  it('sits beside the profile folder, not in it', () => {
    expect(backupsDirFor('C:\\Users\\clerk\\AppData\\Roaming\\Akimat Desk', path.win32)).toBe(
      'C:\\Users\\clerk\\AppData\\Roaming\\Akimat Desk backups',
    );
    expect(backupsDirFor('/home/clerk/.config/Akimat Desk')).toBe('/home/clerk/.config/Akimat Desk backups');
  });

  it('writes, lists, reads and removes by bare name; nothing else in the folder is listed', async () => {
    const dir = path.join(base, 'a');
    const folder = createBackupFolder({ fs: fsp, dir });
    expect(await folder.list()).toEqual([]);
    await folder.write(NAME, new Uint8Array([1, 2, 3]));
    writeFileSync(path.join(dir, 'notes.txt'), 'x');
    expect(await folder.list()).toEqual([{ name: NAME, size: 3 }]);
    expect(Array.from((await folder.read(NAME))!)).toEqual([1, 2, 3]);
    expect(await folder.read('akimat-auto-daily-20200101t000000000z.akimatbackup')).toBeNull();
    if (process.platform !== 'win32') expect(statSync(path.join(dir, NAME)).mode & 0o077).toBe(0);
    await folder.remove(NAME);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('leaves no partial file and keeps the older backups when a write fails', async () => {
    const dir = path.join(base, 'b');
    const log = new MemoryLog();
    const older = 'akimat-auto-daily-20260319t050000000z.akimatbackup';
    await createBackupFolder({ fs: fsp, dir }).write(older, new Uint8Array([9]));
    const failing = {
      ...fsp,
      writeFile: async (file: string) => {
        writeFileSync(file, 'half');
        throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      },
    };
    const folder = createBackupFolder({ fs: failing as typeof fsp, dir, log });
    await expect(folder.write(NAME, new Uint8Array([1]))).rejects.toThrow('no space');
    expect(readdirSync(dir)).toEqual([older]);
    expect(log.has('warn', 'backup not written')).toBe(true);
  });

  it.each([
    '../x.akimatbackup',
    'a/b.akimatbackup',
    'A.akimatbackup',
    '.akimatbackup',
    'x.akimatbackup.exe',
    'x.txt',
    `${'a'.repeat(101)}.akimatbackup`,
    42,
    null,
  ])('refuses the name %j', async (name) => {
    expect(isBackupName(name)).toBe(false);
    const folder = createBackupFolder({ fs: fsp, dir: path.join(base, 'c') });
    await expect(folder.write(name as string, new Uint8Array([1]))).rejects.toThrow(/bad name/);
    expect(existsSync(path.join(base, 'x.akimatbackup'))).toBe(false);
  });
});

describe('free disk space', () => {
  it('reads the filesystem of the profile folder', async () => {
    const space = await createDiskSpace({ fs: fsp, path: base })();
    expect(space!.totalBytes).toBeGreaterThan(0);
    expect(space!.freeBytes).toBeGreaterThanOrEqual(0);
    expect(space!.freeBytes).toBeLessThanOrEqual(space!.totalBytes);
  });

  it('counts what an unprivileged process may write, in bytes, bigints or not', async () => {
    const fs = { statfs: async () => ({ bsize: 4096n, blocks: 1000n, bavail: 10n }) };
    expect(await createDiskSpace({ fs, path: '/' })()).toEqual({ freeBytes: 40960, totalBytes: 4096000 });
    expect(
      await createDiskSpace({
        fs: {
          statfs: async () => {
            throw new Error('gone');
          },
        },
        path: '/',
      })(),
    ).toBeNull();
  });
});

describe('IPC', () => {
  function setup() {
    const calls: Array<[string, unknown[]]> = [];
    const record =
      (n: string): any =>
      async (...args: unknown[]) => {
        calls.push([n, args]);
        return null;
      };
    const services = {
      diskSpace: record('diskSpace'),
      backups: { list: record('list'), read: record('read'), write: record('write'), remove: record('remove') },
    } as unknown as ShellServices;
    const ipc = new FakeIpcMain();
    const ours = new FakeWebContents();
    registerIpc(ipc, services, (e) => e.sender === ours, new MemoryLog());
    return { ipc, calls, trusted: { sender: ours, senderFrame: frame('app://akimat/index.html') } };
  }

  it('passes bare names and bytes to the folder', async () => {
    const t = setup();
    await t.ipc.invoke(CHANNELS.backupWrite, t.trusted, NAME, new Uint8Array([1]));
    await t.ipc.invoke(CHANNELS.backupRead, t.trusted, NAME);
    await t.ipc.invoke(CHANNELS.backupRemove, t.trusted, NAME);
    await t.ipc.invoke(CHANNELS.backupList, t.trusted);
    await t.ipc.invoke(CHANNELS.diskSpace, t.trusted);
    expect(t.calls.map(([n]) => n)).toEqual(['write', 'read', 'remove', 'list', 'diskSpace']);
  });

  it.each([CHANNELS.backupRead, CHANNELS.backupRemove, CHANNELS.backupWrite])(
    '%s refuses a path for a name',
    async (channel) => {
      const t = setup();
      for (const bad of ['../../Documents/x.akimatbackup', 'C:\\x.akimatbackup', 'x.exe']) {
        await expect(t.ipc.invoke(channel, t.trusted, bad, new Uint8Array([1]))).rejects.toThrow(/backup: bad name/);
      }
      expect(t.calls).toEqual([]);
    },
  );

  it('refuses empty, non-byte and oversized backups', async () => {
    const t = setup();
    await expect(t.ipc.invoke(CHANNELS.backupWrite, t.trusted, NAME, new Uint8Array())).rejects.toThrow(/bytes/);
    await expect(t.ipc.invoke(CHANNELS.backupWrite, t.trusted, NAME, 'text')).rejects.toThrow(/bytes/);
    const big = { byteLength: LIMITS.backupBytes + 1 };
    Object.setPrototypeOf(big, Uint8Array.prototype);
    await expect(t.ipc.invoke(CHANNELS.backupWrite, t.trusted, NAME, big)).rejects.toThrow(/too large/);
    expect(t.calls).toEqual([]);
  });
});
