/**
 * The main-process side of the preload API. Every handler first checks who is
 * calling (isTrustedSender) and then what it was given: the renderer is
 * treated as untrusted input, so a compromised page gets an error, never a
 * file outside the saved-PDF folder or someone else's key.
 */
import {
  CHANNELS,
  type BackupFileInfo,
  type CertificateFailure,
  type DiskSpace,
  type OpenedBatchFile,
  type PrintOptions,
  type PrintResult,
  type SaveResult,
  type UpdateReady,
} from './channels';
import { isBackupName } from './backups';
import { fingerprintHex, originKey } from './certificates';
import { LIMITS } from './constants';
import type { IpcMainInvokeEventPort, IpcMainPort, Log } from './ports';

export interface ShellServices {
  appVersion(): string;
  printPdf(bytes: Uint8Array, options: PrintOptions): Promise<PrintResult>;
  savePdf(bytes: Uint8Array, fileName: string): Promise<SaveResult>;
  openSavedFolder(): Promise<boolean>;
  isOnline(): boolean;
  keys: {
    available(): boolean;
    get(name: string): Promise<string | null>;
    set(name: string, value: string | null): Promise<void>;
  };
  takeBatchFiles(): OpenedBatchFile[];
  updateState(): UpdateReady | null;
  restartToUpdate(): boolean;
  certificates: {
    probe(origin: string): Promise<string>;
    pin(origin: string, fingerprint: string): Promise<void>;
    lastFailure(origin: string): CertificateFailure | null;
  };
  diskSpace(): Promise<DiskSpace | null>;
  backups: {
    list(): Promise<BackupFileInfo[]>;
    read(name: string): Promise<Uint8Array | null>;
    write(name: string, bytes: Uint8Array): Promise<void>;
    remove(name: string): Promise<void>;
  };
}

export class IpcInputError extends Error {
  override name = 'IpcInputError';
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

export function pdfBytes(value: unknown): Uint8Array {
  const bytes = value instanceof Uint8Array ? value : value instanceof ArrayBuffer ? new Uint8Array(value) : null;
  if (!bytes) throw new IpcInputError('pdf: bytes expected');
  if (bytes.byteLength > LIMITS.pdfBytes) throw new IpcInputError('pdf: too large');
  if (bytes.byteLength < PDF_MAGIC.length || PDF_MAGIC.some((b, i) => bytes[i] !== b))
    throw new IpcInputError('pdf: not a PDF');
  return bytes;
}

function printOptions(value: unknown): PrintOptions {
  if (!value || typeof value !== 'object' || typeof (value as { silent?: unknown }).silent !== 'boolean')
    throw new IpcInputError('print: options expected');
  return { silent: (value as { silent: boolean }).silent };
}

function fileName(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000)
    throw new IpcInputError('save: file name expected');
  return value;
}

const KEY_NAME = /^[a-z0-9][a-z0-9._-]*$/i;

export function keyName(value: unknown): string {
  if (typeof value !== 'string' || value.length > LIMITS.keyNameChars || !KEY_NAME.test(value) || value.includes('..'))
    throw new IpcInputError('key: bad name');
  return value;
}

function keyValue(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || new TextEncoder().encode(value).byteLength > LIMITS.keyValueBytes)
    throw new IpcInputError('key: bad value');
  return value;
}

/** An https origin and nothing more (no path, no credentials): what pins and probes are keyed by. */
export function httpsOrigin(value: unknown): string {
  if (typeof value !== 'string' || value.length > 300) throw new IpcInputError('certificate: origin expected');
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new IpcInputError('certificate: origin expected');
  }
  if (u.protocol !== 'https:' || u.username || u.password || !originKey(u.origin))
    throw new IpcInputError('certificate: an https origin expected');
  return u.origin;
}

function fingerprint(value: unknown): string {
  const fp = fingerprintHex(value);
  if (!fp) throw new IpcInputError('certificate: a SHA-256 fingerprint expected');
  return fp;
}

export function backupName(value: unknown): string {
  if (!isBackupName(value)) throw new IpcInputError('backup: bad name');
  return value;
}

/** What the page hands over is already encrypted; only its kind and size are checked here. */
export function backupBytes(value: unknown): Uint8Array {
  const bytes = value instanceof Uint8Array ? value : value instanceof ArrayBuffer ? new Uint8Array(value) : null;
  if (!bytes || bytes.byteLength === 0) throw new IpcInputError('backup: bytes expected');
  if (bytes.byteLength > LIMITS.backupBytes) throw new IpcInputError('backup: too large');
  return bytes;
}

type Handler = (...args: unknown[]) => unknown;

/** Every invoke channel with the handler that validates its arguments and calls a service. */
export function shellHandlers(s: ShellServices): Record<(typeof CHANNELS)[keyof typeof CHANNELS], Handler> {
  return {
    [CHANNELS.appVersion]: () => s.appVersion(),
    [CHANNELS.printPdf]: (bytes, options) => s.printPdf(pdfBytes(bytes), printOptions(options)),
    [CHANNELS.savePdf]: (bytes, name) => s.savePdf(pdfBytes(bytes), fileName(name)),
    [CHANNELS.openSavedFolder]: () => s.openSavedFolder(),
    [CHANNELS.onlineState]: () => s.isOnline(),
    [CHANNELS.keyAvailable]: () => s.keys.available(),
    [CHANNELS.keyGet]: (name) => s.keys.get(keyName(name)),
    [CHANNELS.keySet]: (name, value) => s.keys.set(keyName(name), keyValue(value)),
    [CHANNELS.batchTake]: () => s.takeBatchFiles(),
    [CHANNELS.updateState]: () => s.updateState(),
    [CHANNELS.updateRestart]: () => s.restartToUpdate(),
    [CHANNELS.certProbe]: (origin) => s.certificates.probe(httpsOrigin(origin)),
    [CHANNELS.certPin]: (origin, fp) => s.certificates.pin(httpsOrigin(origin), fingerprint(fp)),
    [CHANNELS.certFailure]: (origin) => s.certificates.lastFailure(httpsOrigin(origin)),
    [CHANNELS.diskSpace]: () => s.diskSpace(),
    [CHANNELS.backupList]: () => s.backups.list(),
    [CHANNELS.backupRead]: (name) => s.backups.read(backupName(name)),
    [CHANNELS.backupWrite]: (name, bytes) => s.backups.write(backupName(name), backupBytes(bytes)),
    [CHANNELS.backupRemove]: (name) => s.backups.remove(backupName(name)),
  };
}

export function registerIpc(
  ipcMain: IpcMainPort,
  services: ShellServices,
  trusted: (event: IpcMainInvokeEventPort) => boolean,
  log?: Log,
): void {
  for (const [channel, handler] of Object.entries(shellHandlers(services))) {
    ipcMain.handle(channel, async (event, ...args) => {
      if (!trusted(event)) {
        log?.warn('ipc refused: untrusted sender', { channel, url: event.senderFrame?.url ?? null });
        throw new Error('refused');
      }
      try {
        return await handler(...args);
      } catch (e) {
        log?.warn('ipc call failed', { channel, error: String(e) });
        throw e;
      }
    });
  }
}
