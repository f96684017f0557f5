/**
 * The few members of Electron, electron-updater and Node's fs that the shell
 * uses, declared structurally. The electron package is optional and absent
 * on build machines, so its types are not available at compile time; the
 * modules are written against these ports, electron/main.ts passes the real
 * objects, and the unit tests pass fakes.
 *
 * Signatures follow Electron 45's documentation. A mismatch with the real API
 * is not caught by the compiler (main.ts casts the loaded module), so keep
 * each member to what the docs promise.
 */

// Electron's events pass different arguments per event name; each handler types its own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Listener = (...args: any[]) => void;

export interface WebPreferences {
  preload?: string;
  contextIsolation: boolean;
  sandbox: boolean;
  nodeIntegration: boolean;
  nodeIntegrationInWorker: boolean;
  nodeIntegrationInSubFrames: boolean;
  webSecurity: boolean;
  allowRunningInsecureContent: boolean;
  experimentalFeatures: boolean;
  webviewTag: boolean;
  navigateOnDragDrop: boolean;
  spellcheck: boolean;
  devTools: boolean;
  safeDialogs: boolean;
  enableWebSQL: boolean;
  plugins: boolean;
}

export interface BrowserWindowOptions {
  width?: number;
  height?: number;
  minWidth?: number;
  minHeight?: number;
  show: boolean;
  title?: string;
  backgroundColor?: string;
  autoHideMenuBar?: boolean;
  icon?: string;
  parent?: BrowserWindowPort;
  webPreferences: WebPreferences;
}

export type WindowOpenDecision = { action: 'deny' } | { action: 'allow' };

export interface PrinterInfo {
  name: string;
  displayName?: string;
}

export interface WebPrintOptions {
  silent: boolean;
  printBackground: boolean;
  deviceName?: string;
}

export interface WebFrameMainPort {
  readonly url: string;
  readonly parent: WebFrameMainPort | null;
}

export interface WebContentsPort {
  readonly id: number;
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): unknown;
  on(
    event: 'will-attach-webview',
    listener: (event: { preventDefault(): void }, webPreferences: unknown, params: unknown) => void,
  ): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
  on(event: 'did-fail-load', listener: (event: unknown, errorCode: number, errorDescription: string) => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => WindowOpenDecision): void;
  send(channel: string, ...args: unknown[]): void;
  getURL(): string;
  isDestroyed(): boolean;
  print(options: WebPrintOptions, callback: (success: boolean, failureReason: string) => void): void;
  getPrintersAsync(): Promise<PrinterInfo[]>;
}

export interface BrowserWindowPort {
  readonly webContents: WebContentsPort;
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show' | 'closed', listener: () => void): unknown;
  show(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
  isDestroyed(): boolean;
  destroy(): void;
}

export type BrowserWindowFactory = (options: BrowserWindowOptions) => BrowserWindowPort;

export interface AppPort {
  readonly isPackaged: boolean;
  requestSingleInstanceLock(): boolean;
  whenReady(): Promise<void>;
  quit(): void;
  getVersion(): string;
  getPath(name: 'userData' | 'documents' | 'temp'): string;
  setAppUserModelId(id: string): void;
  on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string) => void): unknown;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsPort) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
}

export interface SchemePrivileges {
  standard: boolean;
  secure: boolean;
  supportFetchAPI: boolean;
  codeCache: boolean;
  bypassCSP: boolean;
  allowServiceWorkers: boolean;
  corsEnabled: boolean;
  stream: boolean;
}

export interface ProtocolPort {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: SchemePrivileges }>): void;
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
}

export type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: unknown,
) => void;
export type PermissionCheckHandler = (
  webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details: unknown,
) => boolean;

/**
 * ses.setCertificateVerifyProc's request: `certificate.fingerprint` is
 * `sha256/<base64>` of the DER certificate (net::HashValue::ToString); the
 * host name comes without the port.
 */
export type CertificateVerifyRequest = {
  hostname: string;
  certificate: { fingerprint: string };
  verificationResult?: string;
  errorCode?: number;
};
/** Answer 0 (trust), -2 (refuse) or -3 (Chromium's own verdict). */
export type CertificateVerifyProc = (request: CertificateVerifyRequest, callback: (result: number) => void) => void;

export interface SessionPort {
  setPermissionRequestHandler(handler: PermissionRequestHandler): void;
  setPermissionCheckHandler(handler: PermissionCheckHandler): void;
  setDevicePermissionHandler(handler: (details: unknown) => boolean): void;
  setCertificateVerifyProc(proc: CertificateVerifyProc | null): void;
}

export interface IpcMainInvokeEventPort {
  readonly sender: WebContentsPort;
  readonly senderFrame: WebFrameMainPort | null;
}

export interface IpcMainPort {
  handle(channel: string, listener: (event: IpcMainInvokeEventPort, ...args: unknown[]) => unknown): void;
}

export interface DialogPort {
  showSaveDialog(
    window: BrowserWindowPort | undefined,
    options: {
      title?: string;
      defaultPath: string;
      filters: Array<{ name: string; extensions: string[] }>;
      properties?: string[];
    },
  ): Promise<{ canceled: boolean; filePath?: string }>;
}

export interface ShellPort {
  /** Resolves to '' on success, an error message otherwise. */
  openPath(path: string): Promise<string>;
}

export interface SafeStoragePort {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Uint8Array;
  decryptString(encrypted: Uint8Array): string;
}

export interface NetPort {
  isOnline(): boolean;
}

/** The electron-updater AppUpdater members used (autoUpdater of the NsisUpdater on Windows). */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  autoRunAppAfterInstall: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  logger: { info(m: unknown): void; warn(m: unknown): void; error(m: unknown): void } | null;
  on(
    event: 'update-available' | 'update-not-available' | 'update-downloaded',
    listener: (info: { version: string }) => void,
  ): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface FileStat {
  size: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

/** node:fs/promises members used; tests pass the real module over a temporary folder. */
export interface FsPort {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string, options?: { mode?: number }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options?: { force?: boolean }): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  stat(path: string): Promise<FileStat>;
  realpath(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
  /** Free and total blocks of the filesystem holding `path` (node:fs/promises statfs, Node 18.15+). */
  statfs(path: string): Promise<FsStats>;
}

/** The members of node's StatFs used; numbers or bigints depending on the call. */
export interface FsStats {
  bsize: number | bigint;
  blocks: number | bigint;
  bavail: number | bigint;
}

export interface Log {
  info(message: string, detail?: unknown): void;
  warn(message: string, detail?: unknown): void;
  error(message: string, detail?: unknown): void;
}

export interface Timers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};
