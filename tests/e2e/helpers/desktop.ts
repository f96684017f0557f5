/**
 * The desktop app without the Electron binary (it cannot be downloaded on
 * these machines): the page runs in Debian's Chromium as usual, and the real
 * preload bundle (electron/preload.ts with its bridge, built here as
 * `npm run build:shell` builds it) exposes `window.akimatShell`. Only what
 * Electron itself provides is replaced: `require('electron')` gives the
 * preload a contextBridge that sets the property, and an ipcRenderer whose
 * invoke goes through a Playwright binding to the real main-process handlers
 * (electron/ipc.ts) with the real services for disk space and the backups
 * folder (electron/diskspace.ts, electron/backups.ts) over real files.
 */
import * as fsp from 'node:fs/promises';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext } from '@playwright/test';
import { backupsDirFor, createBackupFolder } from '../../../electron/backups';
import { createDiskSpace } from '../../../electron/diskspace';
import { registerIpc, type ShellServices } from '../../../electron/ipc';
import type { IpcMainInvokeEventPort, IpcMainPort } from '../../../electron/ports';

let preloadCode: string | null = null;

/** electron/preload.ts bundled to one CommonJS file, as scripts/start.mjs does for the real app. */
async function preload(): Promise<string> {
  if (preloadCode) return preloadCode;
  const { build } = await import('vite');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const out = mkdtempSync(join(tmpdir(), 'akimat-preload-'));
  try {
    await build({
      configFile: false,
      root,
      logLevel: 'warn',
      publicDir: false,
      envDir: false,
      ssr: { noExternal: true, target: 'node' },
      build: {
        ssr: join(root, 'electron', 'preload.ts'),
        outDir: out,
        emptyOutDir: false,
        copyPublicDir: false,
        target: 'node22',
        minify: false,
        rolldownOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'preload.cjs' } },
      },
    });
    preloadCode = readFileSync(join(out, 'preload.cjs'), 'utf8');
    return preloadCode;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const unused = (what: string) => async () => {
  throw new Error(`${what} is not part of this test`);
};

/**
 * Makes every page of `context` a desktop-app page whose profile is
 * `userData`: free space is that folder's filesystem's, automatic backups go
 * to the folder beside it. Returns the backups folder.
 */
export async function installDesktopShell(context: BrowserContext, userData: string): Promise<{ backupsDir: string }> {
  const backupsDir = backupsDirFor(userData);
  const services: ShellServices = {
    appVersion: () => 'e2e',
    printPdf: unused('printing'),
    savePdf: unused('saving PDFs'),
    openSavedFolder: async () => false,
    isOnline: () => true,
    // As on a Linux without a keyring: the OS cannot protect a key, so none is kept (electron/keystore.ts).
    keys: { available: () => false, get: async () => null, set: unused('the OS key store') },
    takeBatchFiles: () => [],
    updateState: () => null,
    restartToUpdate: () => false,
    certificates: { probe: unused('certificates'), pin: unused('certificates'), lastFailure: () => null },
    diskSpace: createDiskSpace({ fs: fsp, path: userData }),
    backups: createBackupFolder({ fs: fsp, dir: backupsDir }),
  };
  const handlers = new Map<string, (event: IpcMainInvokeEventPort, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainPort = { handle: (channel, listener) => void handlers.set(channel, listener) };
  // The sender check (security.ts isTrustedSender) needs Electron's frames; the binding only serves this test's own pages.
  registerIpc(ipcMain, services, () => true);
  const event = {
    sender: {},
    senderFrame: { url: 'app://akimat/index.html', parent: null },
  } as unknown as IpcMainInvokeEventPort;
  await context.exposeBinding('__akimatIpc', async (_source, channel: string, args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    const result = await handler(event, ...args);
    // Electron's IPC hands a Buffer to the page as a Uint8Array; Playwright's binding would send an
    // object of indexes, so bytes cross as base64 and the stand-in ipcRenderer below turns them back.
    return result instanceof Uint8Array ? { __bytes: Buffer.from(result).toString('base64') } : result;
  });
  await context.addInitScript(`(() => {
    const bytes = (v) => (v && typeof v.__bytes === 'string' ? Uint8Array.from(atob(v.__bytes), (c) => c.charCodeAt(0)) : v);
    const ipcRenderer = { invoke: (channel, ...args) => window.__akimatIpc(channel, args).then(bytes), on() {}, removeListener() {} };
    const contextBridge = { exposeInMainWorld: (key, api) => Object.defineProperty(window, key, { value: api }) };
    const require = (name) => { if (name !== 'electron') throw new Error('preload may require only electron'); return { contextBridge, ipcRenderer }; };
    const module = { exports: {} };
    const exports = module.exports;
    ${await preload()}
  })();`);
  return { backupsDir };
}
