/**
 * Pull by cursor (pages, scope), the district-wide preschool queue, journal
 * number leases, and potential duplicates across offices. The applications
 * are made by real desks (tests/helpers/desk-device.ts) and synced by their
 * engine; the pulls under test are read with the tests' HTTP client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatJournalNo, localParts, type Application, type IntakeInput, type Lease } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DeviceClient, DistrictClient } from '../support/client';
import { FIRST_TURN, advance, childAged, register, type DeskDevice } from '../helpers/desk-device';

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

/** The intake of this child (an IIN with its birth date) instead of the generated one. */
const child = (c: { iin: string }, names: Partial<NonNullable<IntakeInput['child']>> = {}): Partial<IntakeInput> => ({
  child: { iin: c.iin, lastName: 'Әбілқасымова', firstName: 'Әлия', ...names },
});

/** Syncs and checks every op went: nothing left, nothing quarantined. */
async function synced(d: DeskDevice) {
  const run = await d.sync();
  expect(run.state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
  return run;
}

describe('district queue', () => {
  // Two offices, two ages; registered at different times, some with a first-turn category.
  const plan = [
    { who: 'karasu', age: 3, at: 600, priority: null, name: 'k3-early' },
    { who: 'ushkonyr', age: 3, at: 500, priority: null, name: 'u3-mid' },
    { who: 'karasu', age: 3, at: 100, priority: 'largeFamily', name: 'k3-priority-late' },
    { who: 'ushkonyr', age: 3, at: 300, priority: 'orphan', name: 'u3-priority' },
    { who: 'karasu', age: 3, at: 50, priority: null, name: 'k3-latest' },
    { who: 'ushkonyr', age: 4, at: 400, priority: null, name: 'u4-early' },
    { who: 'karasu', age: 4, at: 200, priority: null, name: 'k4-late' },
  ] as const;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    for (const [i, p] of plan.entries()) {
      const side = p.who === 'karasu' ? karasu : ushkonyr;
      // Registered `at` seconds ago: the laptop's clock is set back for it.
      side.setClock(-p.at * 1000);
      const priority = p.priority ? { ...FIRST_TURN, priority: p.priority } : {};
      const app = await register(side, { over: { ...child(childAged(p.age, 100 + i, today())), ...priority } });
      side.setClock(0);
      ids.set(p.name, app.id);
    }
    await synced(karasu);
    await synced(ushkonyr);
  });

  it('orders waiting children by first-turn category, then application time, within each age, across offices', async () => {
    const q = await district.queue();
    const names = (age: number) =>
      q.groups.find((g) => g.age === age)!.items.map((x) => [...ids].find(([, id]) => id === x.applicationId)![0]);
    expect(names(3)).toEqual(['u3-priority', 'k3-priority-late', 'k3-early', 'u3-mid', 'k3-latest']);
    expect(names(4)).toEqual(['u4-early', 'k4-late']);
    expect(q.groups.find((g) => g.age === 3)!.items.map((x) => x.position)).toEqual([1, 2, 3, 4, 5]);
    expect(q.groups.find((g) => g.age === 3)!.items[0].childName).toMatch(/Әбілқасымова Әлия/);
  });

  it("gives each office its own children's district-wide positions as of the server time", async () => {
    karasu.client.cursor = '0';
    const { last } = await karasu.client.pullAll();
    expect(last.queue).toBeDefined();
    expect(Date.parse(last.queue!.asOf)).toBeGreaterThan(Date.now() - 60_000);
    const expected = {
      [ids.get('k3-priority-late')!]: [3, 2, 5],
      [ids.get('k3-early')!]: [3, 3, 5],
      [ids.get('k3-latest')!]: [3, 5, 5],
      [ids.get('k4-late')!]: [4, 2, 2],
    };
    expect(
      Object.fromEntries(last.queue!.entries.map((e) => [e.applicationId, [e.age, e.position, e.ofTotal]])),
    ).toEqual(expected);
    // The desk keeps the same from its own sync.
    await karasu.sync();
    const held = (await karasu.engine.queuePositions())!;
    expect(
      Object.fromEntries([...held.byId.values()].map((e) => [e.applicationId, [e.age, e.position, e.ofTotal]])),
    ).toEqual(expected);
  });

  it('moves everyone up when a child leaves the queue', async () => {
    // Ushkonyr's first-turn child is referred to a place: it leaves the waiting queue.
    const kg = (await ushkonyr.desk.kindergartens()).find((k) => k.number === '3')!;
    await advance(ushkonyr, ids.get('u3-priority')!, 'decided', {
      kind: 'referral',
      kindergartenId: kg.id,
      ageGroupId: 'middle',
    });
    await synced(ushkonyr);
    expect(
      (await srv.db.query('SELECT queue_state FROM applications WHERE id = $1', [ids.get('u3-priority')])).rows[0]
        .queue_state,
    ).toBe('referred');
    const { last } = await karasu.client.pullAll();
    const mine = last.queue!.entries.find((e) => e.applicationId === ids.get('k3-priority-late'))!;
    expect([mine.position, mine.ofTotal]).toEqual([1, 4]);
  });
});

describe('pull', () => {
  it('pages through changes by cursor, each record once at its latest version, scoped to the office', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) mine.push((await register(karasu, { serial: 300 + i })).id);
    await advance(karasu, mine[0], 'assigned');
    await synced(karasu);
    const theirs = await register(ushkonyr, { serial: 400 });
    await synced(ushkonyr);

    const fresh = await srv.device('karasu', 'new laptop');
    const seen: string[] = [];
    let pages = 0;
    let prev = -1;
    for (;;) {
      const page = await fresh.pull(3);
      pages++;
      expect(page.changes.length).toBeLessThanOrEqual(3);
      expect(Number(page.cursor)).toBeGreaterThan(prev);
      prev = Number(page.cursor);
      seen.push(...page.changes.map((c) => `${c.entity}:${c.id}`));
      if (!page.more) {
        expect(page.queue).toBeDefined();
        break;
      }
      expect(page.queue).toBeUndefined();
    }
    expect(pages).toBeGreaterThan(3);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of mine) expect(seen).toContain(`application:${id}`);
    expect(seen).not.toContain(`application:${theirs.id}`);
    // Reference data comes along: offices, kindergartens, the catalog, the calendar, own staff only.
    for (const e of ['office', 'kindergarten', 'catalog', 'calendar', 'staff'])
      expect(seen.some((s) => s.startsWith(`${e}:`))).toBe(true);
    const staffIds = seen.filter((s) => s.startsWith('staff:')).map((s) => s.slice(6));
    const { rows } = await srv.db.query('SELECT DISTINCT office_id FROM staff WHERE id = ANY($1::text[])', [staffIds]);
    expect(rows.map((r) => r.office_id)).toEqual([fresh.officeId]);
    // Nothing new: an empty page and the same cursor.
    const idle = await fresh.pull();
    expect(idle.changes).toEqual([]);
    expect(idle.cursor).toBe(fresh.cursor);
    // A change shows up again, at its new version, with the access-log entry the desk wrote beside it.
    await karasu.as('clerk');
    await karasu.desk.logPrint(mine[1], 'receipt', 'kk', 'print');
    await synced(karasu);
    const next = await fresh.pull();
    expect(next.changes.filter((c) => c.entity === 'application').map((c) => [c.id, c.version])).toEqual([
      [mine[1], 2],
    ]);
    expect(
      next.changes.filter((c) => c.entity === 'access').map((c) => c.data as { applicationId: string; action: string }),
    ).toEqual([expect.objectContaining({ applicationId: mine[1], action: 'print' })]);
    expect(next.changes).toHaveLength(2);
  });

  it('district staff pull the whole district', async () => {
    const d = await district.get('/v1/pull?cursor=0&limit=1000');
    expect(d.status).toBe(200);
    const offices = new Set(
      d.body.changes
        .filter((c: { entity: string }) => c.entity === 'application')
        .map((c: { data: Application }) => c.data.officeId),
    );
    expect(offices).toEqual(new Set([karasu.client.officeId, ushkonyr.client.officeId]));
  });
});

describe('number leases', () => {
  it('never hands out overlapping numbers, even to concurrent requests from several devices', async () => {
    const second = await srv.device('karasu', 'second laptop');
    const year = Number(today().slice(0, 4));
    const calls: Array<Promise<Lease>> = [];
    for (let i = 0; i < 24; i++) {
      const dev: DeviceClient = [karasu.client, second, ushkonyr.client][i % 3];
      calls.push(dev.lease(i % 2 ? 'referral' : 'preschool-queue', year, 5 + (i % 4)));
    }
    const leases = await Promise.all(calls);
    const byKey = new Map<string, Lease[]>();
    for (const l of leases) {
      expect(l.to - l.from + 1).toBeGreaterThanOrEqual(5);
      byKey.set(`${l.officeId}|${l.journal}|${l.year}`, [
        ...(byKey.get(`${l.officeId}|${l.journal}|${l.year}`) ?? []),
        l,
      ]);
    }
    for (const list of byKey.values()) {
      list.sort((a, b) => a.from - b.from);
      for (let i = 1; i < list.length; i++) expect(list[i].from).toBeGreaterThan(list[i - 1].to);
    }
    // Past every number the office's applications carry, and every block its desks hold.
    const k = byKey.get(`${karasu.client.officeId}|preschool-queue|${year}`)!;
    const used = (
      await srv.db.query(
        'SELECT max(journal_seq)::int AS n FROM applications WHERE office_id = $1 AND journal_year = $2',
        [karasu.client.officeId, year],
      )
    ).rows[0].n as number;
    expect(used).toBeGreaterThan(0);
    expect(k[0].from).toBeGreaterThan(used);
    const held = (await karasu.desk.context.db.leases.toArray()).filter(
      (l) => l.journal === 'preschool-queue' && l.year === year,
    );
    expect(k[0].from).toBeGreaterThan(Math.max(...held.map((l) => l.to)));
    const own = await second.get('/v1/leases');
    expect(own.body.leases.every((l: Lease) => l.deviceId === second.deviceId)).toBe(true);
    expect((await karasu.client.post('/v1/leases', { journal: 'preschool-queue', year, size: 100_000 })).status).toBe(
      400,
    );
  });

  it('a number pushed later than a lease moves the counter past it', async () => {
    const year = Number(today().slice(0, 4));
    // A number from no lease (a laptop restored from an old backup, or altered): the desk's op, renumbered on the way.
    const {
      ops: [op, ...rest],
    } = await karasu.record(() => register(karasu, { serial: 900 }));
    const office = await karasu.desk.office();
    const stray = {
      ...op,
      fields: { ...op.fields, journalSeq: 5000, journalNo: formatJournalNo(office.code, year, 5000) },
    };
    expect((await karasu.client.push([stray, ...rest])).results[0].status).toBe('applied');
    const l = await karasu.client.lease('preschool-queue', year, 10);
    expect(l.from).toBe(5001);
  });
});

describe('potential duplicates', () => {
  let mobile: DeskDevice;
  beforeAll(async () => {
    mobile = await srv.desk('mobile');
  });

  it('flags the same child with open applications in two offices; the district marks it', async () => {
    const c = childAged(2, 777, today());
    const a = await register(karasu, { over: child(c) });
    await synced(karasu);
    expect((await district.duplicates()).filter((d) => d.childIin === c.iin)).toEqual([]);
    const { value: b, ops: bOps } = await ushkonyr.record(() => register(ushkonyr, { over: child(c) }));
    await synced(ushkonyr);
    let dups = (await district.duplicates()).filter((d) => d.childIin === c.iin);
    expect(dups).toHaveLength(1);
    expect(new Set(dups[0].applications.map((x) => x.officeId))).toEqual(
      new Set([karasu.client.officeId, ushkonyr.client.officeId]),
    );
    expect(dups[0].applications.map((x) => x.id).sort()).toEqual([a.id, b.id].sort());
    expect(dups[0].status).toBe('open');

    const set = await district.post(`/v1/district/duplicates/${dups[0].id}`, {
      status: 'not_duplicate',
      note: 'егіздер / близнецы',
    });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ status: 'not_duplicate', note: 'егіздер / близнецы' });
    expect((await district.duplicates()).filter((d) => d.childIin === c.iin)).toEqual([]);
    expect((await district.post(`/v1/district/duplicates/${dups[0].id}`, { status: 'maybe' })).status).toBe(400);
    // Pushing the same ops again (an answer lost on the way) does not re-flag the pair.
    expect((await ushkonyr.client.push(bOps)).results.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect((await district.duplicates('all')).filter((d) => d.childIin === c.iin)).toHaveLength(1);

    // A third application elsewhere pairs with both.
    const m = await register(mobile, { over: child(c) });
    await synced(mobile);
    dups = (await district.duplicates()).filter((d) => d.childIin === c.iin);
    expect(dups).toHaveLength(2);
    expect(dups.every((d) => d.applications.some((x) => x.id === m.id))).toBe(true);
    const merged = await district.post(`/v1/district/duplicates/${dups[0].id}`, { status: 'merged' });
    expect(merged.body.status).toBe('merged');
  });

  it('concurrent syncs from three offices about one child all apply, and every pair is flagged once', async () => {
    const c = childAged(3, 4242, today());
    const ids: string[] = [];
    // Each laptop registers the child five times (its clerk acknowledging the open one) and syncs after each; the three at once.
    await Promise.all(
      [karasu, ushkonyr, mobile].map(async (side) => {
        for (let i = 0; i < 5; i++) {
          const { value: app, ops } = await side.record(() =>
            register(side, { over: child(c), acknowledgeDuplicate: i > 0 }),
          );
          ids.push(app.id);
          const run = await side.sync();
          expect(run.result(ops[0])?.status).toBe('applied');
        }
      }),
    );
    expect(new Set(ids).size).toBe(15);
    const { rows } = await srv.db.query('SELECT count(*)::int AS n FROM duplicates WHERE child_iin = $1', [c.iin]);
    expect(rows[0].n).toBe((15 * 14) / 2);
  });

  it('does not flag a closed application', async () => {
    const c = childAged(4, 888, today());
    const a = await register(karasu, { over: child(c) });
    // Walk it to the end with a refusal: issued and out of the queue.
    const { ops } = await karasu.record(() =>
      advance(karasu, a.id, 'issued', { kind: 'refusal', groundCode: 'ageLimit', reason: 'Бала 6 жасқа толған' }),
    );
    const run = await synced(karasu);
    expect(ops.map((o) => run.result(o)?.status)).toEqual(ops.map(() => 'applied'));
    expect((await srv.db.query('SELECT status, queue_state FROM applications WHERE id = $1', [a.id])).rows[0]).toEqual({
      status: 'issued',
      queue_state: 'refused',
    });
    await register(ushkonyr, { over: child(c) });
    await synced(ushkonyr);
    expect((await district.duplicates('all')).filter((d) => d.childIin === c.iin)).toEqual([]);
  });
});

describe("a device's own records (own=skip)", () => {
  /** What a pull from `cursor` brings, asked with and without own=skip (the cursor is put back after each). */
  async function both(side: { client: DeviceClient }) {
    const start = side.client.cursor;
    const skip = (await side.client.pullAll(undefined, 'skip')).changes;
    const end = side.client.cursor;
    side.client.cursor = start;
    const send = (await side.client.pullAll(undefined, 'send')).changes;
    side.client.cursor = end;
    return { skip: skip.map((c) => c.id), send: send.map((c) => c.id) };
  }

  it('leaves out what the device made itself, and sends back what anyone else changed or the server refused', async () => {
    await karasu.client.pullAll();
    const { value: app, ops } = await karasu.record(async () => {
      const a = await register(karasu, { serial: 880 });
      await advance(karasu, a.id, 'assigned');
      await karasu.as('clerk');
      await karasu.desk.logPrint(a.id, 'receipt', 'kk', 'print');
      return a;
    });
    const res = await karasu.client.push(ops);
    expect(res.results.map((r) => r.status)).toEqual(ops.map(() => 'applied'));
    let seen = await both(karasu);
    expect(seen.send).toContain(app.id);
    expect(seen.skip).not.toContain(app.id);
    // The other office's laptop never held it: it comes in full (its office cannot see it at all).
    expect((await ushkonyr.client.pullAll(undefined, 'skip')).changes.map((c) => c.id)).not.toContain(app.id);

    // An op the server refuses (its signer unknown there): the laptop's copy is now ahead of the server's, so the record comes back.
    const {
      ops: [decision],
    } = await karasu.record(() => advance(karasu, app.id, 'decided'));
    expect((await karasu.client.push([{ ...decision, staffId: 'nobody' }])).results[0]).toMatchObject({
      status: 'quarantined',
      reason: 'staff.unknown',
    });
    seen = await both(karasu);
    expect(seen.skip).toContain(app.id);

    // A second laptop of the same office changes the record: the first gets it back.
    const second = await srv.desk('karasu', 'second laptop');
    await second.sync();
    expect((await second.desk.get(app.id))?.prints.map((p) => p.form)).toEqual(['receipt']);
    await karasu.client.pullAll(undefined, 'skip');
    await second.as('clerk');
    const { ops: printed } = await second.record(() => second.desk.logPrint(app.id, 'notification', 'kk', 'print'));
    // The second laptop built on a copy it pulled, which the server cannot tell is current: it gets the record back too.
    const run = await second.sync();
    expect(run.result(printed[0])?.status).toBe('applied');
    expect(run.pulled.map((c) => c.id)).toContain(app.id);
    const back = (await karasu.client.pullAll(undefined, 'skip')).changes.find((c) => c.id === app.id);
    expect((back?.data as Application).prints.map((p) => p.form)).toEqual(['receipt', 'notification']);
  });

  it('refuses an unknown own= value', async () => {
    expect((await karasu.client.get('/v1/pull?cursor=0&own=maybe')).status).toBe(400);
  });
});
