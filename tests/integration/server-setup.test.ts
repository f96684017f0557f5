/**
 * A real district from an empty server (issue #13): no demo unless asked for,
 * the first-run setup through the CLI (a child process, as a technician runs
 * it) and through POST /v1/setup from the server machine only, refused once
 * done; the demo's published password refused from other machines.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type DistrictSetup, type SetupStatus } from '../../shared';
import { startServer } from '../../server/main';
import { newStorage, startTestServer, START_TIMEOUT_MS } from '../support/harness';
import { ApiClient } from '../support/client';
import { runCli, setupArgs } from '../support/child';
import { isLoopback } from '../../server/setup/district';

const ADMIN_PASSWORD = 'Жаңа-құпия-2026';

const SETUP: DistrictSetup = {
  name: { kk: 'Сарыағаш ауданы', ru: 'Сарыагашский район' },
  region: { kk: 'Түркістан облысы', ru: 'Туркестанская область' },
  kato: '515400000',
  office: {
    name: { kk: 'Сарыағаш ауданының білім бөлімі', ru: 'Отдел образования Сарыагашского района' },
    address: { kk: 'Сарыағаш қаласы, Әйтеке би көшесі, 1', ru: 'город Сарыагаш, улица Айтеке би, 1' },
    headName: 'Құдайбергенова Әсем Нұрлықызы',
    code: 'СББ',
  },
  admin: { fullName: 'Өтегенов Бауыржан Серікұлы', login: 'admin', password: ADMIN_PASSWORD },
};

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

const inject = (srv: { app: { inject: (o: object) => Promise<{ statusCode: number; json: () => any }> } }) => ({
  get: (url: string, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) =>
    srv.app.inject({
      method: 'GET',
      url,
      remoteAddress,
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...headers },
    }),
  post: (url: string, body: unknown, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) =>
    srv.app.inject({
      method: 'POST',
      url,
      payload: body as object,
      remoteAddress,
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...headers },
    }),
});

describe('loopback', () => {
  it('is 127.0.0.0/8 and ::1, in their IPv4-mapped forms too, and nothing else', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1', '[::1]']) expect(isLoopback(a)).toBe(true);
    for (const a of ['10.0.0.1', '192.0.2.10', '::ffff:10.0.0.1', 'fe80::1', '128.0.0.1', '', undefined])
      expect(isLoopback(a)).toBe(false);
  });
});

describe('an empty server without the demo', () => {
  it(
    'starts without the demo by default, logs that it needs setup (no secrets), and is set up once from the server machine only',
    async () => {
      const saved = process.env.DEMO;
      delete process.env.DEMO;
      const lines: string[] = [];
      const srv = await startServer({
        port: 0,
        host: '127.0.0.1',
        tls: false,
        dataDir: 'memory:',
        logger: { level: 'info', stream: { write: (s: string) => lines.push(s) } },
      }).finally(() => {
        if (saved !== undefined) process.env.DEMO = saved;
      });
      cleanups.push(() => srv.close());
      expect(srv.demo).toBeNull();
      expect((await srv.db.query('SELECT count(*)::int AS n FROM offices')).rows[0].n).toBe(0);
      const setupLine = lines.map((l) => JSON.parse(l)).find((l) => l.needsSetup);
      expect(setupLine?.msg).toMatch(/not set up yet: run `npx tsx server\/cli\/setup\.ts`/);
      expect(lines.join('\n')).not.toMatch(/demo12345|password/i);

      const http = inject(srv);
      const here = await http.get('/v1/setup');
      expect(here.statusCode).toBe(200);
      expect(here.json()).toEqual({
        needsSetup: true,
        setupAllowedHere: true,
        demo: false,
        district: null,
      } satisfies SetupStatus);
      // From another machine: the status says so, and the setup itself is refused, even through a local proxy.
      expect((await http.get('/v1/setup', '192.0.2.10')).json().setupAllowedHere).toBe(false);
      const remote = await http.post('/v1/setup', SETUP, '192.0.2.10');
      expect(remote.statusCode).toBe(403);
      expect(remote.json()).toMatchObject({ error: 'setup.notAllowed', message: { kk: expect.any(String) } });
      const proxied = await http.post('/v1/setup', SETUP, '127.0.0.1', { 'x-forwarded-for': '192.0.2.10' });
      expect(proxied.statusCode).toBe(403);
      // Bad input: 400 naming the fields, nothing written.
      const bad = await http.post('/v1/setup', { ...SETUP, kato: '12', admin: { ...SETUP.admin, password: 'short' } });
      expect(bad.statusCode).toBe(400);
      expect(
        bad
          .json()
          .issues.map((i: { path: string[] }) => i.path.join('.'))
          .sort(),
      ).toEqual(['admin.password', 'kato']);
      expect((await srv.db.query('SELECT count(*)::int AS n FROM offices')).rows[0].n).toBe(0);

      const done = await http.post('/v1/setup', SETUP);
      expect(done.statusCode).toBe(201);
      expect(done.json()).toMatchObject({
        needsSetup: false,
        demo: false,
        district: { name: SETUP.name, region: SETUP.region, kato: SETUP.kato },
      });
      expect((await http.post('/v1/setup', SETUP)).json()).toMatchObject({ error: 'setup.done' });
      expect((await http.post('/v1/setup', SETUP)).statusCode).toBe(409);

      // The administrator signs in (from another machine too: this is not the demo).
      const login = await http.post('/v1/district/login', { login: 'admin', password: ADMIN_PASSWORD }, '192.0.2.10');
      expect(login.statusCode).toBe(200);
      const staff = await srv.db.query(`SELECT data FROM staff WHERE login = 'admin'`);
      expect(staff.rows[0].data.roles.sort()).toEqual(['admin', 'head', 'specialist']);
      // The audit entry names the setup; the password (or its hash) is nowhere in it.
      const entries = await srv.db.query(`SELECT actor_name, action, after::text AS after FROM admin_audit`);
      expect(entries.rows).toEqual([expect.objectContaining({ actor_name: 'console', action: 'district.setup' })]);
      expect(entries.rows[0].after).not.toContain(ADMIN_PASSWORD);
      expect(entries.rows[0].after).not.toMatch(/PBKDF2|"salt"/);
      expect(lines.join('\n')).not.toContain(ADMIN_PASSWORD);
    },
    START_TIMEOUT_MS,
  );
});

describe('the setup CLI', () => {
  it(
    'sets up an empty database, refuses a second setup and bad input by field, never printing the password; the server then starts on it and the administrator signs in',
    async () => {
      const storage = await newStorage();
      cleanups.push(storage.cleanup);
      const tmp = mkdtempSync(join(tmpdir(), 'akimat-setup-cli-'));
      cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }));
      const pw = join(tmp, 'admin-password');
      writeFileSync(pw, `${ADMIN_PASSWORD}\n`, { mode: 0o600 });

      // Wrong input: exit 2, each wrong field named by its flag, nothing written.
      const wrong = await runCli(
        'server/cli/setup.ts',
        setupArgs({ ...SETUP, kato: '51540', admin: { ...SETUP.admin, login: 'Admin Name' } }, pw),
        storage,
      );
      expect(wrong.code).toBe(2);
      expect(wrong.out).toMatch(/--kato: KATO: 9 digits/);
      expect(wrong.out).toMatch(/--admin-login: /);
      expect(wrong.out).not.toContain(ADMIN_PASSWORD);
      const missing = await runCli('server/cli/setup.ts', ['--kato', '515400000'], storage);
      expect(missing.code).toBe(2);
      expect(missing.out).toMatch(/--name-kk, --name-ru: missing/);
      expect(missing.out).toMatch(/--admin-password-file: missing/);

      const first = await runCli('server/cli/setup.ts', setupArgs(SETUP, pw), storage);
      expect(first.out).toMatch(/set up/);
      expect(first.code).toBe(0);
      expect(first.out).not.toContain(ADMIN_PASSWORD);

      // The password from stdin works as well, but the district is set up already: exit 3, nothing changed.
      const args = setupArgs(SETUP, pw).slice(0, -2);
      const again = await runCli('server/cli/setup.ts', [...args, '--admin-password-stdin'], storage, ADMIN_PASSWORD);
      expect(again.code).toBe(3);
      expect(again.out).toMatch(/already set up/);

      // The server on that database: no demo even when asked (the district exists), the administrator signs in.
      const srv = await startTestServer({ storage, demo: true });
      cleanups.push(() => srv.stop());
      expect(srv.demo).toBeNull();
      const api = new ApiClient(srv.url);
      const status = await api.get('/v1/setup');
      expect(status.body).toMatchObject({ needsSetup: false, demo: false, district: { name: SETUP.name } });
      const login = await api.post('/v1/district/login', { login: 'admin', password: ADMIN_PASSWORD });
      expect(login.status).toBe(200);
      expect(login.body.staff).toMatchObject({ login: 'admin', fullName: SETUP.admin.fullName });
      expect((await api.post('/v1/district/login', { login: 'admin', password: 'not-the-password' })).status).toBe(401);
      const audit = await srv.db.query(`SELECT actor_name, action FROM admin_audit WHERE action = 'district.setup'`);
      expect(audit.rows).toEqual([{ actor_name: 'cli', action: 'district.setup' }]);
      const office = await srv.db.query(`SELECT type, code, data FROM offices`);
      expect(office.rows).toHaveLength(1);
      expect(office.rows[0]).toMatchObject({ type: 'districtEducation', code: 'СББ' });
      expect(office.rows[0].data).toMatchObject({ kato: SETUP.kato, district: SETUP.name, region: SETUP.region });
    },
    START_TIMEOUT_MS,
  );
});

describe('the demo district', () => {
  it(
    'refuses its published credentials from any machine but the server itself',
    async () => {
      const srv = await startTestServer();
      cleanups.push(() => srv.stop());
      const http = inject(srv);
      expect((await http.get('/v1/setup')).json()).toMatchObject({ needsSetup: false, demo: true });
      const body = { login: srv.demo!.districtLogin, password: srv.demo!.password };
      const remote = await http.post('/v1/district/login', body, '192.0.2.10');
      expect(remote.statusCode).toBe(403);
      expect(remote.json()).toMatchObject({ error: 'demo.loopbackOnly', message: { kk: expect.any(String) } });
      expect((await http.post('/v1/district/login', body, '::ffff:10.1.2.3')).statusCode).toBe(403);
      expect((await http.post('/v1/district/login', body)).statusCode).toBe(200);
      // The district's own roles in the demo: every district role for its sign-in.
      const roles = await srv.db.query(
        `SELECT login, data->'roles' AS roles FROM staff WHERE login IN ('district', 'methodist')`,
      );
      expect(Object.fromEntries(roles.rows.map((r) => [r.login, r.roles]))).toEqual({
        district: ['head', 'admin', 'specialist'],
        methodist: ['specialist', 'executor'],
      });
    },
    START_TIMEOUT_MS,
  );
});
