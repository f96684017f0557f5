// The UI's one client for the server (renderer/sync/client.ts) and its district module
// (renderer/sync/district.ts) against the real district server on PGlite.
// IndexedDB is fake-indexeddb here (Node has none); HTTP, gzip, the server and its database are real.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared';
import { startServer, type RunningServer } from '../../server/main';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { SyncEngine } from '../../renderer/sync/engine';
import { createSyncClient } from '../../renderer/sync/client';
import { DistrictClient, type DistrictSession } from '../../renderer/sync/district';
import { call, SyncHttpError } from '../../renderer/sync/transport';

let server: RunningServer;

beforeAll(async () => {
  server = await startServer({
    port: 0,
    tls: false,
    dataDir: 'memory:',
    demo: true,
    logger: false,
    passwordIterations: 100_000,
  });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

/** The fetch the client is given (the pinned one in the app), keeping every request so a test can wait for the fire-and-forget logout. */
function recordingFetch() {
  const requests: Array<{ path: string; auth: string | null; protocol: string | null; done: Promise<unknown> }> = [];
  const f: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    const res = fetch(input, init);
    requests.push({
      path: new URL(String(input)).pathname,
      auth: headers.get('authorization'),
      protocol: headers.get(PROTOCOL_HEADER),
      done: res.then(
        () => undefined,
        () => undefined,
      ),
    });
    return res;
  };
  return { fetch: f, requests };
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as SyncHttpError,
  );

describe('district client', () => {
  it('asks nothing of the server before a sign-in, and refuses a wrong password', async () => {
    const rec = recordingFetch();
    const d = new DistrictClient({ fetch: rec.fetch });
    const e = await failure(d.queue());
    expect(e).toBeInstanceOf(SyncHttpError);
    expect(e.code).toBe('sync.unauthorized');
    expect(rec.requests).toEqual([]);
    const wrong = await failure(d.signIn(server.url, server.demo!.districtLogin, 'not-the-password'));
    expect(wrong.code).toBe('sync.unauthorized');
    expect(d.session()).toBeNull();
  });

  it('signs in through the given fetch with the protocol header, calls the district, and keeps the token out of reach', async () => {
    const rec = recordingFetch();
    const d = new DistrictClient({ fetch: rec.fetch });
    const told: Array<DistrictSession | null> = [];
    const stop = d.subscribe((s) => told.push(s));
    const s = await d.signIn(server.url, server.demo!.districtLogin, server.demo!.password);
    expect(d.session()).toBe(s);
    expect(told).toEqual([s]);
    const queue = await d.queue();
    expect(Array.isArray(queue.groups)).toBe(true);
    const { devices } = await d.devices();
    expect(Array.isArray(devices)).toBe(true);
    // Every request went through the client's fetch, with the protocol version; district calls carry the session's token.
    expect(rec.requests.map((r) => r.path)).toEqual([
      '/v1/district/login',
      '/v1/district/queue',
      '/v1/district/devices',
    ]);
    expect(rec.requests.every((r) => r.protocol === String(PROTOCOL_VERSION))).toBe(true);
    expect(rec.requests.slice(1).every((r) => r.auth === `Bearer ${s.token}`)).toBe(true);
    // In memory only, and not as a property: a spread or JSON of the client shows no token.
    expect(JSON.stringify(d)).not.toContain(s.token);
    expect(JSON.stringify({ ...d })).not.toContain(s.token);
    stop();
  });

  it('signing out forgets the token at once and ends it on the server', async () => {
    const rec = recordingFetch();
    const d = new DistrictClient({ fetch: rec.fetch });
    const s = await d.signIn(server.url, server.demo!.districtLogin, server.demo!.password);
    d.signOut();
    expect(d.session()).toBeNull();
    expect((await failure(d.backlog())).code).toBe('sync.unauthorized');
    // The logout leaves after its body is compressed: wait for the request itself, not a fixed time.
    await expect.poll(() => rec.requests.some((r) => r.path === '/v1/district/logout')).toBe(true);
    const logout = rec.requests.find((r) => r.path === '/v1/district/logout');
    expect(logout?.auth).toBe(`Bearer ${s.token}`);
    await logout!.done;
    // A copy of the token taken from memory before the sign-out is dead too.
    const copied = await failure(call({ baseUrl: s.baseUrl, token: s.token }, 'GET', '/v1/district/queue'));
    expect(copied.status).toBe(401);
  });

  it('an ended session sends the screens back to the sign-in', async () => {
    const d = new DistrictClient();
    const told: Array<DistrictSession | null> = [];
    d.subscribe((s) => told.push(s));
    const s = await d.signIn(server.url, server.demo!.districtLogin, server.demo!.password);
    // Ended elsewhere (expired, or signed out from another window): the next call meets a 401.
    await call({ baseUrl: s.baseUrl, token: s.token }, 'POST', '/v1/district/logout', {});
    const e = await failure(d.conflicts());
    expect(e.status).toBe(401);
    expect(d.session()).toBeNull();
    expect(told).toEqual([s, null]);
  });
});

describe('sync client', () => {
  it('shows the enrolment without the device token or the batch key', async () => {
    const desk = createDesk({ db: new DeskDb('sync-district-client-1') });
    const engine = new SyncEngine(desk.context, { sleep: async () => {}, random: () => 0 });
    const sync = createSyncClient(desk.context, engine, new DistrictClient());
    expect(await sync.enrolment()).toBeUndefined();
    expect(await sync.reEnrolment()).toBeUndefined();
    const code = server.demo!.codes.find((c) => c.officeKey === 'karasu')!.code;
    await sync.enrol(server.url, code, 'laptop 1');
    const info = await sync.enrolment();
    expect(info).toMatchObject({ baseUrl: server.url, deviceName: 'laptop 1' });
    expect(Object.keys(info!).sort()).toEqual(['baseUrl', 'deviceId', 'deviceName', 'enrolledAt', 'officeId']);
    expect(sync.state.status).not.toBe('notEnrolled');
    // The data layer's side of the same screens: offices the enrolment brought, nothing set aside yet.
    expect((await desk.offices()).some((o) => o.id === info!.officeId)).toBe(true);
    expect(await desk.quarantined()).toEqual([]);
  });
});
