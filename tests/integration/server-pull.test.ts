/**
 * Pull by cursor (pages, scope), the district-wide preschool queue, journal
 * number leases, and potential duplicates across offices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts, type Application, type Lease } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DeviceClient, DistrictClient } from '../support/client';
import { FakeDesk, resolutionFields } from '../support/fixtures';

let srv: TestServer;
let district: DistrictClient;
let karasu: { dev: DeviceClient; desk: FakeDesk };
let ushkonyr: { dev: DeviceClient; desk: FakeDesk };

beforeAll(async () => {
  srv = await startTestServer();
  district = await srv.district();
  const k = await srv.device('karasu');
  const u = await srv.device('ushkonyr');
  karasu = { dev: k, desk: FakeDesk.of(k) };
  ushkonyr = { dev: u, desk: FakeDesk.of(u) };
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

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
      const { app, op } = side.desk.register({ ageYears: p.age, serial: 100 + i, acceptedAt: minutesAgo(p.at), priority: p.priority });
      ids.set(p.name, app.id);
      expect((await side.dev.push([op])).results[0].status).toBe('applied');
    }
  });

  it('orders waiting children by first-turn category, then application time, within each age, across offices', async () => {
    const q = await district.queue();
    const names = (age: number) => q.groups.find((g) => g.age === age)!.items.map((x) => [...ids].find(([, id]) => id === x.applicationId)![0]);
    expect(names(3)).toEqual(['u3-priority', 'k3-priority-late', 'k3-early', 'u3-mid', 'k3-latest']);
    expect(names(4)).toEqual(['u4-early', 'k4-late']);
    expect(q.groups.find((g) => g.age === 3)!.items.map((x) => x.position)).toEqual([1, 2, 3, 4, 5]);
    expect(q.groups.find((g) => g.age === 3)!.items[0].childName).toMatch(/Әбілқасымова Әлия/);
  });

  it("gives each office its own children's district-wide positions as of the server time", async () => {
    karasu.dev.cursor = '0';
    const { last } = await karasu.dev.pullAll();
    expect(last.queue).toBeDefined();
    expect(Date.parse(last.queue!.asOf)).toBeGreaterThan(Date.now() - 60_000);
    const pos = Object.fromEntries(last.queue!.entries.map((e) => [e.applicationId, [e.age, e.position, e.ofTotal]]));
    expect(pos).toEqual({
      [ids.get('k3-priority-late')!]: [3, 2, 5],
      [ids.get('k3-early')!]: [3, 3, 5],
      [ids.get('k3-latest')!]: [3, 5, 5],
      [ids.get('k4-late')!]: [4, 2, 2],
    });
  });

  it('moves everyone up when a child leaves the queue', async () => {
    const id = ids.get('u3-priority')!;
    const r = await ushkonyr.dev.push([ushkonyr.desk.patch(id, { queueState: 'withdrawn' })]);
    expect(r.results[0].status).toBe('applied');
    const { last } = await karasu.dev.pullAll();
    const mine = last.queue!.entries.find((e) => e.applicationId === ids.get('k3-priority-late'))!;
    expect([mine.position, mine.ofTotal]).toEqual([1, 4]);
  });
});

describe('pull', () => {
  it('pages through changes by cursor, each record once at its latest version, scoped to the office', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { app, op } = karasu.desk.register({ serial: 300 + i });
      mine.push(app.id);
      await karasu.dev.push([op]);
    }
    await karasu.dev.push([karasu.desk.step(mine[0], 'resolution', resolutionFields(karasu.desk))]);
    const theirs = ushkonyr.desk.register({ serial: 400 });
    await ushkonyr.dev.push([theirs.op]);

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
    expect(seen).not.toContain(`application:${theirs.app.id}`);
    // Reference data comes along: offices, kindergartens, the catalog, the calendar, own staff only.
    for (const e of ['office', 'kindergarten', 'catalog', 'calendar', 'staff']) expect(seen.some((s) => s.startsWith(`${e}:`))).toBe(true);
    const staffIds = seen.filter((s) => s.startsWith('staff:')).map((s) => s.slice(6));
    const { rows } = await srv.db.query('SELECT DISTINCT office_id FROM staff WHERE id = ANY($1::text[])', [staffIds]);
    expect(rows.map((r) => r.office_id)).toEqual([fresh.officeId]);
    // Nothing new: an empty page and the same cursor.
    const idle = await fresh.pull();
    expect(idle.changes).toEqual([]);
    expect(idle.cursor).toBe(fresh.cursor);
    // A change shows up again, at its new version.
    await karasu.dev.push([karasu.desk.print(mine[1])]);
    const next = await fresh.pull();
    expect(next.changes.map((c) => [c.id, c.version])).toEqual([[mine[1], 2]]);
  });

  it('district staff pull the whole district', async () => {
    const d = await district.get('/v1/pull?cursor=0&limit=1000');
    expect(d.status).toBe(200);
    const offices = new Set(d.body.changes.filter((c: { entity: string }) => c.entity === 'application').map((c: { data: Application }) => c.data.officeId));
    expect(offices).toEqual(new Set([karasu.dev.officeId, ushkonyr.dev.officeId]));
  });
});

describe('number leases', () => {
  it('never hands out overlapping numbers, even to concurrent requests from several devices', async () => {
    const second = await srv.device('karasu', 'second laptop');
    const year = Number(localParts(new Date().toISOString()).date.slice(0, 4));
    const calls: Array<Promise<Lease>> = [];
    for (let i = 0; i < 24; i++) {
      const dev = [karasu.dev, second, ushkonyr.dev][i % 3];
      calls.push(dev.lease(i % 2 ? 'referral' : 'preschool-queue', year, 5 + (i % 4)));
    }
    const leases = await Promise.all(calls);
    const byKey = new Map<string, Lease[]>();
    for (const l of leases) {
      expect(l.to - l.from + 1).toBeGreaterThanOrEqual(5);
      byKey.set(`${l.officeId}|${l.journal}|${l.year}`, [...(byKey.get(`${l.officeId}|${l.journal}|${l.year}`) ?? []), l]);
    }
    for (const list of byKey.values()) {
      list.sort((a, b) => a.from - b.from);
      for (let i = 1; i < list.length; i++) expect(list[i].from).toBeGreaterThan(list[i - 1].to);
    }
    // The office counter moved past numbers already used in pushed applications (serials up to 404).
    const k = byKey.get(`${karasu.dev.officeId}|preschool-queue|${year}`)!;
    expect(k[0].from).toBeGreaterThan(304);
    const own = await second.get('/v1/leases');
    expect(own.body.leases.every((l: Lease) => l.deviceId === second.deviceId)).toBe(true);
    expect((await karasu.dev.post('/v1/leases', { journal: 'preschool-queue', year, size: 100_000 })).status).toBe(400);
  });

  it('a number pushed later than a lease moves the counter past it', async () => {
    const year = Number(localParts(new Date().toISOString()).date.slice(0, 4));
    const { op } = karasu.desk.register({ serial: 900, journalSeq: 5000 });
    await karasu.dev.push([op]);
    const l = await karasu.dev.lease('preschool-queue', year, 10);
    expect(l.from).toBe(5001);
  });
});

describe('potential duplicates', () => {
  it('flags the same child with open applications in two offices; the district marks it', async () => {
    const mobile = await srv.device('mobile');
    const mDesk = FakeDesk.of(mobile);
    const child = FakeDesk.child(2, 777);
    const a = karasu.desk.register({ childIin: child.iin, birthDate: child.birthDate, sex: child.sex });
    await karasu.dev.push([a.op]);
    expect((await district.duplicates()).filter((d) => d.childIin === child.iin)).toEqual([]);
    const b = ushkonyr.desk.register({ childIin: child.iin, birthDate: child.birthDate, sex: child.sex });
    await ushkonyr.dev.push([b.op]);
    let dups = (await district.duplicates()).filter((d) => d.childIin === child.iin);
    expect(dups).toHaveLength(1);
    expect(new Set(dups[0].applications.map((x) => x.officeId))).toEqual(new Set([karasu.dev.officeId, ushkonyr.dev.officeId]));
    expect(dups[0].status).toBe('open');

    const set = await district.post(`/v1/district/duplicates/${dups[0].id}`, { status: 'not_duplicate', note: 'егіздер / близнецы' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ status: 'not_duplicate', note: 'егіздер / близнецы' });
    expect((await district.duplicates()).filter((d) => d.childIin === child.iin)).toEqual([]);
    expect((await district.post(`/v1/district/duplicates/${dups[0].id}`, { status: 'maybe' })).status).toBe(400);
    // Pushing the same op again does not re-flag the pair.
    await ushkonyr.dev.push([b.op]);
    expect((await district.duplicates('all')).filter((d) => d.childIin === child.iin)).toHaveLength(1);

    // A third application elsewhere pairs with both.
    const c = mDesk.register({ childIin: child.iin, birthDate: child.birthDate, sex: child.sex });
    await mobile.push([c.op]);
    dups = (await district.duplicates()).filter((d) => d.childIin === child.iin);
    expect(dups).toHaveLength(2);
    expect(dups.every((d) => d.applications.some((x) => x.id === c.app.id))).toBe(true);
    const merged = await district.post(`/v1/district/duplicates/${dups[0].id}`, { status: 'merged' });
    expect(merged.body.status).toBe('merged');
  });

  it('concurrent pushes from three offices about one child all apply, and every pair is flagged once', async () => {
    const mobile = await srv.device('mobile', 'mobile centre laptop 2');
    const sides = [karasu, ushkonyr, { dev: mobile, desk: FakeDesk.of(mobile) }];
    const child = FakeDesk.child(3, 4242);
    const ids: string[] = [];
    // Each laptop pushes its five registrations one by one; the three laptops run at once.
    await Promise.all(sides.map(async (side) => {
      for (let i = 0; i < 5; i++) {
        const { app, op } = side.desk.register({ childIin: child.iin, birthDate: child.birthDate, sex: child.sex });
        ids.push(app.id);
        const r = await side.dev.push([op]);
        expect(r.results[0].status).toBe('applied');
      }
    }));
    const { rows } = await srv.db.query('SELECT count(*)::int AS n FROM duplicates WHERE child_iin = $1', [child.iin]);
    expect(rows[0].n).toBe((15 * 14) / 2);
  });

  it('does not flag a closed application', async () => {
    const child = FakeDesk.child(4, 888);
    const a = karasu.desk.register({ childIin: child.iin, birthDate: child.birthDate, sex: child.sex });
    // Walk it to the end with a refusal: issued and out of the queue.
    const ops = [a.op,
      karasu.desk.step(a.app.id, 'resolution', resolutionFields(karasu.desk)),
      karasu.desk.step(a.app.id, 'decision', { decision: { kind: 'refusal', groundCode: 'ageLimit', reason: 'Бала 6 жасқа толған' }, queueState: 'refused' }),
      karasu.desk.step(a.app.id, 'signature'),
      karasu.desk.step(a.app.id, 'issue')];
    const r = await karasu.dev.push(ops);
    expect(r.results.every((x) => x.status === 'applied')).toBe(true);
    const b = ushkonyr.desk.register({ childIin: child.iin, birthDate: child.birthDate, sex: child.sex });
    await ushkonyr.dev.push([b.op]);
    expect((await district.duplicates('all')).filter((d) => d.childIin === child.iin)).toEqual([]);
  });
});

describe("a device's own records (own=skip)", () => {
  /** What a pull from `cursor` brings, asked with and without own=skip (the cursor is put back after each). */
  async function both(side: { dev: DeviceClient }) {
    const start = side.dev.cursor;
    const skip = (await side.dev.pullAll(undefined, 'skip')).changes;
    const end = side.dev.cursor;
    side.dev.cursor = start;
    const send = (await side.dev.pullAll(undefined, 'send')).changes;
    side.dev.cursor = end;
    return { skip: skip.map((c) => c.id), send: send.map((c) => c.id) };
  }

  it('leaves out what the device made itself, and sends back what anyone else changed or the server refused', async () => {
    await karasu.dev.pullAll();
    const { app, op } = karasu.desk.register({ serial: 880 });
    const res = await karasu.dev.push([op, karasu.desk.step(app.id, 'resolution', resolutionFields(karasu.desk)), karasu.desk.print(app.id)]);
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
    let seen = await both(karasu);
    expect(seen.send).toContain(app.id);
    expect(seen.skip).not.toContain(app.id);
    // The other office's laptop never held it: it comes in full (its office cannot see it at all).
    expect((await ushkonyr.dev.pullAll(undefined, 'skip')).changes.map((c) => c.id)).not.toContain(app.id);

    // An op the server refuses (an unknown signer): the laptop's copy is now ahead of the server's, so the record comes back.
    const bad = karasu.desk.step(app.id, 'decision', { decision: { kind: 'notification' } } as never, { staffId: 'nobody' });
    expect((await karasu.dev.push([bad])).results[0]).toMatchObject({ status: 'quarantined', reason: 'staff.unknown' });
    seen = await both(karasu);
    expect(seen.skip).toContain(app.id);

    // A second laptop of the same office changes the record: the first gets it back.
    const second = await srv.device('karasu', 'second laptop');
    const desk2 = FakeDesk.of(second);
    const theirs = (await second.pullAll()).changes.find((c) => c.id === app.id)!;
    desk2.receive(theirs.data as Application, theirs.version);
    await karasu.dev.pullAll(undefined, 'skip');
    expect((await second.push([desk2.print(app.id, 'notification')])).results[0].status).toBe('applied');
    const back = (await karasu.dev.pullAll(undefined, 'skip')).changes.find((c) => c.id === app.id);
    expect((back?.data as Application).prints.map((p) => p.form)).toEqual(['receipt', 'notification']);
    // The second laptop built on a copy it pulled, which the server cannot tell is current: it gets the record back too.
    expect((await second.pullAll(undefined, 'skip')).changes.map((c) => c.id)).toContain(app.id);
  });

  it('refuses an unknown own= value', async () => {
    const r = await fetch(`${srv.url}/v1/pull?cursor=0&own=maybe`, { headers: { authorization: `Bearer ${karasu.dev.enrolment!.token}`, 'x-protocol-version': '1' } });
    expect(r.status).toBe(400);
  });
});
