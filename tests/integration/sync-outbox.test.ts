// What the laptop says about its outbox, and an outbox row that cannot be read (issue #11): real
// desks (renderer services on fake-indexeddb) and the real sync engine against the real server on
// PGlite. "Synced" only when the district has everything; a damaged op holds up nothing.
import '../helpers/browser-globals';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/main';
import { SyncEngine } from '../../renderer/sync/engine';
import { UNDECRYPTABLE } from '../../renderer/services/outbox';
import { demoDistrict, makeDevice, workday } from '../helpers/desk-device';

let server: RunningServer;
let district: Awaited<ReturnType<typeof demoDistrict>>;

beforeAll(async () => {
  server = await startServer({
    port: 0,
    tls: false,
    dataDir: 'memory:',
    demo: true,
    logger: false,
    passwordIterations: 100_000,
  });
  district = await demoDistrict(server);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const password = () => server.demo!.password;

describe('an outbox op that cannot be decrypted', () => {
  it('is set aside with a warning, its place quarantined on the server, and the rest of the push goes on', async () => {
    const dev = await makeDevice({
      baseUrl: server.url,
      code: await district.code('ushkonyr'),
      name: 'damaged disk',
      password: password(),
    });
    await dev.engine.syncNow();
    const apps = await workday(dev, { applications: 4, serial: 80_000, printed: 1 }, password());
    const { db } = dev.desk.context;
    // The second application's print (a patch) lands on a bad sector: its sealed fields no longer open.
    const rows = await db.outbox.orderBy('deviceSeq').toArray();
    const victim = rows.find((r) => r.entity === 'application' && r.kind === 'patch' && r.entityId === apps[1].id)!;
    const ct = victim.sealed.ct;
    await db.outbox.update(victim.deviceSeq, {
      sealed: { ...victim.sealed, ct: (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1) },
    });

    const s = await dev.engine.syncNow();
    // Not "synced": something waits for a person.
    expect(s).toMatchObject({ status: 'quarantined', pending: 0, quarantined: 1 });
    const aside = await db.quarantine.toArray();
    expect(aside.map((q) => ({ seq: q.deviceSeq, reason: q.reason }))).toEqual([
      { seq: victim.deviceSeq, reason: UNDECRYPTABLE },
    ]);

    // On the server the number is taken, quarantined in its place; everything else applied, in order.
    const deviceId = await dev.deviceId();
    const { rows: ops } = await server.db.query<{ device_seq: string; status: string; reason: string | null }>(
      'SELECT device_seq, status, reason FROM ops WHERE device_id = $1 ORDER BY device_seq',
      [deviceId],
    );
    expect(ops.map((o) => Number(o.device_seq))).toEqual(rows.map((r) => r.deviceSeq));
    expect(
      ops.filter((o) => o.status !== 'applied').map((o) => ({ seq: Number(o.device_seq), reason: o.reason })),
    ).toEqual([{ seq: victim.deviceSeq, reason: 'op.unreadable' }]);
    // The district sees it in its quarantine list.
    const officeId = apps[0].officeId;
    const q = (await district.client.get(`/v1/district/quarantine?officeId=${officeId}`)).body;
    expect(
      q.ops
        .filter((o: { deviceId: string }) => o.deviceId === deviceId)
        .map((o: { deviceSeq: number; reason: string; entityId: string }) => [o.deviceSeq, o.reason, o.entityId]),
    ).toEqual([[victim.deviceSeq, 'op.unreadable', apps[1].id]]);
    // The other prints reached the district.
    const { rows: onServer } = await server.db.query<{ id: string; data: { prints: unknown[] } }>(
      'SELECT id, data FROM applications WHERE id = ANY($1::text[])',
      [apps.map((a) => a.id)],
    );
    const prints = new Map(onServer.map((r) => [r.id, r.data.prints.length]));
    expect(apps.map((a) => prints.get(a.id))).toEqual([1, 0, 1, 1]);
    // And the next sync is clean: nothing pending, the warning stays until someone deals with it.
    expect(await dev.engine.syncNow()).toMatchObject({ status: 'quarantined', pending: 0, quarantined: 1 });
  }, 120_000);
});

describe('the sync status', () => {
  it('never reads "synced" after a failed run, with work waiting, or with the server waiting for an op', async () => {
    let up = true;
    const link: typeof fetch = async (input, init) => {
      if (!up) throw new TypeError('fetch failed');
      return fetch(input, init);
    };
    const dev = await makeDevice({
      baseUrl: server.url,
      code: await district.code('akkainar'),
      name: 'status laptop',
      password: password(),
      engine: { fetch: link },
    });
    expect(await dev.engine.syncNow()).toMatchObject({ status: 'idle', pending: 0 });

    // Work made since the last sync: waiting, not synced.
    await workday(dev, { applications: 1, serial: 81_000 }, password());
    expect(await dev.engine.refreshCounts()).toMatchObject({ status: 'waiting', pending: 2 });

    // The link drops: offline, and a recount (a screen change) does not turn it back into "synced".
    up = false;
    expect(await dev.engine.syncNow()).toMatchObject({ status: 'offline', pending: 2 });
    expect((await dev.engine.refreshCounts()).status).toBe('offline');

    // A refusal for a person to act on (a revoked laptop) stays an error through recounts too.
    up = true;
    const { db } = dev.desk.context;
    const enr = (await db.meta.get('enrolment'))!.value as Record<string, unknown>;
    await db.meta.put({ key: 'enrolment', value: { ...enr, token: 'not-a-token' } });
    expect(await dev.engine.syncNow()).toMatchObject({ status: 'error', error: { code: 'sync.unauthorized' } });
    expect((await dev.engine.refreshCounts()).status).toBe('error');
    await db.meta.put({ key: 'enrolment', value: enr });
    expect(await dev.engine.syncNow()).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });

    // The server waits for an op it never got (here: lost from the outbox): the rest waits in its backlog.
    await workday(dev, { applications: 2, serial: 81_100 }, password());
    const first = (await db.outbox.orderBy('deviceSeq').first())!;
    await db.outbox.delete(first.deviceSeq);
    const waiting = await dev.engine.syncNow();
    expect(waiting).toMatchObject({ status: 'error', error: { code: 'sync.backlog' } });
    expect(waiting.pending).toBeGreaterThan(0);
    // A second engine over the same desk (the app started again) does not call it synced either.
    const again = new SyncEngine(dev.desk.context, { fetch: link });
    expect((await again.refreshCounts()).status).toBe('waiting');
  }, 120_000);
});
