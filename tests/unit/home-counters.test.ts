/**
 * The desk home's counters kept as rows (issue #17, db/homeCounts.ts): after
 * every write path (registration, the steps, refusals, a pull, the engine's
 * version stamps, a restore, an upgrade, a rewrite of many records) the kept
 * rows equal a full count, and the counters read from them equal the counters
 * walked over every record, at any instant (the date-dependent ones are kept
 * per due day). A tampered row is found and rebuilt. Real Dexie on
 * fake-indexeddb, as the other desk unit tests.
 */
import '../helpers/browser-globals';
import { beforeEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { preschoolIntake, testOfficeDesk } from '../helpers/testOffice';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import type { DeskApi } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import { applyChanges } from '../../renderer/sync/apply';
import { checkHomeCounters, rebuildHomeCounters } from '../../renderer/services/homeCounters';
import { stats, walkedStats } from '../../renderer/services/search';
import { countAll } from '../../renderer/db/homeCounts';
import { fromLocal, newId, type Application, type IntakeInput, type Role } from '../../shared';

type Desk = DeskApi & { context: DeskContext };

let clock = fromLocal('2026-03-20', '10:00');
let dbn = 0;

/** A small seeded generator: a failing mix can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const input = (desk: Desk, serial: number) => preschoolIntake(desk, serial, { applicant: 'Сұлтанова' });

/** An application brought without the birth certificate: refused at the desk. */
async function lacking(desk: Desk, serial: number): Promise<IntakeInput> {
  const i = await input(desk, serial);
  return { ...i, documents: i.documents.filter((d) => d !== 'birthCertificate') };
}

/** The kept rows equal a full count, and the counters read from them equal the walked ones, now and at other instants. */
async function expectKept(desk: Desk, what: string) {
  const check = await checkHomeCounters(desk.context);
  expect(check.kept, `kept counts after ${what}`).toEqual(check.expected);
  const at = clock;
  try {
    for (const shift of [0, 5 * 3600_000, 26 * 3600_000, 9 * 86400_000, -40 * 86400_000]) {
      clock = new Date(Date.parse(at) + shift).toISOString();
      expect(await stats(desk.context), `stats after ${what}, clock ${clock}`).toEqual(await walkedStats(desk.context));
    }
  } finally {
    clock = at;
  }
}

describe('home counters kept with the records they count', () => {
  beforeEach(() => {
    clock = fromLocal('2026-03-20', '10:00');
  });

  it('equal a full count after a random mix of registrations, steps, refusals, pulls, stamps and restores', async () => {
    const next = rng(17);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
    let desk: Desk = await testOfficeDesk(`hc${++dbn}`, () => clock);
    let role: Role | null = null;
    const as = async (r: Role) => {
      if (role !== r) await desk.signIn(r === 'executor' ? 'exec' : r, 'secret123');
      role = r;
    };
    let serial = 0;
    const ids: string[] = [];
    const refusalIds: string[] = [];
    const open = async () => {
      const apps = (await Promise.all(ids.map((id) => desk.get(id)))).filter(Boolean) as Application[];
      return apps;
    };
    const ops: Record<string, () => Promise<unknown>> = {
      register: async () => {
        await as('clerk');
        ids.push((await desk.register(await input(desk, ++serial), { acknowledgeDuplicate: true })).id);
      },
      step: async () => {
        const apps = (await open()).filter((a) => a.queueState !== 'withdrawn' && a.status !== 'issued');
        if (!apps.length) return;
        const a = pick(apps);
        if (a.status === 'registered') {
          await as('head');
          await desk.resolve(a.id, (await desk.staff()).find((s) => s.login === 'exec')!.id);
        } else if (a.status === 'assigned') {
          await as('executor');
          await desk.decide(a.id, { kind: 'notification' });
        } else if (a.status === 'decided') {
          await as('head');
          await desk.sign(a.id);
        } else {
          await as('clerk');
          await desk.issue(a.id);
        }
      },
      refuse: async () => {
        await as('clerk');
        refusalIds.push((await desk.refuseToAccept(await lacking(desk, ++serial), ['birthCertificate'])).id);
      },
      withdrawRefusal: async () => {
        if (!refusalIds.length) return;
        await as('clerk');
        await desk.withdrawRefusal(refusalIds.pop()!).catch(() => undefined); // past its minute: refused, nothing written
      },
      pull: async () => {
        const apps = await open();
        if (!apps.length) return;
        const a = pick(apps);
        await desk.context.db.outbox.clear();
        // The district's version of a record: withdrawn, enrolled, or another record it sends (last year, due later).
        const kind = pick(['withdraw', 'enrol', 'new'] as const);
        const data: Application =
          kind === 'withdraw'
            ? {
                ...a,
                queueState: 'withdrawn',
                withdrawal: {
                  at: clock,
                  by: 'district-1',
                  byName: 'Аудан маманы Ж.',
                  reason: 'duplicate',
                  keptApplicationId: a.id,
                  keptJournalNo: a.journalNo,
                },
                version: a.version + 1,
              }
            : kind === 'enrol'
              ? { ...a, queueState: 'enrolled', version: a.version + 1 }
              : {
                  ...a,
                  id: newId(),
                  journalYear: 2025,
                  journalSeq: 900 + ++serial,
                  journalNo: `ТЕСТ-2025-${900 + serial}`,
                  acceptedAt: fromLocal('2025-12-30', '09:00'),
                  dueAt: new Date(Date.parse(clock) + Math.floor(next() * 10 - 5) * 86400_000).toISOString(),
                  version: 1,
                };
        if (kind === 'new') ids.push(data.id);
        await applyChanges(desk.context, [{ entity: 'application', id: data.id, version: data.version, data }], 'c');
      },
      stamp: async () => {
        // The engine stamps the server's version on many rows at once (sync/engine.ts), several puts in flight.
        const db = desk.context.db;
        await db.transaction('rw', db.applications, () =>
          Promise.all(ids.map((id) => db.applications.update(id, { serverVersion: 7 }))),
        );
      },
      together: async () => {
        // Several writes in flight in one transaction that move counted fields: each must see the one before.
        const db = desk.context.db;
        const some = ids.filter(() => next() < 0.5);
        const rows = await db.applications.bulkGet(some);
        await db.transaction('rw', db.applications, () =>
          Promise.all(
            rows.map((r) => db.applications.put({ ...r!, queueState: pick(['waiting', 'enrolled'] as const) })),
          ),
        );
      },
      rewriteOffice: async () => {
        // A standalone office joining a district rewrites every record's officeId in one transaction.
        await desk.context.db.applications.toCollection().modify({ officeId: `office-${serial}` });
      },
      clock: async () => {
        clock = new Date(Date.parse(clock) + Math.floor(next() * 5) * 86400_000 + 3600_000).toISOString();
      },
      restore: async () => {
        await as('head');
        const { blob } = await desk.exportBackup('backup-pass-1');
        const fresh = createDesk({ db: new DeskDb(`hc-restore${++dbn}`), now: () => clock }) as Desk;
        await fresh.restoreBackup(blob, 'backup-pass-1');
        await fresh.signIn('head', 'secret123');
        desk = fresh;
        role = 'head';
      },
    };
    const names = Object.keys(ops);
    const weights: Record<string, number> = { register: 5, step: 5, refuse: 2, pull: 3, restore: 0.5 };
    const bag = names.flatMap((n) => Array(Math.round((weights[n] ?? 1) * 2)).fill(n) as string[]);
    const done: string[] = [];
    // Four registrations, every path once in a shuffled order, then a random mix.
    const first = [...names].sort(() => next() - 0.5);
    for (let i = 0; i < 120; i++) {
      const op = i < 4 ? 'register' : (first[i - 4] ?? pick(bag));
      await ops[op]();
      done.push(op);
      await expectKept(desk, done.join(' > '));
    }
    // The mix did reach every path, and the counts it compared were not all zeros.
    expect(new Set(done)).toEqual(new Set(names));
    const s = await stats(desk.context);
    expect(s.applicationsThisYear + s.waiting + s.refusalsToAccept).toBeGreaterThan(0);
  }, 120_000);

  it('finds a tampered or lost counter and rebuilds it from a full count', async () => {
    const desk = (await testOfficeDesk(`hc${++dbn}`, () => clock)) as Desk;
    await desk.signIn('clerk', 'secret123');
    for (let i = 1; i <= 3; i++) await desk.register(await input(desk, i));
    await desk.refuseToAccept(await lacking(desk, 9), ['birthCertificate']);
    clock = fromLocal('2026-04-10', '10:00');
    const db = desk.context.db;
    expect(await stats(desk.context)).toMatchObject({
      waiting: 3,
      overdue: 3,
      applicationsThisYear: 3,
      refusalsToAccept: 1,
    });
    expect((await checkHomeCounters(desk.context)).ok).toBe(true);

    await db.homeCounts.put({ key: 'a:waiting', n: 8 });
    const dueDay = (await db.homeCounts.toArray()).find((r) => r.key.startsWith('a:due:'))!;
    await db.homeCounts.delete(dueDay.key);
    expect(await stats(desk.context)).toMatchObject({ waiting: 8, overdue: 0 });

    const check = await checkHomeCounters(desk.context);
    expect(check.ok).toBe(false);
    expect(check.kept['a:waiting']).toBe(8);
    expect(check.expected['a:waiting']).toBe(3);
    expect(check.kept[dueDay.key]).toBeUndefined();
    expect(check.expected[dueDay.key]).toBe(dueDay.n);
    // Rebuilt: the home shows the records again, and the next check finds nothing.
    expect(await stats(desk.context)).toEqual(await walkedStats(desk.context));
    expect(await checkHomeCounters(desk.context)).toMatchObject({ ok: true });

    // rebuildHomeCounters, for whoever rewrote records around Dexie.
    await db.homeCounts.clear();
    await rebuildHomeCounters(desk.context);
    expect(await stats(desk.context)).toMatchObject({ waiting: 3, overdue: 3, refusalsToAccept: 1 });
  });

  it('a write that fails leaves the counters as they were (same transaction)', async () => {
    const desk = (await testOfficeDesk(`hc${++dbn}`, () => clock)) as Desk;
    await desk.signIn('clerk', 'secret123');
    const a = await desk.register(await input(desk, 1));
    const db = desk.context.db;
    const row = (await db.applications.get(a.id))!;
    await expect(
      db.transaction('rw', db.applications, async () => {
        await db.applications.put({ ...row, queueState: 'enrolled' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect((await stats(desk.context)).waiting).toBe(1);
    expect((await checkHomeCounters(desk.context)).ok).toBe(true);
  });

  it('are created from a full count when an older database is upgraded', async () => {
    const name = `hc-upgrade${++dbn}`;
    // The database as version 6 of the desk left it (the tables counted, with rows).
    const old = new Dexie(name);
    old.version(6).stores({
      applications:
        'id, &sortKey, journalNo, journalSeq, journalYear, childIin, applicantIin, *iinKeys, *nameKeys, status, queueState, openDueAt, [status+sortKey], [serviceCode+childIin], subjectIin, [serviceCode+subjectIin], nameKeysV',
      refusals: 'id, &sortKey, at',
    });
    const app = (i: number, over: object) => ({
      id: `a${i}`,
      sortKey: `2026-01-0${i}|a${i}`,
      journalYear: 2026,
      status: 'registered',
      queueState: 'waiting',
      openDueAt: `2026-01-1${i}T05:00:00.000Z`,
      ...over,
    });
    await old.table('applications').bulkAdd([
      app(1, {}),
      app(2, { journalYear: 2025 }),
      app(3, { status: 'issued', queueState: 'enrolled', openDueAt: undefined }),
      app(4, { queueState: 'withdrawn' }), // an older desk kept a withdrawn one's term: not counted as due
    ]);
    await old.table('refusals').bulkAdd([
      { id: 'r1', sortKey: 'x|r1', at: '2026-01-05T05:00:00.000Z' },
      { id: 'r2', sortKey: 'x|r2', at: '2026-01-06T05:00:00.000Z', withdrawn: { at: '2026-01-06T05:00:30.000Z' } },
    ]);
    old.close();

    const db = new DeskDb(name);
    await db.open();
    const kept = Object.fromEntries((await db.homeCounts.toArray()).map((r) => [r.key, r.n]));
    expect(kept).toEqual({
      'a:year:2026': 3,
      'a:year:2025': 1,
      'a:waiting': 2,
      'a:due:2026-01-11': 1,
      'a:due:2026-01-12': 1,
      'r:all': 1,
      'r:day:2026-01-05': 1,
    });
    expect(kept).toEqual(await countAll(db.applications, db.refusals));
    db.close();
  });
});
