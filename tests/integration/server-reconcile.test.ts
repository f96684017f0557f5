/**
 * Reconciliation that finishes the job (issue #14): two applications marked
 * as the same child lose one place in the district queue, withdrawn as a
 * change of the district pseudo-device that its office pulls; possible
 * duplicates found by name and birth date (Kazakh letters folded), and a pair
 * marked "not the same child" never asked about again. Real desks
 * (tests/helpers/desk-device.ts) on a real server (tests/support/harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts, type Application, type Duplicate, type IntakeInput } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { forge } from '../support/rawOps';
import { advance, childAged, register, type DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
let district: DistrictClient;
let karasu: DeskDevice;
let ushkonyr: DeskDevice;

beforeAll(async () => {
  srv = await startTestServer();
  district = await srv.district();
  karasu = await srv.desk('karasu');
  ushkonyr = await srv.desk('ushkonyr');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const today = () => localParts(new Date().toISOString()).date;

type Kid = { iin: string; birthDate: string };
const child = (c: Kid, lastName = 'Әбілқасымова', firstName = 'Әлия'): Partial<IntakeInput> => ({
  child: { iin: c.iin, lastName, firstName },
});

async function synced(d: DeskDevice) {
  const run = await d.sync();
  expect(run.state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
  return run;
}

/** Every waiting application of the district queue, by id. */
async function queued(): Promise<Map<string, { position: number; age: number }>> {
  const q = await district.queue();
  return new Map(q.groups.flatMap((g) => g.items.map((i) => [i.applicationId, { position: i.position, age: g.age }])));
}

const pairOf = async (ids: string[], status = 'all'): Promise<Duplicate | undefined> =>
  (await district.duplicates(status)).find((d) => ids.every((id) => d.applications.some((a) => a.id === id)));

/** The same child registered at Қарасу first, then at Үшқоңыр; both synced, the pair flagged. */
async function samechild(
  serial: number,
  [first, second] = [karasu, ushkonyr],
): Promise<{ a: Application; b: Application; pair: Duplicate }> {
  const c = childAged(3, serial, today());
  first.setClock(-60_000);
  const a = await register(first, { over: child(c) });
  first.setClock(0);
  await synced(first);
  const b = await register(second, { over: child(c) });
  await synced(second);
  const pair = (await pairOf([a.id, b.id], 'open'))!;
  expect(pair).toBeDefined();
  return { a, b, pair };
}

describe('merging two applications of one child', () => {
  it('withdraws the later one from the district queue, as a district op its office pulls', async () => {
    const { a, b, pair } = await samechild(3100);
    const before = await queued();
    expect(before.has(a.id) && before.has(b.id)).toBe(true);
    const total = before.size;

    const res = await district.post(`/v1/district/duplicates/${pair.id}`, { status: 'merged', note: 'бір бала' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('merged');
    const withdrawn = res.body.applications.find((x: { id: string }) => x.id === b.id);
    expect(withdrawn.queueState).toBe('withdrawn');
    expect(res.body.applications.find((x: { id: string }) => x.id === a.id).queueState).toBe('waiting');

    // One place fewer: the kept child keeps its place, the other is gone.
    const after = await queued();
    expect(after.size).toBe(total - 1);
    expect(after.has(a.id)).toBe(true);
    expect(after.has(b.id)).toBe(false);

    const { rows } = await srv.db.query('SELECT queue_state, data, version FROM applications WHERE id = $1', [b.id]);
    expect(rows[0].queue_state).toBe('withdrawn');
    expect(rows[0].data.withdrawal).toMatchObject({
      reason: 'duplicate',
      keptApplicationId: a.id,
      keptJournalNo: a.journalNo,
      note: 'бір бала',
    });
    expect(rows[0].data.withdrawal.byName).toBeTruthy();
    // The change is an op of the district pseudo-device in the audit trail.
    const ops = await srv.db.query(
      `SELECT device_id, kind, fields FROM ops WHERE entity = 'application' AND entity_id = $1 AND source = 'district'`,
      [b.id],
    );
    expect(ops.rows).toHaveLength(1);
    expect(ops.rows[0]).toMatchObject({ device_id: 'district-server', kind: 'patch' });
    expect(ops.rows[0].fields.queueState).toBe('withdrawn');

    // Its office learns it at the next sync, with the reason to show.
    const run = await synced(ushkonyr);
    expect(run.pulled.some((c) => c.entity === 'application' && c.id === b.id)).toBe(true);
    const held = await ushkonyr.desk.get(b.id);
    expect(held).toMatchObject({
      queueState: 'withdrawn',
      withdrawal: { reason: 'duplicate', keptJournalNo: a.journalNo },
    });
    expect(await ushkonyr.desk.queuePosition(b.id)).toBeNull();
    // The kept one is untouched on its laptop.
    await synced(karasu);
    expect((await karasu.desk.get(a.id))?.queueState).toBe('waiting');

    // Decided once: a second decision on the pair is refused, nothing changes.
    const again = await district.post(`/v1/district/duplicates/${pair.id}`, { status: 'open' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('duplicate.decided');
    expect((await queued()).has(a.id)).toBe(true);
  });

  it('keeps the one the district names, and refuses to keep an application outside the pair', async () => {
    const { a, b, pair } = await samechild(3200);
    const stray = await district.post(`/v1/district/duplicates/${pair.id}`, { status: 'merged', keep: karasu.name });
    expect(stray.status).toBe(400);
    const outside = await district.post(`/v1/district/duplicates/${pair.id}`, {
      status: 'merged',
      keep: '01900000-0000-7000-8000-000000000000',
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error).toBe('duplicate.keepNotInPair');
    expect((await pairOf([a.id, b.id]))?.status).toBe('open');

    const res = await district.post(`/v1/district/duplicates/${pair.id}`, { status: 'merged', keep: b.id });
    expect(res.status).toBe(200);
    const q = await queued();
    expect(q.has(b.id)).toBe(true);
    expect(q.has(a.id)).toBe(false);
    await synced(karasu);
    expect(await karasu.desk.get(a.id)).toMatchObject({
      queueState: 'withdrawn',
      withdrawal: { keptApplicationId: b.id, keptJournalNo: b.journalNo },
    });
  });

  it('an office cannot forge a withdrawal, nor put a withdrawn child back in the queue', async () => {
    // Laptops of their own: what they forge stays in their quarantine.
    const k2 = await srv.desk('karasu', 'forging laptop K');
    const u2 = await srv.desk('ushkonyr', 'forging laptop U');
    const { a, b, pair } = await samechild(3300, [k2, u2]);
    // The office forges a withdrawal of its own application: refused, district-only.
    const forged = await forge(k2, {
      entity: 'application',
      entityId: a.id,
      kind: 'patch',
      fields: {
        queueState: 'withdrawn',
        withdrawal: {
          at: new Date().toISOString(),
          by: 'x',
          byName: 'x',
          reason: 'duplicate',
          keptApplicationId: b.id,
          keptJournalNo: b.journalNo,
        },
      },
      baseVersion: 1,
      staffId: (await k2.as('clerk')).id,
    });
    const run = await k2.sync();
    expect(run.result(forged)).toMatchObject({ status: 'quarantined', reason: 'scope.districtOnly' });

    await district.post(`/v1/district/duplicates/${pair.id}`, { status: 'merged' });
    await synced(u2);
    // The later one was withdrawn; its office tries to put it back as waiting.
    const held = (await u2.desk.get(b.id))!;
    const back = await forge(u2, {
      entity: 'application',
      entityId: b.id,
      kind: 'patch',
      fields: { queueState: 'waiting' },
      baseVersion: held.version,
      staffId: (await u2.as('clerk')).id,
    });
    const r = await u2.sync();
    expect(r.result(back)).toMatchObject({ status: 'quarantined', reason: 'scope.districtOnly' });
    expect((await queued()).has(b.id)).toBe(false);
  });
});

describe('possible duplicates by name and birth date', () => {
  it('pairs two IINs of one birth date whose names fold alike, and says why', async () => {
    const c1 = childAged(2, 3400, today());
    const c2 = childAged(2, 3400 + 97, today());
    expect(c2.birthDate).toBe(c1.birthDate);
    expect(c2.iin).not.toBe(c1.iin);
    const a = await register(karasu, { over: child(c1, 'Әбілқасымова', 'Әлия') });
    await synced(karasu);
    // Russian spelling at the other office: ә→а, і→и, қ→к fold them alike.
    const b = await register(ushkonyr, { over: child(c2, 'Абилкасымова', 'Алия') });
    await synced(ushkonyr);
    const pair = await pairOf([a.id, b.id]);
    expect(pair).toMatchObject({ status: 'open', reason: 'nameBirthDate' });
    expect(pair!.applications.map((x) => x.subjectIin).sort()).toEqual([c1.iin, c2.iin].sort());
    expect(pair!.applications.every((x) => x.birthDate === c1.birthDate)).toBe(true);
    expect(pair!.applications.find((x) => x.id === b.id)?.subjectName).toBe('Абилкасымова Алия');

    // Same IIN pairs say 'iin'.
    const same = await samechild(3500);
    expect(same.pair.reason).toBe('iin');
  });

  it('does not pair another birth date or another first name', async () => {
    const c1 = childAged(2, 3600, today());
    const other = childAged(2, 3601, today());
    expect(other.birthDate).not.toBe(c1.birthDate);
    const a = await register(karasu, { over: child(c1, 'Сұлтанова', 'Інжу') });
    const b = await register(ushkonyr, { over: child(other, 'Сұлтанова', 'Інжу') });
    const c3 = childAged(2, 3600 + 97, today());
    const c = await register(ushkonyr, { over: child(c3, 'Сұлтанова', 'Дана') });
    await synced(karasu);
    await synced(ushkonyr);
    for (const x of [b, c]) expect(await pairOf([a.id, x.id])).toBeUndefined();
  });

  it('a pair marked "not the same child" is never asked again, when either record changes or arrives again', async () => {
    const c1 = childAged(4, 3700, today());
    const c2 = childAged(4, 3700 + 97, today());
    const a = await register(karasu, { over: child(c1, 'Өмірзақова', 'Ұлжан') });
    await synced(karasu);
    const { value: b, ops } = await ushkonyr.record(() =>
      register(ushkonyr, { over: child(c2, 'Омирзакова', 'Улжан') }),
    );
    await synced(ushkonyr);
    const pair = (await pairOf([a.id, b.id], 'open'))!;
    expect(pair.reason).toBe('nameBirthDate');
    const set = await district.post(`/v1/district/duplicates/${pair.id}`, {
      status: 'not_duplicate',
      note: 'егіздер',
    });
    expect(set.status).toBe(200);
    // Both records change (the workflow moves on), and the create arrives again.
    await advance(karasu, a.id, 'assigned');
    await synced(karasu);
    await advance(ushkonyr, b.id, 'assigned');
    await synced(ushkonyr);
    expect((await ushkonyr.client.push(ops)).results.map((r) => r.status)).toEqual(ops.map(() => 'duplicate'));
    const rows = await srv.db.query(`SELECT status FROM duplicates WHERE (app_a, app_b) IN (($1, $2), ($2, $1))`, [
      a.id,
      b.id,
    ]);
    expect(rows.rows).toEqual([{ status: 'not_duplicate' }]);
    expect(await pairOf([a.id, b.id], 'open')).toBeUndefined();
  });
});
