/**
 * Certificate pinning in the desktop shell (electron/certificates.ts), with
 * fakes of Electron: the binary cannot run on the build machines. What is
 * real: the pin file in a temporary folder, the verify proc's decisions on
 * requests shaped as Electron documents them (`certificate.fingerprint` is
 * `sha256/<base64>`), the IPC argument checks, and the probe, which reads the
 * certificate of a real TLS server on 127.0.0.1. What is not: that Chromium
 * calls the proc as documented and honours 0 / -2 / -3.
 */
import * as fsp from 'node:fs/promises';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { startShell } from '../../electron/app';
import { CHANNELS } from '../../electron/channels';
import {
  VERIFY_RESULT,
  createCertificateGuard,
  createPinStore,
  fingerprintHex,
  originKey,
  pinVerdict,
  probeCertificate,
} from '../../electron/certificates';
import type { CertificateVerifyRequest } from '../../electron/ports';
import { createSelfSignedCertificate } from '../../server/tls/selfSigned';
import {
  FakeApp,
  FakeDialog,
  FakeIpcMain,
  FakeNet,
  FakeProtocol,
  FakeSafeStorage,
  FakeSession,
  FakeShell,
  FakeWindow,
  ManualTimers,
  MemoryLog,
  frame,
} from './electron-fakes';

const base = mkdtempSync(path.join(tmpdir(), 'akimat-pins-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const freshFile = () => path.join(base, `u${n++}`, 'certificate-pins.json');

const A = 'a1'.repeat(32);
const B = 'b2'.repeat(32);
/** Electron's spelling of a fingerprint (net::HashValue::ToString). */
const electronFp = (hex: string) => `sha256/${Buffer.from(hex, 'hex').toString('base64')}`;
const request = (hostname: string, hex: string): CertificateVerifyRequest => ({
  hostname,
  certificate: { fingerprint: electronFp(hex) },
  verificationResult: 'net::ERR_CERT_AUTHORITY_INVALID',
  errorCode: -202,
});
const verdictOf = (
  proc: (r: CertificateVerifyRequest, cb: (n: number) => void) => void,
  r: CertificateVerifyRequest,
) => {
  let result: number | null = null;
  proc(r, (x) => (result = x));
  return result;
};

describe('fingerprints and origins', () => {
  it('reads Electron, Node and plain hex spellings as the same fingerprint', () => {
    const pem = createSelfSignedCertificate().cert;
    const x = new X509Certificate(pem);
    const hex = createHash('sha256').update(x.raw).digest('hex');
    expect(fingerprintHex(x.fingerprint256)).toBe(hex);
    expect(fingerprintHex(electronFp(hex))).toBe(hex);
    expect(fingerprintHex(hex.toUpperCase())).toBe(hex);
    for (const bad of ['', 'sha1/abc=', 'sha256/short=', 'xyz'.repeat(22), A.slice(2), 42, null])
      expect(fingerprintHex(bad)).toBeNull();
  });

  it('keys pins by host and port of https origins only', () => {
    expect(originKey('https://Server.Akimat.kz')).toBe('server.akimat.kz:443');
    expect(originKey('https://10.0.0.5:8787/v1/push')).toBe('10.0.0.5:8787');
    expect(originKey('https://[::1]:8443')).toBe('::1:8443');
    expect(originKey('http://10.0.0.5:8787')).toBeNull();
    expect(originKey('not a url')).toBeNull();
  });

  it('decides: no pin, the platform verifies; a pin, that certificate and no other', () => {
    expect(pinVerdict([], electronFp(A))).toBe('unpinned');
    expect(pinVerdict([A], electronFp(A))).toBe('accept');
    expect(pinVerdict([A], A.toUpperCase().match(/../g)!.join(':'))).toBe('accept');
    expect(pinVerdict([A], electronFp(B))).toBe('reject');
    expect(pinVerdict([A], 'garbage')).toBe('reject');
  });
});

describe('pin store', () => {
  it('keeps pins in a file that survives a restart, leaving no temporary file', async () => {
    const file = freshFile();
    const store = createPinStore({ fs: fsp, file, now: () => '2026-01-02T03:04:05.000Z' });
    await store.load();
    await store.set('https://10.0.0.5:8787', electronFp(A));
    await store.set('https://10.0.0.5:8787', B); // re-enrolment replaces the pin
    const again = createPinStore({ fs: fsp, file });
    await again.load();
    expect(again.get('https://10.0.0.5:8787/')).toBe(B);
    expect(again.forHost('10.0.0.5')).toEqual([B]);
    expect(again.get('https://10.0.0.5:9999')).toBeNull();
    expect(readdirSync(path.dirname(file))).toEqual(['certificate-pins.json']);
  });

  it('refuses to pin a plain http origin or a malformed fingerprint', async () => {
    const store = createPinStore({ fs: fsp, file: freshFile() });
    await expect(store.set('http://10.0.0.5:8787', A)).rejects.toThrow();
    await expect(store.set('https://10.0.0.5:8787', 'abc')).rejects.toThrow();
  });

  it('pins nothing from an unreadable file, and says so', async () => {
    const file = freshFile();
    await fsp.mkdir(path.dirname(file), { recursive: true });
    writeFileSync(file, '{ not json');
    const log = new MemoryLog();
    const store = createPinStore({ fs: fsp, file, log });
    await store.load();
    expect(store.forHost('10.0.0.5')).toEqual([]);
    expect(log.has('error', 'unreadable')).toBe(true);
  });
});

describe('the verify proc', () => {
  async function guarded() {
    const pins = createPinStore({ fs: fsp, file: freshFile() });
    await pins.set('https://10.0.0.5:8787', A);
    const log = new MemoryLog();
    return { pins, log, guard: createCertificateGuard({ pins, log, now: () => '2026-05-06T07:08:09.000Z' }) };
  }

  it('accepts the pinned certificate, self-signed as it is (Chromium said ERR_CERT_AUTHORITY_INVALID)', async () => {
    const { guard } = await guarded();
    expect(verdictOf(guard.verify, request('10.0.0.5', A))).toBe(VERIFY_RESULT.accept);
    expect(guard.lastFailure('https://10.0.0.5:8787')).toBeNull();
  });

  it('refuses any other certificate for a pinned host and remembers it for the renderer', async () => {
    const { guard, log } = await guarded();
    expect(verdictOf(guard.verify, request('10.0.0.5', B))).toBe(VERIFY_RESULT.reject);
    expect(guard.lastFailure('https://10.0.0.5:8787')).toEqual({
      origin: '10.0.0.5:8787',
      expected: A,
      presented: B,
      at: '2026-05-06T07:08:09.000Z',
    });
    expect(log.has('warn', 'refused')).toBe(true);
    // The pinned certificate back again (the real server returns): the failure is over.
    expect(verdictOf(guard.verify, request('10.0.0.5', A))).toBe(VERIFY_RESULT.accept);
    expect(guard.lastFailure('https://10.0.0.5:8787')).toBeNull();
  });

  it("leaves hosts without a pin to Chromium's own verification", async () => {
    const { guard } = await guarded();
    expect(verdictOf(guard.verify, request('updates.example.kz', B))).toBe(VERIFY_RESULT.chromium);
    expect(guard.lastFailure('https://updates.example.kz')).toBeNull();
  });

  it('judges by host, as Electron gives no port: a pin of any port of the host counts', async () => {
    const { guard } = await guarded();
    expect(verdictOf(guard.verify, request('10.0.0.5', A))).toBe(VERIFY_RESULT.accept);
    expect(verdictOf(guard.verify, request('10.0.0.5', B))).toBe(VERIFY_RESULT.reject);
    expect(guard.lastFailure('https://10.0.0.5:9443')?.presented).toBe(B);
  });
});

describe('the probe', () => {
  it('reads the fingerprint of the certificate a real TLS server presents, sending nothing else', async () => {
    const pair = createSelfSignedCertificate();
    let received = 0;
    const server = tls.createServer({ key: pair.key, cert: pair.cert }, (s) => {
      s.on('data', (d) => (received += d.length));
      s.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const fp = await probeCertificate(`https://127.0.0.1:${port}`);
      expect(fp).toBe(fingerprintHex(new X509Certificate(pair.cert).fingerprint256));
      expect(received).toBe(0);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('fails when nothing answers, and refuses anything but https', async () => {
    const server = tls.createServer({});
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r)); // the port is free again: connection refused
    await expect(probeCertificate(`https://127.0.0.1:${port}`)).rejects.toThrow(/probe: ECONNREFUSED/);
    await expect(probeCertificate('http://127.0.0.1:1')).rejects.toThrow(/https origin/);
  });
});

describe('in the shell', () => {
  function start() {
    const userData = path.join(base, `shell-${n++}`);
    const app = new FakeApp([], { userData, documents: path.join(userData, 'Documents') });
    app.lock = true;
    const session = new FakeSession();
    const ipcMain = new FakeIpcMain();
    const windows: FakeWindow[] = [];
    const shell = startShell({
      app,
      protocol: new FakeProtocol([]),
      session: () => session,
      ipcMain,
      dialog: new FakeDialog(),
      shell: new FakeShell(),
      safeStorage: new FakeSafeStorage(),
      net: new FakeNet(),
      updater: null,
      fs: fsp,
      timers: new ManualTimers(),
      log: new MemoryLog(),
      random: () => 'r',
      platform: 'win32',
      argv: [],
      cwd: userData,
      paths: { dist: userData, preload: path.join(userData, 'preload.cjs') },
      createWindow: (o) => {
        const w = new FakeWindow(o);
        w.onLoad = () => undefined;
        windows.push(w);
        return w;
      },
    });
    return { app, session, ipcMain, windows, shell, userData };
  }

  it('sets the verify proc before the page loads, and pins through IPC from our page only', async () => {
    const t = start();
    t.app.becomeReady();
    await t.shell.ready;
    expect(t.session.verifyProc).not.toBeNull();
    const w = t.windows[0];
    const ours = { sender: w.webContents, senderFrame: frame('app://akimat/index.html') };
    const sets = t.session.verifyProcSets;
    await t.ipcMain.invoke(CHANNELS.certPin, ours, 'https://10.0.0.5:8787', electronFp(A));
    // Set again after a new pin: Chromium must not keep a verdict it cached under the old one.
    expect(t.session.verifyProcSets).toBe(sets + 1);
    expect(verdictOf(t.session.verifyProc!, request('10.0.0.5', A))).toBe(VERIFY_RESULT.accept);
    expect(verdictOf(t.session.verifyProc!, request('10.0.0.5', B))).toBe(VERIFY_RESULT.reject);
    expect(await t.ipcMain.invoke(CHANNELS.certFailure, ours, 'https://10.0.0.5:8787')).toMatchObject({
      expected: A,
      presented: B,
    });
    expect(existsSync(path.join(t.userData, 'certificate-pins.json'))).toBe(true);

    // Bad arguments and strangers are refused before anything is pinned.
    await expect(t.ipcMain.invoke(CHANNELS.certPin, ours, 'http://10.0.0.5:8787', A)).rejects.toThrow(/https origin/);
    await expect(t.ipcMain.invoke(CHANNELS.certPin, ours, 'https://user:pw@10.0.0.5', A)).rejects.toThrow(
      /https origin/,
    );
    await expect(t.ipcMain.invoke(CHANNELS.certPin, ours, 'https://10.0.0.6', 'not-a-fingerprint')).rejects.toThrow(
      /fingerprint/,
    );
    await expect(t.ipcMain.invoke(CHANNELS.certProbe, ours, 'file:///etc/passwd')).rejects.toThrow(/https origin/);
    const iframe = {
      sender: w.webContents,
      senderFrame: frame('app://akimat/x.pdf', frame('app://akimat/index.html')),
    };
    await expect(t.ipcMain.invoke(CHANNELS.certPin, iframe, 'https://10.0.0.6', B)).rejects.toThrow(/refused/);
    expect(verdictOf(t.session.verifyProc!, request('10.0.0.6', B))).toBe(VERIFY_RESULT.chromium);
  });

  it('loads the pins kept by an earlier run before the page exists', async () => {
    const first = start();
    first.app.becomeReady();
    await first.shell.ready;
    const ours = { sender: first.windows[0].webContents, senderFrame: frame('app://akimat/index.html') };
    await first.ipcMain.invoke(CHANNELS.certPin, ours, 'https://district.example.kz', A);

    const app = new FakeApp([], { userData: first.userData, documents: path.join(first.userData, 'Documents') });
    app.lock = true;
    const session = new FakeSession();
    const windows: FakeWindow[] = [];
    const shell = startShell({
      app,
      protocol: new FakeProtocol([]),
      session: () => session,
      ipcMain: new FakeIpcMain(),
      dialog: new FakeDialog(),
      shell: new FakeShell(),
      safeStorage: new FakeSafeStorage(),
      net: new FakeNet(),
      updater: null,
      fs: fsp,
      timers: new ManualTimers(),
      log: new MemoryLog(),
      random: () => 'r',
      platform: 'win32',
      argv: [],
      cwd: first.userData,
      paths: { dist: first.userData, preload: 'p.cjs' },
      createWindow: (o) => {
        const w = new FakeWindow(o);
        // When the page starts loading, the proc must already know the pin.
        w.onLoad = () =>
          expect(verdictOf(session.verifyProc!, request('district.example.kz', B))).toBe(VERIFY_RESULT.reject);
        windows.push(w);
        return w;
      },
    });
    app.becomeReady();
    await shell.ready;
    expect(windows).toHaveLength(1);
    expect(verdictOf(session.verifyProc!, request('district.example.kz', A))).toBe(VERIFY_RESULT.accept);
  });
});
