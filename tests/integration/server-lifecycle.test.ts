/**
 * The server as its own process: SIGTERM lets the push in flight finish and
 * closes the database; SIGKILL in the middle of a large push loses nothing and
 * doubles nothing: after a restart on the same data, a re-push applies every
 * op exactly once. Runs on PGlite, or on PostgreSQL when PG_TEST_URL is set.
 * The ops are a real desk's (tests/helpers/desk-device.ts), made offline once
 * and replayed over HTTP with the tests' client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Op } from '../../shared';
import { newStorage, startTestServer } from '../support/harness';
import { spawnServer, type ChildServer } from '../support/child';
import { DistrictClient, type DeviceClient } from '../support/client';
import { workday, type DeskDevice } from '../helpers/desk-device';

let storage: Awaited<ReturnType<typeof newStorage>>;
let child: ChildServer | null = null;
const env = (): Record<string, string> =>
  storage.databaseUrl
    ? { DATABASE_URL: storage.databaseUrl, SERVER_KEY: storage.serverKey! }
    : { DATA_DIR: storage.dataDir! };

/**
 * Applications registered, printed and resolved on the laptop, role by role as
 * in an office: three changes apiece, each with its access-log entry (six ops).
 */
async function workload(apps: number, serial: number): Promise<Op[]> {
  const { ops } = await laptop.record(() =>
    workday(laptop, { applications: apps, serial, resolved: 1, printed: 1 }, laptop.password),
  );
  expect(ops).toHaveLength(apps * 6);
  return ops;
}

let laptop: DeskDevice;
let device: DeviceClient;
/** The laptop's two days of work, pushed to the server process below. */
let day1: Op[];
let day2: Op[];

beforeAll(async () => {
  storage = await newStorage();
  // The laptop enrols with a server in this process on the same data, and makes both days offline
  // once, before any timing matters; the server processes below take the data over.
  const srv = await startTestServer({ storage });
  try {
    laptop = await srv.desk('karasu', 'Қарасу laptop');
    day1 = await workload(50, 1);
    day2 = await workload(50, 1000);
  } finally {
    await srv.stop();
  }
}, 120_000);
afterAll(async () => {
  if (child && child.proc.exitCode === null) {
    child.proc.kill('SIGKILL');
    await child.exited;
  }
  await storage?.cleanup();
});

describe('graceful shutdown', () => {
  it('on SIGTERM finishes the push in flight, refuses new work, closes the database and exits 0', async () => {
    // Small transactions: the signal can land between two of them, by construction, not by timing.
    child = await spawnServer({ ...env(), LOG_LEVEL: 'debug', SYNC_OPS_PER_TX: '20' });
    device = laptop.client.at(child.url);
    const ops = day1;
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
    expect(res.body.acked).toBe(ops.length);
    expect(res.body.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
    const exit = await child.exited;
    expect(exit.code).toBe(0);
    const msgs = child.logs.map((l) => l.msg);
    expect(msgs).toContain('shutting down: no new requests, finishing those in flight');
    expect(msgs.indexOf('stopped')).toBeGreaterThan(
      msgs.indexOf('shutting down: no new requests, finishing those in flight'),
    );
    // The push was still running when the signal came (else this test proves nothing).
    const shutdownAt = child.logs.find((l) => l.msg?.startsWith('shutting down'))!.time as number;
    const pushReq = child.logs.find((l) => l.msg === 'incoming request' && l.req?.path === '/v1/push')!.reqId;
    const pushDone = child.logs.find((l) => l.msg === 'request completed' && l.reqId === pushReq)!.time as number;
    expect(pushDone).toBeGreaterThanOrEqual(shutdownAt);
    await expect(fetch(`${child.url}/health`)).rejects.toThrow();
    console.info(`graceful: ${ops.length} ops pushed in ${tookMs} ms, SIGTERM after op 20`);
  }, 180_000);
});

describe('crash', () => {
  it('after SIGKILL mid-push and a restart, a re-push applies every op exactly once', async () => {
    // Debug logs report each committed transaction of 20 ops: the kill lands mid-batch by construction, not by timing.
    child = await spawnServer({ ...env(), LOG_LEVEL: 'debug', SYNC_OPS_PER_TX: '20' });
    device = device.at(child.url);
    const ops = day2;
    // deviceSeq 301..600, three batches
    const batches: Op[][] = [];
    for (let i = 0; i < ops.length; i += 100) batches.push(ops.slice(i, i + 100));
    const seq = (b: Op[]) => ({ from: b[0].deviceSeq, to: b[b.length - 1].deviceSeq });
    const t0 = Date.now();
    const first = await device.push(batches[0], { gzip: true });
    const batchMs = Date.now() - t0;
    expect(first.acked).toBe(seq(batches[0]).to);
    // Kill in the middle of the second batch (deviceSeq 401..500), once 40 of its ops are in.
    const second = device.pushRaw(batches[1], { gzip: true }).catch((e) => e as Error);
    await child.waitForLog((l) => l.msg === 'ops applied' && l.to >= seq(batches[1]).from + 39);
    child.proc.kill('SIGKILL');
    const lost = await second;
    expect(lost).toBeInstanceOf(Error);
    expect((await child.exited).signal).toBe('SIGKILL');

    child = await spawnServer(env());
    device = device.at(child.url);
    const district = new DistrictClient(child.url);
    await district.login('district', 'demo12345');
    const devInfo = (await district.get('/v1/district/devices')).body.devices.find(
      (d: { id: string }) => d.id === device.deviceId,
    );
    const ackedAfterCrash = devInfo.acked as number;
    expect(ackedAfterCrash).toBeGreaterThanOrEqual(seq(batches[1]).from + 39);
    expect(ackedAfterCrash).toBeLessThan(seq(batches[1]).to);

    // The desk lost the answer: it resends from its last acknowledgement (400) on.
    let acked = 0;
    const statuses: Record<string, number> = {};
    for (const b of batches.slice(1)) {
      const r = await device.push(b, { gzip: true });
      acked = r.acked;
      for (const x of r.results) statuses[x.status] = (statuses[x.status] ?? 0) + 1;
    }
    expect(acked).toBe(seq(batches[2]).to);
    expect(statuses.duplicate ?? 0).toBe(ackedAfterCrash - seq(batches[0]).to);
    expect(statuses.applied).toBe(seq(batches[2]).to - ackedAfterCrash);
    expect(statuses.quarantined).toBeUndefined();

    // Every application exactly once, each at version 3 (create, print, resolution): no op twice, none lost.
    const { changes } = await pullAll(district);
    const apps = changes.filter(
      (c) => c.entity === 'application' && (c.data as { officeId: string }).officeId === device.officeId,
    );
    expect(apps).toHaveLength(100);
    expect(apps.filter((a) => a.version !== 3)).toEqual([]);
    expect(apps.filter((a) => (a.data as { prints: unknown[] }).prints.length !== 1)).toEqual([]);

    child.proc.kill('SIGTERM');
    expect((await child.exited).code).toBe(0);
    console.info(
      `crash: batch of 100 ops took ${batchMs} ms; SIGKILL left acked=${ackedAfterCrash}; re-push applied ${statuses.applied}, duplicates ${statuses.duplicate ?? 0}`,
    );
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
