/**
 * Issue #16 item 8: a standalone office joins the district later, keeping its
 * records. A village office worked on its own laptop (its own staff, its own
 * kindergartens, journal numbers counted from 1); the district then makes the
 * office in its directory, with an account for the office's head, and issues
 * a code. The laptop joins with the code (the real desk and sync engine,
 * against the real server on PGlite, or PostgreSQL under scripts/pg-test.sh):
 * the head keeps their own password, the other staff and the unknown
 * kindergarten are made in the district, the numbers given stay this laptop's,
 * and every record goes up under the district's ids with no conflict and no
 * quarantine. A join cut between the server's answer and the rewrite ends at
 * the next sync run; a second laptop of the office whose numbers overlap
 * brings them as conflicts for the district, never silently.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, localParts, type Application, type Staff } from '../../shared';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { SyncEngine, getEnrolment } from '../../renderer/sync/engine';
import { JOIN_PENDING } from '../../renderer/sync/join';
import { checkHomeCounters } from '../../renderer/services/homeCounters';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { intake } from '../helpers/desk-device';
import { TEST_OFFICE_SETUP } from '../helpers/testOffice';
import type { DistrictClient } from '../support/client';

let srv: TestServer;
let district: DistrictClient;
let officeId: string;
let headId: string;

const PASSWORD = TEST_OFFICE_SETUP.staff[0].password;
const now = () => new Date().toISOString();
const today = () => localParts(now()).date;

beforeAll(async () => {
  srv = await startTestServer();
  district = await srv.district();
  const office = await district.post<{ id: string }>('/v1/district/offices', {
    type: 'village',
    code: 'АҚСУ',
    name: { kk: 'Ақсу ауылы әкімінің аппараты', ru: 'Аппарат акима села Аксу' },
    address: { kk: 'Ақсу, Абай к. 1', ru: 'Аксу, ул. Абая 1' },
    headName: 'Өтегенов Ғ.',
  });
  expect(office.status).toBe(200);
  officeId = office.body.id;
  // The district made the head's account first (a one-time password): the laptop's head is the same person.
  const head = await district.post<{ staff: { id: string } }>('/v1/district/staff', {
    officeId,
    fullName: 'Басшы Ғалым Серікұлы',
    login: 'head',
    roles: ['head'],
  });
  expect(head.status).toBe(200);
  headId = head.body.staff.id;
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

/** A standalone office's laptop with two kindergartens (number 1 is the demo district's too) and `n` applications. */
async function standaloneOffice(name: string, n: number, serial: number) {
  const desk = createDesk({ db: new DeskDb(`join-${process.pid}-${name}`), now });
  await desk.setup({
    ...TEST_OFFICE_SETUP,
    kindergartens: [
      {
        number: '1',
        name: { kk: '«Балапан» бөбекжайы', ru: 'Ясли-сад «Балапан»' },
        address: { kk: 'Қарасу', ru: 'Карасу' },
        active: true,
        ageGroups: [{ id: 'b1', name: { kk: '1 жас', ru: '1 год' }, minAge: 1, maxAge: 6, freePlaces: 2 }],
      },
      {
        number: `${name}-77`,
        name: { kk: '«Ақбота» балабақшасы', ru: 'Детский сад «Акбота»' },
        address: { kk: 'Ақсу', ru: 'Аксу' },
        active: true,
        ageGroups: [{ id: `a-${name}`, name: { kk: 'Кіші топ', ru: 'Младшая' }, minAge: 1, maxAge: 6, freePlaces: 3 }],
      },
    ],
  });
  await desk.signIn('clerk', PASSWORD);
  const kgIds = (await desk.kindergartens()).map((k) => k.id);
  const apps: Application[] = [];
  for (let i = 0; i < n; i++) apps.push(await desk.register(intake(serial + i, kgIds, today())));
  await desk.signIn('head', PASSWORD);
  const exec = (await desk.staff()).find((s) => s.login === 'exec')!;
  apps[0] = await desk.resolve(apps[0].id, exec.id);
  const engine = new SyncEngine(desk.context, { sleep: async () => {}, random: () => 0 });
  return { desk, engine, apps, kgIds, local: await desk.staff() };
}

const serverApp = async (id: string) =>
  (
    await srv.db.query<{ data: Application; office_id: string }>(
      'SELECT data, office_id FROM applications WHERE id = $1',
      [id],
    )
  ).rows[0];

describe('a standalone office joins the district', () => {
  let first: Awaited<ReturnType<typeof standaloneOffice>>;

  it('keeps every record, its people and its numbers, under the district ids', async () => {
    first = await standaloneOffice('aksu', 4, 9100);
    const localHead = first.local.find((s) => s.login === 'head')!;
    const localClerk = first.local.find((s) => s.login === 'clerk')!;
    const code = await district.enrolmentCode(officeId);
    const res = await first.engine.enrol(srv.url, code, 'Ақсу ноутбугі', { join: true });

    expect(res.officeId).toBe(officeId);
    // The head was the district's account already; the others come with the ids their records carry.
    expect(res.joined!.staff[localHead.id]).toBe(headId);
    expect(res.joined!.staff[localClerk.id]).toBe(localClerk.id);
    expect(res.joined!.numbers).toEqual([
      { journal: 'preschool-queue', year: Number(today().slice(0, 4)), upTo: 4, kept: true },
    ]);
    const [balapan, akbota] = first.kgIds;
    expect(res.joined!.kindergartens[balapan]).not.toBe(balapan);
    expect(res.joined!.kindergartens[akbota]).toBe(akbota);

    // On the laptop: every record under the district's ids, the outbox renumbered from 1, no office/staff ops.
    const apps = (await Promise.all(first.apps.map((a) => first.desk.get(a.id)))) as Application[];
    expect(apps.every((a) => a.officeId === officeId)).toBe(true);
    expect(apps[0].executorId).toBe(first.local.find((s) => s.login === 'exec')!.id);
    const outbox = await first.desk.context.db.outbox.orderBy('deviceSeq').toArray();
    expect(outbox.map((r) => r.deviceSeq)).toEqual(outbox.map((_, i) => i + 1));
    expect(outbox.some((r) => r.entity === 'office' || r.entity === 'kindergarten')).toBe(false);
    expect(await first.desk.context.db.meta.get(JOIN_PENDING)).toBeUndefined();
    // The home counters were written with the rewrite: they still equal a full count.
    expect((await checkHomeCounters(first.desk.context)).ok).toBe(true);

    // The next sync takes everything up: nothing refused, nothing in conflict.
    const state = await first.engine.syncNow();
    expect(state).toMatchObject({ pending: 0, quarantined: 0 });
    for (const a of first.apps) {
      const row = await serverApp(a.id);
      expect(row?.office_id).toBe(officeId);
      expect(row?.data.journalNo).toBe(a.journalNo);
    }
    const kgOf = (await serverApp(first.apps[0].id))!.data.kindergartenIds[0];
    expect([res.joined!.kindergartens[balapan], akbota]).toContain(kgOf);
    const conflicts = await district.conflicts();
    expect(conflicts.filter((c) => first.apps.some((a) => a.id === c.entityId))).toEqual([]);
    // The head's resolution came up signed by the head's district account.
    expect((await serverApp(first.apps[0].id))!.data.status).toBe('assigned');
  });

  it('signs its people in with their own passwords, and numbers on after the numbers it gave', async () => {
    first.desk.signOut();
    const head = await first.desk.signIn('head', PASSWORD);
    expect(head.staff.id).toBe(headId);
    const clerk = await first.desk.signIn('clerk', PASSWORD);
    const next = await first.desk.register(intake(9200, [first.kgIds[1]], today()));
    expect(next.journalSeq).toBeGreaterThan(4);
    expect(next.officeId).toBe(officeId);
    expect(next.acceptedBy).toBe(clerk.staff.id);
    expect(await first.engine.syncNow()).toMatchObject({ pending: 0, quarantined: 0 });
    // The head's pair was published from the laptop: the district's record now carries the laptop's public key.
    const staff = (await srv.db.query<{ data: Staff }>('SELECT data FROM staff WHERE id = $1', [headId])).rows[0].data;
    const local = (await first.desk.context.db.staff.get(headId))!;
    expect(staff.keys?.publicKey).toBe(local.keys?.publicKey);
    expect(await getEnrolment(first.desk.context)).toMatchObject({ officeId });
  });

  it('finishes at the next sync run when the laptop stopped between the answer and the rewrite', async () => {
    const second = await standaloneOffice('aksu2', 2, 9300);
    const code = await district.enrolmentCode(officeId);
    // The vault locks the moment the answer arrives (the screen locked, the window closed): nothing is rewritten.
    const locking = new SyncEngine(second.desk.context, {
      sleep: async () => {},
      random: () => 0,
      fetch: async (input, init) => {
        const r = await fetch(input, init);
        if (String(input).endsWith('/v1/enrol')) second.desk.context.vault.lock();
        return r;
      },
    });
    await expect(locking.enrol(srv.url, code, 'Ақсу екінші', { join: true })).rejects.toBeTruthy();
    expect(await second.desk.context.db.meta.get(JOIN_PENDING)).toBeDefined();
    expect(await getEnrolment(second.desk.context)).toBeUndefined();
    // The next sign-in's sync run ends the join; this laptop's numbers overlap the first one's: conflicts, not silence.
    await second.desk.signIn('clerk', PASSWORD);
    const state = await second.engine.syncNow();
    expect(state).toMatchObject({ pending: 0 });
    expect(await getEnrolment(second.desk.context)).toMatchObject({ officeId });
    for (const a of second.apps) expect((await serverApp(a.id))?.office_id).toBe(officeId);
    const conflicts = await district.conflicts();
    const mine = conflicts.filter((c) => second.apps.some((a) => a.id === c.entityId));
    expect(mine.length).toBe(second.apps.length);
    expect(mine.every((c) => c.reason === 'journal.notLeased' || c.reason === 'journal.taken')).toBe(true);
  });

  it('is refused for a laptop that synced before, and for a body out of bounds', async () => {
    const code = await district.enrolmentCode(officeId);
    const again = await first.engine.enrol(srv.url, code, 'again', { join: true }).then(
      () => null,
      (e: { code?: string }) => e.code,
    );
    expect(again).toBe('join.notStandalone');
    const raw = await fetch(`${srv.url}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      body: JSON.stringify({
        code,
        deviceName: 'x',
        deviceId: 'aaaaaaaa-0000-4000-8000-000000000001',
        join: { staff: [], kindergartens: [], numbers: [{ journal: 'x', year: 2026, upTo: 10_000_000 }] },
      }),
    });
    expect(raw.status).toBe(400);
    // The code was not used up by the refused body; a laptop the district knows may not join with records.
    const known = await fetch(`${srv.url}/v1/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      body: JSON.stringify({
        code,
        deviceName: 'y',
        deviceId: (await getEnrolment(first.desk.context))!.deviceId,
        join: { staff: first.local.map(({ password: _p, ...s }) => s), kindergartens: [], numbers: [] },
      }),
    });
    expect(known.status).toBe(409);
    expect(((await known.json()) as { error: string }).error).toBe('join.deviceKnown');
  });
});
