/**
 * Electron's entry point: loads the real Electron modules and hands them to
 * startShell (electron/app.ts), where the behaviour lives and is tested.
 *
 * electron is an optional package, absent on build machines, so it is loaded
 * with createRequire at run time and typed by the ports (electron/ports.ts);
 * importing this file elsewhere does nothing. electron-updater is bundled
 * into dist-electron/main.js by scripts/start.mjs (buildShell).
 */
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, readFile, readdir, realpath, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { autoUpdater } from 'electron-updater';
import { startShell } from './app';
import type {
  AppPort,
  BrowserWindowOptions,
  BrowserWindowPort,
  DialogPort,
  FsPort,
  IpcMainPort,
  Log,
  NetPort,
  ProtocolPort,
  SafeStoragePort,
  SessionPort,
  ShellPort,
  UpdaterPort,
} from './ports';
import { realTimers } from './ports';

type ElectronModule = {
  app: AppPort;
  BrowserWindow: new (options: BrowserWindowOptions) => BrowserWindowPort;
  protocol: ProtocolPort;
  session: { defaultSession: SessionPort };
  ipcMain: IpcMainPort;
  dialog: DialogPort;
  shell: ShellPort;
  safeStorage: SafeStoragePort;
  net: NetPort;
};

const fsPort: FsPort = {
  readFile,
  writeFile,
  rename,
  rm,
  mkdir,
  stat,
  realpath,
  readdir: (p) => readdir(p),
  statfs: (p) => statfs(p),
};

/** Console plus a small file in userData/logs: the only trace support staff get from a village laptop. */
function createLog(dir: string): Log {
  const file = join(dir, 'main.log');
  let chain: Promise<unknown> = mkdir(dir, { recursive: true })
    .then(() => stat(file))
    .then((st) => (st.size > 1024 * 1024 ? rename(file, join(dir, 'main.old.log')) : undefined))
    .catch(() => undefined);
  const write = (level: string, message: string, detail?: unknown) => {
    const line = `${new Date().toISOString()} ${level} ${message}${detail === undefined ? '' : ` ${safeJson(detail)}`}\n`;
    (level === 'ERROR' ? console.error : console.log)(line.trimEnd());
    chain = chain.then(() => appendFile(file, line)).catch(() => undefined);
  };
  return {
    info: (m, d) => write('INFO', m, d),
    warn: (m, d) => write('WARN', m, d),
    error: (m, d) => write('ERROR', m, d),
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

function run(electron: ElectronModule): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const { app } = electron;
  const log = createLog(join(app.getPath('userData'), 'logs'));
  const packagedWindows = app.isPackaged && process.platform === 'win32';
  startShell({
    app,
    createWindow: (options) => new electron.BrowserWindow(options),
    protocol: electron.protocol,
    session: () => electron.session.defaultSession,
    ipcMain: electron.ipcMain,
    dialog: electron.dialog,
    shell: electron.shell,
    safeStorage: electron.safeStorage,
    net: electron.net,
    updater: packagedWindows ? (autoUpdater as unknown as UpdaterPort) : null,
    fs: fsPort,
    timers: realTimers,
    log,
    random: () => randomBytes(16).toString('hex'),
    platform: process.platform,
    argv: process.argv,
    cwd: process.cwd(),
    paths: { dist: join(here, '..', 'dist'), preload: join(here, 'preload.cjs') },
  });
}

if ((process.versions as Record<string, string | undefined>).electron) {
  run(createRequire(import.meta.url)('electron') as ElectronModule);
}
