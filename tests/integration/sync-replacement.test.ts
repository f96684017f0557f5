// Replacing a laptop (issue #11): the office's backup goes onto a new laptop, which enrols again
// as the same device. The old laptop had synced more work after that backup. Real desks (the
// renderer's services on fake-indexeddb, Node has no IndexedDB) and the real sync engine against
// the real server on PGlite. Nothing may be lost, doubled, renumbered over a number already used,
// or quarantined; the laptop's status must say what is true.
import '../helpers/browser-globals';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/main';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { SyncEngine } from '../../renderer/sync/engine';
import { localParts, type Application } from '../../shared';
import { demoDistrict, intake, makeDevice, workday } from '../helpers/desk-device';

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

/** A link that can be cut: every request fails as a dropped connection does. */
function switchableLink() {
  const link = {
    up: true,
    fetch: (async (input, init) => {
      if (!link.up) throw new TypeError('fetch failed');
      return fetch(input, init);
    }) as typeof fetch,
  };
  return link;
}

const password = () => server.demo!.password;

describe('a replacement laptop restored from a backup', () => {
  it('made before 20 further synced applications: nothing lost or doubled, fresh numbers, nothing quarantined', async () => {
    const old = await makeDevice({
      baseUrl: server.url,
      code: await district.code('karasu'),
      name: 'old laptop',
      password: password(),
    });
    expect(await old.engine.syncNow()).toMatchObject({ status: 'idle', pending: 0 });
    const early = await workday(old, { applications: 3, serial: 70_000, resolved: 1, printed: 1 }, password());
    await old.engine.syncNow();
    // Work made just before the backup and not yet synced: in the backup's outbox, then pushed by the old laptop.
    const unsynced = await workday(old, { applications: 2, serial: 70_050, printed: 1 }, password());
    await old.desk.signIn('head', password());
    const { blob } = await old.desk.exportBackup('backup-pass-1');
    const late = await workday(old, { applications: 20, serial: 70_100, resolved: 0.5, printed: 0.5 }, password());
    expect(await old.engine.syncNow()).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    const deviceId = await old.deviceId();

    // The old laptop is gone; its backup goes onto a new one.
    const link = switchableLink();
    const desk = createDesk({ db: new DeskDb(`replacement-${process.pid}`) });
    await desk.restoreBackup(blob, 'backup-pass-1');
    const engine = new SyncEngine(desk.context, { sleep: async () => {}, random: () => 0, fetch: link.fetch });
    await desk.signIn('clerk', password());
    const office = await desk.office();
    const today = localParts(desk.context.now(), office.utcOffsetMinutes).date;
    const kgIds = (await desk.kindergartens()).map((k) => k.id);
    const backupLeases = (await desk.context.db.leases.toArray()).map((l) => l.id);
    expect(backupLeases.length).toBeGreaterThan(0);
    // Not enrolled again yet: no official number (its blocks may have been drawn from since the backup).
    await expect(desk.register(intake(70_190, kgIds, today))).rejects.toMatchObject({ code: 'numbers.enrolAgain' });
    // Work that numbers nothing goes on: a receipt printed (a patch and an access-log entry).
    const seqAtRestore = ((await desk.context.db.meta.get('reEnrol'))!.value as { seq: number }).seq;
    await desk.logPrint(early[0].id, 'receipt', early[0].lang, 'print');
    const sinceRestore = (await desk.context.db.outbox.where('deviceSeq').above(seqAtRestore).sortBy('deviceSeq')).map(
      (r) => r.opId,
    );
    expect(sinceRestore.length).toBeGreaterThan(0);

    const enrolled = await engine.enrol(server.url, await district.code('karasu'), 'replacement laptop');
    // The old laptop went on after the backup: the ops made since the restore now follow the district's last, in order.
    expect(enrolled.acked).toBeGreaterThan(seqAtRestore);
    const outbox = await desk.context.db.outbox.orderBy('deviceSeq').toArray();
    expect(outbox.map((r) => r.opId)).toEqual(sinceRestore);
    expect(outbox.map((r) => r.deviceSeq)).toEqual(sinceRestore.map((_, i) => enrolled.acked + 1 + i));
    // The backup's blocks are gone, fresh ones leased; yet no number before the office's records are back.
    const leases = await desk.context.db.leases.toArray();
    expect(leases.filter((l) => backupLeases.includes(l.id))).toEqual([]);
    expect(leases.length).toBeGreaterThan(0);
    expect(engine.state.catchUp).toBe(true);
    await expect(desk.register(intake(70_191, kgIds, today))).rejects.toMatchObject({ code: 'numbers.catchUp' });

    expect(await engine.syncNow()).toMatchObject({ status: 'idle', pending: 0, quarantined: 0, catchUp: false });
    // The work the old laptop synced after the backup is back.
    for (const a of [...unsynced, ...late]) expect((await desk.get(a.id))?.journalNo, a.journalNo).toBe(a.journalNo);

    // A day offline: five applications.
    link.up = false;
    const five: Application[] = [];
    for (let i = 0; i < 5; i++) five.push(await desk.register(intake(70_200 + i, kgIds, today)));
    // A failed sync never reads as synced.
    const failed = await engine.syncNow();
    expect(failed.status).toBe('offline');
    expect(failed.pending).toBeGreaterThan(0);
    expect((await engine.refreshCounts()).status).toBe('offline');
    link.up = true;
    expect(await engine.syncNow()).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });

    // Every op of the device once, gap-free, applied; nothing refused; no conflict at all.
    const { rows: ops } = await server.db.query<{ device_seq: string; status: string; reason: string | null }>(
      'SELECT device_seq, status, reason FROM ops WHERE device_id = $1 ORDER BY device_seq',
      [deviceId],
    );
    expect(ops.map((o) => Number(o.device_seq))).toEqual(ops.map((_, i) => i + 1));
    expect(ops.filter((o) => o.status !== 'applied')).toEqual([]);
    const { rows: refused } = await server.db.query('SELECT device_seq, reason FROM refused_ops WHERE device_id = $1', [
      deviceId,
    ]);
    expect(refused).toEqual([]);
    const { rows: conflicts } = await server.db.query<{ reason: string }>(
      'SELECT reason FROM conflicts WHERE device_id = $1',
      [deviceId],
    );
    expect(conflicts.map((c) => c.reason)).toEqual([]);
    const quarantine = (await district.client.get(`/v1/district/quarantine?officeId=${office.id}`)).body;
    expect(quarantine.ops.filter((o: { deviceId: string }) => o.deviceId === deviceId)).toEqual([]);
    expect(quarantine.refused.filter((o: { deviceId: string }) => o.deviceId === deviceId)).toEqual([]);

    // The five reached the district with numbers no other application of the office carries.
    const { rows: apps } = await server.db.query<{ id: string; journal_no: string; data: Application }>(
      'SELECT id, journal_no, data FROM applications WHERE office_id = $1',
      [office.id],
    );
    const byId = new Map(apps.map((r) => [r.id, r]));
    for (const a of five) expect(byId.get(a.id)?.journal_no, a.id).toBe(a.journalNo);
    expect(new Set(apps.map((r) => r.journal_no)).size).toBe(apps.length);
    // The receipt printed after the restore reached the district too.
    expect(byId.get(early[0].id)!.data.prints.length).toBe(early[0].prints.length + 1);

    // Nothing lost or doubled on either side: the laptop holds exactly the office's applications.
    const all = [...early, ...unsynced, ...late, ...five];
    expect(apps.filter((r) => all.some((a) => a.id === r.id))).toHaveLength(all.length);
    const mine = await desk.context.db.applications.toArray();
    expect(mine.map((r) => r.id).sort()).toEqual(apps.map((r) => r.id).sort());
    expect(await desk.context.db.quarantine.count()).toBe(0);
  }, 180_000);
});
