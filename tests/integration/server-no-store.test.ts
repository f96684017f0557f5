/**
 * Issue #11 finding 5: pull answers carried no cache header, so the browser
 * kept children's IINs and names on disk in its HTTP cache. Every answer of
 * the API, errors and preflights included, must say `Cache-Control: no-store`
 * (the e2e spec tests/e2e/no-cache.spec.ts reads a real profile's files).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DeviceClient, DistrictClient, Reply } from '../support/client';
import { register } from '../helpers/desk-device';

const ORIGIN = 'http://127.0.0.1:4999';
let srv: TestServer;
let dev: DeviceClient;
let district: DistrictClient;
let childIin = '';

beforeAll(async () => {
  srv = await startTestServer({ corsOrigins: [ORIGIN] });
  // A real desk's application, synced: the pull below carries its child's IIN.
  const laptop = await srv.desk('karasu', 'no-store laptop');
  dev = laptop.client;
  district = await srv.district();
  const app = await register(laptop);
  childIin = app.child!.iin;
  expect((await laptop.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const noStore = (r: Reply, what: string) => expect(r.headers.get('cache-control'), what).toBe('no-store');

describe('no answer of the API may be stored by a cache', () => {
  it('answers carrying personal data: a pull page, the district queue', async () => {
    const pull = await dev.get(`/v1/pull?cursor=0&own=send`);
    expect(pull.status).toBe(200);
    expect(JSON.stringify(pull.body)).toContain(childIin);
    noStore(pull, 'pull');
    // Gzipped the same way (the desk's fetch always accepts gzip).
    const gz = await dev.get(`/v1/pull?cursor=0&own=send`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.status).toBe(200);
    noStore(gz, 'gzipped pull');
    const queue = await district.get('/v1/district/queue');
    expect(queue.status).toBe(200);
    noStore(queue, 'district queue');
  });

  it('other successes: a push acknowledgement, a lease, enrolment, sign-in, health', async () => {
    noStore(await dev.post('/v1/push', { ops: [] }), 'push');
    noStore(
      await dev.post('/v1/leases', {
        journal: 'preschool-queue',
        year: Number(new Date().toISOString().slice(0, 4)),
        size: 10,
      }),
      'lease',
    );
    const code = await district.enrolmentCode(srv.officeId('ushkonyr'));
    const enrol = await dev.post('/v1/enrol', { code, deviceName: 'another' }, { token: null });
    expect(enrol.status).toBe(200);
    noStore(enrol, 'enrol');
    const login = await district.post(
      '/v1/district/login',
      { login: srv.demo!.districtLogin, password: srv.demo!.password },
      { token: null },
    );
    expect(login.status).toBe(200);
    noStore(login, 'district sign-in');
    noStore(await dev.get('/health'), 'health');
  });

  it('errors: 401, 403, 400, 404, 426, and the CORS preflight', async () => {
    const cases: Array<[string, Promise<Reply>, number]> = [
      ['no token', dev.get('/v1/pull?cursor=0', { token: null }), 401],
      ['bad token', dev.get('/v1/pull?cursor=0', { token: 'not-a-token' }), 401],
      ['device on a district route', dev.get('/v1/district/queue'), 403],
      ['invalid body', dev.post('/v1/push', { ops: 'nope' }), 400],
      ['unknown path', dev.get('/v1/nothing-here'), 404],
      ['old protocol', dev.get('/v1/pull?cursor=0', { noProtocol: true }), 426],
    ];
    for (const [what, p, status] of cases) {
      const r = await p;
      expect(r.status, what).toBe(status);
      noStore(r, what);
    }
    for (const [origin, status] of [
      [ORIGIN, 204],
      ['https://elsewhere.example', 403],
    ] as const) {
      const r = await dev.request('OPTIONS', '/v1/pull', undefined, {
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      expect(r.status, `preflight from ${origin}`).toBe(status);
      noStore(r, `preflight from ${origin}`);
    }
  });
});
