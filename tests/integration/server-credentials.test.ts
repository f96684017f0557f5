/**
 * Credentials the district can take back (issue #10), over HTTP against the
 * real server (PGlite, or PostgreSQL with PG_TEST_URL): device tokens that
 * rotate, expire and die with revocation; enrolment codes that are withdrawn,
 * expire and may be tied to one device; district sessions that end; sign-in
 * limits per login name and address; CORS only for the desk's origins; batch
 * keys sealed under a key outside the database. Last, the real desk's sync
 * engine (fake-indexeddb) keeps syncing through rotations and a lost answer.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBatchFile, PROTOCOL_HEADER, PROTOCOL_VERSION, type Op } from '../../shared';
import {
  newStorage,
  startTestServer,
  usingPostgres,
  START_TIMEOUT_MS,
  type TestServer,
  type TestStorage,
} from '../support/harness';
import { ApiClient, DeviceClient, DistrictClient, type Reply } from '../support/client';
import { forge } from '../support/rawOps';
import { sha256 } from '../../server/auth/tokens';
import {
  checkServerKey,
  loadServerKey,
  sealBatchKeys,
  serverKeyFrom,
  SERVER_KEY_FILE,
} from '../../server/auth/serverKey';
import { importBatch } from '../../server/ingest/importFile';
import { corsOriginSet } from '../../server/http/app';
import { startFlakyProxy } from '../helpers/flaky-proxy';
import { makeDevice, register, workday, type DeskDevice } from '../helpers/desk-device';
import { getEnrolment } from '../../renderer/sync/engine';

const WEB_ORIGIN = 'http://127.0.0.1:5173';
const ENV_ORIGIN = 'https://district.example.kz';

let storage: TestStorage;
let srv: TestServer;
const logs: Array<Record<string, any>> = [];
const logStream = {
  write: (line: string) => {
    logs.push(JSON.parse(line));
  },
};

async function start() {
  // One origin from the environment (as an administrator sets it), one from the option (as npm start does).
  process.env.CORS_ORIGINS = `${ENV_ORIGIN}/ , `;
  try {
    srv = await startTestServer({ storage, corsOrigins: [WEB_ORIGIN], logger: { level: 'warn', stream: logStream } });
  } finally {
    delete process.env.CORS_ORIGINS;
  }
}

beforeAll(async () => {
  storage = await newStorage();
  await start();
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
  await storage?.cleanup();
});

const api = () => new ApiClient(srv.url);
const leases = (token: string) => api().get('/v1/leases', { token });
const pw = () => srv.demo!.password;
const q = async (sql: string, params: unknown[] = []) => (await srv.db.query(sql, params)).rows;

/** Pulls every page with this token, as a desk that never adopted a newer one; returns the last page. */
async function pullToEnd(token: string) {
  let cursor = '0';
  for (;;) {
    const r = await api().get(`/v1/pull?cursor=${cursor}&limit=1000`, { token });
    expect(r.status).toBe(200);
    if (!r.body.more) return r.body;
    expect(r.body.token).toBeUndefined();
    cursor = r.body.cursor;
  }
}

/** A request from another loopback address (the whole of 127/8 is this machine): sign-in limits are per address. */
function fromAddress(address: string, method: string, path: string, body?: unknown, token?: string): Promise<Reply> {
  const u = new URL(path, srv.url);
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method,
        localAddress: address,
        agent: false,
        headers: {
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          ...(data ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(data)) } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            body: text ? JSON.parse(text) : null,
            headers: new Headers(res.headers as Record<string, string>),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
const signInFrom = (address: string, login: string, password: string) =>
  fromAddress(address, 'POST', '/v1/district/login', { login, password });

describe('device tokens rotate', () => {
  it('a fresh token ends each successful sync; the old one works until the new one is used, then 401', async () => {
    const d = await srv.device('karasu', 'rotating laptop');
    const t1 = d.token!;
    // Only the last page carries a token: a sync that stops halfway changes nothing.
    const first = await api().get('/v1/pull?cursor=0&limit=1', { token: t1 });
    expect(first.body.more).toBe(true);
    expect(first.body.token).toBeUndefined();
    const t2 = (await pullToEnd(t1)).token as string;
    expect(t2).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(t2).not.toBe(t1);
    // The answer with t2 was lost: t1 still works, and the next sync hands out another token.
    expect((await leases(t1)).status).toBe(200);
    const t3 = (await pullToEnd(t1)).token as string;
    expect(t3).not.toBe(t2);
    expect((await leases(t2)).status).toBe(401);
    // The laptop moves on to t3: t1 dies with that first request.
    expect((await leases(t3)).status).toBe(200);
    const stale = await leases(t1);
    expect(stale.status).toBe(401);
    expect(stale.body.error).toBe('auth.invalid');
    expect((await leases(t3)).status).toBe(200);
    // Only hashes are stored, and nothing of the old tokens remains acceptable.
    const [row] = await q('SELECT token_hash, prev_token_hash FROM devices WHERE id = $1', [d.deviceId]);
    expect(row).toEqual({ token_hash: sha256(t3), prev_token_hash: null });
    // The refused old token is logged with the device id only.
    const warn = logs.find(
      (l) => l.msg === 'a replaced or revoked device token was presented' && l.deviceId === d.deviceId,
    );
    expect(warn).toBeTruthy();
    expect(JSON.stringify(logs)).not.toContain(t1);
  });

  it('when a copied token moves first, the laptop is refused with 401 and the district hears of it', async () => {
    const laptop = await srv.device('karasu', 'laptop whose token was copied');
    const copy = laptop.token!;
    const thiefToken = (await pullToEnd(copy)).token as string;
    expect((await leases(thiefToken)).status).toBe(200);
    const before = logs.length;
    const refused = await leases(laptop.token!);
    expect(refused.status).toBe(401);
    expect(logs.slice(before).some((l) => l.deviceId === laptop.deviceId && /replaced or revoked/.test(l.msg))).toBe(
      true,
    );
  });

  it('district staff pulling get no device token', async () => {
    const district = await srv.district();
    let cursor = '0';
    for (;;) {
      const r = await district.get(`/v1/pull?cursor=${cursor}&limit=1000`);
      expect(r.status).toBe(200);
      expect(r.body.token).toBeUndefined();
      if (!r.body.more) break;
      cursor = r.body.cursor;
    }
  });
});

describe('device tokens expire after the district-set idle time', () => {
  it('the district reads and sets the idle days; a device not seen for longer gets 401 auth.expired and must enrol again', async () => {
    const district = await srv.district();
    expect((await district.get('/v1/district/settings')).body).toEqual({
      deviceTokenIdleDays: 90,
      numbersWarnPercent: 20,
    });
    for (const bad of [
      { deviceTokenIdleDays: 0 },
      { deviceTokenIdleDays: 1.5 },
      { deviceTokenIdleDays: 'x' },
      { deviceTokenIdleDays: 99_999 },
    ]) {
      const r = await district.request('PUT', '/v1/district/settings', bad);
      expect(r.status).toBe(400);
    }
    const office = await srv.device('ushkonyr', 'office laptop');
    expect((await office.request('PUT', '/v1/district/settings', { deviceTokenIdleDays: 1 })).status).toBe(403);
    const set = await district.request('PUT', '/v1/district/settings', { deviceTokenIdleDays: 1 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ deviceTokenIdleDays: 1, numbersWarnPercent: 20 });
    try {
      const laptop = await srv.desk('ushkonyr', 'laptop left in a drawer');
      const d = laptop.client;
      const { ops } = await laptop.record(() => register(laptop));
      expect((await laptop.sync()).state).toMatchObject({ status: 'idle', pending: 0 });
      await q(`UPDATE devices SET last_seen_at = now() - interval '36 hours' WHERE id = $1`, [d.deviceId]);
      const r = await d.get('/v1/leases');
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('auth.expired');
      expect(r.body.message.kk).toMatch(/жаңа тіркеу кодын/);
      expect(r.body.message.ru).toMatch(/новый код регистрации/);
      // The laptop's next sync is refused, and it says so.
      expect((await laptop.sync()).state).toMatchObject({
        status: 'error',
        error: { code: 'sync.unauthorized', status: 401 },
      });
      // Never seen since enrolment counts from the enrolment.
      const quiet = await srv.device('ushkonyr', 'enrolled, never synced');
      await q(`UPDATE devices SET last_seen_at = NULL, enrolled_at = now() - interval '2 days' WHERE id = $1`, [
        quiet.deviceId,
      ]);
      expect((await quiet.get('/v1/leases')).body.error).toBe('auth.expired');
      // Within the time, any request is contact: it renews the clock.
      const active = await srv.device('ushkonyr', 'laptop in use');
      await q(`UPDATE devices SET last_seen_at = now() - interval '20 hours' WHERE id = $1`, [active.deviceId]);
      expect((await active.get('/v1/leases')).status).toBe(200);
      expect(
        (
          await q(`SELECT last_seen_at > now() - interval '1 minute' AS fresh FROM devices WHERE id = $1`, [
            active.deviceId,
          ])
        )[0].fresh,
      ).toBe(true);
      // An expired (not revoked) laptop enrols again with an office code, as the same device, and keeps its sequence.
      const expired = d.token!;
      const e = await laptop.engine.enrol(srv.url, await district.enrolmentCode(d.officeId), 'back from the drawer');
      expect(e.deviceId).toBe(d.deviceId);
      expect(e.acked).toBe(ops[ops.length - 1].deviceSeq);
      expect((await d.get('/v1/leases')).status).toBe(200);
      expect((await leases(expired)).status).toBe(401);
      await register(laptop);
      expect((await laptop.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    } finally {
      expect((await district.request('PUT', '/v1/district/settings', { deviceTokenIdleDays: 90 })).body).toEqual({
        deviceTokenIdleDays: 90,
        numbersWarnPercent: 20,
      });
    }
  });
});

describe('revocation is for good', () => {
  it('kills current and previous tokens; an office code cannot undo it, only a code issued for that device', async () => {
    const district = await srv.district();
    const laptop = await srv.desk('akkainar', 'stolen laptop');
    const d = laptop.client;
    const token = async () => (await getEnrolment(laptop.desk.context))!.token;
    const { ops } = await laptop.record(() => register(laptop));
    const t1 = await token();
    // The sync's pull rotates: t1 is the previous token, the laptop holds the current one.
    expect((await laptop.sync()).state).toMatchObject({ status: 'idle', pending: 0 });
    const t2 = await token();
    expect(t2).not.toBe(t1);
    expect((await district.revoke(d.deviceId)).status).toBe(200);
    expect((await leases(t1)).status).toBe(401);
    expect((await leases(t2)).status).toBe(401);

    // The thief has the laptop and an office code: refused, and the code is not used up.
    const officeCode = await district.enrolmentCode(d.officeId);
    const r = await new DeviceClient(srv.url).post(
      '/v1/enrol',
      { code: officeCode, deviceName: 'thief', deviceId: d.deviceId },
      { token: null },
    );
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('enrol.deviceRevoked');
    expect(r.body.message.kk).toMatch(/қайтарып алынған/);
    expect(r.body.message.ru).toMatch(/отозван/);
    expect(
      (await q('SELECT revoked_at IS NOT NULL AS revoked FROM devices WHERE id = $1', [d.deviceId]))[0].revoked,
    ).toBe(true);

    // A code for that device: it enrols no other device, and no device without the id.
    const issued = await district.post('/v1/district/enrolment-codes', {
      officeId: d.officeId,
      deviceId: d.deviceId,
      note: 'returned laptop',
    });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ officeId: d.officeId, deviceId: d.deviceId, id: expect.any(Number) });
    for (const other of [{ deviceId: '0190ffff-0000-7000-8000-000000000001' }, {}]) {
      const x = await api().post(
        '/v1/enrol',
        { code: issued.body.code, deviceName: 'another laptop', ...other },
        { token: null },
      );
      expect(x.status).toBe(403);
      expect(x.body.error).toBe('enrol.codeOtherDevice');
    }
    // Codes for unknown devices or for a device of another office are not issued.
    expect(
      (await district.post('/v1/district/enrolment-codes', { officeId: d.officeId, deviceId: 'no-such-device-1' }))
        .status,
    ).toBe(404);
    const elsewhere = await district.post('/v1/district/enrolment-codes', {
      officeId: srv.officeId('karasu'),
      deviceId: d.deviceId,
    });
    expect(elsewhere.status).toBe(409);

    // The laptop comes back: it enrols with that code as itself and syncs on.
    const e = await laptop.engine.enrol(srv.url, issued.body.code, 'returned laptop');
    expect(e.acked).toBe(ops[ops.length - 1].deviceSeq);
    expect((await d.get('/v1/leases')).status).toBe(200);
    await register(laptop);
    expect((await laptop.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    expect((await q('SELECT revoked_at FROM devices WHERE id = $1', [d.deviceId]))[0].revoked_at).toBeNull();
    expect((await leases(t1)).status).toBe(401);
    // The refused office code still works for a new laptop.
    expect((await new DeviceClient(srv.url).enrol(officeCode, 'new laptop')).officeId).toBe(d.officeId);
  });
});

describe('enrolment codes', () => {
  it('are listed without the code, withdrawn, and refused alike when withdrawn, expired or used', async () => {
    const district = await srv.district();
    const officeId = srv.officeId('mobile');
    const issue = async (note: string) =>
      (await district.post('/v1/district/enrolment-codes', { officeId, validHours: 2, note })).body as {
        code: string;
        id: number;
      };
    const list = async (query = '') => {
      const r = await district.get(`/v1/district/enrolment-codes${query}`);
      expect(r.status).toBe(200);
      return r;
    };
    const enrolWith = (code: string) => api().post('/v1/enrol', { code, deviceName: 'x' }, { token: null });

    const a = await issue('ЖҚО, 3-ноутбук');
    const listed = await list();
    expect(JSON.stringify(listed.body)).not.toContain(a.code);
    expect(JSON.stringify(listed.body)).not.toContain(a.code.replace(/-/g, ''));
    expect(JSON.stringify(listed.body)).not.toMatch(/hash/i);
    const row = listed.body.codes.find((c: { id: number }) => c.id === a.id);
    expect(row).toMatchObject({
      officeId,
      note: 'ЖҚО, 3-ноутбук',
      status: 'active',
      usedAt: null,
      usedBy: null,
      withdrawnAt: null,
      forDeviceId: null,
      createdBy: expect.any(String),
    });
    expect(Date.parse(row.expiresAt) - Date.parse(row.createdAt)).toBe(2 * 3600_000);

    const w = await district.post(`/v1/district/enrolment-codes/${a.id}/withdraw`);
    expect(w.status).toBe(200);
    expect(w.body.withdrawnAt).toEqual(expect.any(String));
    const again = await district.post(`/v1/district/enrolment-codes/${a.id}/withdraw`);
    expect(again.body.withdrawnAt).toBe(w.body.withdrawnAt);
    expect((await list('?status=withdrawn')).body.codes.map((c: { id: number }) => c.id)).toContain(a.id);

    const b = await issue('expires');
    await q(`UPDATE enrolment_codes SET expires_at = now() - interval '1 second' WHERE id = $1`, [b.id]);
    expect((await list('?status=expired')).body.codes.map((c: { id: number }) => c.id)).toContain(b.id);

    const c = await issue('used');
    const dev = new DeviceClient(srv.url);
    await dev.enrol(c.code, 'ЖҚО laptop');
    const used = (await list('?status=used')).body.codes.find((x: { id: number }) => x.id === c.id);
    expect(used).toMatchObject({ status: 'used', usedBy: dev.deviceId, usedAt: expect.any(String) });
    const u = await district.post(`/v1/district/enrolment-codes/${c.id}/withdraw`);
    expect(u.status).toBe(409);
    expect(u.body.error).toBe('enrolmentCode.used');
    expect(u.body.message.ru).toMatch(/использован/);

    const texts = new Set<string>();
    for (const code of [a.code, b.code, c.code]) {
      const r = await enrolWith(code);
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('enrol.codeInvalid');
      texts.add(JSON.stringify(r.body));
    }
    expect(texts.size).toBe(1);

    expect((await district.post('/v1/district/enrolment-codes/999999999/withdraw')).status).toBe(404);
    expect((await district.post('/v1/district/enrolment-codes/abc/withdraw')).status).toBe(404);
    expect((await district.get('/v1/district/enrolment-codes?status=bogus')).status).toBe(400);
    const active = (await list(`?status=active&officeId=${officeId}`)).body.codes;
    expect(
      active.every((x: { status: string; officeId: string }) => x.status === 'active' && x.officeId === officeId),
    ).toBe(true);
    expect((await dev.get('/v1/district/enrolment-codes')).status).toBe(403);
  });
});

describe('district sessions', () => {
  it('sign out ends the session; sessions also end when they expire; all: every session of that person', async () => {
    const a = new DistrictClient(srv.url);
    await a.login('district', pw());
    expect((await a.get('/v1/district/devices')).status).toBe(200);
    const out = await a.post('/v1/district/logout');
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ signedOut: 1 });
    const after = await a.get('/v1/district/devices');
    expect(after.status).toBe(401);
    expect(after.body.error).toBe('auth.invalid');

    const b = new DistrictClient(srv.url);
    await b.login('district', pw());
    await q(`UPDATE district_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
      sha256(b.token!),
    ]);
    expect((await b.get('/v1/district/devices')).status).toBe(401);

    // Another person's sessions (the methodist's, not the head's the other tests use).
    const c1 = new DistrictClient(srv.url);
    const c2 = new DistrictClient(srv.url);
    await c1.login('methodist', pw());
    await c2.login('methodist', pw());
    const all = await c1.post('/v1/district/logout', { all: true });
    expect(all.body.signedOut).toBe(2);
    expect((await c2.get('/v1/district/devices')).status).toBe(401);
    expect((await c1.get('/v1/district/devices')).status).toBe(401);
    expect((await (await srv.district()).get('/v1/district/devices')).status).toBe(200);
  });

  it('a staff account made inactive loses its sessions at once, and for good', async () => {
    // The district office's own laptop, as its head would use it.
    const laptop: DeskDevice = await srv.desk('district', 'district office laptop');
    const office = laptop.client;
    const logout = await office.post('/v1/district/logout');
    expect(logout.status).toBe(403);
    expect(logout.body.error).toBe('scope.staffOnly');
    const methodist = (await laptop.desk.staff()).find((s) => s.login === 'methodist')!;
    const head = await laptop.as('head');
    const s1 = new DistrictClient(srv.url);
    const s2 = new DistrictClient(srv.url);
    await s1.login('methodist', pw());
    await s2.login('methodist', pw());
    expect((await s1.get('/v1/district/devices')).status).toBe(200);

    const setActive = async (active: boolean) => {
      const [{ version }] = await q('SELECT version FROM staff WHERE id = $1', [methodist.id]);
      // The desk has no call for this yet: the op is written into its outbox as the district office's would be.
      const op: Op = await forge(laptop, {
        entity: 'staff',
        entityId: methodist.id,
        kind: 'patch',
        fields: { active },
        baseVersion: version,
        staffId: head.id,
      });
      const r = await office.push([op]);
      expect(r.results[0].status).toBe('applied');
    };
    await setActive(false);
    expect((await s1.get('/v1/district/devices')).status).toBe(401);
    expect((await s2.get('/v1/district/devices')).status).toBe(401);
    await setActive(true);
    expect((await s1.get('/v1/district/devices')).status).toBe(401);
    const fresh = new DistrictClient(srv.url);
    await fresh.login('methodist', pw());
    expect((await fresh.get('/v1/district/devices')).status).toBe(200);
  });
});

describe('sign-in limits per login name and address', () => {
  it('wrong passwords lock a login name from that address only; the district sees and lifts the lock', async () => {
    const A = '127.0.0.11';
    const B = '127.0.0.12';
    for (let i = 0; i < 10; i++) expect((await signInFrom(A, 'district', `wrong-${i}`)).status).toBe(401);
    const locked = await signInFrom(A, ' District ', pw()); // the right password waits too; case and spaces do not matter
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({
      error: 'auth.tooManyAttempts',
      message: { kk: expect.any(String), ru: expect.any(String) },
    });
    expect(locked.body.retryAfterSeconds).toBeGreaterThan(0);
    expect(locked.body.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(Number(locked.headers.get('retry-after'))).toBe(locked.body.retryAfterSeconds);
    // The same person from another address is not held back, nor another login name from this one.
    const fromB = await signInFrom(B, 'district', pw());
    expect(fromB.status).toBe(200);
    expect((await signInFrom(A, 'methodist', 'wrong')).status).toBe(401);

    const token = fromB.body.token as string;
    const locks = await fromAddress(B, 'GET', '/v1/district/sign-in-locks', undefined, token);
    expect(locks.status).toBe(200);
    expect(locks.body.locks).toContainEqual(
      expect.objectContaining({
        login: 'district',
        address: A,
        attempts: expect.any(Number),
        lockedUntil: expect.any(String),
      }),
    );
    expect((await fromAddress(B, 'POST', '/v1/district/sign-in-locks/unlock', {}, token)).status).toBe(400);
    const unlocked = await fromAddress(
      B,
      'POST',
      '/v1/district/sign-in-locks/unlock',
      { login: 'DISTRICT', address: A },
      token,
    );
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.unlocked).toBeGreaterThanOrEqual(1);
    expect(
      (await fromAddress(B, 'GET', '/v1/district/sign-in-locks', undefined, token)).body.locks.filter(
        (l: { address: string }) => l.address === A,
      ),
    ).toEqual([]);
    expect((await signInFrom(A, 'district', pw())).status).toBe(200);
  });

  it('one address trying many login names is locked for every name; lifted by address', async () => {
    const C = '127.0.0.13';
    for (let i = 0; i < 30; i++) expect((await signInFrom(C, `guess.${i}`, 'x')).status).toBe(401);
    const r = await signInFrom(C, 'district', pw());
    expect(r.status).toBe(429);
    expect((await signInFrom('127.0.0.14', 'district', pw())).status).toBe(200);
    const district = await srv.district();
    const locks = (await district.get('/v1/district/sign-in-locks')).body.locks;
    expect(locks).toContainEqual(expect.objectContaining({ login: null, address: C }));
    expect(
      (await district.post('/v1/district/sign-in-locks/unlock', { address: C })).body.unlocked,
    ).toBeGreaterThanOrEqual(1);
    expect((await signInFrom(C, 'district', pw())).status).toBe(200);
  });

  it('a burst of parallel guesses gets no more tries than the limit; a success starts the count afresh', async () => {
    const D = '127.0.0.15';
    const burst = await Promise.all(Array.from({ length: 25 }, (_, i) => signInFrom(D, 'nobody', `guess-${i}`)));
    const statuses = burst.map((x) => x.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    const E = '127.0.0.16';
    for (let i = 0; i < 9; i++) expect((await signInFrom(E, 'district', `typo-${i}`)).status).toBe(401);
    expect((await signInFrom(E, 'district', pw())).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await signInFrom(E, 'district', `typo-again-${i}`)).status).toBe(401);
    expect((await signInFrom(E, 'district', pw())).status).toBe(429);
  });
});

describe('CORS only for the desk and configured origins', () => {
  const preflight = (origin: string) =>
    fetch(`${srv.url}/v1/push`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': `authorization, content-encoding, ${PROTOCOL_HEADER}`,
      },
    });

  it('answers the preflight of the desktop app, the web-mode page and configured origins with that origin', async () => {
    for (const origin of ['app://akimat', WEB_ORIGIN, ENV_ORIGIN]) {
      const r = await preflight(origin);
      expect(r.status).toBe(204);
      expect(r.headers.get('access-control-allow-origin')).toBe(origin);
      expect(r.headers.get('vary')).toMatch(/origin/i);
      expect(r.headers.get('access-control-allow-headers')).toMatch(new RegExp(PROTOCOL_HEADER));
    }
    const err = await api().get('/v1/pull', { headers: { origin: 'app://akimat' } });
    expect(err.status).toBe(401);
    expect(err.headers.get('access-control-allow-origin')).toBe('app://akimat');
  });

  it('refuses the preflight of any other origin and gives its answers no CORS headers', async () => {
    for (const origin of [
      'https://evil.example',
      'null',
      'http://127.0.0.1:5174',
      'http://localhost:5173',
      'app://akimat.evil',
    ]) {
      const r = await preflight(origin);
      expect(r.status).toBe(403);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      expect(r.headers.get('access-control-allow-methods')).toBeNull();
      const body = await r.json();
      expect(body.error).toBe('cors.origin');
      expect(body.message.kk).toBeTruthy();
      const get = await api().get('/v1/pull', { headers: { origin } });
      expect(get.headers.get('access-control-allow-origin')).toBeNull();
    }
    // Without an Origin (Node, electron-updater, curl) nothing changes.
    expect((await api().get('/health', { noProtocol: true })).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses to start with an origin that is not scheme://host[:port]', () => {
    expect(() => corsOriginSet(['127.0.0.1:5173'])).toThrow(/scheme:\/\/host/);
    expect(() => corsOriginSet(['http://x.kz/path'])).toThrow(/scheme:\/\/host/);
    expect([...corsOriginSet(['HTTP://Portal.Example.KZ/'])]).toEqual(['app://akimat', 'http://portal.example.kz']);
  });
});

describe('batch-file keys sealed with a server key kept outside the database', () => {
  /** The key this server uses: its data folder's server.key, or (PostgreSQL) the one the harness gave it. */
  const theKey = () => loadServerKey({ key: storage.serverKey, dataDir: storage.dataDir ?? null });

  it('stores the key sealed; a signed file still imports; another server key cannot open it', async () => {
    const laptop = await srv.desk('mobile', 'laptop with a USB stick');
    const d = laptop.client;
    const [row] = await q('SELECT batch_key FROM devices WHERE id = $1', [d.deviceId]);
    expect(row.batch_key).toMatch(/^sealed:v1:/);
    expect(row.batch_key).not.toContain(d.batchKey);
    expect(Buffer.from(row.batch_key.split(':')[3], 'base64').toString('base64')).not.toContain(
      d.batchKey.slice(0, 20),
    );
    if (!usingPostgres()) {
      const file = join(storage.dataDir!, SERVER_KEY_FILE);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toHaveLength(32);
    }
    expect(theKey().open(row.batch_key, d.deviceId)).toBe(d.batchKey);
    // A sealed value copied onto another device's row does not open there.
    expect(theKey().open(row.batch_key, 'another-device-id')).toBeNull();

    // The file the laptop's desk writes for the stick.
    const { ops } = await laptop.record(() => register(laptop));
    const signed = parseBatchFile((await laptop.engine.exportBatch())!.text);
    const imported = await (await srv.district()).importFile(signed);
    expect(imported.status).toBe(200);
    expect(imported.body.acked).toBe(ops[ops.length - 1].deviceSeq);

    // A copy of the database with another server key: the batch key does not open, nothing is imported.
    const other = serverKeyFrom(randomBytes(32), 'memory');
    expect(other.open(row.batch_key, d.deviceId)).toBeNull();
    expect(await checkServerKey(srv.db, other)).toBe('mismatch');
    expect(await checkServerKey(srv.db, theKey())).toBe('match');
    await register(laptop);
    const next = parseBatchFile((await laptop.engine.exportBatch())!.text);
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const ctx = {
      db: srv.db,
      catalog: () => {
        throw new Error('not reached: refused before any op is applied');
      },
      now: () => new Date().toISOString(),
      log: silent,
    };
    await expect(importBatch(ctx as never, next, other)).rejects.toMatchObject({ code: 'batch.keyUnavailable' });
    expect((await q('SELECT acked FROM devices WHERE id = $1', [d.deviceId]))[0].acked).toBe(
      ops[ops.length - 1].deviceSeq,
    );
  });

  it('finds or makes the key: SERVER_KEY, else <dataDir>/server.key (mode 0600, kept across starts); malformed keys stop the start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'akimat-key-'));
    try {
      const k1 = loadServerKey({ dataDir: dir });
      expect(k1.source).toBe('file');
      expect(statSync(join(dir, SERVER_KEY_FILE)).mode & 0o777).toBe(0o600);
      const k2 = loadServerKey({ dataDir: dir });
      expect(k2.open(k1.seal('secret', 'dev-1'), 'dev-1')).toBe('secret');
      const env = randomBytes(32).toString('base64');
      const k3 = loadServerKey({ env, dataDir: dir });
      expect(k3.source).toBe('env');
      expect(k3.open(k1.seal('secret', 'dev-1'), 'dev-1')).toBeNull();
      expect(() => loadServerKey({ env: 'too-short', dataDir: dir })).toThrow(/SERVER_KEY must be 32 bytes/);
      writeFileSync(join(dir, SERVER_KEY_FILE), 'garbage\n', { mode: 0o644 });
      expect(() => loadServerKey({ dataDir: dir })).toThrow(/32 bytes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(
    'seals plain keys of an older version at start, once',
    async () => {
      const laptop = await srv.desk('mobile', 'laptop from before sealing');
      const d = laptop.client;
      await q('UPDATE devices SET batch_key = $2 WHERE id = $1', [d.deviceId, d.batchKey]);
      await srv.close();
      await start();
      const [row] = await q('SELECT batch_key FROM devices WHERE id = $1', [d.deviceId]);
      expect(row.batch_key).toMatch(/^sealed:v1:/);
      expect(await sealBatchKeys(srv.db, theKey())).toBe(0);
      expect(logs.some((l) => l.msg === 'the server key is not the one this database was sealed with')).toBe(false);
      await register(laptop);
      const signed = parseBatchFile((await laptop.engine.exportBatch())!.text);
      const district = new DistrictClient(srv.url);
      await district.login('district', pw());
      expect((await district.importFile(signed)).status).toBe(200);
    },
    START_TIMEOUT_MS,
  );
});

describe('the desk keeps syncing through rotations and a lost answer', () => {
  it('several syncs in a row, the last pull page cut on the way back, then syncing again', async () => {
    const district = new DistrictClient(srv.url);
    await district.login('district', pw());
    const proxy = await startFlakyProxy({ target: { port: srv.port }, cutPaths: ['/v1/pull'], cutIn: 'response' });
    try {
      const dev = await makeDevice({
        baseUrl: proxy.url,
        code: await district.enrolmentCode(srv.officeId('karasu')),
        name: 'Қарасу desk',
        password: pw(),
      });
      const { db } = dev.desk.context;
      const stored = async () => ((await db.meta.get('enrolment'))!.value as { token: string }).token;
      const serverRow = async () =>
        (await q('SELECT token_hash, prev_token_hash FROM devices WHERE id = $1', [await dev.deviceId()]))[0];
      const seen = new Set([await stored()]);
      for (let run = 0; run < 3; run++) {
        await workday(dev, { applications: 2, serial: 61_000 + run * 10 }, pw());
        const s = await dev.engine.syncNow();
        expect(s).toMatchObject({ status: 'idle', pending: 0 });
        const token = await stored();
        expect(seen.has(token)).toBe(false);
        seen.add(token);
        expect((await serverRow()).token_hash).toBe(sha256(token));
      }

      // The answer carrying the next token never arrives (every attempt of the run; the push before it goes through).
      const before = await stored();
      await workday(dev, { applications: 2, serial: 61_100 }, pw());
      proxy.setCutFraction(1);
      const failed = await dev.engine.syncNow();
      // A network failure (the status itself reads idle again in Node, where the desk is always "online").
      expect(failed.error).toMatchObject({ code: 'sync.network', status: 0 });
      expect(proxy.stats.cutsInResponse).toBeGreaterThan(0);
      expect(await stored()).toBe(before);
      const row = await serverRow();
      expect(row.token_hash).not.toBe(sha256(before));
      expect(row.prev_token_hash).toBe(sha256(before));

      proxy.setCutFraction(0);
      for (let run = 0; run < 2; run++) {
        const s = await dev.engine.syncNow();
        expect(s).toMatchObject({ status: 'idle', pending: 0 });
        expect((await serverRow()).token_hash).toBe(sha256(await stored()));
      }
      expect(await stored()).not.toBe(before);
      expect((await leases(before)).status).toBe(401);
      // Everything made in between reached the server: 8 applications, each once.
      const { rows } = await srv.db.query(
        `SELECT count(*)::int AS n FROM ops WHERE device_id = $1 AND entity = 'application' AND kind = 'create'`,
        [await dev.deviceId()],
      );
      expect(rows[0].n).toBe(8);
    } finally {
      await proxy.close();
    }
  }, 120_000);
});
