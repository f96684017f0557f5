/**
 * Electron main process: a minimal placeholder until the real shell lands
 * (single-instance lock, app:// protocol, the security checklist, IPC for
 * printing and saving, key storage, updates).
 *
 * The electron package is optional and not installed on build machines, so
 * it is loaded with createRequire and typed by the few members used here;
 * this file typechecks and imports without it.
 */
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type WebPreferences = { contextIsolation: boolean; sandbox: boolean; nodeIntegration: boolean; preload: string };
type BrowserWindowLike = {
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', fn: () => void): void;
  show(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
  webContents: { setWindowOpenHandler(fn: () => { action: 'deny' }): void; on(event: 'will-navigate', fn: (e: { preventDefault(): void }, url: string) => void): void };
};
type ElectronLike = {
  app: {
    whenReady(): Promise<void>;
    requestSingleInstanceLock(): boolean;
    on(event: 'second-instance' | 'window-all-closed', fn: () => void): void;
    quit(): void;
  };
  BrowserWindow: new (opts: { width: number; height: number; minWidth: number; minHeight: number; show: boolean; backgroundColor: string; webPreferences: WebPreferences }) => BrowserWindowLike;
  protocol: {
    registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>): void;
    handle(scheme: string, handler: (req: Request) => Response | Promise<Response>): void;
  };
  net: { fetch(url: string): Promise<Response> };
};

const SCHEME = 'app';
const HOST = 'akimat';
export const APP_ORIGIN = `${SCHEME}://${HOST}`;

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = join(root, 'dist');

/** Maps app://akimat/<path> to a file under dist/, refusing anything outside it. */
export function fileForUrl(url: string, base = dist): string | null {
  const u = new URL(url);
  if (u.host !== HOST) return null;
  const rel = decodeURIComponent(u.pathname).replace(/^\/+/, '') || 'index.html';
  const file = normalize(join(base, rel));
  return file === base || file.startsWith(base + sep) ? file : null;
}

export function start(electron: ElectronLike): void {
  const { app, BrowserWindow, protocol, net } = electron;
  // One origin for the life of the install: IndexedDB is per origin.
  protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, allowServiceWorkers: true } }]);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let win: BrowserWindowLike | null = null;
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(async () => {
    protocol.handle(SCHEME, (req) => {
      const file = fileForUrl(req.url);
      return file ? net.fetch(pathToFileURL(file).href) : new Response('not found', { status: 404 });
    });
    win = new BrowserWindow({
      width: 1366, height: 768, minWidth: 1024, minHeight: 640, show: false, backgroundColor: '#eef1f5',
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false, preload: join(here, 'preload.cjs') },
    });
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    win.webContents.on('will-navigate', (e, url) => { if (!url.startsWith(APP_ORIGIN)) e.preventDefault(); });
    win.once('ready-to-show', () => win?.show());
    await win.loadURL(`${APP_ORIGIN}/index.html`);
  });
}

// Runs only inside Electron (process.versions.electron); importing the module elsewhere has no effect.
if ((process.versions as Record<string, string | undefined>).electron) {
  start(createRequire(import.meta.url)('electron') as ElectronLike);
}
