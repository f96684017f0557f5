// The desk's sync engine against the real district server when the link misbehaves:
// connections cut mid-request and mid-response, batches replayed, laptop clocks days off.
// Each test ends on the server's own records: every op applied exactly once, nothing else.
// (SIGKILL of the server mid-push is tests/integration/server-lifecycle.test.ts.)
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/main';
import {
  decodeHlc,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type Application,
  type Kindergarten,
  type PushResponse,
} from '../../shared';
import { SyncEngine } from '../../renderer/sync/engine';
import { leaseNumbers, makeDevice, workday, type DeskDevice } from '../helpers/desk-device';
import { startFlakyProxy, type CapturedRequest, type FlakyProxy } from '../helpers/flaky-proxy';

let server: RunningServer;
let proxy: FlakyProxy;
let districtToken = '';
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startServer({
    port: 0,
    tls: false,
    dataDir: 'memory:',
    demo: true,
    logger: false,
    passwordIterations: 100_000,
  });
  proxy = await startFlakyProxy({ target: { port: server.port }, seed: 20_241 });
  const res = await api('POST', '/v1/district/login', {
    login: server.demo!.districtLogin,
    password: server.demo!.password,
  });
  districtToken = res.token;
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await server?.close();
});

async function api(method: string, path: string, body?: unknown, token = districtToken) {
  const res = await fetch(server.url + path, {
    method,
    headers: {
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Push results as the devices received them: a duplicate means an acknowledgement was lost and the batch resent. */
const pushStatuses: Record<string, number> = {};
const countingFetch: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (String(input).includes('/v1/push') && res.ok) {
    const body = (await res.clone().json()) as PushResponse;
    for (const r of body.results) pushStatuses[r.status] = (pushStatuses[r.status] ?? 0) + 1;
  }
  return res;
};

const demoCode = (key: string) => server.demo!.codes.find((c) => c.officeKey === key)!;

async function device(
  officeKey: string,
  name: string,
  o: { now?: () => string; fresh?: boolean } = {},
): Promise<DeskDevice> {
  const c = demoCode(officeKey);
  const code = o.fresh ? (await api('POST', '/v1/district/enrolment-codes', { officeId: c.officeId })).code : c.code;
  // Enrolment goes straight to the server: the faults are for the sync runs.
  const dev = await makeDevice({
    baseUrl: server.url,
    code,
    name,
    password: server.demo!.password,
    now: o.now,
    engine: { attempts: 60, fetch: countingFetch },
  });
  await leaseNumbers(dev, 'preschool-queue', 400);
  return dev;
}

/** Points the device's engine at the proxy (the enrolment keeps the address it syncs to). */
async function viaProxy(dev: DeskDevice) {
  const { db } = dev.desk.context;
  const enr = (await db.meta.get('enrolment'))!.value as { baseUrl: string };
  await db.meta.put({ key: 'enrolment', value: { ...enr, baseUrl: proxy.url } });
}

/** The outbox as the device holds it before syncing: what the server must end up with, exactly. */
async function outboxOps(dev: DeskDevice) {
  return (await dev.desk.context.db.outbox.orderBy('deviceSeq').toArray()).map((r) => ({
    opId: r.opId,
    deviceSeq: r.deviceSeq,
    hlc: r.hlc,
    entity: r.entity,
    entityId: r.entityId,
  }));
}

async function syncUntilDone(dev: DeskDevice, maxRuns = 20) {
  let runs = 0;
  for (;;) {
    const s = await dev.engine.syncNow();
    runs++;
    if (s.pending === 0 && s.status === 'idle') return { runs, state: s };
    if (runs >= maxRuns)
      throw new Error(`${dev.name}: still ${s.pending} pending after ${runs} runs (${JSON.stringify(s.error)})`);
  }
}

/** Every check that "each op once, nothing else" comes down to, read from the server's database. */
/** conflicts: the reasons of the conflicts the device's ops may raise (none unless said). */
async function expectExactlyOnce(
  dev: DeskDevice,
  sent: Awaited<ReturnType<typeof outboxOps>>,
  apps: Application[],
  conflicts: string[] = [],
) {
  const deviceId = await dev.deviceId();
  const db = server.db;
  const { rows: ops } = await db.query<{ op_id: string; device_seq: number; status: string; hlc: string }>(
    'SELECT op_id, device_seq, status, hlc FROM ops WHERE device_id = $1 ORDER BY device_seq',
    [deviceId],
  );
  // Each (deviceId, deviceSeq) once, gap-free, carrying the op the device made, all applied.
  expect(ops.map((o) => o.device_seq)).toEqual(sent.map((o) => o.deviceSeq));
  expect(ops.map((o) => o.op_id)).toEqual(sent.map((o) => o.opId));
  expect(ops.filter((o) => o.status !== 'applied')).toEqual([]);
  const { rows: dup } = await db.query(
    'SELECT device_seq FROM ops WHERE device_id = $1 GROUP BY device_seq HAVING count(*) > 1',
    [deviceId],
  );
  expect(dup).toEqual([]);
  const devInfo = (await api('GET', '/v1/district/devices')).devices.find((d: { id: string }) => d.id === deviceId);
  expect(devInfo.acked).toBe(sent[sent.length - 1].deviceSeq);
  const { rows: backlog } = await db.query('SELECT count(*)::int AS n FROM backlog WHERE device_id = $1', [deviceId]);
  expect(backlog[0].n).toBe(0);

  // Each application once, in the very state the desk left it: an op applied twice would
  // have bumped the version (or raised a conflict), one lost would leave a step missing.
  const officeId = apps[0].officeId;
  const { rows: server_apps } = await db.query<{
    id: string;
    version: number;
    status: string;
    journal_no: string;
    data: Application;
  }>('SELECT id, version, status, journal_no, data FROM applications WHERE id = ANY($1::text[])', [
    apps.map((a) => a.id),
  ]);
  expect(server_apps).toHaveLength(apps.length);
  const byId = new Map(server_apps.map((r) => [r.id, r]));
  for (const a of apps) {
    const r = byId.get(a.id)!;
    expect({
      id: a.id,
      version: r.version,
      status: r.status,
      steps: r.data.steps.length,
      prints: r.data.prints.length,
    }).toEqual({ id: a.id, version: a.version, status: a.status, steps: a.steps.length, prints: a.prints.length });
  }
  const { rows: numbers } = await db.query(
    'SELECT journal_no, count(*)::int AS n FROM applications WHERE office_id = $1 GROUP BY journal_no HAVING count(*) > 1',
    [officeId],
  );
  expect(numbers).toEqual([]);
  const accessSent = sent
    .filter((o) => o.entity === 'access')
    .map((o) => o.entityId)
    .sort();
  const { rows: access } = await db.query<{ id: string }>(
    'SELECT id FROM access_log WHERE id = ANY($1::text[]) ORDER BY id',
    [accessSent],
  );
  expect(access.map((r) => r.id)).toEqual(accessSent);
  const { rows: raised } = await db.query<{ reason: string }>(
    'SELECT reason FROM conflicts WHERE device_id = $1 ORDER BY id',
    [deviceId],
  );
  expect(raised.map((c) => c.reason)).toEqual(conflicts);
  return ops;
}

async function freePlaces(): Promise<Map<string, number>> {
  const { rows } = await server.db.query<{ id: string; data: Kindergarten }>('SELECT id, data FROM kindergartens');
  return new Map(
    rows.flatMap((r) => r.data.ageGroups.map((g) => [`${r.id}/${g.id}`, g.freePlaces] as [string, number])),
  );
}

const referralsOf = (apps: Application[]) => {
  const m = new Map<string, number>();
  for (const a of apps)
    if (a.decision?.kind === 'referral')
      m.set(
        `${a.decision.kindergartenId}/${a.decision.ageGroupId}`,
        (m.get(`${a.decision.kindergartenId}/${a.decision.ageGroupId}`) ?? 0) + 1,
      );
  return m;
};

describe('sync under faults', () => {
  it('30% of connections cut mid-request or mid-response: two devices, every op applied exactly once', async () => {
    const t0 = Date.now();
    const placesBefore = await freePlaces();
    const a = await device('karasu', 'Қарасу-1');
    const b = await device('ushkonyr', 'Үшқоңыр-1');
    // A day offline each: ~150 applications, some walked through the workflow, prints.
    const appsA = await workday(
      a,
      { applications: 150, serial: 10_000, resolved: 0.3, completed: 0.12, printed: 0.2, referralEvery: 6 },
      server.demo!.password,
    );
    const appsB = await workday(
      b,
      { applications: 150, serial: 20_000, resolved: 0.3, completed: 0.12, printed: 0.2, referralEvery: 0 },
      server.demo!.password,
    );
    const sentA = await outboxOps(a);
    const sentB = await outboxOps(b);
    const tWork = Date.now() - t0;

    await viaProxy(a);
    await viaProxy(b);
    proxy.reset();
    proxy.setCutFraction(0.3);
    const t1 = Date.now();
    const [ra, rb] = await Promise.all([syncUntilDone(a), syncUntilDone(b)]);
    const tSync = Date.now() - t1;
    proxy.setCutFraction(0);
    const st = { ...proxy.stats };
    // The faults really happened, on both sides of the exchange.
    expect(st.cutsInRequest).toBeGreaterThan(2);
    expect(st.cutsInResponse).toBeGreaterThan(2);
    // Some batches were applied, their answers lost, and sent again.
    expect(pushStatuses.duplicate ?? 0).toBeGreaterThan(0);
    expect(pushStatuses.quarantined ?? 0).toBe(0);

    await expectExactlyOnce(a, sentA, appsA);
    await expectExactlyOnce(b, sentB, appsB);
    // Place counters are deltas: one applied twice would have taken two places.
    const referrals = referralsOf(appsA);
    expect([...referrals.values()].reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
    const placesAfter = await freePlaces();
    for (const [k, before] of placesBefore) expect(placesAfter.get(k), k).toBe(before - (referrals.get(k) ?? 0));
    const { rows: dupes } = await server.db.query('SELECT count(*)::int AS n FROM duplicates');
    expect(dupes[0].n).toBe(0);
    // And the devices agree: nothing left to send, nothing refused.
    for (const d of [a, b]) {
      expect(await d.desk.context.db.outbox.count()).toBe(0);
      expect(await d.desk.context.db.quarantine.count()).toBe(0);
    }
    console.info(
      `faults: ${sentA.length}+${sentB.length} ops; ${st.requests} requests, ${st.cuts} cut (${st.cutsInRequest} mid-request, ${st.cutsInResponse} mid-response) ` +
        `on ${st.connections} connections; ${JSON.stringify(pushStatuses)} push results; sync runs ${ra.runs}/${rb.runs}; work ${tWork} ms, sync ${tSync} ms; ${st.bytesUp} B up, ${st.bytesDown} B down`,
    );
  }, 150_000);

  it('a replayed push batch, again and out of order, is all duplicates and changes nothing', async () => {
    const captured: CapturedRequest[] = [];
    const tap = await startFlakyProxy({
      target: { port: server.port },
      onRequest: (r) => {
        if (r.path === '/v1/push') captured.push(r);
      },
    });
    try {
      const dev = await device('akkainar', 'Аққайнар-1');
      const apps = await workday(
        dev,
        { applications: 12, serial: 30_000, resolved: 0.5, completed: 0.25, printed: 0.5 },
        server.demo!.password,
      );
      const sent = await outboxOps(dev);
      const { db } = dev.desk.context;
      const enr = (await db.meta.get('enrolment'))!.value as { baseUrl: string };
      await db.meta.put({ key: 'enrolment', value: { ...enr, baseUrl: tap.url } });
      const engine = new SyncEngine(dev.desk.context, { batchOps: 15, sleep: async () => {} });
      const s = await engine.syncNow();
      expect(s.pending).toBe(0);
      expect(captured.length).toBeGreaterThanOrEqual(3);
      expect(captured[0].headers['content-encoding']).toBe('gzip');

      const snapshot = async () => ({
        ops: (await server.db.query('SELECT count(*)::int AS n, max(id)::int AS last FROM ops')).rows[0],
        seq: (await server.db.query('SELECT seq FROM change_counter')).rows[0].seq,
        apps: (
          await server.db.query(
            'SELECT id, version, change_seq, data FROM applications WHERE office_id = $1 ORDER BY id',
            [apps[0].officeId],
          )
        ).rows,
        places: [...(await freePlaces())],
        access: (await server.db.query('SELECT count(*)::int AS n FROM access_log')).rows[0].n,
      });
      const before = await snapshot();
      const replay = async (r: CapturedRequest): Promise<PushResponse> => {
        const res = await fetch(server.url + r.path, {
          method: 'POST',
          headers: {
            authorization: r.headers.authorization,
            [PROTOCOL_HEADER]: r.headers[PROTOCOL_HEADER],
            'content-type': r.headers['content-type'],
            'content-encoding': r.headers['content-encoding'],
          },
          body: new Uint8Array(r.body),
        });
        expect(res.status).toBe(200);
        return res.json();
      };
      // The last batch first, then the first, then all of them twice more.
      const order = [captured.length - 1, 0, ...captured.map((_, i) => i), ...captured.map((_, i) => i).reverse()];
      let results = 0;
      for (const i of order) {
        const r = await replay(captured[i]);
        expect(r.acked).toBe(sent[sent.length - 1].deviceSeq);
        expect(new Set(r.results.map((x) => `${x.status}/${x.original}`))).toEqual(new Set(['duplicate/applied']));
        results += r.results.length;
      }
      expect(results).toBeGreaterThan(sent.length);
      expect(await snapshot()).toEqual(before);
      await expectExactlyOnce(dev, sent, apps);
    } finally {
      await tap.close();
    }
  }, 180_000);

  it('laptop clocks 5 days behind and 3 days ahead: every op once, HLC times monotonic per device', async () => {
    const behind = () => new Date(Date.now() - 5 * DAY).toISOString();
    const ahead = () => new Date(Date.now() + 3 * DAY).toISOString();
    const a = await device('mobile', 'ЖҚО-slow-clock', { now: behind });
    const b = await device('karasu', 'Қарасу-fast-clock', { now: ahead, fresh: true });
    // Enrolment already taught each laptop its clock's error; here the clocks went wrong
    // afterwards (a dead CMOS battery), so the offline day is stamped with the wrong time.
    for (const d of [a, b]) {
      expect(Math.abs(d.desk.context.clock.offsetMs)).toBeGreaterThan(2 * DAY);
      d.desk.context.clock.offsetMs = 0;
    }
    const appsA = await workday(
      a,
      { applications: 40, serial: 40_000, resolved: 0.5, completed: 0.25, printed: 0.25, referralEvery: 0 },
      server.demo!.password,
    );
    const appsB = await workday(
      b,
      { applications: 40, serial: 50_000, resolved: 0.5, completed: 0.25, printed: 0.25, referralEvery: 0 },
      server.demo!.password,
    );
    const sentA = await outboxOps(a);
    const sentB = await outboxOps(b);
    await viaProxy(a);
    await viaProxy(b);
    proxy.setCutFraction(0.2);
    await Promise.all([syncUntilDone(a), syncUntilDone(b)]);
    // The first answers told each laptop how far off its clock is: what it registers next
    // carries the server's time, whatever the laptop's clock says.
    for (const [d, skew, list, serial] of [
      [a, -5 * DAY, appsA, 45_000],
      [b, 3 * DAY, appsB, 55_000],
    ] as const) {
      expect(Math.abs(d.desk.context.clock.offsetMs + skew)).toBeLessThan(60_000);
      expect(Math.abs((d.engine.state.clockOffsetMs ?? 0) + skew)).toBeLessThan(60_000);
      const [late] = await workday(
        d,
        { applications: 1, serial, resolved: 0, completed: 0, printed: 0, referralEvery: 0 },
        server.demo!.password,
      );
      expect(Math.abs(Date.parse(late.acceptedAt) - Date.now())).toBeLessThan(60_000);
      list.push(late);
    }
    // The next day: edits of records the server already has (patches on its versions), synced again.
    for (const [d, list, sent] of [
      [a, appsA, sentA],
      [b, appsB, sentB],
    ] as const) {
      for (const x of list.slice(0, 10)) await d.desk.logPrint(x.id, 'application', x.lang, 'print');
      sent.push(...(await outboxOps(d)));
    }
    await Promise.all([syncUntilDone(a), syncUntilDone(b)]);
    proxy.setCutFraction(0);
    const finalA = await Promise.all(appsA.map(async (x) => (await a.desk.get(x.id))!));
    const finalB = await Promise.all(appsB.map(async (x) => (await b.desk.get(x.id))!));
    const opsA = await expectExactlyOnce(a, sentA, finalA);
    // The fast laptop's offline day was accepted "in the future": each of those 40 applications
    // counts from when it reached the server and is flagged for the district. The slow laptop's
    // past cannot be told from a real one.
    const opsB = await expectExactlyOnce(b, sentB, finalB, Array(40).fill('clock.ahead'));
    const { rows: accepted } = await server.db.query<{ id: string; data: Application }>(
      'SELECT id, data FROM applications WHERE id = ANY($1::text[])',
      [appsB.map((x) => x.id)],
    );
    for (const r of accepted) expect(Date.parse(r.data.acceptedAt)).toBeLessThan(Date.now() + 60_000);
    expect(finalB.slice(0, 40).every((x) => Date.parse(x.acceptedAt) < Date.now() + 60_000)).toBe(true);

    for (const [ops, skew] of [
      [opsA, -5 * DAY],
      [opsB, 3 * DAY],
    ] as const) {
      // Strictly increasing in deviceSeq order, as strings (how they are compared) and as times.
      for (let i = 1; i < ops.length; i++)
        expect(ops[i].hlc > ops[i - 1].hlc, `hlc ${ops[i - 1].hlc} then ${ops[i].hlc}`).toBe(true);
      // The wall part is the laptop's own (wrong) clock: the server keeps what the device said.
      const first = decodeHlc(ops[0].hlc).wall;
      expect(Math.abs(first - (Date.now() + skew))).toBeLessThan(10 * 60_000);
    }
    // Applications taken offline before the first sync keep the wrong clock's time (reported).
    const { rows } = await server.db.query<{ min: string; max: string }>(
      'SELECT min(accepted_at) AS min, max(accepted_at) AS max FROM applications WHERE id = ANY($1::text[])',
      [[...appsA, ...appsB].map((x) => x.id)],
    );
    console.info(
      `clocks: ${sentA.length}+${sentB.length} ops applied once; acceptedAt on the server spans ${rows[0].min} .. ${rows[0].max}`,
    );
  }, 120_000);
});
