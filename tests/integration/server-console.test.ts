/**
 * The district console's session and roles (issue #13), over HTTP against the
 * real server: one sign-in kept in an HttpOnly, Secure, SameSite=Strict cookie
 * that survives a reload, the CSRF header on changes, district roles enforced
 * per area on the server (cookie and bearer alike), the one-time password that
 * must be changed before anything else, and a disabled account refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleSession, Role, StaffAdmin } from '../../shared';
import { startTestServer, START_TIMEOUT_MS, type TestServer } from '../support/harness';
import { ApiClient, DistrictClient, type Reply } from '../support/client';

let srv: TestServer;
let admin: DistrictClient;
let districtOfficeId: string;

beforeAll(async () => {
  srv = await startTestServer();
  admin = await srv.district();
  districtOfficeId = srv.officeId('district');
}, START_TIMEOUT_MS);

afterAll(async () => {
  await srv?.stop();
});

/** A browser's view of the console: the cookie it was given, sent back as a browser would. */
class ConsoleBrowser extends ApiClient {
  cookie: string | null = null;
  constructor(url: string) {
    super(url, null);
  }
  async call<T = any>(method: string, path: string, body?: unknown, csrf = true): Promise<Reply<T>> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (csrf && method !== 'GET') headers['x-akimat-console'] = '1';
    const r = await this.request<T>(method, path, body, { headers, token: null });
    const set = r.headers.get('set-cookie');
    if (set) {
      const [pair] = set.split(';');
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    return r;
  }
  signIn(login: string, password: string) {
    return this.call<ConsoleSession & { error?: string }>('POST', '/v1/console/session', { login, password });
  }
}

let n = 0;
/** A district account with these roles, its one-time password changed to a known one. */
async function districtAccount(roles: Role[]): Promise<{ login: string; password: string; staff: StaffAdmin }> {
  const login = `console.${roles.join('-')}.${++n}`;
  const created = await admin.post('/v1/district/staff', {
    officeId: districtOfficeId,
    fullName: `Тест ${login}`,
    login,
    roles,
  });
  expect(created.status).toBe(200);
  const b = new ConsoleBrowser(srv.url);
  expect((await b.signIn(login, created.body.oneTimePassword)).status).toBe(200);
  const password = `new-password-${n}`;
  expect(
    (await b.call('POST', '/v1/console/password', { current: created.body.oneTimePassword, next: password })).status,
  ).toBe(200);
  return { login, password, staff: created.body.staff };
}

async function signedIn(login: string, password: string): Promise<ConsoleBrowser> {
  const b = new ConsoleBrowser(srv.url);
  const r = await b.signIn(login, password);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return b;
}

const officeInput = (code: string) => ({
  type: 'village',
  code,
  name: { kk: `${code} ауылы`, ru: `село ${code}` },
  address: { kk: 'Орталық көше, 1', ru: 'Центральная улица, 1' },
  headName: 'Басшы',
  settlements: [],
});

describe('console session by cookie', () => {
  it('sets an HttpOnly, Secure, SameSite=Strict cookie with the session length, and it survives a reload', async () => {
    const b = new ConsoleBrowser(srv.url);
    const r = await b.signIn(srv.demo!.districtLogin, srv.demo!.password);
    expect(r.status).toBe(200);
    const set = r.headers.get('set-cookie')!;
    expect(set).toMatch(/^akimat_console=[A-Za-z0-9_-]{20,};/);
    const attrs = set
      .split(';')
      .slice(1)
      .map((a) => a.trim());
    expect(attrs).toContain('HttpOnly');
    expect(attrs).toContain('Secure');
    expect(attrs).toContain('SameSite=Strict');
    expect(attrs).toContain('Path=/');
    const maxAge = Number(attrs.find((a) => a.startsWith('Max-Age='))!.slice(8));
    const expiresIn = (Date.parse(r.body.expiresAt) - Date.now()) / 1000;
    expect(Math.abs(maxAge - expiresIn)).toBeLessThan(60);
    expect(maxAge).toBeGreaterThan(3600);
    expect(r.body.staff.login).toBe(srv.demo!.districtLogin);
    expect(r.body.staff.roles).toEqual(expect.arrayContaining(['admin', 'specialist', 'head']));
    expect(r.body.demo).toBe(true);
    expect(r.body.mustChangePassword).toBe(false);
    expect(r.body.district.ru).toBeTruthy();

    // A reload: a new page with only the cookie.
    const again = await b.call<ConsoleSession>('GET', '/v1/console/session');
    expect(again.status).toBe(200);
    expect(again.body.staff.id).toBe(r.body.staff.id);
    expect((await b.call('GET', '/v1/district/devices')).status).toBe(200);

    // No cookie: not signed in.
    expect((await new ConsoleBrowser(srv.url).call('GET', '/v1/console/session')).status).toBe(401);
    // A made-up cookie: refused.
    const forged = new ConsoleBrowser(srv.url);
    forged.cookie = 'akimat_console=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect((await forged.call('GET', '/v1/console/session')).status).toBe(401);

    // Signing out ends the session and clears the cookie.
    const cookie = b.cookie!;
    const out = await b.call('DELETE', '/v1/console/session');
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^akimat_console=;.*Max-Age=0/);
    expect(b.cookie).toBeNull();
    const stale = new ConsoleBrowser(srv.url);
    stale.cookie = cookie;
    expect((await stale.call('GET', '/v1/console/session')).status).toBe(401);
  });

  it('refuses a change made with the cookie but without the console header (CSRF)', async () => {
    const b = await signedIn(srv.demo!.districtLogin, srv.demo!.password);
    const noHeader = await b.call('POST', '/v1/district/offices', officeInput('CSRF1'), false);
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.error).toBe('csrf.header');
    const withHeader = await b.call('POST', '/v1/district/offices', officeInput('CSRF1'));
    expect(withHeader.status).toBe(200);
    // Reads need no header; bearer calls (the desk's district tab) never did.
    expect((await b.call('GET', '/v1/district/offices', undefined, false)).status).toBe(200);
    expect((await admin.post('/v1/district/offices', officeInput('CSRF2'))).status).toBe(200);
  });

  it('applies the sign-in limits of the district sign-in', async () => {
    const b = new ConsoleBrowser(srv.url);
    const wrong = await b.signIn('methodist', 'not-the-password');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('login.invalid');
    expect(b.cookie).toBeNull();
  });
});

describe('district roles on the server', () => {
  it('a specialist cannot create an office, an admin cannot resolve a conflict, a head reads all and changes nothing', async () => {
    const specialist = await districtAccount(['specialist']);
    const adminOnly = await districtAccount(['admin']);
    const head = await districtAccount(['head']);
    const sp = await signedIn(specialist.login, specialist.password);
    const ad = await signedIn(adminOnly.login, adminOnly.password);
    const hd = await signedIn(head.login, head.password);

    const refused = await sp.call('POST', '/v1/district/offices', officeInput('ROLE1'));
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('scope.role');
    expect(refused.body.area).toBe('offices');
    expect((await ad.call('POST', '/v1/district/offices', officeInput('ROLE1'))).status).toBe(200);

    // Conflicts are the specialist's: the admin is refused before the conflict is even looked up.
    const resolveByAdmin = await ad.call('POST', '/v1/district/conflicts/999999/resolve', { choose: 'server' });
    expect(resolveByAdmin.status).toBe(403);
    expect(resolveByAdmin.body.error).toBe('scope.role');
    const resolveBySpecialist = await sp.call('POST', '/v1/district/conflicts/999999/resolve', { choose: 'server' });
    expect(resolveBySpecialist.status).toBe(404);

    // Kindergartens: admin and specialist both.
    expect((await sp.call('GET', '/v1/district/kindergartens')).status).toBe(200);

    // The head reads every area and changes none.
    for (const path of [
      '/v1/district/offices',
      '/v1/district/staff',
      '/v1/district/kindergartens',
      '/v1/district/devices',
      '/v1/district/conflicts',
      '/v1/district/queue',
      '/v1/district/enrolment-codes',
      '/v1/district/settings',
      '/v1/district/audit',
    ])
      expect((await hd.call('GET', path)).status, path).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/v1/district/offices', officeInput('ROLE2')],
      ['POST', '/v1/district/enrolment-codes', { officeId: districtOfficeId }],
      ['PUT', '/v1/district/settings', { deviceTokenIdleDays: 30 }],
      ['POST', '/v1/district/conflicts/1/resolve', { choose: 'server' }],
      ['POST', `/v1/district/staff/${specialist.staff.id}/disable`, {}],
    ] as const) {
      const r = await hd.call(method, path, body);
      expect(r.status, path).toBe(403);
      expect(r.body.error, path).toBe('scope.role');
    }

    // The same roles hold for a bearer session (the desk's district tab).
    const tab = new DistrictClient(srv.url);
    await tab.login(head.login, head.password);
    expect((await tab.get('/v1/district/offices')).status).toBe(200);
    expect((await tab.post('/v1/district/offices', officeInput('ROLE3'))).body.error).toBe('scope.role');
  });

  it('an administrator cannot disable their own account or drop their own admin role', async () => {
    const acc = await districtAccount(['admin']);
    const b = await signedIn(acc.login, acc.password);
    const self = await b.call('POST', `/v1/district/staff/${acc.staff.id}/disable`, {});
    expect(self.status).toBe(409);
    expect(self.body.error).toBe('staff.selfLockout');
    const demote = await b.call('PUT', `/v1/district/staff/${acc.staff.id}`, {
      officeId: districtOfficeId,
      fullName: acc.staff.fullName,
      login: acc.login,
      roles: ['head'],
    });
    expect(demote.body.error).toBe('staff.selfLockout');
  });

  it('keeps the district office laptop to reads', async () => {
    const d = await srv.device('district', 'district reader');
    expect((await d.get('/v1/district/offices')).status).toBe(200);
    const w = await d.post('/v1/district/offices', officeInput('DEV1'));
    expect(w.status).toBe(403);
    expect(w.body.error).toBe('scope.staffOnly');
  });
});

describe('one-time passwords and disabled accounts', () => {
  it('a new account must change its one-time password before anything else', async () => {
    const created = await admin.post('/v1/district/staff', {
      officeId: districtOfficeId,
      fullName: 'Жаңа маман',
      login: 'console.new',
      roles: ['specialist'],
    });
    const otp: string = created.body.oneTimePassword;
    expect(otp.replace(/-/g, '').length).toBeGreaterThanOrEqual(10);
    expect(created.body.staff.mustChangePassword).toBe(true);

    const b = await signedIn('console.new', otp);
    const s = await b.call<ConsoleSession>('GET', '/v1/console/session');
    expect(s.body.mustChangePassword).toBe(true);
    const blocked = await b.call('GET', '/v1/district/queue');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error).toBe('password.mustChange');

    const wrongCurrent = await b.call('POST', '/v1/console/password', { current: 'nope', next: 'long-enough-1' });
    expect(wrongCurrent.body.error).toBe('password.currentWrong');
    const short = await b.call('POST', '/v1/console/password', { current: otp, next: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error).toBe('password.tooShort');
    const ok = await b.call('POST', '/v1/console/password', { current: otp, next: 'long-enough-1' });
    expect(ok.status).toBe(200);

    expect((await b.call<ConsoleSession>('GET', '/v1/console/session')).body.mustChangePassword).toBe(false);
    expect((await b.call('GET', '/v1/district/queue')).status).toBe(200);
    // The one-time password is spent.
    expect((await new ConsoleBrowser(srv.url).signIn('console.new', otp)).status).toBe(401);
    await signedIn('console.new', 'long-enough-1');

    // The district's list shows the last sign-in of a district account.
    const list = await admin.get<StaffAdmin[]>(`/v1/district/staff?officeId=${districtOfficeId}`);
    const me = list.body.find((x) => x.login === 'console.new')!;
    expect(me.mustChangePassword).toBe(false);
    expect(Date.parse(me.lastSignInAt!)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('a disabled account loses its console session and cannot sign in', async () => {
    const acc = await districtAccount(['specialist']);
    const b = await signedIn(acc.login, acc.password);
    expect((await b.call('GET', '/v1/district/queue')).status).toBe(200);
    expect((await admin.post(`/v1/district/staff/${acc.staff.id}/disable`, {})).status).toBe(200);
    expect((await b.call('GET', '/v1/console/session')).status).toBe(401);
    const again = await new ConsoleBrowser(srv.url).signIn(acc.login, acc.password);
    expect(again.status).toBe(401);
    expect(again.body.error).toBe('login.invalid');
  });
});
