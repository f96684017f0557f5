/**
 * The district queue as data (issues #14, #17): positions computed in SQL
 * (server/queue/queue.ts, migration 015) are exactly those of the shared
 * compareQueue within each age of ageInYears. A generated district is built
 * through the real server by real desks of three offices: a few hundred
 * waiting children over several ages, first-turn categories, registrations at
 * the same instant in one office and across offices (ties broken by journal
 * number, then id), birthdays on 29 February and at month ends, several
 * kindergartens. Every position SQL gives, on many days (a birthday reached
 * or not), is compared with the order computed in JavaScript from the stored
 * records; then the HTTP pages, filters and search, and each office's pull.
 * Runs on PGlite, and on PostgreSQL with scripts/pg-test.sh.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ageInYears,
  compareQueue,
  fullName,
  localParts,
  looseFold,
  makeIin,
  shiftIsoDate,
  type Application,
  type DistrictQueue,
  type DistrictQueueQuery,
  type QueueEntry,
} from '../../shared';
import { ageSql, queueList, queuePositions } from '../../server/queue/queue';
import { narrowQueue } from '../../server/queue/snapshot';
import { refreshNameFolds } from '../../server/store/nameFold';
import { MIGRATIONS_DIR } from '../../server/db/migrate';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { FIRST_TURN, makeDevice, register, type DeskDevice } from '../helpers/desk-device';

const OFFICES = ['karasu', 'ushkonyr', 'akkainar'] as const;
/** Children per office registered at shared instants (each office has 1 to 3 more, see beforeAll). */
const PER_OFFICE = 90;
/** Every waiting child of the district. */
const WAITING = OFFICES.length * PER_OFFICE + 6;
const LAST = ['Сұлтанова', 'Өмірзақов', 'Жұмабаева', 'Қасымов', 'Ғабдуллина', 'Ким', 'Seitova', 'Нұрланов'];
const FIRST = ['Әлия', 'Ерасыл', 'Інжу', 'Нұрислам', 'Ұлжан', 'Дамир', 'Alikhan', 'Жансая', 'Һафиза'];
const MIDDLE = ['Маратқызы', 'Серікұлы', undefined, 'Ивановна', undefined];

let srv: TestServer;
let district: DistrictClient;
const desks = new Map<string, DeskDevice>();
/**
 * The instant the laptops stamp (all alike): the test moves it, so registrations share instants. Within
 * a minute of the server's time, so that no laptop corrects its clock (shared/sync/clock.ts).
 */
let clock = 0;
const today = localParts(new Date().toISOString()).date;

/**
 * Birth dates of the district: the ages 0 to 5 around today, and the dates
 * whose whole years turn on particular days: 29 February (a leap year's),
 * 28 February and 1 March, month ends, today's month and day (the birthday is
 * today) and tomorrow's (it is not yet).
 */
function birthDateOf(n: number): string {
  const special = [
    '2024-02-29',
    '2024-02-28',
    '2024-03-01',
    '2023-02-28',
    '2023-03-01',
    '2022-02-28',
    '2022-03-01',
    '2021-12-31',
    '2022-12-31',
    '2023-01-31',
    '2023-04-30',
    '2025-04-30',
    '2024-01-31',
    '2022-11-30',
    shiftIsoDate(today, -365 * 2),
    `${Number(today.slice(0, 4)) - 3}${today.slice(4)}`,
    `${Number(today.slice(0, 4)) - 4}${shiftIsoDate(today, 1).slice(4)}`,
  ];
  if (n % 3 === 0) return special[(n / 3) % special.length];
  return shiftIsoDate(today, -(200 + ((n * 97) % 1900)));
}

beforeAll(async () => {
  srv = await startTestServer();
  district = await srv.district();
  clock = Date.now() - 20_000;
  for (const key of OFFICES)
    desks.set(
      key,
      await makeDevice({
        baseUrl: srv.url,
        code: await district.enrolmentCode(srv.officeId(key)),
        name: `${key} queue laptop`,
        password: srv.demo!.password,
        now: () => new Date(clock).toISOString(),
      }),
    );
  const kgIds = (await desks.get('karasu')!.desk.kindergartens()).map((k) => k.id);
  expect(kgIds.length).toBeGreaterThanOrEqual(3);
  let serial = 0;
  // The offices' journal numbers apart: 1, 2 and 3 children registered earlier (instants of their own),
  // so children registered at one instant in different offices have different numbers and the number,
  // not only the id, breaks their tie.
  for (const [k, key] of OFFICES.entries())
    for (let x = 0; x <= k; x++) {
      clock += 1000;
      await register(desks.get(key)!, { serial: 20_000 + serial++, acknowledgeDuplicate: true });
    }
  for (let i = 0; i < PER_OFFICE; i++) {
    // Three registrations per instant in each office, and the same instants in every office.
    clock += i % 3 === 0 ? 1000 : 0;
    for (const key of OFFICES) {
      const n = serial++;
      const birthDate = birthDateOf(n);
      const sex = n % 2 ? 'male' : 'female';
      let iin: string | null = null;
      for (let s = n; !iin; s++) iin = makeIin(birthDate, sex, 3000 + s);
      await register(desks.get(key)!, {
        serial: 10_000 + n,
        acknowledgeDuplicate: true,
        over: {
          child: {
            iin,
            lastName: LAST[n % LAST.length],
            firstName: FIRST[(n * 5) % FIRST.length],
            ...(MIDDLE[n % MIDDLE.length] ? { middleName: MIDDLE[n % MIDDLE.length] } : {}),
          },
          kindergartenIds:
            n % 4 === 0 ? [kgIds[n % kgIds.length], kgIds[(n + 1) % kgIds.length]] : [kgIds[n % kgIds.length]],
          ...(n % 6 === 1 ? FIRST_TURN : {}),
        },
      });
    }
  }
  for (const d of desks.values()) expect((await d.sync()).state).toMatchObject({ pending: 0, quarantined: 0 });
}, START_TIMEOUT_MS * 2);
afterAll(async () => {
  await srv?.stop();
});

/** The stored records, as the server holds them (JSONB): what JavaScript orders. */
async function stored(): Promise<Application[]> {
  return (await srv.db.query<{ data: Application }>('SELECT data FROM applications')).rows.map((r) => r.data);
}

type Placed = QueueEntry & { app: Application };

/** The queue by the shared rules alone: waiting children grouped by ageInYears on `day`, each age in compareQueue's order. */
function jsQueue(apps: Application[], day: string): Placed[] {
  const byAge = new Map<number, Application[]>();
  for (const a of apps) {
    if (a.serviceCode !== 'preschool-queue' || a.queueState !== 'waiting' || !a.child?.birthDate) continue;
    const age = ageInYears(a.child.birthDate, day);
    byAge.set(age, [...(byAge.get(age) ?? []), a]);
  }
  return [...byAge.entries()]
    .sort(([x], [y]) => x - y)
    .flatMap(([age, list]) =>
      [...list]
        .sort(compareQueue)
        .map((app, i) => ({ applicationId: app.id, age, position: i + 1, ofTotal: list.length, app })),
    );
}
const bare = (list: Placed[]): QueueEntry[] => list.map(({ app: _a, ...e }) => e);

describe('the generated district', () => {
  it('has what the order must get right: ties of instant and number, first-turn children, leap-day births', async () => {
    const waiting = (await stored()).filter((a) => a.queueState === 'waiting');
    expect(waiting).toHaveLength(WAITING);
    const key = (a: Application, withSeq: boolean) => `${Date.parse(a.acceptedAt)}|${withSeq ? a.journalSeq : ''}`;
    const count = (withSeq: boolean) => {
      const m = new Map<string, number>();
      for (const a of waiting) m.set(key(a, withSeq), (m.get(key(a, withSeq)) ?? 0) + 1);
      return Math.max(...m.values());
    };
    // Nine children share an instant (three per office); three share an instant and a journal number.
    expect(count(false)).toBe(9);
    expect(count(true)).toBe(3);
    expect(waiting.filter((a) => a.priority).length).toBeGreaterThan(30);
    expect(waiting.filter((a) => a.child!.birthDate.endsWith('-02-29')).length).toBeGreaterThan(3);
    expect(new Set(jsQueue(waiting, today).map((e) => e.age)).size).toBeGreaterThanOrEqual(5);
  });
});

describe('positions in SQL are compareQueue within ageInYears', () => {
  it('on many days: leap day and the days around it, month ends, a year end, the KZ date past UTC midnight', async () => {
    const apps = await stored();
    const instants = [
      new Date().toISOString(),
      ...[
        '2027-02-28',
        '2027-03-01',
        '2028-02-28',
        '2028-02-29',
        '2028-03-01',
        '2026-12-31',
        '2027-01-01',
        '2027-04-30',
        '2027-05-01',
        '2029-11-30',
      ].map((d) => `${d}T07:00:00.000Z`),
      // 20:00 UTC is 01:00 next day in Kazakhstan (UTC+5): the ages of 1 March.
      '2027-02-28T20:00:00.000Z',
    ];
    for (const now of instants) {
      const day = localParts(now).date;
      const expected = jsQueue(apps, day);
      expect(await queuePositions(srv.db, now, null), now).toEqual(bare(expected));
      // One office: its rows only, each at its district place with its age's district total.
      const karasu = srv.officeId('karasu');
      expect(await queuePositions(srv.db, now, karasu), now).toEqual(
        bare(expected.filter((e) => e.app.officeId === karasu)),
      );
    }
    // The leap-day children change age between 28 February and 1 March of a common year.
    const leap = apps.find((a) => a.child?.birthDate === '2024-02-29')!;
    const ageOn = async (now: string) =>
      (await queuePositions(srv.db, now, null)).find((e) => e.applicationId === leap.id)!.age;
    expect(await ageOn('2027-02-28T07:00:00.000Z')).toBe(2);
    expect(await ageOn('2027-03-01T07:00:00.000Z')).toBe(3);
    expect(await ageOn('2028-02-29T07:00:00.000Z')).toBe(4);
  });

  it('the SQL age is ageInYears for every pair of dates tried (leap days, month ends, a birth after the day)', async () => {
    const births = [
      '2020-02-29',
      '2021-02-28',
      '2021-03-01',
      '2023-01-31',
      '2023-12-31',
      '2024-02-29',
      '2024-03-31',
      '2026-06-15',
    ];
    const days: string[] = [];
    for (let d = '2024-02-27'; d <= '2029-03-02'; d = shiftIsoDate(d, 1))
      if (/-(02-2[789]|03-0[12]|0[1-9]-3[01]|1[0-2]-3[01]|0[4-9]-01|06-1[45])$/.test(d)) days.push(d);
    const pairs = births.flatMap((b) => days.map((d) => [b, d] as const));
    const { rows } = await srv.db.query<{ age: number }>(
      `SELECT ${ageSql('v.b::date', 'v.t')} AS age
         FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS v(b, t, n) ORDER BY v.n`,
      [pairs.map(([b]) => b), pairs.map(([, d]) => Number(d.replaceAll('-', '')))],
    );
    expect(pairs.length).toBeGreaterThan(1000);
    expect(rows.map((r) => r.age)).toEqual(pairs.map(([b, d]) => ageInYears(b, d)));
  });
});

describe('GET/POST /v1/district/queue: pages, filters and search', () => {
  let expected: Placed[];
  beforeAll(async () => {
    expected = jsQueue(await stored(), localParts(new Date().toISOString()).date);
  });

  /** Every page of a narrowed queue, `limit` rows at a time: the rows in order, and the last answer. */
  async function allPages(f: DistrictQueueQuery, limit: number) {
    const rows: Array<QueueEntry & { officeId: string; journalNo: string; childName: string }> = [];
    let last: DistrictQueue;
    for (let offset = 0; ; offset += limit) {
      const r = await district.post<DistrictQueue>('/v1/district/queue', { ...f, limit, offset });
      expect(r.status).toBe(200);
      last = r.body;
      expect(last.offset).toBe(offset);
      expect(last.limit).toBe(limit);
      const page = last.groups.flatMap((g) =>
        g.items.map((i) => ({
          applicationId: i.applicationId,
          age: g.age,
          position: i.position,
          ofTotal: g.total,
          officeId: i.officeId,
          journalNo: i.journalNo,
          childName: i.childName,
        })),
      );
      expect(page.length).toBe(Math.min(limit, Math.max(0, last.matched - offset)));
      rows.push(...page);
      if (offset + limit >= last.matched) break;
    }
    return { rows, last };
  }

  /** What the filters keep of the JavaScript queue, in its order, with district positions and totals. */
  async function check(f: DistrictQueueQuery, keep: (p: Placed) => boolean, limit = 37) {
    const want = expected.filter((p) => (f.age === undefined || p.age === f.age) && keep(p));
    const { rows, last } = await allPages(f, limit);
    expect(rows.map((r) => [r.applicationId, r.age, r.position, r.ofTotal])).toEqual(
      want.map((p) => [p.applicationId, p.age, p.position, p.ofTotal]),
    );
    expect(rows.map((r) => r.childName)).toEqual(want.map((p) => fullName(p.app.child!)));
    expect(last.matched).toBe(want.length);
    // Each age the filter keeps, with its district total and what was found in it.
    const ages = [...new Set(expected.map((p) => p.age))].filter((a) => f.age === undefined || a === f.age);
    expect(last.groups.map((g) => [g.age, g.total, g.matched])).toEqual(
      ages.map((a) => [a, expected.filter((p) => p.age === a).length, want.filter((p) => p.age === a).length]),
    );
    return want;
  }

  it('pages through the whole queue in order, each row at its district position', async () => {
    await check({}, () => true);
    await check({}, () => true, 500);
    // The first page by default: 100 rows, by GET too.
    const first = await district.get<DistrictQueue>('/v1/district/queue');
    expect(first.body).toMatchObject({ offset: 0, limit: 100, matched: expected.length });
    expect(first.body.groups.flatMap((g) => g.items)).toHaveLength(100);
    // Past the end: no rows, the counts still there.
    const past = await district.get<DistrictQueue>(`/v1/district/queue?offset=${expected.length + 5}`);
    expect(past.body.groups.flatMap((g) => g.items)).toEqual([]);
    expect(past.body.matched).toBe(expected.length);
  });

  it('filters by office, kindergarten and age after the positions are given', async () => {
    const karasu = srv.officeId('karasu');
    expect((await check({ officeId: karasu }, (p) => p.app.officeId === karasu, 11)).length).toBe(PER_OFFICE + 1);
    const kg = expected[0].app.kindergartenIds[0];
    expect((await check({ kindergartenId: kg }, (p) => p.app.kindergartenIds.includes(kg))).length).toBeGreaterThan(10);
    const age = expected[Math.floor(expected.length / 2)].age;
    await check({ age }, () => true, 13);
    await check(
      { age, officeId: karasu, kindergartenId: kg },
      (p) => p.app.officeId === karasu && p.app.kindergartenIds.includes(kg),
      5,
    );
  });

  it('searches by IIN start, by name words (Kazakh, Russian or Latin spelling) and by journal number', async () => {
    const some = expected[7].app;
    const prefix = some.child!.iin.slice(0, 6);
    expect(
      (await check({ q: prefix }, (p) => p.app.child!.iin.startsWith(prefix))).map((p) => p.applicationId),
    ).toContain(some.id);
    await check({ q: some.child!.iin }, (p) => p.applicationId === some.id);
    // The search's rule: each word folded, the start of a word of the folded name.
    const byName = (q: string) => (p: Placed) => {
      const have = looseFold(fullName(p.app.child!)).split(' ');
      return looseFold(q)
        .split(' ')
        .filter(Boolean)
        .every((w) => have.some((h) => h.startsWith(w)));
    };
    for (const q of ['сұлтан', 'Султанова али', 'ҚАСЫМОВ', 'kasimov', 'Seitova', 'маратқызы', 'ерас']) {
      const found = await check({ q }, byName(q));
      expect(found.length, q).toBeGreaterThan(0);
    }
    await check(
      { q: 'Сұлтанова', officeId: srv.officeId('ushkonyr') },
      (p) => byName('Сұлтанова')(p) && p.app.officeId === srv.officeId('ushkonyr'),
    );
    // A journal number, in any case, finds that application only.
    const no = expected[20].app;
    await check({ q: no.journalNo.toLocaleLowerCase('kk') }, (p) => p.applicationId === no.id);
    // With or without the zeros, the year or the letters, the letters in Latin (#16): every office's
    // number with that sequence, of that year, of that office.
    const [letters, year, digits] = no.journalNo.split('-');
    const seq = Number(digits);
    expect(String(seq)).not.toBe(digits);
    for (const q of [digits, String(seq)])
      expect((await check({ q }, (p) => p.app.journalSeq === seq)).map((p) => p.applicationId)).toContain(no.id);
    await check({ q: `${year}-${seq}` }, (p) => p.app.journalSeq === seq && p.app.journalYear === Number(year));
    await check({ q: `${looseFold(letters)}-${year}-${seq}` }, (p) => p.applicationId === no.id);
  });

  it('answers the same from the places kept for this state as from its own statement', async () => {
    const now = new Date().toISOString();
    const karasu = srv.officeId('karasu');
    const kg = expected[0].app.kindergartenIds[0];
    const age = expected[Math.floor(expected.length / 2)].age;
    for (const f of [
      {},
      { officeId: karasu },
      { kindergartenId: kg },
      { age },
      { age, officeId: karasu, kindergartenId: kg },
    ])
      for (const page of [null, { limit: 7, offset: 0 }, { limit: 50, offset: 20 }])
        expect(await narrowQueue(srv.db, now, f, page), JSON.stringify({ f, page })).toEqual(
          await queueList(srv.db, now, f, page),
        );
  });

  it('answers bad paging 400 with a code, never 500', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=abc', 'offset=-1', 'offset=1.5'])
      expect((await district.get(`/v1/district/queue?${query}`)).body.error, query).toBe('query.invalid');
  });
});

describe("a pull's queue places: the office's own children only", () => {
  it("gives each laptop its office's waiting children at their district places", async () => {
    for (const [key, d] of desks) {
      d.client.cursor = '0';
      const { last } = await d.client.pullAll();
      const want = jsQueue(await stored(), localParts(last.queue!.asOf).date).filter(
        (p) => p.app.officeId === srv.officeId(key),
      );
      expect(want).toHaveLength(PER_OFFICE + 1 + OFFICES.indexOf(key as (typeof OFFICES)[number]));
      expect(last.queue!.entries).toEqual(bare(want));
    }
  });
});

describe('records stored before migration 015, or folded by another version of the fold', () => {
  it('get their kindergartens from the migration and their folded names at start, once', async () => {
    const columns = async () =>
      (
        await srv.db.query<{ id: string; kindergarten_ids: string[]; child_name_fold: string | null }>(
          'SELECT id, kindergarten_ids, child_name_fold FROM applications ORDER BY id',
        )
      ).rows;
    const written = await columns();
    // As each record was written: its kindergartens, and its child's whole name folded as the search folds.
    const apps = new Map((await stored()).map((a) => [a.id, a]));
    for (const r of written) {
      expect(r.kindergarten_ids).toEqual(apps.get(r.id)!.kindergartenIds);
      expect(r.child_name_fold).toBe(looseFold(fullName(apps.get(r.id)!.child!)));
    }
    // As before the migration: no kindergartens in the column, no folds; one stale fold of an older version.
    await srv.db.query(`UPDATE applications SET kindergarten_ids = '{}', child_name_fold = NULL`);
    await srv.db.query(`UPDATE applications SET child_name_fold = 'stale' WHERE id = $1`, [written[0].id]);
    const sql = readFileSync(join(MIGRATIONS_DIR, '015_queue.sql'), 'utf8');
    const backfill = /UPDATE applications SET kindergarten_ids[^;]*;/.exec(sql)![0];
    await srv.db.exec(backfill);
    // A fold the server made already: only the missing ones are filled (the stale one waits for a new version).
    expect(await refreshNameFolds(srv.db, 7)).toBe(written.length - 1);
    expect(await refreshNameFolds(srv.db)).toBe(0);
    // A new version of the fold: every row folded again, the stale one too, and the version noted.
    await srv.db.query(`UPDATE settings SET value = '{"version": 0}' WHERE key = 'childNameFold'`);
    expect(await refreshNameFolds(srv.db, 7)).toBe(1);
    expect(await columns()).toEqual(written);
    expect(await refreshNameFolds(srv.db)).toBe(0);
  });
});
