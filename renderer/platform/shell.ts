/**
 * What the desktop shell's preload exposes as `window.akimatShell`. A copy of
 * electron/channels.ts ShellApi (renderer/ may not import electron/);
 * tests/unit/electron-platform.test.ts fails to compile if the two differ.
 */

export type PrintOptions = { silent: boolean };
export type PrintResult = { ok: true } | { ok: false; reason: 'cancelled' | 'noPrinter' | 'failed'; detail?: string };
export type SaveResult = { saved: true; fileName: string } | { saved: false };
export type OpenedBatchFile =
  { name: string; text: string } | { name: string; error: 'tooLarge' | 'unreadable' | 'notText' };
export type UpdateReady = { version: string };
export type CertificateFailure = { origin: string; expected: string; presented: string; at: string };
export type DiskSpace = { freeBytes: number; totalBytes: number };
export type BackupFileInfo = { name: string; size: number };

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
    available(): Promise<boolean>;
    get(name: string): Promise<string | null>;
    set(name: string, value: string | null): Promise<void>;
  };
  onBatchFile(listener: (file: OpenedBatchFile) => void): () => void;
  onUpdateReady(listener: (info: UpdateReady) => void): () => void;
  restartToUpdate(): Promise<boolean>;
  readonly certificates: {
    probe(origin: string): Promise<string>;
    pin(origin: string, fingerprint: string): Promise<void>;
    lastFailure(origin: string): Promise<CertificateFailure | null>;
  };
  diskSpace(): Promise<DiskSpace | null>;
  readonly backups: {
    list(): Promise<BackupFileInfo[]>;
    read(name: string): Promise<Uint8Array | null>;
    write(name: string, bytes: Uint8Array): Promise<void>;
    remove(name: string): Promise<void>;
  };
}

/** The bridge, when the page runs in the desktop shell with an API this renderer understands. */
export function findShell(host: unknown): ShellApi | undefined {
  const shell = (host as { akimatShell?: Partial<ShellApi> } | undefined)?.akimatShell;
  return shell && shell.kind === 'electron' && shell.apiVersion === 3 ? (shell as ShellApi) : undefined;
}
