/**
 * TLS by default and certificate pinning on the desk (docs/tls.md), with real
 * parts: the district server (PGlite, or PostgreSQL with PG_TEST_URL) speaking
 * HTTPS with the certificate it made, and a real desk (renderer/services and
 * the SyncEngine on fake-indexeddb) whose fetch pins certificates as the
 * desktop shell does (tests/helpers/pinned-fetch.ts: node:https with the
 * shell's own pinVerdict and probe). Only Chromium's side of the shell is
 * not here: the verify proc is unit-tested with fakes (electron-certificates).
 */
import 'fake-indexeddb/auto';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import i18next from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ENROLMENT_CODE_ALPHABET,
  enrolmentSecret,
  formatFingerprint,
  type DistrictLoginResponse,
  type EnrolmentCodeResponse,
} from '../../shared';
import { startServer } from '../../server/main';
import { newStorage, startTestServer, START_TIMEOUT_MS, type TestServer } from '../support/harness';
import { createSelfSignedCertificate } from '../../server/tls/selfSigned';
import { makeDevice, workday, type DeskDevice } from '../helpers/desk-device';
import { nodePinning, type NodePinning } from '../helpers/pinned-fetch';
import { call } from '../../renderer/sync/transport';
import { SyncEngine } from '../../renderer/sync/engine';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import kkErrors from '../../locales/kk/errors.json';
import ruErrors from '../../locales/ru/errors.json';

const tmp = mkdtempSync(join(tmpdir(), 'akimat-tls-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const HEX64 = /^[0-9a-f]{64}$/;
const FULL_CODE = /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/;

/** The check group computed here with node:crypto, apart from shared/sync/enrolmentCode.ts. */
function expectedCheckGroup(secret: string, fingerprintHex: string): string {
  let v = createHash('sha256').update(`${secret}:${fingerprintHex}`).digest().readUInt32BE(0) % 31 ** 4;
  let out = '';
  for (let i = 0; i < 4; i++, v = Math.floor(v / 31)) out = ENROLMENT_CODE_ALPHABET[v % 31] + out;
  return out;
}

/** The desk's texts as the UI shows them (i18next over the shipped locale files). */
async function errorTexts(code: string) {
  const i = i18next.createInstance();
  await i.init({
    resources: { kk: { errors: kkErrors }, ru: { errors: ruErrors } },
    lng: 'kk',
    ns: ['errors'],
    defaultNS: 'errors',
  });
  return { kk: i.getFixedT('kk')(`errors:${code}`), ru: i.getFixedT('ru')(`errors:${code}`) };
}

/** What reaches a server: its HTTP requests, seen by a listener beside Fastify's on the Node server. */
function watch(srv: TestServer) {
  const seen = { requests: [] as string[] };
  srv.app.server.on('request', (req: { method?: string; url?: string }) =>
    seen.requests.push(`${req.method} ${req.url}`),
  );
  return seen;
}

describe('HTTPS with the certificate the server made, and desks that pin it', () => {
  const storage = { value: null as Awaited<ReturnType<typeof newStorage>> | null };
  let srv: TestServer;
  let laptop: DeskDevice;
  let pinning: NodePinning;

  beforeAll(async () => {
    storage.value = await newStorage();
    srv = await startTestServer({ tls: { dir: join(tmp, 'a') }, storage: storage.value });
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await srv?.stop();
    await storage.value?.cleanup();
  });

  it('listens on https and prints codes with the check group of its certificate', () => {
    expect(srv.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(srv.tls).toEqual({ fingerprint: expect.stringMatching(HEX64), source: 'generated' });
    const pem = readFileSync(join(tmp, 'a', 'server.crt'), 'utf8');
    expect(new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase()).toBe(srv.tls!.fingerprint);
    for (const c of srv.demo!.codes) {
      expect(c.code).toMatch(FULL_CODE);
      const secret = enrolmentSecret(c.code);
      expect(c.code.replace(/-/g, '').slice(12)).toBe(expectedCheckGroup(secret, srv.tls!.fingerprint));
    }
  });

  it('refuses, before any request, an incomplete code on https and plain http to another computer', async () => {
    const seen = watch(srv);
    const desk = createDesk({ db: new DeskDb(`tls-refusals-${process.pid}`) });
    const p = nodePinning();
    const engine = new SyncEngine(desk.context, { fetch: p.fetch, certificates: p.certificates });
    const code = srv.demo!.codes.find((c) => c.officeKey === 'mobile')!.code;
    await expect(engine.enrol(srv.url, code.slice(0, 14), 'laptop')).rejects.toMatchObject({
      code: 'enrol.codeIncomplete',
      retryable: false,
    });
    // 192.0.2.0/24 is TEST-NET-1: nothing is sent there, the refusal comes first.
    await expect(engine.enrol('http://192.0.2.10:8787', code, 'laptop')).rejects.toMatchObject({
      code: 'enrol.insecureUrl',
    });
    expect(p.requests).toEqual([]);
    expect(p.pins.size).toBe(0);
    expect(seen.requests).toEqual([]);
    const texts = await errorTexts('enrol.insecureUrl');
    expect(texts.kk).toContain('https://');
    expect(texts.ru).toContain('https://');
  });

  it(
    'refuses a server whose certificate does not match the check group, before the code is sent',
    async () => {
      // Someone in the middle: a real server with its own certificate, at the address the desk was given.
      const mitm = await startTestServer({ tls: { dir: join(tmp, 'mitm') } });
      try {
        const seen = watch(mitm);
        const code = srv.demo!.codes.find((c) => c.officeKey === 'karasu')!.code;
        const p = nodePinning();
        const desk = createDesk({ db: new DeskDb(`tls-mitm-${process.pid}`) });
        const engine = new SyncEngine(desk.context, { fetch: p.fetch, certificates: p.certificates });
        await expect(engine.enrol(mitm.url, code, 'Қарасу ноутбугі')).rejects.toMatchObject({
          code: 'enrol.certificateMismatch',
          retryable: false,
        });
        // The probe read its certificate (the refusal says mismatch, not "no network") and nothing more reached it: no code, no request.
        expect(seen.requests).toEqual([]);
        expect(p.requests).toEqual([]);
        expect(p.pins.size).toBe(0);
        const texts = await errorTexts('enrol.certificateMismatch');
        expect(texts.kk).toContain('Код жіберілмеді');
        expect(texts.ru).toContain('Код не отправлен');
      } finally {
        await mitm.stop();
      }
    },
    START_TIMEOUT_MS,
  );

  it('enrols with the code (not used up by the refusal above), pins the certificate and syncs over https', async () => {
    pinning = nodePinning();
    const code = srv.demo!.codes.find((c) => c.officeKey === 'karasu')!.code;
    laptop = await makeDevice({
      baseUrl: srv.url,
      code,
      name: 'Қарасу ноутбугі',
      password: srv.demo!.password,
      engine: { fetch: pinning.fetch, certificates: pinning.certificates },
    });
    expect([...pinning.pins]).toEqual([[`127.0.0.1:${srv.port}`, srv.tls!.fingerprint]]);
    const [app] = await workday(laptop, { applications: 1, serial: 51_000 }, srv.demo!.password);
    const state = await laptop.engine.syncNow();
    expect(state).toMatchObject({ status: 'idle', pending: 0 });
    const { rows } = await srv.db.query('SELECT count(*)::int AS n FROM applications WHERE id = $1', [app.id]);
    expect(rows[0].n).toBe(1);
  });

  it('issues district codes over https with the check group and the fingerprint, and a desk enrols with one', async () => {
    const p = nodePinning();
    const pin = p.certificates;
    await pin.pin(new URL(srv.url).origin, srv.tls!.fingerprint);
    const login = await call<DistrictLoginResponse>(
      { baseUrl: srv.url },
      'POST',
      '/v1/district/login',
      { login: srv.demo!.districtLogin, password: srv.demo!.password },
      { fetch: p.fetch },
    );
    const issued = await call<EnrolmentCodeResponse>(
      { baseUrl: srv.url, token: login.token },
      'POST',
      '/v1/district/enrolment-codes',
      { officeId: srv.officeId('ushkonyr') },
      { fetch: p.fetch },
    );
    expect(issued.code).toMatch(FULL_CODE);
    expect(issued.certificateFingerprint).toBe(srv.tls!.fingerprint);
    expect(issued.code.replace(/-/g, '').slice(12)).toBe(
      expectedCheckGroup(enrolmentSecret(issued.code), srv.tls!.fingerprint),
    );
    const other = nodePinning();
    const dev = await makeDevice({
      baseUrl: srv.url,
      code: issued.code,
      name: 'Үшқоңыр',
      password: srv.demo!.password,
      engine: { fetch: other.fetch, certificates: other.certificates },
    });
    expect((await dev.desk.office()).code).toBe('ҮШҚ');
  });

  it(
    'keeps its certificate across a restart (the pinned desk syncs on), and a server with another one at the same address is refused',
    async () => {
      const port = srv.port;
      const fingerprint = srv.tls!.fingerprint;
      await srv.stop();
      srv = await startTestServer({ port, tls: { dir: join(tmp, 'a') }, storage: storage.value! });
      expect(srv.tls).toEqual({ fingerprint, source: 'reused' });
      await workday(laptop, { applications: 1, serial: 52_000 }, srv.demo!.password);
      expect(await laptop.engine.syncNow()).toMatchObject({ status: 'idle', pending: 0 });

      // The district's address now answers with another certificate (a new machine, or someone in the middle).
      await srv.stop();
      srv = await startTestServer({ port, tls: { dir: join(tmp, 'b') } });
      expect(srv.tls!.fingerprint).not.toBe(fingerprint);
      const seen = watch(srv);
      await workday(laptop, { applications: 1, serial: 53_000 }, srv.demo!.password);
      const state = await laptop.engine.syncNow();
      expect(state.status).toBe('error'); // not "offline": a person must act
      expect(state.error).toEqual({ code: 'sync.certificate', status: 0 });
      expect(state.pending).toBeGreaterThan(0);
      // Refused at the handshake, once (no retries): the token and the children's data never reached it.
      expect(seen.requests).toEqual([]);
      expect(pinning.refused).toEqual([
        { origin: `127.0.0.1:${port}`, expected: fingerprint, presented: srv.tls!.fingerprint },
      ]);
      const texts = await errorTexts('sync.certificate');
      expect(texts.kk).toBe(kkErrors.sync.certificate);
      expect(texts.kk).toContain('сертификаты');
      expect(texts.kk).toContain('Деректер жіберілмеді');
      expect(texts.ru).toContain('Сертификат сервера района');
      expect(texts.ru).toContain('Данные не отправлены');
    },
    3 * START_TIMEOUT_MS,
  );
});

describe('where the certificate comes from, and when plain HTTP is allowed', () => {
  it(
    'keeps the generated key readable by its owner only, with this computer in subjectAltName',
    async () => {
      const srv = await startTestServer({ tls: { dir: join(tmp, 'c') } });
      try {
        expect(statSync(join(tmp, 'c', 'server.key')).mode & 0o777).toBe(0o600);
        const cert = new X509Certificate(readFileSync(join(tmp, 'c', 'server.crt'), 'utf8'));
        expect(cert.subjectAltName).toContain('IP Address:127.0.0.1');
        expect(cert.subjectAltName).toContain('DNS:localhost');
      } finally {
        await srv.stop();
      }
    },
    START_TIMEOUT_MS,
  );

  it(
    'uses the district certificate from TLS_CERT and TLS_KEY',
    async () => {
      const pair = createSelfSignedCertificate({
        commonName: 'district.example.kz',
        dnsNames: ['district.example.kz'],
      });
      writeFileSync(join(tmp, 'district.crt'), pair.cert);
      writeFileSync(join(tmp, 'district.key'), pair.key, { mode: 0o600 });
      const saved = { cert: process.env.TLS_CERT, key: process.env.TLS_KEY };
      process.env.TLS_CERT = join(tmp, 'district.crt');
      process.env.TLS_KEY = join(tmp, 'district.key');
      try {
        // tls: undefined, so the server reads the environment as `node server/main.ts` does.
        const srv = await startTestServer({ tls: undefined });
        try {
          const fp = new X509Certificate(pair.cert).fingerprint256.replace(/:/g, '').toLowerCase();
          expect(srv.tls).toEqual({ fingerprint: fp, source: 'files' });
          const p = nodePinning();
          await p.certificates.pin(new URL(srv.url).origin, await p.certificates.probe(new URL(srv.url).origin));
          expect(p.pins.get(`127.0.0.1:${srv.port}`)).toBe(fp);
          const health = await p.fetch(`${srv.url}/health`);
          expect(health.status).toBe(200);
          expect(formatFingerprint(fp)).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
        } finally {
          await srv.stop();
        }
        // A key that is not the certificate's stops the start with a message, before anything is opened.
        writeFileSync(join(tmp, 'other.key'), createSelfSignedCertificate().key);
        process.env.TLS_KEY = join(tmp, 'other.key');
        await expect(startServer({ port: 0, dataDir: 'memory:', logger: false })).rejects.toThrow(
          /private key does not belong to the certificate/,
        );
      } finally {
        if (saved.cert === undefined) delete process.env.TLS_CERT;
        else process.env.TLS_CERT = saved.cert;
        if (saved.key === undefined) delete process.env.TLS_KEY;
        else process.env.TLS_KEY = saved.key;
      }
    },
    START_TIMEOUT_MS,
  );

  it('refuses to listen in plain HTTP on a host other than loopback', async () => {
    await expect(
      startServer({ host: '0.0.0.0', port: 0, tls: false, dataDir: 'memory:', logger: false }),
    ).rejects.toThrow(/refusing to listen on 0\.0\.0\.0 without TLS/);
    const saved = process.env.TLS;
    process.env.TLS = 'off';
    try {
      await expect(startServer({ host: '192.0.2.10', port: 0, dataDir: 'memory:', logger: false })).rejects.toThrow(
        /without TLS/,
      );
    } finally {
      if (saved === undefined) delete process.env.TLS;
      else process.env.TLS = saved;
    }
  });

  it(
    'speaks plain HTTP on loopback when TLS is turned off (TLS=off)',
    async () => {
      const saved = process.env.TLS;
      process.env.TLS = 'off';
      try {
        const srv = await startTestServer({ tls: undefined });
        try {
          expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
          expect(srv.tls).toBeNull();
          // Codes stay 12 characters: there is no certificate to check.
          expect(srv.demo!.codes[0].code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
          expect((await fetch(`${srv.url}/health`)).status).toBe(200);
        } finally {
          await srv.stop();
        }
      } finally {
        if (saved === undefined) delete process.env.TLS;
        else process.env.TLS = saved;
      }
    },
    START_TIMEOUT_MS,
  );
});
