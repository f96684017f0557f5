/**
 * What the renderer asks of the computer it runs on: printing and saving
 * PDFs, the folder of saved files, the app version, online/offline, and a
 * place for small secrets. In the desktop shell each call goes through the
 * preload (window.akimatShell); in a plain browser ("web mode") each has a
 * fallback: the browser's print dialog, a download, localStorage.
 *
 * The UI should call these and never look at window.akimatShell itself.
 */
import { version as packageVersion } from '../../package.json';
import { printPdf as browserPrint, savePdf as browserSave } from '../print';
import {
  findShell,
  type CertificateFailure,
  type DiskSpace,
  type OpenedBatchFile,
  type PrintResult,
  type ShellApi,
  type UpdateReady,
} from './shell';
import { browserBackupFiles, noBackupFiles, type BackupFiles } from './backupFiles';

export type { BackupFileInfo, CertificateFailure, DiskSpace, OpenedBatchFile, PrintResult, UpdateReady } from './shell';
export type { BackupFiles } from './backupFiles';

/**
 * Certificate pinning of the district server (desktop only): origins are
 * `https://host:port`, fingerprints SHA-256 as hex.
 */
export interface ServerCertificates {
  /** The fingerprint of the certificate the origin presents now; rejects when it cannot be reached. */
  probe(origin: string): Promise<string>;
  /** From now on the desk accepts only this certificate from the origin. */
  pin(origin: string, fingerprint: string): Promise<void>;
  /** Whether the last certificate the origin presented was refused as not the pinned one. */
  lastFailure(origin: string): Promise<CertificateFailure | null>;
}

export type SaveOutcome = { saved: true; fileName: string } | { saved: false };
/** 'defaultPrinter' prints at once to the system's default printer (desktop only). */
export type PrintMode = 'dialog' | 'defaultPrinter';

export interface Platform {
  readonly kind: 'desktop' | 'web';
  /** Whether printing straight to the default printer is possible here. */
  readonly canPrintSilently: boolean;
  appVersion(): Promise<string>;
  printMode(): PrintMode;
  setPrintMode(mode: PrintMode): void;
  /** Prints with the dialog, or silently when the print mode says so and the platform can. */
  printPdf(pdf: Blob, options?: { silent?: boolean }): Promise<PrintResult>;
  savePdf(pdf: Blob, fileName: string): Promise<SaveOutcome>;
  /** Opens Documents\Akimat Desk in the file manager; false in web mode (downloads go where the browser puts them). */
  openSavedFolder(): Promise<boolean>;
  isOnline(): boolean;
  onOnlineChange(listener: (online: boolean) => void): () => void;
  readonly keyStore: {
    /** 'os': encrypted by the operating system for this user; 'browser': plain localStorage. */
    readonly kind: 'os' | 'browser';
    available(): Promise<boolean>;
    get(name: string): Promise<string | null>;
    set(name: string, value: string | null): Promise<void>;
  };
  /** Batch files opened with the app (desktop); web mode picks files with an <input type="file"> instead. */
  onBatchFile(listener: (file: OpenedBatchFile) => void): () => void;
  onUpdateReady(listener: (info: UpdateReady) => void): () => void;
  restartToUpdate(): Promise<boolean>;
  /**
   * Pinning of the district server's certificate; null in web mode, where the
   * browser verifies certificates itself (an https server must have one the
   * browser trusts) and a page cannot read them.
   */
  readonly certificates: ServerCertificates | null;
  /**
   * Free space on the disk of the office database (desktop: the OS asked by
   * the main process); null in web mode, where a page cannot see the disk.
   */
  diskSpace(): Promise<DiskSpace | null>;
  /**
   * Where automatic backups are kept: a folder beside the browser profile
   * (desktop), or the origin's private file system (web mode, which Chromium
   * wipes together with IndexedDB: see renderer/platform/backupFiles.ts).
   */
  readonly backupFiles: BackupFiles;
}

type EventHost = {
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
};
type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type PlatformEnv = {
  shell?: ShellApi;
  events: EventHost;
  navigator: { readonly onLine: boolean };
  storage: KeyValueStorage | null;
  browserPrint: (pdf: Blob) => Promise<void>;
  browserSave: (pdf: Blob, fileName: string) => Promise<void>;
  version: string;
  /** navigator.storage.getDirectory (the origin private file system); absent where the browser lacks it. */
  privateFiles?: () => Promise<FileSystemDirectoryHandle>;
};

const PRINT_MODE_KEY = 'akimat.printMode';
const KEY_PREFIX = 'akimat.key.';

function storageOrNull(get: () => Storage): KeyValueStorage | null {
  try {
    return get();
  } catch {
    // Storage access can throw (disabled cookies, opaque origins).
    return null;
  }
}

export function browserEnv(): PlatformEnv {
  const w = typeof window === 'undefined' ? undefined : window;
  return {
    shell: findShell(w),
    events: w ?? { addEventListener: () => undefined, removeEventListener: () => undefined },
    navigator: typeof navigator === 'undefined' ? { onLine: true } : navigator,
    storage: w ? storageOrNull(() => w.localStorage) : null,
    browserPrint,
    browserSave,
    version: packageVersion,
    ...(typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function'
      ? { privateFiles: () => navigator.storage.getDirectory() }
      : {}),
  };
}

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

export function createPlatform(env: PlatformEnv): Platform {
  const { shell, storage } = env;

  const printMode = (): PrintMode =>
    shell && storage?.getItem(PRINT_MODE_KEY) === 'defaultPrinter' ? 'defaultPrinter' : 'dialog';

  const webOnline = (listener: (online: boolean) => void) => {
    const up = () => listener(true);
    const down = () => listener(false);
    env.events.addEventListener('online', up);
    env.events.addEventListener('offline', down);
    return () => {
      env.events.removeEventListener('online', up);
      env.events.removeEventListener('offline', down);
    };
  };

  const common = {
    printMode,
    setPrintMode(mode: PrintMode) {
      storage?.setItem(PRINT_MODE_KEY, mode);
    },
    isOnline: () => env.navigator.onLine,
  };

  if (shell) {
    return {
      kind: 'desktop',
      canPrintSilently: true,
      ...common,
      appVersion: () => shell.appVersion(),
      printPdf: async (pdf, options) =>
        shell.printPdf(await bytesOf(pdf), { silent: options?.silent ?? printMode() === 'defaultPrinter' }),
      savePdf: async (pdf, fileName) => shell.savePdf(await bytesOf(pdf), fileName),
      openSavedFolder: () => shell.openSavedFolder(),
      onOnlineChange: (listener) => shell.onOnlineChange(listener),
      keyStore: {
        kind: 'os',
        available: () => shell.keyStore.available(),
        get: (name) => shell.keyStore.get(name),
        set: (name, value) => shell.keyStore.set(name, value),
      },
      onBatchFile: (listener) => shell.onBatchFile(listener),
      onUpdateReady: (listener) => shell.onUpdateReady(listener),
      restartToUpdate: () => shell.restartToUpdate(),
      certificates: {
        probe: (origin) => shell.certificates.probe(origin),
        pin: (origin, fingerprint) => shell.certificates.pin(origin, fingerprint),
        lastFailure: (origin) => shell.certificates.lastFailure(origin),
      },
      diskSpace: () => shell.diskSpace(),
      backupFiles: {
        kind: 'folder',
        list: () => shell.backups.list(),
        read: (name) => shell.backups.read(name),
        write: (name, bytes) => shell.backups.write(name, bytes),
        remove: (name) => shell.backups.remove(name),
      },
    };
  }

  return {
    kind: 'web',
    canPrintSilently: false,
    ...common,
    appVersion: async () => env.version,
    printPdf: async (pdf) => {
      await env.browserPrint(pdf);
      return { ok: true };
    },
    savePdf: async (pdf, fileName) => {
      await env.browserSave(pdf, fileName);
      return { saved: true, fileName: fileName.toLowerCase().endsWith('.pdf') ? fileName : `${fileName}.pdf` };
    },
    openSavedFolder: async () => false,
    onOnlineChange: webOnline,
    keyStore: {
      kind: 'browser',
      available: async () => storage !== null,
      get: async (name) => storage?.getItem(KEY_PREFIX + name) ?? null,
      set: async (name, value) => {
        if (!storage) throw new Error('no storage');
        if (value === null) storage.removeItem(KEY_PREFIX + name);
        else storage.setItem(KEY_PREFIX + name, value);
      },
    },
    onBatchFile: () => () => undefined,
    onUpdateReady: () => () => undefined,
    restartToUpdate: async () => false,
    certificates: null,
    diskSpace: async () => null,
    backupFiles: env.privateFiles ? browserBackupFiles(env.privateFiles) : noBackupFiles,
  };
}

/** The platform this page runs on. */
export const platform: Platform = createPlatform(browserEnv());
