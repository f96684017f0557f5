/**
 * The district server's update feed (server/routes/updates.ts) as electron-updater's
 * generic provider uses it: latest.yml, the installer and blockmaps, single
 * and multiple byte ranges (parsed here by electron-updater's own multipart
 * reader), and no file outside the folder.
 */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { createRequire } from 'node:module';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange, registerUpdateRoutes } from '../../server/routes/updates';

const require = createRequire(import.meta.url);
const { DataSplitter } = require('electron-updater/out/differentialDownloader/DataSplitter') as {
  DataSplitter: new (
    out: Writable,
    options: unknown,
    partIndexToTaskIndex: Map<number, number>,
    boundary: string,
    partIndexToLength: number[],
    finish: () => void,
    total: number,
  ) => Writable;
};
const { OperationKind } = require('electron-updater/out/differentialDownloader/downloadPlanBuilder') as {
  OperationKind: { COPY: number; DOWNLOAD: number };
};
const { resolveFiles } = require('electron-updater/out/providers/Provider') as {
  resolveFiles(info: unknown, base: URL): Array<{ url: URL }>;
};
const { load } = require('js-yaml') as { load(s: string): unknown };

const base = mkdtempSync(path.join(tmpdir(), 'akimat-feed-'));
const dir = path.join(base, 'updates');
const INSTALLER = 'akimat-desk-setup-0.2.0.exe';
const installer = Buffer.alloc(300_000);
for (let i = 0; i < installer.length; i++) installer[i] = (i * 31 + (i >> 8)) & 0xff;
const LATEST = `version: 0.2.0
files:
  - url: ${INSTALLER}
    sha512: abc
    size: ${installer.length}
path: ${INSTALLER}
sha512: abc
releaseDate: '2025-01-15T05:00:00.000Z'
`;

let app: FastifyInstance;

beforeAll(async () => {
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'latest.yml'), LATEST);
  writeFileSync(path.join(dir, INSTALLER), installer);
  writeFileSync(path.join(dir, `${INSTALLER}.blockmap`), Buffer.from([1, 2, 3, 4]));
  writeFileSync(path.join(dir, 'notes.txt'), 'not part of the feed');
  writeFileSync(path.join(base, 'secret.yml'), 'SECRET');
  symlinkSync(path.join(base, 'secret.yml'), path.join(dir, 'linked.yml'));
  mkdirSync(path.join(dir, 'sub.exe'));
  app = Fastify({ logger: false });
  registerUpdateRoutes(app, { dir });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  rmSync(base, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('the files electron-updater asks for', () => {
  it('serves latest.yml uncached, as YAML', async () => {
    const res = await get('/updates/latest.yml?noCache=1abc');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/yaml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.body).toBe(LATEST);
  });

  it('serves every file latest.yml points to, at the URLs the generic provider builds', async () => {
    const info = load((await get('/updates/latest.yml')).body);
    const files = resolveFiles(info, new URL('http://district.local:8080/updates/'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const res = await get(f.url.pathname + f.url.search);
      expect(res.statusCode, f.url.href).toBe(200);
      expect(res.rawPayload.equals(installer)).toBe(true);
      expect(res.headers['content-length']).toBe(String(installer.length));
      expect(res.headers['content-type']).toBe('application/vnd.microsoft.portable-executable');
    }
    expect((await get(`/updates/${INSTALLER}.blockmap`)).rawPayload).toEqual(Buffer.from([1, 2, 3, 4]));
  });

  it('answers HEAD without a body', async () => {
    const res = await app.inject({ method: 'HEAD', url: `/updates/${INSTALLER}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-length']).toBe(String(installer.length));
    expect(res.rawPayload.length).toBe(0);
  });
});

describe('byte ranges', () => {
  it('serves one range as 206 with Content-Range', async () => {
    const res = await get(`/updates/${INSTALLER}`, { range: 'bytes=100-199' });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 100-199/${installer.length}`);
    expect(res.rawPayload.equals(installer.subarray(100, 200))).toBe(true);
  });

  it('serves open-ended and suffix ranges', async () => {
    const tail = await get(`/updates/${INSTALLER}`, { range: `bytes=${installer.length - 10}-` });
    expect(tail.rawPayload.equals(installer.subarray(installer.length - 10))).toBe(true);
    const suffix = await get(`/updates/${INSTALLER}`, { range: 'bytes=-5' });
    expect(suffix.rawPayload.equals(installer.subarray(installer.length - 5))).toBe(true);
    expect(suffix.headers['content-range']).toBe(
      `bytes ${installer.length - 5}-${installer.length - 1}/${installer.length}`,
    );
  });

  it('answers 416 for a range past the end', async () => {
    const res = await get(`/updates/${INSTALLER}`, { range: `bytes=${installer.length}-` });
    expect(res.statusCode).toBe(416);
    expect(res.headers['content-range']).toBe(`bytes */${installer.length}`);
  });

  it('ignores a malformed Range header and sends the whole file', async () => {
    for (const range of ['bytes=abc', 'items=0-1', 'bytes=5-1', 'bytes=-']) {
      const res = await get(`/updates/${INSTALLER}`, { range });
      expect(res.statusCode, range).toBe(200);
      expect(res.rawPayload.length).toBe(installer.length);
    }
  });

  it("serves many ranges as multipart/byteranges that electron-updater's own reader splits correctly", async () => {
    const ranges = [
      [0, 99],
      [1000, 1499],
      [4096, 4096],
      [200_000, 299_999],
    ] as const;
    const res = await get(`/updates/${INSTALLER}`, {
      range: `bytes=${ranges.map(([a, b]) => `${a}-${b}`).join(', ')}`,
    });
    expect(res.statusCode).toBe(206);
    const m = /^multipart\/byteranges; boundary=(\S+)$/.exec(String(res.headers['content-type']));
    expect(m).not.toBeNull();
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    // RFC 9110 §14.6 framing, which stricter clients than electron-updater's rely on.
    const b = m![1];
    const text = res.rawPayload.toString('latin1');
    expect(
      text.startsWith(
        `--${b}\r\nContent-Type: application/vnd.microsoft.portable-executable\r\nContent-Range: bytes 0-99/${installer.length}\r\n\r\n`,
      ),
    ).toBe(true);
    expect(text.endsWith(`\r\n--${b}--\r\n`)).toBe(true);
    expect(text.split(`\r\n--${b}\r\n`)).toHaveLength(ranges.length);

    const chunks: Buffer[] = [];
    const out = new Writable({
      write(c, _e, cb) {
        chunks.push(Buffer.from(c));
        cb();
      },
    });
    const tasks = ranges.map(([a, b]) => ({ kind: OperationKind.DOWNLOAD, start: a, end: b + 1 }));
    const finished = new Promise<void>((resolve, reject) => {
      const splitter = new DataSplitter(
        out,
        { tasks, start: 0, end: tasks.length, oldFileFd: -1 },
        new Map(tasks.map((_t, i) => [i, i])),
        m![1],
        tasks.map((t) => t.end - t.start),
        resolve,
        0,
      );
      splitter.on('error', reject);
      // Feed in uneven pieces, as a slow link delivers them.
      const body = res.rawPayload;
      for (let i = 0; i < body.length; i += 777) splitter.write(body.subarray(i, i + 777));
    });
    await finished;
    expect(Buffer.concat(chunks).equals(Buffer.concat(ranges.map(([a, b]) => installer.subarray(a, b + 1))))).toBe(
      true,
    );
  });

  it('parses Range headers by the RFC', () => {
    expect(parseRange(undefined, 10)).toBeNull();
    expect(parseRange('bytes=0-4', 10)).toEqual([{ start: 0, end: 4 }]);
    expect(parseRange('bytes=8-100', 10)).toEqual([{ start: 8, end: 9 }]);
    expect(parseRange('bytes=0-0, -2', 10)).toEqual([
      { start: 0, end: 0 },
      { start: 8, end: 9 },
    ]);
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=1-2,x', 10)).toBeNull();
  });
});

describe('nothing else', () => {
  it.each([
    '/updates/../package.json',
    '/updates/..%2fpackage.json',
    '/updates/%2e%2e%2fpackage.json',
    '/updates/..%5csecret.yml',
    `/updates/${encodeURIComponent(path.join(base, 'secret.yml'))}`,
    '/updates/linked.yml',
    '/updates/notes.txt',
    '/updates/sub.exe',
    '/updates/.latest.yml',
    '/updates/missing.yml',
    '/updates/',
    '/updates',
  ])('%s is not served', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('SECRET');
  });
});
