/**
 * The desktop shell's start sequence, written against ports so tests can run
 * it with fakes: scheme registration, the single-instance lock, the security
 * guards, the app:// protocol, the window, IPC, batch files and updates.
 * electron/main.ts supplies the real Electron objects.
 */
import * as nodePath from 'node:path';
import { EVENTS } from './channels';
import { APP_ENTRY, APP_ID, PRODUCT_NAME, SCHEME } from './constants';
import { backupsDirFor, createBackupFolder } from './backups';
import { batchFilesInArgv, createBatchInbox } from './batchfiles';
import { createCertificateGuard, createPinStore, probeCertificate, type TlsConnect } from './certificates';
import { createConnectivity } from './connectivity';
import { createDiskSpace } from './diskspace';
import { registerIpc } from './ipc';
import { createKeyStore } from './keystore';
import { createPdfService, createPrintJobs } from './pdf';
import { createAppProtocolHandler, registerAppScheme } from './protocol';
import {
  denyAllPermissions,
  guardAllWebContents,
  hardenWebContents,
  isTrustedSender,
  mainWindowOptions,
} from './security';
import { createUpdatePolicy } from './updates';
import type {
  AppPort,
  BrowserWindowFactory,
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
  Timers,
  UpdaterPort,
} from './ports';

export type ShellDeps = {
  app: AppPort;
  createWindow: BrowserWindowFactory;
  protocol: ProtocolPort;
  /** The default session, read after ready (Electron creates it then). */
  session: () => SessionPort;
  ipcMain: IpcMainPort;
  dialog: DialogPort;
  shell: ShellPort;
  safeStorage: SafeStoragePort;
  net: NetPort;
  /** null when electron-updater is not available (development). */
  updater: UpdaterPort | null;
  fs: FsPort;
  timers: Timers;
  log: Log;
  random: () => string;
  platform: string;
  argv: readonly string[];
  cwd: string;
  paths: { dist: string; preload: string; icon?: string };
  /** node:tls connect for certificate probes (tests pass their own). */
  tlsConnect?: TlsConnect;
};

export type Shell = {
  /** False when another instance holds the lock; this one then only quits. */
  primary: boolean;
  /** Resolves when the window has loaded (or at once for a secondary instance). */
  ready: Promise<void>;
  window: () => BrowserWindowPort | null;
};

export function startShell(d: ShellDeps): Shell {
  const { app, log } = d;
  // Before anything else and before 'ready': privileges cannot be granted later.
  registerAppScheme(d.protocol);

  // One instance per user: a second one would open the same IndexedDB. It passes its argv to the first and quits.
  if (!app.requestSingleInstanceLock()) {
    log.info('another instance is running; handing over and quitting');
    app.quit();
    return { primary: false, ready: Promise.resolve(), window: () => null };
  }

  if (d.platform === 'win32') app.setAppUserModelId(APP_ID);
  guardAllWebContents(app, log);

  let win: BrowserWindowPort | null = null;
  const send = (channel: string, ...args: unknown[]) => {
    if (win && !win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(channel, ...args);
  };

  const inbox = createBatchInbox({ fs: d.fs, notify: () => send(EVENTS.batchAvailable), log });
  void inbox.open(batchFilesInArgv(d.argv, d.cwd));

  app.on('second-instance', (_event, argv, workingDirectory) => {
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    void inbox.open(batchFilesInArgv(argv, workingDirectory));
  });
  app.on('window-all-closed', () => app.quit());

  const connectivity = createConnectivity(() => d.net.isOnline(), d.timers);
  const updates = createUpdatePolicy({
    updater: d.updater ?? inertUpdater(),
    enabled: d.updater !== null && app.isPackaged && d.platform === 'win32',
    isOnline: () => connectivity.online,
    timers: d.timers,
    onReady: (info) => send(EVENTS.updateReady, info),
    log,
  });
  connectivity.subscribe((online) => {
    send(EVENTS.online, online);
    updates.onlineChanged(online);
  });

  const ready = app.whenReady().then(async () => {
    denyAllPermissions(d.session(), log);
    // Pins are loaded and the verify proc set before the page exists: its first request to a pinned server is checked.
    const userData = app.getPath('userData');
    const pins = createPinStore({ fs: d.fs, file: nodePath.join(userData, 'certificate-pins.json'), log });
    await pins.load();
    const guard = createCertificateGuard({ pins, log });
    d.session().setCertificateVerifyProc(guard.verify);
    const printJobs = createPrintJobs(d.random);
    d.protocol.handle(SCHEME, createAppProtocolHandler({ root: d.paths.dist, fs: d.fs, printJobs, log }));

    const pdf = createPdfService({
      createWindow: d.createWindow,
      owner: () => win ?? undefined,
      dialog: d.dialog,
      shell: d.shell,
      fs: d.fs,
      savedDir: nodePath.join(app.getPath('documents'), PRODUCT_NAME),
      printJobs,
      timers: d.timers,
      log,
    });
    const keys = createKeyStore({ safeStorage: d.safeStorage, fs: d.fs, dir: nodePath.join(userData, 'keys'), log });
    const backups = createBackupFolder({ fs: d.fs, dir: backupsDirFor(userData), log });

    registerIpc(
      d.ipcMain,
      {
        appVersion: () => app.getVersion(),
        printPdf: pdf.printPdf,
        savePdf: pdf.savePdf,
        openSavedFolder: pdf.openSavedFolder,
        isOnline: () => connectivity.online,
        keys,
        takeBatchFiles: () => inbox.take(),
        updateState: () => updates.ready,
        restartToUpdate: () => updates.restartToUpdate(),
        certificates: {
          probe: (origin) => probeCertificate(origin, { connect: d.tlsConnect }),
          pin: async (origin, fingerprint) => {
            await pins.set(origin, fingerprint);
            guard.forget(origin);
            // Set again so Chromium drops verdicts it cached under the old pin (best effort: Electron versions differ here).
            d.session().setCertificateVerifyProc(guard.verify);
          },
          lastFailure: (origin) => guard.lastFailure(origin),
        },
        diskSpace: createDiskSpace({ fs: d.fs, path: userData }),
        backups,
      },
      (event) =>
        isTrustedSender(event, (contents) => win !== null && !win.isDestroyed() && contents === win.webContents),
      log,
    );

    win = d.createWindow(mainWindowOptions(d.paths.preload, { devTools: !app.isPackaged, icon: d.paths.icon }));
    // Also applied by web-contents-created; repeated here so this window is guarded even if that hook changes.
    hardenWebContents(win.webContents, log);
    win.webContents.on('render-process-gone', (_e, details) => log.error('renderer gone', details));
    const shown = win;
    shown.once('ready-to-show', () => shown.show());
    shown.once('closed', () => {
      if (win === shown) win = null;
    });
    await shown.loadURL(APP_ENTRY);

    connectivity.start();
    updates.start();
    // Files opened before the page listened are waiting; tell it again now it is loaded.
    if (inbox.pending > 0) send(EVENTS.batchAvailable);
  });
  ready.catch((e) => log.error('shell failed to start', { error: String(e) }));

  return { primary: true, ready, window: () => win };
}

/** Stands in for electron-updater in development, where the policy is disabled anyway. */
function inertUpdater(): UpdaterPort {
  return {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    autoRunAppAfterInstall: false,
    allowDowngrade: false,
    allowPrerelease: false,
    logger: null,
    on: () => undefined,
    checkForUpdates: async () => null,
    quitAndInstall: () => undefined,
  };
}
