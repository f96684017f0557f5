/**
 * The server as its own process: SIGTERM lets the push in flight finish and
 * closes the database; SIGKILL in the middle of a large push loses nothing and
 * doubles nothing: after a restart on the same data, a re-push applies every
 * op exactly once. Runs on PGlite, or on PostgreSQL when PG_TEST_URL is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Op } from '../../shared';
import { newStorage, START_TIMEOUT_MS } from '../support/harness';
import { spawnServer, type ChildServer } from '../support/child';
import { DeviceClient, DistrictClient } from '../support/client';
import { FakeDesk, resolutionFields } from '../support/fixtures';

let storage: Awaited<ReturnType<typeof newStorage>>;
let child: ChildServer | null = null;
const env = (): Record<string, string> => (storage.databaseUrl ? { DATABASE_URL: storage.databaseUrl, SERVER_KEY: storage.serverKey! } : { DATA_DIR: storage.dataDir! });

beforeAll(async () => {
  storage = await newStorage();
}, START_TIMEOUT_MS);
afterAll(async () => {
  if (child && child.proc.exitCode === null) {
    child.proc.kill('SIGKILL');
    await child.exited;
  }
  await storage?.cleanup();
});

/** Applications, each registered, resolved and printed: three ops apiece. */
function workload(desk: FakeDesk, apps: number): Op[] {
  const ops: Op[] = [];
  for (let i = 0; i < apps; i++) {
    const { app, op } = desk.register();
    ops.push(op, desk.step(app.id, 'resolution', resolutionFields(desk)), desk.print(app.id));
  }
  return ops;
}

let device: DeviceClient;
let desk: FakeDesk;

describe('graceful shutdown', () => {
  it('on SIGTERM finishes the push in flight, refuses new work, closes the database and exits 0', async () => {
    // Small transactions: the signal can land between two of them, by construction, not by timing.
    child = await spawnServer({ ...env(), LOG_LEVEL: 'debug', SYNC_OPS_PER_TX: '20' });
    device = new DeviceClient(child.url);
    await device.enrol(child.codes['ҚРС'], 'Қарасу laptop');
    desk = FakeDesk.of(device);
    const ops = workload(desk, 100);
    const t0 = Date.now();
    const push = device.pushRaw(ops, { gzip: true });
    // Signal once the server is inside the push (its first transaction committed), whatever the machine's load.
    await child.waitForLog((l) => l.msg === 'ops applied' && l.to >= 20);
    child.proc.kill('SIGTERM');
    const signalledAt = Date.now();
    const res = await push;
    expect(Date.now()).toBeGreaterThan(signalledAt);
    const tookMs = Date.now() - t0;
    expect(res.status).toBe(200);
    expect(res.body.acked).toBe(300);
    expect(res.body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
    const exit = await child.exited;
    expect(exit.code).toBe(0);
    const msgs = child.logs.map((l) => l.msg);
    expect(msgs).toContain('shutting down: no new requests, finishing those in flight');
    expect(msgs.indexOf('stopped')).toBeGreaterThan(msgs.indexOf('shutting down: no new requests, finishing those in flight'));
    // The push was still running when the signal came (else this test proves nothing).
    const shutdownAt = child.logs.find((l) => l.msg?.startsWith('shutting down'))!.time as number;
    const pushReq = child.logs.find((l) => l.msg === 'incoming request' && l.req?.path === '/v1/push')!.reqId;
    const pushDone = child.logs.find((l) => l.msg === 'request completed' && l.reqId === pushReq)!.time as number;
    expect(pushDone).toBeGreaterThanOrEqual(shutdownAt);
    await expect(fetch(`${child.url}/health`)).rejects.toThrow();
    console.info(`graceful: 300 ops pushed in ${tookMs} ms, SIGTERM after op 20`);
  }, 60_000);
});

describe('crash', () => {
  it('after SIGKILL mid-push and a restart, a re-push applies every op exactly once', async () => {
    // Debug logs report each committed transaction of 20 ops: the kill lands mid-batch by construction, not by timing.
    child = await spawnServer({ ...env(), LOG_LEVEL: 'debug', SYNC_OPS_PER_TX: '20' });
    device = device.at(child.url);
    const ops = workload(desk, 200); // deviceSeq 301..900, three batches
    const batches: Op[][] = [];
    for (let i = 0; i < ops.length; i += 200) batches.push(ops.slice(i, i + 200));
    const t0 = Date.now();
    const first = await device.push(batches[0], { gzip: true });
    const batchMs = Date.now() - t0;
    expect(first.acked).toBe(500);
    // Kill in the middle of the second batch (deviceSeq 501..700), once 40 of its ops are in.
    const second = device.pushRaw(batches[1], { gzip: true }).catch((e) => e as Error);
    await child.waitForLog((l) => l.msg === 'ops applied' && l.to >= 540);
    child.proc.kill('SIGKILL');
    const lost = await second;
    expect(lost).toBeInstanceOf(Error);
    expect((await child.exited).signal).toBe('SIGKILL');

    child = await spawnServer(env());
    device = device.at(child.url);
    const district = new DistrictClient(child.url);
    await district.login('district', 'demo12345');
    const devInfo = (await district.get('/v1/district/devices')).body.devices.find((d: { id: string }) => d.id === device.deviceId);
    const ackedAfterCrash = devInfo.acked as number;
    expect(ackedAfterCrash).toBeGreaterThanOrEqual(540);
    expect(ackedAfterCrash).toBeLessThan(700);

    // The desk lost the answer: it resends from its last acknowledgement (500) on.
    let acked = 0;
    const statuses: Record<string, number> = {};
    for (const b of batches.slice(1)) {
      const r = await device.push(b, { gzip: true });
      acked = r.acked;
      for (const x of r.results) statuses[x.status] = (statuses[x.status] ?? 0) + 1;
    }
    expect(acked).toBe(900);
    expect(statuses.duplicate ?? 0).toBe(ackedAfterCrash - 500);
    expect(statuses.applied).toBe(900 - ackedAfterCrash);
    expect(statuses.quarantined).toBeUndefined();

    // Every application exactly once, each at version 3 (create, resolution, print): no op twice, none lost.
    const { changes } = await pullAll(district);
    const apps = changes.filter((c) => c.entity === 'application' && (c.data as { officeId: string }).officeId === device.officeId);
    expect(apps).toHaveLength(300);
    expect(apps.filter((a) => a.version !== 3)).toEqual([]);
    expect(apps.filter((a) => (a.data as { prints: unknown[] }).prints.length !== 1)).toEqual([]);

    child.proc.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);
    console.info(`crash: batch of 200 ops took ${batchMs} ms; SIGKILL left acked=${ackedAfterCrash}; re-push applied ${statuses.applied}, duplicates ${statuses.duplicate ?? 0}`);
  }, 120_000);
});

async function pullAll(c: DistrictClient) {
  const changes: Array<{ entity: string; id: string; version: number; data: unknown }> = [];
  let cursor = '0';
  for (;;) {
    const r = await c.get(`/v1/pull?cursor=${cursor}&limit=1000`);
    changes.push(...r.body.changes);
    cursor = r.body.cursor;
    if (!r.body.more) return { changes };
  }
}
