/**
 * The district's device board (GET /v1/district/devices) and revocation with
 * a choice (POST /v1/district/devices/:id/revoke {mode}), with real desks in
 * Node: what each laptop says about itself on its sync requests (app version,
 * clock, outbox), what of it waits on the server, the numbers left in its
 * leases; "take what it has, then stop" receives the pending work and then
 * refuses; "stop" refuses at once; a revoked desk is told, locks its sync and
 * keeps every unsent op.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { version as appVersion } from '../../package.json';
import { DESK_HEADERS, OUTBOX_HEADER, PROTOCOL_HEADER, type DeviceBoardRow } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { demoDistrict, makeDevice, register, type DeskDevice } from '../helpers/desk-device';
import { SyncEngine } from '../../renderer/sync/engine';

let srv: TestServer;
let district: DistrictClient;
let code: (officeKey: string) => Promise<string>;

beforeAll(async () => {
  srv = await startTestServer();
  ({ client: district, code } = await demoDistrict(srv));
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const desk = async (officeKey: string, name: string, version?: string) =>
  makeDevice({
    baseUrl: srv.url,
    code: await code(officeKey),
    name,
    password: srv.demo!.password,
    ...(version ? { engine: { appVersion: version } } : {}),
  });

async function board(): Promise<Map<string, DeviceBoardRow>> {
  const r = await district.get<{ devices: DeviceBoardRow[] }>('/v1/district/devices');
  expect(r.status).toBe(200);
  return new Map(r.body.devices.map((d) => [d.id, d]));
}
const row = async (dev: DeskDevice) => (await board()).get(await dev.deviceId())!;
const localApps = (dev: DeskDevice) => dev.desk.context.db.applications.count();
const revoke = (dev: DeskDevice, body: unknown) =>
  dev.deviceId().then((id) => district.post(`/v1/district/devices/${id}/revoke`, body));

describe('the device board', () => {
  it('shows each laptop with its version, contact, full sync, clock error and the numbers left in its leases', async () => {
    const a = await desk('karasu', 'board A');
    const b = await desk('ushkonyr', 'board B (old, clock fast)', '0.9.0');
    // B's clock runs 20 minutes fast from now on; a sync reports it (and the desk corrects its own stamps).
    b.setClock(20 * 60_000);
    const before = await row(a);
    expect(before).toMatchObject({ name: 'board A', lastFullSyncAt: null, backlog: 0, quarantined: 0 });
    expect(before.numbersLeft).toBeGreaterThan(0);

    await register(a);
    expect((await a.sync()).state).toMatchObject({ status: 'idle', pending: 0 });
    expect((await b.sync()).state).toMatchObject({ status: 'idle', pending: 0 });

    const ra = await row(a);
    const rb = await row(b);
    expect(ra).toMatchObject({ appVersion, backlog: 0, quarantined: 0, revokedAt: null, revokeMode: null });
    expect(rb).toMatchObject({ appVersion: '0.9.0' });
    expect(ra.lastSeenAt).not.toBeNull();
    expect(ra.lastFullSyncAt).not.toBeNull();
    expect(rb.lastFullSyncAt).not.toBeNull();
    // The number the application took is no longer left; the rest of the block is.
    expect(ra.numbersLeft).toBe(before.numbersLeft - 1);
    expect(ra.lowestJournal).not.toBeNull();
    expect(Math.abs(ra.clockErrorSeconds!)).toBeLessThanOrEqual(2);
    expect(rb.clockErrorSeconds!).toBeGreaterThanOrEqual(20 * 60 - 3);
    expect(rb.clockErrorSeconds!).toBeLessThanOrEqual(20 * 60 + 3);
    // The old fields stay for existing callers.
    expect(Object.keys(ra)).toEqual(
      expect.arrayContaining(['id', 'name', 'officeId', 'acked', 'enrolledAt', 'lastSeenAt', 'revokedAt']),
    );

    // Work waiting on the laptop (its outbox says so): a pull to the end then is not a full sync.
    const full = ra.lastFullSyncAt;
    const partial = await a.client.get('/v1/pull?cursor=0&limit=1000', { headers: { [OUTBOX_HEADER]: '1' } });
    expect(partial.status).toBe(200);
    expect(partial.body.more).toBe(false);
    expect((await row(a)).lastFullSyncAt).toBe(full);
  });

  it('counts what of a laptop waits in the backlog and what was quarantined', async () => {
    const c = await desk('akkainar', 'board C');
    const { ops } = await c.record(async () => {
      await register(c);
      await register(c);
    });
    expect(ops.length).toBeGreaterThanOrEqual(3);
    // The first op altered on the way (another office's): quarantined. The second lost: the rest wait for it.
    const other = srv.officeId('karasu');
    const bad = { ...ops[0], fields: { ...(ops[0].fields as Record<string, unknown>), officeId: other } };
    const first = await c.client.pushRaw([bad as never]);
    expect(first.status).toBe(200);
    expect(first.body.results[0].status).toBe('quarantined');
    expect((await c.client.pushRaw(ops.slice(2))).status).toBe(200);
    expect(await row(c)).toMatchObject({ quarantined: 1, backlog: ops.length - 2 });
  });
});

describe('the desk headers', () => {
  it("are allowed in the desk's cross-origin preflight (web mode)", async () => {
    const pre = await fetch(`${srv.url}/v1/pull`, {
      method: 'OPTIONS',
      headers: {
        origin: 'app://akimat',
        'access-control-request-method': 'GET',
        'access-control-request-headers': [PROTOCOL_HEADER, ...DESK_HEADERS].join(','),
      },
    });
    expect(pre.status).toBe(204);
    for (const h of DESK_HEADERS) expect(pre.headers.get('access-control-allow-headers')).toContain(h);
  });
});

describe('revoking a laptop', () => {
  it('"take what it has, then stop": the next sync pushes everything, then it is refused; the desk keeps its data', async () => {
    const d = await desk('mobile', 'drained laptop');
    await register(d);
    await register(d);
    const pending = (await d.engine.refreshCounts()).pending;
    expect(pending).toBeGreaterThan(0);
    const apps = await localApps(d);

    const r = await revoke(d, { mode: 'drain' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ revoked: false, mode: 'drain' });
    expect(await row(d)).toMatchObject({ revokeMode: 'drain', revokedAt: null });

    const run = await d.sync();
    // Everything went and was taken...
    expect(run.pushes.flatMap((p) => p.ops)).toHaveLength(pending);
    expect(run.pushes.every((p) => p.response.results.every((x) => x.status === 'applied'))).toBe(true);
    // ...and then the laptop was told: disconnected by the district, its sync locked.
    expect(run.state).toMatchObject({ status: 'error', pending: 0, error: { code: 'sync.revoked', status: 401 } });
    expect(run.state.revoked?.at).toBeTruthy();
    const ids = (await d.desk.context.db.applications.toArray()).map((x) => x.id);
    const onServer = await srv.db.query('SELECT count(*)::int AS n FROM applications WHERE id = ANY($1)', [ids]);
    expect(onServer.rows[0].n).toBe(ids.length);
    expect(await row(d)).toMatchObject({ revokeMode: 'drain' });
    expect((await row(d)).revokedAt).not.toBeNull();

    // Nothing was wiped; the ops are sent (out of the outbox), and the records stay on the laptop.
    expect(await localApps(d)).toBe(apps);
    // Work done after: kept, never sent; the sync stays locked without asking the server.
    const { ops: later } = await d.record(() => register(d));
    const again = await d.sync();
    expect(again.pushes).toEqual([]);
    expect(again.state).toMatchObject({ status: 'error', pending: later.length, error: { code: 'sync.revoked' } });
    // The user can still carry it on a USB stick.
    expect((await d.engine.exportBatch())?.ops).toBe(later.length);
    const refused = await d.client.get('/v1/leases');
    expect(refused.status).toBe(401);
    expect(refused.body.error).toBe('auth.revoked');
    expect(refused.body.message.kk).toMatch(/ажыратты/);
    expect(refused.body.message.ru).toMatch(/отключил/);

    const audit = await srv.db.query(`SELECT after FROM admin_audit WHERE action = 'device.revoke' AND target = $1`, [
      `device:${await d.deviceId()}`,
    ]);
    expect(audit.rows.map((x) => x.after)).toEqual([{ mode: 'drain' }]);
  });

  it('"take what it has" for a laptop with nothing waiting: its next pull finds it revoked', async () => {
    const e = await desk('karasu', 'idle laptop');
    expect((await e.sync()).state).toMatchObject({ status: 'idle', pending: 0 });
    expect((await revoke(e, { mode: 'drain' })).status).toBe(200);
    const run = await e.sync();
    expect(run.pushes).toEqual([]);
    expect(run.state).toMatchObject({ status: 'error', error: { code: 'sync.revoked' } });
    expect((await row(e)).revokedAt).not.toBeNull();
  });

  it('"stop" refuses at once: nothing is pushed, every unsynced op stays on the desk', async () => {
    const f = await desk('ushkonyr', 'stopped laptop');
    await register(f);
    const pending = (await f.engine.refreshCounts()).pending;
    const apps = await localApps(f);
    const r = await revoke(f, { mode: 'stop' });
    expect(r.body).toMatchObject({ revoked: true, mode: 'stop' });
    const run = await f.sync();
    expect(run.pushes).toEqual([]);
    expect(run.state).toMatchObject({ status: 'error', pending, error: { code: 'sync.revoked', status: 401 } });
    expect(await f.desk.context.db.outbox.count()).toBe(pending);
    expect(await localApps(f)).toBe(apps);
    expect((await f.engine.exportBatch())?.ops).toBe(pending);
    expect(await row(f)).toMatchObject({ revokeMode: 'stop' });
    // Restarted (a new engine on the same data): still locked, still saying why, still holding everything.
    const restarted = await new SyncEngine(f.desk.context).refreshCounts();
    expect(restarted).toMatchObject({ status: 'error', pending, error: { code: 'sync.revoked' } });
    expect(restarted.revoked?.at).toBeTruthy();
    // A body with an unknown mode is refused; none at all is 'stop', as before.
    expect((await revoke(f, { mode: 'later' })).status).toBe(400);
  });

  it('writes audit entries for enrolment codes issued and withdrawn, without the code', async () => {
    const issued = await district.post('/v1/district/enrolment-codes', { officeId: srv.officeId('karasu') });
    expect(issued.status).toBe(200);
    const w = await district.post(`/v1/district/enrolment-codes/${issued.body.id}/withdraw`);
    expect(w.status).toBe(200);
    const { rows } = await srv.db.query(`SELECT action, after FROM admin_audit WHERE target = $1 ORDER BY id`, [
      `enrolmentCode:${issued.body.id}`,
    ]);
    expect(rows.map((x) => x.action)).toEqual(['enrolmentCode.issue', 'enrolmentCode.withdraw']);
    expect(rows[0].after).toMatchObject({ officeId: srv.officeId('karasu') });
    const secret = String(issued.body.code).replace(/-/g, '');
    expect(JSON.stringify(rows).replace(/-/g, '')).not.toContain(secret);
  });
});
