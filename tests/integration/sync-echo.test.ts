// Pulls that leave out a laptop's own records (own=skip): the real desk (renderer/services on
// fake-indexeddb, Node has no IndexedDB) and the real sync engine against the real server on PGlite.
// What the laptop skipped must be exactly what the server holds, and a laptop restored from an
// older backup must still get back the work it pushed after that backup.
import '../helpers/browser-globals';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/main';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { SyncEngine } from '../../renderer/sync/engine';
import { OWN_RECORDS_HELD } from '../../renderer/services/outbox';
import { canonicalJson, type Change } from '../../shared';
import { demoDistrict, makeDevice, workday } from '../helpers/desk-device';

let server: RunningServer;
let district: Awaited<ReturnType<typeof demoDistrict>>;
const pulled: Change[][] = [];

/** Records what every pull brought, as the engine saw it. */
const watching: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  if (String(input).includes('/v1/pull'))
    pulled.push(((await res.clone().json()) as { changes: Change[] }).changes ?? []);
  return res;
};

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

const withoutVersion = ({ version: _v, ...rest }: Record<string, unknown>) => rest;

/** The server's copy of every record of the office, by id. */
async function serverCopy(table: string, officeId: string): Promise<Map<string, Record<string, unknown>>> {
  const { rows } = await server.db.query<{ id: string; data: Record<string, unknown> }>(
    `SELECT id, data FROM ${table} WHERE office_id = $1`,
    [officeId],
  );
  return new Map(rows.map((r) => [r.id, r.data]));
}

describe("pulls without the laptop's own records", () => {
  it('leave out what the laptop made, and what it holds is exactly what the server holds', async () => {
    const dev = await makeDevice({
      baseUrl: server.url,
      code: await district.code('karasu'),
      name: 'echo laptop',
      password: server.demo!.password,
      engine: { fetch: watching },
    });
    // The first sync after enrolling brings everything; from then on own records are left out.
    await dev.engine.syncNow();
    expect((await dev.desk.context.db.meta.get(OWN_RECORDS_HELD))?.value).toBe(true);

    const apps = await workday(
      dev,
      { applications: 9, serial: 31_000, resolved: 1, completed: 0.7, printed: 1, referralEvery: 3 },
      server.demo!.password,
    );
    const access = await dev.desk.context.db.access.toArray();
    expect(access.length).toBeGreaterThan(20);
    pulled.length = 0;
    const s = await dev.engine.syncNow();
    expect(s).toMatchObject({ status: 'idle', pending: 0 });
    const back = new Set(pulled.flat().map((c) => c.id));
    expect(apps.filter((a) => back.has(a.id))).toEqual([]);
    expect(access.filter((a) => back.has(a.id))).toEqual([]);
    // Referrals moved the district's place counters: those come back (everyone's deltas add up there).
    expect(pulled.flat().some((c) => c.entity === 'kindergarten')).toBe(true);

    // Every application and access entry on the laptop equals the server's copy.
    const officeId = apps[0].officeId;
    const onServer = await serverCopy('applications', officeId);
    for (const a of apps) {
      const mine = await dev.desk.get(a.id);
      expect(canonicalJson(withoutVersion(mine as never))).toBe(canonicalJson(withoutVersion(onServer.get(a.id)!)));
    }
    const accessOnServer = await serverCopy('access_log', officeId);
    for (const e of access) expect(canonicalJson(e)).toBe(canonicalJson(accessOnServer.get(e.id)));
    // The acknowledgements told the laptop the server's versions it would have pulled.
    const { rows } = await server.db.query<{ id: string; version: number }>(
      'SELECT id, version FROM applications WHERE id = ANY($1::text[])',
      [apps.map((a) => a.id)],
    );
    for (const r of rows) expect((await dev.desk.context.db.applications.get(r.id))!.serverVersion).toBe(r.version);
  }, 120_000);

  it('a laptop restored from an older backup gets back its own work pushed after that backup', async () => {
    const dev = await makeDevice({
      baseUrl: server.url,
      code: await district.code('ushkonyr'),
      name: 'restored laptop',
      password: server.demo!.password,
    });
    await dev.engine.syncNow();
    const early = await workday(dev, { applications: 2, serial: 32_000, printed: 1 }, server.demo!.password);
    await dev.engine.syncNow();
    await dev.desk.signIn('head', server.demo!.password);
    const { blob } = await dev.desk.exportBackup('backup-pass-1');
    const late = await workday(
      dev,
      { applications: 3, serial: 32_100, resolved: 1, printed: 1 },
      server.demo!.password,
    );
    expect(await dev.engine.syncNow()).toMatchObject({ status: 'idle', pending: 0 });

    // The laptop is lost; its backup goes onto a new one, which re-enrols as the same device.
    const desk = createDesk({ db: new DeskDb(`restored-${process.pid}`) });
    await desk.restoreBackup(blob, 'backup-pass-1');
    expect((await desk.context.db.meta.get(OWN_RECORDS_HELD))?.value).toBeUndefined();
    const engine = new SyncEngine(desk.context, { sleep: async () => {}, random: () => 0 });
    await engine.enrol(server.url, await district.code('ushkonyr'), 'restored laptop');
    await desk.signIn('clerk', server.demo!.password);
    expect(await desk.get(late[0].id)).toBeUndefined();
    expect(await engine.syncNow()).toMatchObject({ status: 'idle', pending: 0 });
    for (const a of [...early, ...late]) {
      const mine = await desk.get(a.id);
      expect(mine?.journalNo).toBe(a.journalNo);
      expect(mine?.status).toBe(a.status);
    }
    expect((await desk.context.db.meta.get(OWN_RECORDS_HELD))?.value).toBe(true);
  }, 120_000);
});
