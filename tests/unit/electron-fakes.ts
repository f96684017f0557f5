/**
 * Fakes of the Electron ports (electron/ports.ts) for the shell's unit tests:
 * the Electron binary cannot be downloaded on build machines. Each fake keeps
 * what it was asked so tests can assert on the real calls the shell makes.
 */
import type {
  AppPort,
  BrowserWindowOptions,
  CertificateVerifyProc,
  BrowserWindowPort,
  DialogPort,
  IpcMainInvokeEventPort,
  IpcMainPort,
  Log,
  NetPort,
  PermissionCheckHandler,
  PermissionRequestHandler,
  PrinterInfo,
  ProtocolPort,
  SafeStoragePort,
  SchemePrivileges,
  SessionPort,
  ShellPort,
  Timers,
  UpdaterPort,
  WebContentsPort,
  WebFrameMainPort,
  WebPrintOptions,
  WindowOpenDecision,
} from '../../electron/ports';

type Handler = (...args: any[]) => any;

export class Emitter {
  readonly listeners = new Map<string, Handler[]>();
  on(event: string, fn: Handler): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: Handler): this {
    const wrapped: Handler = (...a) => {
      this.listeners.set(
        event,
        (this.listeners.get(event) ?? []).filter((f) => f !== wrapped),
      );
      fn(...a);
    };
    return this.on(event, wrapped);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn(...args);
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** A navigation event whose preventDefault is observable. */
export function navEvent() {
  const e = {
    prevented: false,
    preventDefault() {
      e.prevented = true;
    },
  };
  return e;
}

let nextId = 1;

export class FakeWebContents extends Emitter implements WebContentsPort {
  readonly id = nextId++;
  url = '';
  destroyed = false;
  sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((d: { url: string }) => WindowOpenDecision) | null = null;
  printers: PrinterInfo[] = [{ name: 'HP LaserJet' }];
  printCalls: WebPrintOptions[] = [];
  printOutcome: { success: boolean; reason: string } = { success: true, reason: '' };
  override on(event: string, fn: Handler): this {
    return super.on(event, fn);
  }
  setWindowOpenHandler(h: (d: { url: string }) => WindowOpenDecision): void {
    this.windowOpenHandler = h;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  getURL(): string {
    return this.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  print(options: WebPrintOptions, cb: (success: boolean, reason: string) => void): void {
    this.printCalls.push(options);
    cb(this.printOutcome.success, this.printOutcome.reason);
  }
  async getPrintersAsync(): Promise<PrinterInfo[]> {
    return this.printers;
  }
}

export class FakeWindow extends Emitter implements BrowserWindowPort {
  readonly webContents = new FakeWebContents();
  loaded: string[] = [];
  shown = false;
  focused = false;
  minimized = false;
  destroyed = false;
  /** What loading a URL does: by default the page loads. */
  onLoad: (w: FakeWindow, url: string) => void = (w) => w.webContents.emit('did-finish-load');
  constructor(readonly options: BrowserWindowOptions) {
    super();
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.webContents.url = url;
    this.onLoad(this, url);
  }
  override once(event: string, fn: Handler): this {
    return super.once(event, fn);
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.webContents.destroyed = true;
  }
}

export class FakeApp extends Emitter implements AppPort {
  isPackaged = false;
  lock = true;
  quitCalls = 0;
  userModelId: string | null = null;
  private resolveReady!: () => void;
  private readyPromise = new Promise<void>((r) => {
    this.resolveReady = r;
  });
  constructor(
    private readonly journal: string[] = [],
    private readonly dirs: Record<string, string> = {},
  ) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    this.journal.push('requestSingleInstanceLock');
    return this.lock;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  becomeReady(): void {
    this.journal.push('ready');
    this.resolveReady();
  }
  quit(): void {
    this.quitCalls++;
  }
  getVersion(): string {
    return '1.2.3';
  }
  getPath(name: 'userData' | 'documents' | 'temp'): string {
    return this.dirs[name] ?? `/fake/${name}`;
  }
  setAppUserModelId(id: string): void {
    this.userModelId = id;
  }
  override on(event: string, fn: Handler): this {
    return super.on(event, fn);
  }
}

export class FakeProtocol implements ProtocolPort {
  privileged: Array<{ scheme: string; privileges: SchemePrivileges }> = [];
  handlers = new Map<string, (r: Request) => Response | Promise<Response>>();
  constructor(private readonly journal: string[] = []) {}
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: SchemePrivileges }>): void {
    this.journal.push('registerSchemesAsPrivileged');
    this.privileged.push(...schemes);
  }
  handle(scheme: string, handler: (r: Request) => Response | Promise<Response>): void {
    this.journal.push(`handle:${scheme}`);
    this.handlers.set(scheme, handler);
  }
  fetch(url: string, method = 'GET'): Promise<Response> {
    const h = this.handlers.get(new URL(url).protocol.replace(':', ''));
    if (!h) throw new Error(`no handler for ${url}`);
    return Promise.resolve(h(new Request(url, { method })));
  }
}

export class FakeSession implements SessionPort {
  request: PermissionRequestHandler | null = null;
  check: PermissionCheckHandler | null = null;
  device: ((d: unknown) => boolean) | null = null;
  setPermissionRequestHandler(h: PermissionRequestHandler): void {
    this.request = h;
  }
  setPermissionCheckHandler(h: PermissionCheckHandler): void {
    this.check = h;
  }
  setDevicePermissionHandler(h: (d: unknown) => boolean): void {
    this.device = h;
  }
  verifyProc: CertificateVerifyProc | null = null;
  verifyProcSets = 0;
  setCertificateVerifyProc(proc: CertificateVerifyProc | null): void {
    this.verifyProc = proc;
    this.verifyProcSets++;
  }
}

export function frame(url: string, parent: WebFrameMainPort | null = null): WebFrameMainPort {
  return { url, parent };
}

export class FakeIpcMain implements IpcMainPort {
  handlers = new Map<string, (event: IpcMainInvokeEventPort, ...args: unknown[]) => unknown>();
  handle(channel: string, fn: (event: IpcMainInvokeEventPort, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, fn);
  }
  async invoke(channel: string, event: IpcMainInvokeEventPort, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h(event, ...args);
  }
}

export class FakeDialog implements DialogPort {
  calls: Array<{ window: BrowserWindowPort | undefined; options: Parameters<DialogPort['showSaveDialog']>[1] }> = [];
  answer: { canceled: boolean; filePath?: string } = { canceled: true };
  async showSaveDialog(window: BrowserWindowPort | undefined, options: Parameters<DialogPort['showSaveDialog']>[1]) {
    this.calls.push({ window, options });
    return this.answer;
  }
}

export class FakeShell implements ShellPort {
  opened: string[] = [];
  error = '';
  async openPath(path: string): Promise<string> {
    this.opened.push(path);
    return this.error;
  }
}

/** Reversible, but visibly not plain text: enough to tell encrypted bytes from the secret. */
export class FakeSafeStorage implements SafeStoragePort {
  available = true;
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  encryptString(s: string): Uint8Array {
    return new Uint8Array([0x01, ...Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)]);
  }
  decryptString(b: Uint8Array): string {
    if (b[0] !== 0x01) throw new Error('not ours');
    return Buffer.from(b.slice(1).map((x) => x ^ 0x5a)).toString('utf8');
  }
}

export class FakeNet implements NetPort {
  online = true;
  isOnline(): boolean {
    return this.online;
  }
}

export class FakeUpdater extends Emitter implements UpdaterPort {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  autoRunAppAfterInstall = false;
  allowDowngrade = true;
  allowPrerelease = true;
  logger: UpdaterPort['logger'] = null;
  checks = 0;
  installs: Array<[boolean | undefined, boolean | undefined]> = [];
  /** What the next check does. */
  next: 'none' | 'update' | 'fail' = 'none';
  override on(event: string, fn: Handler): this {
    return super.on(event, fn);
  }
  async checkForUpdates(): Promise<unknown> {
    this.checks++;
    if (this.next === 'fail') {
      const e = new Error('net::ERR_INTERNET_DISCONNECTED');
      this.emit('error', e);
      throw e;
    }
    if (this.next === 'update') {
      this.emit('update-available', { version: '9.9.9' });
      return { downloadPromise: Promise.resolve([]) };
    }
    this.emit('update-not-available', { version: '1.2.3' });
    return {};
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

/** Timers driven by the test: advance() runs what is due, in order. */
export class ManualTimers implements Timers {
  t = 0;
  private seq = 0;
  private tasks = new Map<number, { at: number; fn: () => void; every?: number }>();
  setInterval(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.tasks.set(id, { at: this.t + ms, fn, every: ms });
    return id;
  }
  clearInterval(h: unknown): void {
    this.tasks.delete(h as number);
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.tasks.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.tasks.delete(h as number);
  }
  now(): number {
    return this.t;
  }
  get pending(): number {
    return this.tasks.size;
  }
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void; every?: number }] | undefined;
      for (const e of this.tasks) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      const [id, task] = next;
      this.t = task.at;
      if (task.every) task.at += task.every;
      else this.tasks.delete(id);
      task.fn();
      // Let promise chains started by the task run before the next one.
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
    this.t = end;
  }
}

export class MemoryLog implements Log {
  lines: Array<{ level: string; message: string; detail?: unknown }> = [];
  info(message: string, detail?: unknown): void {
    this.lines.push({ level: 'info', message, detail });
  }
  warn(message: string, detail?: unknown): void {
    this.lines.push({ level: 'warn', message, detail });
  }
  error(message: string, detail?: unknown): void {
    this.lines.push({ level: 'error', message, detail });
  }
  has(level: string, fragment: string): boolean {
    return this.lines.some((l) => l.level === level && l.message.includes(fragment));
  }
}
