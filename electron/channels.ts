/**
 * The contract between the preload and the main process: IPC channel names,
 * payloads, and the API the preload exposes to the renderer as
 * `window.akimatShell`. The renderer keeps its own copy of ShellApi
 * (renderer/platform/shell.ts, layers may not import each other); a
 * type-level test keeps the two identical.
 */

export const CHANNELS = {
  appVersion: 'akimat:app-version',
  printPdf: 'akimat:pdf-print',
  savePdf: 'akimat:pdf-save',
  openSavedFolder: 'akimat:open-saved-folder',
  onlineState: 'akimat:online-state',
  keyAvailable: 'akimat:key-available',
  keyGet: 'akimat:key-get',
  keySet: 'akimat:key-set',
  batchTake: 'akimat:batch-take',
  updateState: 'akimat:update-state',
  updateRestart: 'akimat:update-restart',
  certProbe: 'akimat:cert-probe',
  certPin: 'akimat:cert-pin',
  certFailure: 'akimat:cert-failure',
  diskSpace: 'akimat:disk-space',
  backupList: 'akimat:backup-list',
  backupRead: 'akimat:backup-read',
  backupWrite: 'akimat:backup-write',
  backupRemove: 'akimat:backup-remove',
} as const;

/** Main -> renderer notifications (webContents.send). */
export const EVENTS = {
  online: 'akimat:online',
  batchAvailable: 'akimat:batch-available',
  updateReady: 'akimat:update-ready',
} as const;

export type InvokeChannel = (typeof CHANNELS)[keyof typeof CHANNELS];
export type EventChannel = (typeof EVENTS)[keyof typeof EVENTS];

export type PrintOptions = { silent: boolean };
export type PrintResult = { ok: true } | { ok: false; reason: 'cancelled' | 'noPrinter' | 'failed'; detail?: string };
export type SaveResult = { saved: true; fileName: string } | { saved: false };
export type OpenedBatchFile =
  { name: string; text: string } | { name: string; error: 'tooLarge' | 'unreadable' | 'notText' };
export type UpdateReady = { version: string };
/** A district server's certificate refused because it is not the pinned one (electron/certificates.ts). */
export type CertificateFailure = { origin: string; expected: string; presented: string; at: string };
/** The disk holding the office database (electron/diskspace.ts). */
export type DiskSpace = { freeBytes: number; totalBytes: number };
export type BackupFileInfo = { name: string; size: number };

/** What the preload exposes. Bytes cross as Uint8Array: a Blob cannot pass the context bridge. */
export interface ShellApi {
  readonly kind: 'electron';
  readonly apiVersion: 3;
  appVersion(): Promise<string>;
  printPdf(bytes: Uint8Array, options: PrintOptions): Promise<PrintResult>;
  savePdf(bytes: Uint8Array, fileName: string): Promise<SaveResult>;
  openSavedFolder(): Promise<boolean>;
  isOnline(): Promise<boolean>;
  onOnlineChange(listener: (online: boolean) => void): () => void;
  readonly keyStore: {
    /** False when the OS offers no protected storage (then nothing is stored, never in clear text). */
    available(): Promise<boolean>;
    get(name: string): Promise<string | null>;
    /** null deletes the key. */
    set(name: string, value: string | null): Promise<void>;
  };
  /** Files opened with the app (double click, "Open with", a second launch); queued until the renderer listens. */
  onBatchFile(listener: (file: OpenedBatchFile) => void): () => void;
  /** An update is downloaded and will be installed when the app closes. */
  onUpdateReady(listener: (info: UpdateReady) => void): () => void;
  /** Closes the app, installs the downloaded update and starts it again; false when none is ready. */
  restartToUpdate(): Promise<boolean>;
  /** Certificate pinning of the district server; origins are `https://host:port`, fingerprints SHA-256 hex. */
  readonly certificates: {
    /** The fingerprint of the certificate the origin presents now (rejects when it cannot be reached). */
    probe(origin: string): Promise<string>;
    /** From now on only this certificate is accepted for the origin's host. */
    pin(origin: string, fingerprint: string): Promise<void>;
    /** The last refusal of a certificate for the origin's host, null when the last verdict was not one. */
    lastFailure(origin: string): Promise<CertificateFailure | null>;
  };
  /** Free space on the disk of the office database; null when the OS does not say. */
  diskSpace(): Promise<DiskSpace | null>;
  /**
   * The folder of automatic backups beside the profile (electron/backups.ts):
   * bare names `[a-z0-9-]+.akimatbackup`, bytes already encrypted by the page.
   */
  readonly backups: {
    list(): Promise<BackupFileInfo[]>;
    read(name: string): Promise<Uint8Array | null>;
    write(name: string, bytes: Uint8Array): Promise<void>;
    remove(name: string): Promise<void>;
  };
}
