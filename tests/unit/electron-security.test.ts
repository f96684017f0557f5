/**
 * The security checklist items that live in code: window options, navigation
 * and new-window guards, <webview>, permissions, and who may call IPC.
 */
import { describe, expect, it } from 'vitest';
import {
  denyAllPermissions,
  guardAllWebContents,
  hardenWebContents,
  hardenedPreferences,
  isAppUrl,
  isTrustedSender,
  mainWindowOptions,
  printWindowOptions,
} from '../../electron/security';
import { FakeApp, FakeSession, FakeWebContents, MemoryLog, frame, navEvent } from './electron-fakes';

describe('window options', () => {
  const opts = mainWindowOptions('/app/dist-electron/preload.cjs', { devTools: false });
  const wp = opts.webPreferences;

  it('isolates the page: context isolation, sandbox, no Node anywhere', () => {
    expect(wp.contextIsolation).toBe(true);
    expect(wp.sandbox).toBe(true);
    expect(wp.nodeIntegration).toBe(false);
    expect(wp.nodeIntegrationInWorker).toBe(false);
    expect(wp.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and the risky switches off', () => {
    expect(wp.webSecurity).toBe(true);
    expect(wp.allowRunningInsecureContent).toBe(false);
    expect(wp.experimentalFeatures).toBe(false);
    expect(wp.webviewTag).toBe(false);
    expect(wp.navigateOnDragDrop).toBe(false);
    expect(wp.enableWebSQL).toBe(false);
    expect(wp.plugins).toBe(false);
    expect(wp).not.toHaveProperty('enableBlinkFeatures');
    expect(wp).not.toHaveProperty('additionalArguments');
  });

  it('loads the bundled preload and no other script', () => {
    expect(wp.preload).toBe('/app/dist-electron/preload.cjs');
  });

  it('turns DevTools off in the packaged app and the spellchecker (network) off', () => {
    expect(wp.devTools).toBe(false);
    expect(mainWindowOptions('/p', { devTools: true }).webPreferences.devTools).toBe(true);
    expect(wp.spellcheck).toBe(false);
  });

  it('opens hidden until the first paint, at a size that fits the desk layout', () => {
    expect(opts.show).toBe(false);
    expect(opts.minWidth).toBeGreaterThanOrEqual(1024);
  });

  it('gives the print window the same isolation and no preload', () => {
    const p = printWindowOptions();
    expect(p.show).toBe(false);
    expect(p.webPreferences).toEqual(hardenedPreferences());
    expect(p.webPreferences.preload).toBeUndefined();
    expect(p.webPreferences.sandbox).toBe(true);
  });
});

describe('navigation and new windows', () => {
  const log = new MemoryLog();
  const wc = new FakeWebContents();
  hardenWebContents(wc, log);

  it.each(['app://akimat/index.html', 'app://akimat/index.html#/queue', 'app://akimat/'])(
    'allows in-app navigation to %s',
    (url) => {
      const e = navEvent();
      wc.emit('will-navigate', e, url);
      expect(e.prevented).toBe(false);
    },
  );

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:5173/',
    'file:///C:/Windows/System32/calc.exe',
    'app://evil/index.html',
    'app://akimat.evil.example/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'chrome://settings',
    'not a url',
  ])('blocks navigation and redirects to %s', (url) => {
    for (const event of ['will-navigate', 'will-redirect']) {
      const e = navEvent();
      wc.emit(event, e, url);
      expect(e.prevented, event).toBe(true);
    }
  });

  it('denies every new window, even to the app itself', () => {
    expect(wc.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler?.({ url: 'app://akimat/index.html' })).toEqual({ action: 'deny' });
    expect(log.has('warn', 'new window blocked')).toBe(true);
  });

  it('blocks <webview>', () => {
    const e = navEvent();
    wc.emit('will-attach-webview', e, {}, {});
    expect(e.prevented).toBe(true);
  });

  it('guards every web contents the app creates', () => {
    const app = new FakeApp();
    guardAllWebContents(app);
    const other = new FakeWebContents();
    app.emit('web-contents-created', {}, other);
    const e = navEvent();
    other.emit('will-navigate', e, 'https://evil.example/');
    expect(e.prevented).toBe(true);
    expect(other.windowOpenHandler?.({ url: 'https://x/' })).toEqual({ action: 'deny' });
  });

  it('knows its own origin', () => {
    expect(isAppUrl('app://akimat/x')).toBe(true);
    expect(isAppUrl('app://akimat:1/x')).toBe(false);
    expect(isAppUrl('APP://akimat/x')).toBe(true);
    expect(isAppUrl('https://akimat/x')).toBe(false);
  });
});

describe('permissions', () => {
  const session = new FakeSession();
  denyAllPermissions(session);

  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'clipboard-sanitized-write',
    'fullscreen',
    'openExternal',
    'fileSystem',
    'unknown',
  ])('denies the request for %s and reports the check as denied', async (permission) => {
    const granted = await new Promise<boolean>((resolve) => session.request?.({}, permission, resolve, {}));
    expect(granted).toBe(false);
    expect(session.check?.({}, permission, 'app://akimat', {})).toBe(false);
  });

  it('grants durable storage to our own page only (the office database is not evicted under storage pressure)', async () => {
    const ask = (details: unknown, wc: unknown = {}) =>
      new Promise<boolean>((resolve) => session.request?.(wc, 'persistent-storage', resolve, details));
    expect(await ask({ requestingUrl: 'app://akimat/index.html' })).toBe(true);
    expect(await ask({}, { getURL: () => 'app://akimat/index.html' })).toBe(true);
    expect(await ask({ requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(await ask({ requestingUrl: 'app://other/index.html' })).toBe(false);
    expect(session.check?.({}, 'persistent-storage', 'app://akimat', {})).toBe(true);
    expect(session.check?.({}, 'persistent-storage', 'https://evil.example', {})).toBe(false);
  });

  it('denies USB, HID and serial devices', () => {
    expect(session.device?.({ deviceType: 'hid' })).toBe(false);
  });
});

describe('IPC sender validation', () => {
  const ours = new FakeWebContents();
  const isOurs = (c: unknown) => c === ours;

  it('trusts the main frame of our window on our origin', () => {
    expect(isTrustedSender({ sender: ours, senderFrame: frame('app://akimat/index.html#/desk') }, isOurs)).toBe(true);
  });

  it.each([
    ['another origin', { sender: ours, senderFrame: frame('https://evil.example/') }],
    ['a look-alike host', { sender: ours, senderFrame: frame('app://akimat.evil/') }],
    ['the web mode origin', { sender: ours, senderFrame: frame('http://127.0.0.1:5173/') }],
    ['a file page', { sender: ours, senderFrame: frame('file:///C:/x.html') }],
    [
      'a subframe of our page (the PDF preview)',
      { sender: ours, senderFrame: frame('app://akimat/index.html', frame('app://akimat/index.html')) },
    ],
    ['a destroyed frame', { sender: ours, senderFrame: null }],
    [
      'another window on our origin (the print window)',
      { sender: new FakeWebContents(), senderFrame: frame('app://akimat/__print/x.pdf') },
    ],
  ])('refuses %s', (_name, event) => {
    expect(isTrustedSender(event, isOurs)).toBe(false);
  });
});
