/**
 * The app:// protocol handler over a real folder: the renderer's files with
 * the right MIME types and the CSP header, and nothing outside dist/ however
 * the path is spelled (encoded dots, backslashes, drive letters, device
 * names, symlinks out).
 */
import * as fsp from 'node:fs/promises';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/constants';
import { createPrintJobs } from '../../electron/pdf';
import {
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  filePathFor,
  isInside,
  isSafeSegment,
  mimeTypeFor,
  parseAppUrl,
  registerAppScheme,
} from '../../electron/protocol';
import { FakeProtocol, MemoryLog } from './electron-fakes';

const SECRET = 'SECRET-OUTSIDE-DIST';
// Created at collection time: the table of refused URLs below names files in it.
const base = mkdtempSync(path.join(tmpdir(), 'akimat-proto-'));
const dist = path.join(base, 'dist');
let handler: (r: Request) => Promise<Response>;
const printJobs = createPrintJobs(() => 'job123');
const log = new MemoryLog();

beforeAll(() => {
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Akimat Desk</title>');
  writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(dist, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(dist, 'assets', 'Tinos-Regular-x.ttf'), Buffer.from([0, 1, 0, 0]));
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg/>');
  writeFileSync(path.join(dist, 'manifest.webmanifest'), '{}');
  writeFileSync(path.join(dist, 'data.bin'), Buffer.from([1, 2, 3]));
  writeFileSync(path.join(dist, 'қазақша әріптер.txt'), 'ә ғ қ ң ө ұ ү һ і');
  writeFileSync(path.join(dist, '.hidden'), 'dotfile');
  writeFileSync(path.join(base, 'secret.txt'), SECRET);
  mkdirSync(path.join(base, 'dist-evil'));
  writeFileSync(path.join(base, 'dist-evil', 'x.js'), SECRET);
  mkdirSync(path.join(base, 'outside'));
  writeFileSync(path.join(base, 'outside', 'secret.txt'), SECRET);
  symlinkSync(path.join(base, 'secret.txt'), path.join(dist, 'link-out.txt'));
  symlinkSync(path.join(base, 'outside'), path.join(dist, 'linkdir'));
  symlinkSync(path.join(dist, 'assets', 'index-abc.js'), path.join(dist, 'link-in.js'));
  handler = createAppProtocolHandler({ root: dist, fs: fsp, printJobs, log });
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('registration', () => {
  it('registers app:// as standard and secure, without service workers, CSP bypass or CORS', () => {
    const p = new FakeProtocol();
    registerAppScheme(p);
    expect(p.privileged).toEqual([{ scheme: 'app', privileges: APP_SCHEME_PRIVILEGES }]);
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({
      standard: true,
      secure: true,
      supportFetchAPI: true,
      bypassCSP: false,
      allowServiceWorkers: false,
      corsEnabled: false,
    });
  });
});

describe('serving the renderer', () => {
  it('serves index.html for the origin root with the CSP header', async () => {
    const res = await get('app://akimat/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Akimat Desk</title>');
  });

  it.each([
    ['app://akimat/index.html?lang=kk#/queue', 'text/html; charset=utf-8'],
    ['app://akimat/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://akimat/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://akimat/assets/Tinos-Regular-x.ttf', 'font/ttf'],
    ['app://akimat/favicon.svg', 'image/svg+xml'],
    ['app://akimat/manifest.webmanifest', 'application/manifest+json; charset=utf-8'],
    ['app://akimat/data.bin', 'application/octet-stream'],
    ['app://akimat/link-in.js', 'text/javascript; charset=utf-8'],
  ])('%s is served as %s, with the CSP header', async (url, type) => {
    const res = await get(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('serves a file whose name is in Kazakh (percent-encoded UTF-8)', async () => {
    const res = await get(`app://akimat/${encodeURIComponent('қазақша әріптер.txt')}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ә ғ қ ң ө ұ ү һ і');
  });

  it('answers HEAD with headers and no body', async () => {
    const res = await get('app://akimat/assets/index-abc.js', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String('console.log(1)'.length));
    expect(await res.text()).toBe('');
  });

  it('refuses other methods', async () => {
    expect((await get('app://akimat/index.html', 'POST')).status).toBe(405);
  });

  it('serves a print job from memory only while it is registered', async () => {
    const name = printJobs.add(new TextEncoder().encode('%PDF-1.7 test'));
    const res = await get(`app://akimat/__print/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(await res.text()).toBe('%PDF-1.7 test');
    printJobs.remove(name);
    expect((await get(`app://akimat/__print/${name}`)).status).toBe(404);
  });
});

describe('refusing everything outside dist/', () => {
  it.each([
    'app://akimat/../secret.txt',
    'app://akimat/assets/../../secret.txt',
    'app://akimat/%2e%2e/secret.txt',
    'app://akimat/%2E%2E/%2E%2E/secret.txt',
    'app://akimat/.%2e/secret.txt',
    'app://akimat/%2e%2e%2fsecret.txt',
    'app://akimat/assets%2f..%2f..%2fsecret.txt',
    'app://akimat/..%5csecret.txt',
    'app://akimat/assets%5c..%5c..%5csecret.txt',
    'app://akimat/assets\\..\\..\\secret.txt',
    'app://akimat/..\\secret.txt',
    `app://akimat/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
    `app://akimat/%2F${path.join(base, 'secret.txt').slice(1)}`,
    'app://akimat//etc/passwd',
    'app://akimat/C:%5cWindows%5cwin.ini',
    'app://akimat/C:/Windows/win.ini',
    'app://akimat/%5c%5cserver%5cshare%5cx',
    'app://akimat/..%20/secret.txt',
    'app://akimat/...%2fsecret.txt',
    'app://akimat/link-out.txt',
    'app://akimat/linkdir/secret.txt',
    '../dist-evil/x.js',
    'app://akimat/%2e%2e/dist-evil/x.js',
    'app://akimat/index.html%00.js',
    'app://akimat/nul.txt',
    'app://akimat/CON',
    'app://akimat/index.html.',
    'app://akimat/index.html%20',
    'app://akimat/.hidden',
    'app://akimat/assets',
    'app://akimat/missing.js',
    'app://evil/index.html',
    'app://akimat:8080/index.html',
    'file:///etc/passwd',
  ])('%s', async (url) => {
    const res = await get(url.startsWith('../') ? `app://akimat/${url}` : url);
    expect([400, 404]).toContain(res.status);
    expect(await res.text()).not.toContain(SECRET);
  });

  it('answers 400 for malformed percent-encoding', async () => {
    expect((await get('app://akimat/%E0%A4%A')).status).toBe(400);
  });

  it('logs refused requests', () => {
    expect(log.has('warn', 'refused')).toBe(true);
  });
});

describe('path rules on Windows (checked with path.win32)', () => {
  it.each([
    '..',
    '.',
    '...',
    '.. ',
    'a.',
    'a ',
    'C:',
    'C:x',
    'a\\b',
    '..\\x',
    'a/b',
    'x\u0000',
    'CON',
    'con.txt',
    'LPT1',
    'com9.js',
    'a|b',
    'a?b',
    'a*b',
    'a"b',
    'a<b',
    'a>b',
    '',
    '.git',
  ])('refuses the segment %j', (s) => expect(isSafeSegment(s)).toBe(false));

  it.each(['index.html', 'index-abc.js', 'Tinos-Regular.ttf', 'қазақша.pdf', 'a b.txt', 'console.js', 'configure'])(
    'accepts the segment %j',
    (s) => expect(isSafeSegment(s)).toBe(true),
  );

  it('builds paths under a Windows root and nowhere else', () => {
    const root = 'C:\\Users\\akim\\AppData\\Local\\Programs\\akimat-desk\\resources\\app.asar\\dist';
    expect(filePathFor(['assets', 'a.js'], root, path.win32)).toBe(`${root}\\assets\\a.js`);
    expect(isInside(root, `${root}-evil\\x.js`, path.win32)).toBe(false);
    expect(isInside(root, 'C:\\Windows\\win.ini', path.win32)).toBe(false);
    expect(isInside(root, 'D:\\x', path.win32)).toBe(false);
    expect(isInside(root, `${root}\\assets\\a.js`, path.win32)).toBe(true);
  });

  it('parses the URL into decoded segments before any path is built', () => {
    expect(parseAppUrl('app://akimat/')).toEqual({ ok: true, segments: ['index.html'] });
    expect(parseAppUrl('app://akimat/assets/a%20b.js')).toEqual({ ok: true, segments: ['assets', 'a b.js'] });
    expect(parseAppUrl('app://akimat/assets/..%5c..%5cx')).toEqual({ ok: false, status: 404 });
    expect(parseAppUrl('not a url')).toEqual({ ok: false, status: 400 });
    // Request() refuses credentials itself; the parser does not rely on that.
    expect(parseAppUrl('app://user:pw@akimat/index.html')).toEqual({ ok: false, status: 404 });
  });

  it('maps extensions case-insensitively', () => {
    expect(mimeTypeFor('A.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('x.PDF')).toBe('application/pdf');
  });
});
