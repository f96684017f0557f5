/**
 * Possible duplicates that find every pair once (issue #14, its leftovers),
 * on the real server with real desks: a child written in Latin letters as on
 * a passport pairs with the Cyrillic spelling born the same day, patronymics
 * that name two fathers keep two children apart while a missing one does
 * not; records stored before the name keys existed are paired at the
 * server's next start, once, without touching the district's decisions; and
 * a merge that withdraws an application closes its other open pairs with the
 * reason, never to open again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NAME_KEY_VERSION,
  localParts,
  nameBirthKey,
  type Application,
  type Duplicate,
  type IntakeInput,
} from '../../shared';
import { rekeyApplications } from '../../server/store/records';
import { newStorage, startTestServer, type TestServer, type TestStorage, START_TIMEOUT_MS } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { advance, childAged, register, type DeskDevice } from '../helpers/desk-device';

let storage: TestStorage;
let srv: TestServer;
let district: DistrictClient;
let karasu: DeskDevice;
let ushkonyr: DeskDevice;
let akkainar: DeskDevice;

beforeAll(async () => {
  storage = await newStorage();
  srv = await startTestServer({ storage });
  district = await srv.district();
  karasu = await srv.desk('karasu');
  ushkonyr = await srv.desk('ushkonyr');
  akkainar = await srv.desk('akkainar');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
  await storage?.cleanup();
});

const today = () => localParts(new Date().toISOString()).date;

type Kid = { iin: string; birthDate: string };
const child = (c: Kid, lastName: string, firstName: string, middleName?: string): Partial<IntakeInput> => ({
  child: { iin: c.iin, lastName, firstName, ...(middleName ? { middleName } : {}) },
});

async function synced(d: DeskDevice) {
  const run = await d.sync();
  expect(run.state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
}

/** Two children born the same day with two IINs (the same serial 97 apart gives one birth date). */
function twins(serial: number, age = 3): [Kid, Kid] {
  const a = childAged(age, serial, today());
  const b = childAged(age, serial + 97, today());
  expect(b.birthDate).toBe(a.birthDate);
  expect(b.iin).not.toBe(a.iin);
  return [a, b];
}

const pairOf = async (a: string, b: string, status = 'all'): Promise<Duplicate | undefined> =>
  (await district.duplicates(status)).find((d) => [a, b].every((id) => d.applications.some((x) => x.id === id)));

describe('a Latin spelling and a Cyrillic one of the same child', () => {
  it('pair by name and birth date: Seitov Alikhan and Сейітов Әлихан, and a patronymic given on one side only', async () => {
    const [c1, c2] = twins(4100);
    const a = await register(karasu, { over: child(c1, 'Seitov', 'Alikhan') });
    await synced(karasu);
    const b = await register(ushkonyr, { over: child(c2, 'Сейітов', 'Әлихан', 'Маратұлы') });
    await synced(ushkonyr);
    const pair = await pairOf(a.id, b.id);
    expect(pair).toMatchObject({ status: 'open', reason: 'nameBirthDate' });
    expect(pair!.applications.find((x) => x.id === a.id)?.subjectName).toBe('Seitov Alikhan');
  });

  it('a Russian patronymic of the same father pairs; another father does not', async () => {
    const [c1, c2] = twins(4200);
    const c3 = childAged(3, 4200 + 2 * 97, today());
    expect(c3.birthDate).toBe(c1.birthDate);
    const a = await register(karasu, { over: child(c1, 'Омирзакова', 'Улжан', 'Маратовна') });
    const b = await register(ushkonyr, { over: child(c2, 'Өмірзақова', 'Ұлжан', 'Маратқызы') });
    const c = await register(akkainar, { over: child(c3, 'Omirzakova', 'Ulzhan', 'Kairatkyzy') });
    for (const d of [karasu, ushkonyr, akkainar]) await synced(d);
    expect(await pairOf(a.id, b.id)).toMatchObject({ status: 'open', reason: 'nameBirthDate' });
    expect(await pairOf(a.id, c.id)).toBeUndefined();
    expect(await pairOf(b.id, c.id)).toBeUndefined();
  });
});

describe('a merge that withdraws an application', () => {
  it('closes the other open pairs of the withdrawn application with the reason, for good', async () => {
    const c = childAged(2, 4500, today());
    const over = child(c, 'Нұрланова', 'Айсұлу');
    const a = await register(karasu, { over });
    await synced(karasu);
    const b = await register(ushkonyr, { over });
    await synced(ushkonyr);
    const x = await register(akkainar, { over });
    await synced(akkainar);
    const ab = (await pairOf(a.id, b.id, 'open'))!;
    const bx = (await pairOf(b.id, x.id, 'open'))!;
    const ax = (await pairOf(a.id, x.id, 'open'))!;
    expect([ab, bx, ax].every((p) => p?.reason === 'iin')).toBe(true);

    // The district keeps Қарасу's: Үшқоңыр's is withdrawn, and its pair with Аққайнар's has nothing left to decide.
    const res = await district.post<Duplicate>(`/v1/district/duplicates/${ab.id}`, { status: 'merged', keep: a.id });
    expect(res.status).toBe(200);
    const open = await district.duplicates('open');
    expect(open.some((p) => p.id === bx.id)).toBe(false);
    expect(open.some((p) => p.id === ax.id)).toBe(true);
    const closed = (await district.duplicates('resolved')).find((p) => p.id === bx.id);
    expect(closed).toMatchObject({ status: 'resolved', resolution: 'withdrawnInPair', resolvedByPair: ab.id });
    expect(closed!.applications.find((p) => p.id === b.id)?.queueState).toBe('withdrawn');
    expect((await district.duplicates('all')).find((p) => p.id === bx.id)?.status).toBe('resolved');

    // Never open again: not by the district, not when the records change or arrive again.
    const reopen = await district.post(`/v1/district/duplicates/${bx.id}`, { status: 'open' });
    expect(reopen.status).toBe(409);
    expect(reopen.body.error).toBe('duplicate.decided');
    const forged = await district.post(`/v1/district/duplicates/${ax.id}`, { status: 'resolved' });
    expect(forged.status).toBe(400);
    await synced(ushkonyr);
    await advance(akkainar, x.id, 'assigned');
    await synced(akkainar);
    expect((await district.duplicates('all')).find((p) => p.id === bx.id)).toMatchObject({
      status: 'resolved',
      resolvedByPair: ab.id,
    });
    expect(
      (
        await srv.db.query(
          'SELECT count(*)::int AS n FROM duplicates WHERE app_a = ANY($1::text[]) AND app_b = ANY($1::text[])',
          [[a.id, b.id, x.id]],
        )
      ).rows[0].n,
    ).toBe(3);
  });
});

describe('records stored before the name keys', () => {
  it('are paired at the next start, once; a pair the district decided keeps its decision', async () => {
    // Last in this file: the server restarts (the desks are not used after it).
    // Pairs the current server finds as they arrive: one to stay open, one the district says are two children.
    const [c1, c2] = twins(4300, 4);
    const a = await register(karasu, { over: child(c1, 'Жұмабаева', 'Шұғыла') });
    const b = await register(ushkonyr, { over: child(c2, 'Zhumabaeva', 'Shugyla') });
    const [c3, c4] = twins(4400, 4);
    const c = await register(karasu, { over: child(c3, 'Төлеуова', 'Мөлдір') });
    const d = await register(ushkonyr, { over: child(c4, 'Toleuova', 'Moldir') });
    await synced(karasu);
    await synced(ushkonyr);
    const notSame = (await pairOf(c.id, d.id))!;
    expect(notSame).toMatchObject({ status: 'open', reason: 'nameBirthDate' });
    expect(
      (await district.post(`/v1/district/duplicates/${notSame.id}`, { status: 'not_duplicate', note: 'екі бала' }))
        .status,
    ).toBe(200);

    // As a database of the days before migration 012 held them: no keys and no pairs by name
    // (and the decided pair's keys of an older fold), and no name keys done yet.
    const ids = [a.id, b.id, c.id, d.id];
    await srv.db.query(`DELETE FROM duplicates WHERE app_a IN ($1, $2) OR app_b IN ($1, $2)`, [a.id, b.id]);
    await srv.db.query(`UPDATE applications SET name_key = NULL, middle_key = NULL WHERE id IN ($1, $2)`, [a.id, b.id]);
    await srv.db.query(`UPDATE applications SET name_key = 'төлеуова мөлдір|x' WHERE id IN ($1, $2)`, [c.id, d.id]);
    await srv.db.query(`DELETE FROM settings WHERE key = 'nameKeys'`);
    expect(await pairOf(a.id, b.id)).toBeUndefined();
    const before = Number((await srv.db.query('SELECT count(*) AS n FROM duplicates')).rows[0].n);

    // The next start keys them and finds the pair.
    await srv.stop();
    srv = await startTestServer({ storage });
    const { rows: keys } = await srv.db.query<{ id: string; name_key: string; data: Application }>(
      `SELECT id, name_key, data FROM applications WHERE id = ANY($1::text[])`,
      [ids],
    );
    for (const r of keys) expect(r.name_key, r.id).toBe(nameBirthKey(r.data.child!));
    const pairs = async () =>
      (
        await srv.db.query<{ app_a: string; app_b: string; status: string; reason: string; note: string | null }>(
          `SELECT app_a, app_b, status, reason, note FROM duplicates WHERE app_a = ANY($1::text[]) ORDER BY id`,
          [ids],
        )
      ).rows;
    const found = await pairs();
    expect(found).toEqual([
      {
        app_a: [c.id, d.id].sort()[0],
        app_b: [c.id, d.id].sort()[1],
        status: 'not_duplicate',
        reason: 'nameBirthDate',
        note: 'екі бала',
      },
      {
        app_a: [a.id, b.id].sort()[0],
        app_b: [a.id, b.id].sort()[1],
        status: 'open',
        reason: 'nameBirthDate',
        note: null,
      },
    ]);
    expect(Number((await srv.db.query('SELECT count(*) AS n FROM duplicates')).rows[0].n)).toBe(before + 1);
    const { rows: setting } = await srv.db.query(`SELECT value FROM settings WHERE key = 'nameKeys'`);
    expect(setting[0].value).toEqual({ version: NAME_KEY_VERSION });

    // Once: the keys are current, nothing to do; and done again (a start interrupted before it
    // noted the version), no pair twice and no decision undone.
    expect(await rekeyApplications(srv.db)).toBeNull();
    await srv.db.query(`DELETE FROM settings WHERE key = 'nameKeys'`);
    expect(await rekeyApplications(srv.db, 2)).toEqual({ keyed: 0, paired: 0 });
    expect(await pairs()).toEqual(found);
  });
});
