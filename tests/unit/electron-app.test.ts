/**
 * The start sequence with fake Electron modules: order of registration,
 * single-instance behaviour, the window really created, the app:// handler
 * installed, IPC guarded, batch files forwarded from the first launch and
 * from a second one, online events and update notices sent to the page.
 */
import * as fsp from 'node:fs/promises';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startShell, type ShellDeps } from '../../electron/app';
import { CHANNELS, EVENTS } from '../../electron/channels';
import { CONTENT_SECURITY_POLICY } from '../../electron/constants';
import { mainWindowOptions } from '../../electron/security';
import {
  FakeApp,
  FakeDialog,
  FakeIpcMain,
  FakeNet,
  FakeProtocol,
  FakeSafeStorage,
  FakeSession,
  FakeShell,
  FakeUpdater,
  FakeWindow,
  ManualTimers,
  MemoryLog,
  frame,
  navEvent,
} from './electron-fakes';

const base = mkdtempSync(path.join(tmpdir(), 'akimat-app-'));
const dist = path.join(base, 'dist');
mkdirSync(dist);
writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Akimat Desk</title>');
writeFileSync(path.join(base, 'secret.txt'), 'SECRET');
const batchA = path.join(base, 'office-1.akimatbatch');
writeFileSync(batchA, '{"format":"akimat-sync-batch","ops":[]}');
const batchB = path.join(base, 'office-2.akimatbatch');
writeFileSync(batchB, '{"second":true}');
afterAll(() => rmSync(base, { recursive: true, force: true }));

function setup(over: Partial<ShellDeps> & { lock?: boolean; packaged?: boolean } = {}) {
  const journal: string[] = [];
  const app = new FakeApp(journal, { userData: path.join(base, 'userData'), documents: path.join(base, 'Documents') });
  app.lock = over.lock ?? true;
  app.isPackaged = over.packaged ?? false;
  const protocol = new FakeProtocol(journal);
  const session = new FakeSession();
  const ipcMain = new FakeIpcMain();
  const windows: FakeWindow[] = [];
  const timers = new ManualTimers();
  const net = new FakeNet();
  const updater = new FakeUpdater();
  const log = new MemoryLog();
  const deps: ShellDeps = {
    app,
    createWindow: (o) => {
      const w = new FakeWindow(o);
      w.onLoad = () => undefined;
      windows.push(w);
      return w;
    },
    protocol,
    session: () => session,
    ipcMain,
    dialog: new FakeDialog(),
    shell: new FakeShell(),
    safeStorage: new FakeSafeStorage(),
    net,
    updater,
    fs: fsp,
    timers,
    log,
    random: () => 'r4nd0m',
    platform: 'win32',
    argv: ['C:\\Programs\\Akimat Desk\\Akimat Desk.exe'],
    cwd: base,
    paths: { dist, preload: path.join(base, 'dist-electron', 'preload.cjs') },
    ...over,
  };
  const shell = startShell(deps);
  return { shell, app, protocol, session, ipcMain, windows, timers, net, updater, log, journal };
}

const trustedEvent = (w: FakeWindow) => ({ sender: w.webContents, senderFrame: frame('app://akimat/index.html') });

describe('start-up order', () => {
  it('registers the scheme before the lock and before ready, and serves it after ready', async () => {
    const t = setup();
    expect(t.journal).toEqual(['registerSchemesAsPrivileged', 'requestSingleInstanceLock']);
    expect(t.windows).toHaveLength(0);
    t.app.becomeReady();
    await t.shell.ready;
    expect(t.journal).toEqual(['registerSchemesAsPrivileged', 'requestSingleInstanceLock', 'ready', 'handle:app']);
  });

  it('opens one hardened window on app://akimat/index.html and shows it when painted', async () => {
    const t = setup();
    t.app.becomeReady();
    await t.shell.ready;
    expect(t.windows).toHaveLength(1);
    const [w] = t.windows;
    expect(w.options).toEqual(mainWindowOptions(path.join(base, 'dist-electron', 'preload.cjs'), { devTools: true }));
    expect(w.loaded).toEqual(['app://akimat/index.html']);
    expect(w.shown).toBe(false);
    w.emit('ready-to-show');
    expect(w.shown).toBe(true);
    expect(t.app.userModelId).toBe('kz.akimat.desk');
  });

  it('turns DevTools off in the packaged app', async () => {
    const t = setup({ packaged: true });
    t.app.becomeReady();
    await t.shell.ready;
    expect(t.windows[0].options.webPreferences.devTools).toBe(false);
  });

  it('installs the guards: navigation, new windows, permissions', async () => {
    const t = setup();
    t.app.becomeReady();
    await t.shell.ready;
    const w = t.windows[0];
    const e = navEvent();
    w.webContents.emit('will-navigate', e, 'https://evil.example/');
    expect(e.prevented).toBe(true);
    expect(w.webContents.windowOpenHandler?.({ url: 'https://x/' })).toEqual({ action: 'deny' });
    expect(t.app.count('web-contents-created')).toBe(1);
    const granted = await new Promise<boolean>((r) => t.session.request?.({}, 'media', r, {}));
    expect(granted).toBe(false);
  });

  it('serves the renderer through the registered handler, with CSP, and nothing outside dist/', async () => {
    const t = setup();
    t.app.becomeReady();
    await t.shell.ready;
    const res = await t.protocol.fetch('app://akimat/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await t.protocol.fetch('app://akimat/%2e%2e/secret.txt')).status).toBe(404);
  });
});

describe('single instance', () => {
  it('a second instance quits without a window, a handler or IPC', async () => {
    const t = setup({ lock: false });
    expect(t.shell.primary).toBe(false);
    expect(t.app.quitCalls).toBe(1);
    t.app.becomeReady();
    await t.shell.ready;
    await Promise.resolve();
    expect(t.windows).toHaveLength(0);
    expect(t.protocol.handlers.size).toBe(0);
    expect(t.ipcMain.handlers.size).toBe(0);
  });

  it('the first instance comes to the front when a second is started', async () => {
    const t = setup();
    t.app.becomeReady();
    await t.shell.ready;
    const w = t.windows[0];
    w.minimized = true;
    t.app.emit('second-instance', {}, ['Akimat Desk.exe'], base);
    expect(w.minimized).toBe(false);
    expect(w.focused).toBe(true);
  });

  it('quits when the window is closed', () => {
    const t = setup();
    t.app.emit('window-all-closed');
    expect(t.app.quitCalls).toBe(1);
  });
});

describe('batch files', () => {
  it('keeps a file opened at start-up until the page takes it', async () => {
    const t = setup({ argv: ['Akimat Desk.exe', batchA] });
    t.app.becomeReady();
    await t.shell.ready;
    // Reading the file races the window's creation; either way the page is told once it exists
    // (waited for as an event, not a fixed time, so a busy machine cannot fail it).
    await vi.waitFor(
      () => expect(t.windows[0]?.webContents.sent.map((s) => s.channel)).toContain(EVENTS.batchAvailable),
      { timeout: 10_000 },
    );
    const w = t.windows[0];
    expect(await t.ipcMain.invoke(CHANNELS.batchTake, trustedEvent(w))).toEqual([
      { name: 'office-1.akimatbatch', text: '{"format":"akimat-sync-batch","ops":[]}' },
    ]);
    expect(await t.ipcMain.invoke(CHANNELS.batchTake, trustedEvent(w))).toEqual([]);
  });

  it('forwards a file from a second launch to the running page', async () => {
    const t = setup();
    t.app.becomeReady();
    await t.shell.ready;
    const w = t.windows[0];
    w.webContents.sent = [];
    t.app.emit('second-instance', {}, ['Akimat Desk.exe', '--some-switch', 'office-2.akimatbatch'], base);
    await vi.waitFor(() => expect(w.webContents.sent).toEqual([{ channel: EVENTS.batchAvailable, args: [] }]), {
      timeout: 10_000,
    });
    expect(await t.ipcMain.invoke(CHANNELS.batchTake, trustedEvent(w))).toEqual([
      { name: 'office-2.akimatbatch', text: '{"second":true}' },
    ]);
  });

  it('does not hand files to a page from another origin', async () => {
    const t = setup({ argv: ['x.exe', batchA] });
    t.app.becomeReady();
    await t.shell.ready;
    const w = t.windows[0];
    await expect(
      t.ipcMain.invoke(CHANNELS.batchTake, { sender: w.webContents, senderFrame: frame('https://evil.example/') }),
    ).rejects.toThrow('refused');
  });
});

describe('online state and updates', () => {
  it('tells the page when the network goes and comes back', async () => {
    const t = setup();
    t.app.becomeReady();
    await t.shell.ready;
    const w = t.windows[0];
    w.webContents.sent = [];
    t.net.online = false;
    await t.timers.advance(16_000);
    t.net.online = true;
    await t.timers.advance(16_000);
    expect(w.webContents.sent.filter((s) => s.channel === EVENTS.online)).toEqual([
      { channel: EVENTS.online, args: [false] },
      { channel: EVENTS.online, args: [true] },
    ]);
    expect(await t.ipcMain.invoke(CHANNELS.onlineState, trustedEvent(w))).toBe(true);
  });

  it('does not look for updates in development', async () => {
    const t = setup({ packaged: false });
    t.app.becomeReady();
    await t.shell.ready;
    await t.timers.advance(10 * 60_000);
    expect(t.updater.checks).toBe(0);
  });

  it('in the packaged Windows app, checks when online and tells the page an update is ready', async () => {
    const t = setup({ packaged: true });
    t.updater.next = 'update';
    t.app.becomeReady();
    await t.shell.ready;
    await t.timers.advance(2 * 60_000);
    expect(t.updater.checks).toBe(1);
    t.updater.emit('update-downloaded', { version: '9.9.9' });
    const w = t.windows[0];
    expect(w.webContents.sent).toContainEqual({ channel: EVENTS.updateReady, args: [{ version: '9.9.9' }] });
    expect(await t.ipcMain.invoke(CHANNELS.updateState, trustedEvent(w))).toEqual({ version: '9.9.9' });
    expect(t.updater.installs).toEqual([]);
    expect(await t.ipcMain.invoke(CHANNELS.updateRestart, trustedEvent(w))).toBe(true);
    expect(t.updater.installs).toEqual([[true, true]]);
  });

  it('does not update outside Windows even when packaged', async () => {
    const t = setup({ packaged: true, platform: 'linux' });
    t.app.becomeReady();
    await t.shell.ready;
    await t.timers.advance(10 * 60_000);
    expect(t.updater.checks).toBe(0);
  });
});

describe('key storage through IPC', () => {
  it('stores under userData/keys and reads back', async () => {
    const t = setup();
    t.app.becomeReady();
    await t.shell.ready;
    const ev = trustedEvent(t.windows[0]);
    expect(await t.ipcMain.invoke(CHANNELS.keyAvailable, ev)).toBe(true);
    await t.ipcMain.invoke(CHANNELS.keySet, ev, 'device-token', 'tok');
    expect(await t.ipcMain.invoke(CHANNELS.keyGet, ev, 'device-token')).toBe('tok');
    expect(await fsp.readdir(path.join(base, 'userData', 'keys'))).toContain('device-token.key');
  });
});
