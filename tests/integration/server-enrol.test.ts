/**
 * Enrolment and access control of the district server, over HTTP on
 * 127.0.0.1: one-time codes, the reference data a device receives, and the
 * refusals (401, 403, 413, 400, 426), each of which must leave the database
 * untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { PROTOCOL_VERSION, SYNC_LIMITS, verifyPassword, PasswordHashSchema } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { ApiClient, DeviceClient } from '../support/client';
import { register, type DeskDevice } from '../helpers/desk-device';
import { DEMO_DISTRICT_LOGIN, DEMO_PASSWORD } from '../../server/demo/seed';
import { loadMigrations } from '../../server/db/migrate';

let srv: TestServer;

async function dbState() {
  const q = async (sql: string) => (await srv.db.query(sql)).rows[0].n as number;
  return {
    ops: await q('SELECT count(*)::int AS n FROM ops'),
    apps: await q('SELECT count(*)::int AS n FROM applications'),
    backlog: await q('SELECT count(*)::int AS n FROM backlog'),
    seq: await q('SELECT seq AS n FROM change_counter'),
    acked: await q(`SELECT coalesce(sum(acked), 0)::int AS n FROM devices`),
  };
}

beforeAll(async () => {
  srv = await startTestServer();
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

describe('health', () => {
  it('reports the database, version and applied migrations without credentials', async () => {
    const r = await new ApiClient(srv.url).get('/health', { noProtocol: true });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      ok: true,
      db: { ok: true, kind: srv.db.kind },
      protocol: { current: PROTOCOL_VERSION },
      // Every migration in server/migrations, in order (the list grows with each one).
      migrations: loadMigrations().map((m) => m.name),
      district: 'Жамбыл ауданы',
    });
  });
});

describe('cross-origin calls from the desk', () => {
  it("answers the desktop app's preflight without credentials and marks answers readable by it, not by other origins", async () => {
    const pre = await fetch(`${srv.url}/v1/push`, {
      method: 'OPTIONS',
      headers: {
        origin: 'app://akimat',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-encoding, x-protocol-version',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('app://akimat');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/x-protocol-version/);
    // The district's catalog editor sends PUT.
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/PUT/);
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/content-encoding/);
    const err = await new ApiClient(srv.url).get('/v1/pull', { headers: { origin: 'app://akimat' } });
    expect(err.status).toBe(401);
    expect(err.headers.get('access-control-allow-origin')).toBe('app://akimat');
    // An origin this server was not configured for (see server-credentials.test.ts): no CORS headers.
    const other = await new ApiClient(srv.url).get('/v1/pull', { headers: { origin: 'http://localhost:5173' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('enrolment', () => {
  it('turns a one-time code into a device credential and the district reference data', async () => {
    const d = new DeviceClient(srv.url);
    const karasu = srv.demo!.codes.find((c) => c.officeKey === 'karasu')!;
    const e = await d.enrol(karasu.code.toLowerCase().replace(/-/g, ' '), 'Қарасу: Әйгерімнің ноутбугі');
    expect(e.officeId).toBe(karasu.officeId);
    expect(e.token.length).toBeGreaterThanOrEqual(40);
    expect(e.acked).toBe(0);
    const ref = e.reference;
    expect(ref.districtName.kk).toBe('Жамбыл ауданы');
    expect(ref.offices.map((o) => o.type).sort()).toEqual([
      'districtEducation',
      'mobileCentre',
      'ruralDistrict',
      'settlement',
      'village',
    ]);
    expect(ref.kindergartens.length).toBe(5);
    expect(ref.kindergartens[0].ageGroups.map((g) => g.id)).toEqual(['nursery', 'junior', 'middle', 'senior']);
    expect(ref.catalog.map((s) => s.code)).toContain('preschool-queue');
    expect((ref.calendar as { id: string }).id).toBe('kz-5day');
    // Only this office's staff, with hashes that verify offline.
    expect(ref.staff.every((s) => s.officeId === karasu.officeId)).toBe(true);
    expect(ref.staff.map((s) => s.login).sort()).toEqual(['clerk', 'executor', 'head']);
    const clerk = ref.staff.find((s) => s.login === 'clerk')!;
    expect(await verifyPassword(srv.demo!.password, PasswordHashSchema.parse(clerk.password))).toBe(true);
    // The server keeps a hash of the token, never the token.
    const { rows } = await srv.db.query('SELECT token_hash FROM devices WHERE id = $1', [e.deviceId]);
    expect(rows[0].token_hash).not.toContain(e.token);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    const pulled = await d.pull();
    expect(pulled.changes.some((c) => c.entity === 'office')).toBe(true);
  });

  it('refuses a used, unknown or withdrawn code with 401', async () => {
    const karasu = srv.demo!.codes.find((c) => c.officeKey === 'karasu')!;
    const before = (await srv.db.query('SELECT count(*)::int AS n FROM devices')).rows[0].n;
    for (const code of [karasu.code, 'AAAA-BBBB-CCCC']) {
      const r = await new ApiClient(srv.url).post('/v1/enrol', { code, deviceName: 'x' });
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('enrol.codeInvalid');
      expect(r.body.message.kk).toMatch(/Тіркеу коды/);
    }
    expect((await srv.db.query('SELECT count(*)::int AS n FROM devices')).rows[0].n).toBe(before);
  });

  it('lets district staff issue a code for an office; a known device keeps its sequence on re-enrolment', async () => {
    const district = await srv.district();
    const first = await srv.desk('ushkonyr');
    const { ops } = await first.record(() => register(first));
    expect((await first.sync()).state).toMatchObject({ status: 'idle', pending: 0 });
    const code = await district.enrolmentCode(srv.officeId('ushkonyr'));
    const again = new DeviceClient(srv.url);
    const e = await again.enrol(code, 'same laptop, new token', first.client.deviceId);
    expect(e.acked).toBe(ops[ops.length - 1].deviceSeq);
    // The old token stopped working; the new one works.
    expect((await first.client.get('/v1/leases')).status).toBe(401);
    expect((await again.get('/v1/leases')).status).toBe(200);
  });

  it('district staff sign in with the demo login; a wrong password is 401', async () => {
    const c = new ApiClient(srv.url);
    expect((await c.post('/v1/district/login', { login: 'district', password: 'wrong-password' })).status).toBe(401);
    const ok = await c.post('/v1/district/login', { login: 'district', password: srv.demo!.password });
    expect(ok.status).toBe(200);
    expect(ok.body.staff.fullName).toBe('Әбдіғалиева Гүлшат Төреханқызы');
  });
});

describe('refusals apply nothing', () => {
  // A real desk's ops: each refused request leaves them in its outbox, to go through at the end.
  let laptop: DeskDevice;
  let dev: DeviceClient;
  /** The last deviceSeq the server has acknowledged for the laptop. */
  let acked = 0;
  const made = async () => (await laptop.record(() => register(laptop))).ops;
  beforeAll(async () => {
    laptop = await srv.desk('akkainar');
    dev = laptop.client;
  });

  it('401 for a missing, wrong or revoked credential', async () => {
    const [op] = await made();
    const before = await dbState();
    expect((await dev.pushRaw([op], { token: null })).status).toBe(401);
    const wrong = await dev.pushRaw([op], { token: 'x'.repeat(43) });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('auth.invalid');
    expect(wrong.body.message.ru).toMatch(/недействительны/);
    // A revoked laptop's desk: its sync is refused, and the laptop says so.
    const victim = await srv.desk('akkainar', 'stolen laptop');
    expect((await (await srv.district()).revoke(victim.client.deviceId)).status).toBe(200);
    await register(victim);
    const run = await victim.sync();
    expect(run.state).toMatchObject({ status: 'error', pending: 2, error: { code: 'sync.revoked', status: 401 } });
    expect(run.pushes).toEqual([]);
    const refused = await victim.client.get('/v1/pull?cursor=0');
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('auth.revoked');
    expect(await dbState()).toEqual(before);
  });

  it('refuses ops about another office one by one (the rest goes on), 403 for ops stamped with another device or district calls from a village', async () => {
    const other = await srv.desk('mobile');
    const theirs = await register(other);
    expect((await other.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    const theirsBefore = (await srv.db.query('SELECT data, version FROM applications WHERE id = $1', [theirs.id]))
      .rows[0];

    // Between valid ops, two altered on the way: a create claiming another office, and a print
    // of another office's application. Those alone are refused, visibly.
    const pending = await laptop.outbox();
    const mine = await made();
    const [foreign, ...foreignRest] = await made();
    const claimed = { ...foreign, fields: { ...foreign.fields, officeId: other.client.officeId } };
    await laptop.as('clerk');
    const {
      ops: [print, ...printRest],
    } = await laptop.record(() => laptop.desk.logPrint(mine[0].entityId, 'receipt', 'kk', 'print'));
    const patch = { ...print, entityId: theirs.id };
    const after = await made();
    const ops = [...pending, ...mine, claimed, ...foreignRest, patch, ...printRest, ...after];
    const r1 = await dev.push(ops);
    expect(r1.results.map((r) => r.reason ?? r.status)).toEqual(
      ops.map((o) => (o === claimed || o === patch ? 'scope.office' : 'applied')),
    );
    expect(r1.acked).toBe(after[after.length - 1].deviceSeq);
    acked = r1.acked;
    expect((await srv.db.query('SELECT 1 FROM applications WHERE id = $1', [foreign.entityId])).rows).toEqual([]);
    expect((await srv.db.query('SELECT data, version FROM applications WHERE id = $1', [theirs.id])).rows[0]).toEqual(
      theirsBefore,
    );
    const before = await dbState();
    // Ops stamped with another device's id.
    const r3 = await dev.pushRaw((await made()).map((o) => ({ ...o, deviceId: other.client.deviceId })));
    expect(r3.status).toBe(403);
    expect(r3.body.error).toBe('scope.device');
    // District endpoints.
    const r4 = await dev.get('/v1/district/conflicts');
    expect(r4.status).toBe(403);
    expect(r4.body.error).toBe('scope.district');
    expect(await dbState()).toEqual(before);
    // The office sees only its own applications.
    const pulled = await dev.pullAll();
    expect(
      pulled.changes.filter(
        (c) => c.entity === 'application' && (c.data as { officeId: string }).officeId !== dev.officeId,
      ),
    ).toEqual([]);
  });

  it('413 for a body over the byte cap (also when gzip hides it) or too many ops', async () => {
    const before = await dbState();
    const [op] = await made();
    const huge = { ops: [{ ...op, fields: { ...op.fields, pad: 'ә'.repeat(SYNC_LIMITS.maxBatchBytes) } }] };
    const r1 = await dev.post('/v1/push', huge);
    expect(r1.status).toBe(413);
    expect(r1.body.error).toBe('body.tooLarge');
    // 2 MB of zeros compress to ~2 KB: the limit counts what comes out of gunzip.
    const bomb = gzipSync(
      Buffer.concat([
        Buffer.from('{"ops":[{"x":"'),
        Buffer.alloc(2 * SYNC_LIMITS.maxBatchBytes, 0x30),
        Buffer.from('"}]}'),
      ]),
    );
    expect(bomb.length).toBeLessThan(10_000);
    const r2 = await dev.post('/v1/push', undefined, {
      raw: bomb,
      headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
    });
    expect(r2.status).toBe(413);
    const many = Array.from({ length: SYNC_LIMITS.maxOpsPerBatch + 1 }, (_, i) => ({ ...op, deviceSeq: i + 1 }));
    const r3 = await dev.pushRaw(many);
    expect(r3.status).toBe(413);
    expect(r3.body.error).toBe('batch.tooManyOps');
    expect(await dbState()).toEqual(before);
  });

  it('400 with the zod issues for an invalid payload, bad JSON or a bad cursor', async () => {
    const before = await dbState();
    const [op] = await made();
    // An op with no place in the device's sequence is not from a desk: the request is refused whole.
    const bad = { ...op, deviceSeq: -3, kind: 'delete' };
    const r1 = await dev.pushRaw([op, bad as any]);
    expect(r1.status).toBe(400);
    expect(r1.body.error).toBe('body.invalid');
    const paths = r1.body.issues.map((i: { path: unknown[] }) => i.path.join('.'));
    expect(paths).toEqual(['ops.1.deviceSeq']);
    const r2 = await dev.post('/v1/push', undefined, {
      raw: '{"ops": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(r2.status).toBe(400);
    const r3 = await dev.post('/v1/push', {});
    expect(r3.status).toBe(400);
    expect((await dev.get('/v1/pull?cursor=abc')).status).toBe(400);
    expect(await dbState()).toEqual(before);
  });

  it('426 with an "update the app" message in Kazakh and Russian for old or unversioned clients', async () => {
    const before = await dbState();
    const [op] = await made();
    for (const o of [{ protocolVersion: 0 }, { noProtocol: true }]) {
      const r = await dev.pushRaw([op], o);
      expect(r.status).toBe(426);
      expect(r.body.error).toBe('protocol.outdated');
      expect(r.body.message.kk).toMatch(/жаңартыңыз/);
      expect(r.body.message.ru).toMatch(/Обновите приложение/);
      expect(r.body.minVersion).toBe(1);
    }
    // Even an enrolment attempt from an old app is told to update first.
    const r = await new ApiClient(srv.url).post(
      '/v1/enrol',
      { code: 'AAAA-BBBB-CCCC', deviceName: 'x' },
      { protocolVersion: 0 },
    );
    expect(r.status).toBe(426);
    expect(await dbState()).toEqual(before);
    // With the right header the desk's ops go through, every one refused above included, in order.
    const unsent = (await laptop.outbox()).filter((o) => o.deviceSeq > acked);
    expect(unsent.map((o) => o.opId)).toContain(op.opId);
    const r2 = await dev.push(unsent);
    expect(r2.results.map((x) => x.status)).toEqual(unsent.map(() => 'applied'));
    expect(r2.acked).toBe(unsent[unsent.length - 1].deviceSeq);
  });
});

describe('guessing is slowed', () => {
  const signIn = (login: string, password: string) =>
    fetch(`${srv.url}/v1/district/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-protocol-version': '1' },
      body: JSON.stringify({ login, password }),
    });

  // Per login name and address (server/auth/signInLimits.ts; other addresses: server-credentials.test.ts).
  it('after 10 failed sign-ins of a login name from one address, the next gets 429 with the wait, whatever the password', async () => {
    const login = (password: string) => signIn('Guessed.Name', password);
    for (let i = 0; i < 10; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
    const r = await login('wrong-again');
    expect(r.status).toBe(429);
    const body = await r.json();
    expect(body).toMatchObject({
      error: 'auth.tooManyAttempts',
      message: { kk: expect.any(String), ru: expect.any(String) },
    });
    expect(body.retryAfterSeconds).toBeGreaterThan(0);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
    expect(r.headers.get('retry-after')).toBe(String(body.retryAfterSeconds));
    // Another name is not held back by it.
    const other = await signIn('someone.else', 'x');
    expect(other.status).toBe(401);
  });

  it('once a real name is held back, even its right password waits (last: it locks the demo login from 127.0.0.1 for 15 minutes)', async () => {
    const login = (password: string) => signIn(DEMO_DISTRICT_LOGIN, password);
    let codes: number[] = [];
    for (let i = 0; i < 25; i++) codes.push((await login(`guess-${i}`)).status);
    codes = [...new Set(codes)];
    expect(codes).toEqual([401, 429]);
    expect((await login(DEMO_PASSWORD)).status).toBe(429);
  });
});
