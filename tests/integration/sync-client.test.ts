// The desk's sync engine (renderer/sync) against the real district server on PGlite.
// IndexedDB is fake-indexeddb here (Node has none); everything else is real: HTTP, gzip, the server, its database.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/main';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { SyncEngine } from '../../renderer/sync/engine';
import { applyChanges } from '../../renderer/sync/apply';
import { makeIin, shiftIsoDate, type IntakeInput } from '../../shared';
import { demoDistrict } from '../helpers/desk-device';

let server: RunningServer;
let n = 0;

beforeAll(async () => {
  server = await startServer({
    port: 0,
    tls: false,
    dataDir: 'memory:',
    demo: true,
    logger: false,
    passwordIterations: 100_000,
  });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

const code = (key: string) => server.demo!.codes.find((c) => c.officeKey === key)!.code;

async function device(officeKey: string, enrolmentCode = code(officeKey)) {
  const desk = createDesk({ db: new DeskDb(`sync${++n}`) });
  const engine = new SyncEngine(desk.context, { sleep: async () => {}, random: () => 0 });
  await engine.enrol(server.url, enrolmentCode, `laptop ${n}`);
  return { desk, engine };
}

function intake(
  desk: Awaited<ReturnType<typeof device>>['desk'],
  kgIds: string[],
  serial: number,
  lastName: string,
): IntakeInput {
  let iin: string | null = null;
  for (let s = serial; !iin; s++) iin = makeIin(shiftIsoDate('2023-01-01', serial % 300), 'female', s);
  let piin: string | null = null;
  for (let s = serial + 7; !piin; s++) piin = makeIin('1991-04-05', 'female', s);
  return {
    serviceCode: 'preschool-queue',
    lang: 'kk',
    applicant: {
      kind: 'parent',
      iin: piin,
      lastName,
      firstName: 'Айгүл',
      phone: '+7 701 555 44 33',
      address: 'Қарасу',
    },
    child: { iin, lastName, firstName: 'Әлия' },
    priority: null,
    kindergartenIds: kgIds.slice(0, 1),
    workplaces: {},
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
  };
}

describe('sync client against the district server', () => {
  it('enrols, registers offline with leased numbers, pushes exactly once and sees the district queue', async () => {
    const a = await device('karasu');
    const b = await device('ushkonyr');
    expect((await a.desk.office()).code).toBe('ҚРС');
    await a.desk.signIn('clerk', server.demo!.password);
    await b.desk.signIn('clerk', server.demo!.password);
    const kgA = (await a.desk.kindergartens()).map((k) => k.id);
    const made: Awaited<ReturnType<typeof a.desk.register>>[] = [];
    for (let i = 0; i < 3; i++) made.push(await a.desk.register(intake(a.desk, kgA, 100 + i * 11, 'Сұлтанова')));
    const fromB = await b.desk.register(intake(b.desk, kgA, 400, 'Өмірзақова'));
    // Numbers come from two disjoint leases of the same district.
    expect(made.map((m) => m.journalSeq)).toEqual([made[0].journalSeq, made[0].journalSeq + 1, made[0].journalSeq + 2]);
    expect(await a.desk.context.db.outbox.where('entity').equals('application').count()).toBe(3);

    const sa = await a.engine.syncNow();
    expect(sa.status).toBe('idle');
    expect(sa.pending).toBe(0);
    await b.engine.syncNow();
    // A replay of the same ops (as after a lost acknowledgement) changes nothing.
    const res = await fetch(`${server.url}/v1/district/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-protocol-version': '1' },
      body: JSON.stringify({ login: server.demo!.districtLogin, password: server.demo!.password }),
    });
    const { token } = await res.json();
    const q = await (
      await fetch(`${server.url}/v1/district/queue`, {
        headers: { authorization: `Bearer ${token}`, 'x-protocol-version': '1' },
      })
    ).json();
    const ids = q.groups.flatMap((g: { items: Array<{ applicationId: string }> }) =>
      g.items.map((x) => x.applicationId),
    );
    for (const m of [...made, fromB]) expect(ids.filter((x: string) => x === m.id)).toHaveLength(1);

    await a.engine.syncNow();
    const pos = await a.engine.queuePositions();
    expect(pos?.byId.get(made[0].id)?.position).toBeGreaterThan(0);
    // Device A sees only its own office's applications.
    const listA = await a.desk.list({ limit: 50 });
    expect(listA.items.every((x) => x.officeId === made[0].officeId)).toBe(true);
    expect(listA.items.some((x) => x.id === fromB.id)).toBe(false);
  }, 120_000);

  it('keeps local unacknowledged changes on top of pulled records', async () => {
    const a = await device('akkainar');
    await a.desk.signIn('clerk', server.demo!.password);
    const kg = (await a.desk.kindergartens()).map((k) => k.id);
    const app = await a.desk.register(intake(a.desk, kg, 700, 'Төлеуова'));
    await a.engine.syncNow();
    await a.desk.signIn('head', server.demo!.password);
    const exec = (await a.desk.staff()).find((s) => s.login === 'executor')!;
    await a.desk.resolve(app.id, exec.id);
    // Pull only (the resolution is still in the outbox): the local status must survive.
    const { db } = a.desk.context;
    await db.meta.put({ key: 'syncCursor', value: '' });
    const engineNoPush = new SyncEngine(a.desk.context, { sleep: async () => {} });
    await (engineNoPush as unknown as { pull: (e: unknown) => Promise<void> }).pull(
      (await db.meta.get('enrolment'))!.value,
    );
    expect((await a.desk.get(app.id))!.status).toBe('assigned');
    await a.engine.syncNow();
    expect(await db.outbox.count()).toBe(0);
    expect((await db.applications.get(app.id))!.serverVersion).toBeGreaterThan(1);
  }, 180_000);

  it('exports the pending ops to a signed batch file the server imports once', async () => {
    const a = await device('mobile');
    await a.desk.signIn('clerk', server.demo!.password);
    const kg = (await a.desk.kindergartens()).map((k) => k.id);
    await a.desk.register(intake(a.desk, kg, 900, 'Жұмабаева'));
    const file = await a.engine.exportBatch();
    // The application and its access-log entry.
    expect(file?.ops).toBe(2);
    const login = await (
      await fetch(`${server.url}/v1/district/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-protocol-version': '1' },
        body: JSON.stringify({ login: server.demo!.districtLogin, password: server.demo!.password }),
      })
    ).json();
    const post = () =>
      fetch(`${server.url}/v1/import`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${login.token}`,
          'x-protocol-version': '1',
        },
        body: file!.text,
      }).then((r) => r.json());
    const first = await post();
    const again = await post();
    expect(first.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    expect(again.results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
    // The device then learns by push that the server already has it.
    const s = await a.engine.syncNow();
    expect(s.pending).toBe(0);
    expect(s.quarantined).toBe(0);
  }, 180_000);

  it('delivers a catalog entry changed by the district to devices, and refuses an invalid one', async () => {
    const h = { 'content-type': 'application/json', 'x-protocol-version': '1' };
    const login = await (
      await fetch(`${server.url}/v1/district/login`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ login: server.demo!.districtLogin, password: server.demo!.password }),
      })
    ).json();
    const auth = { ...h, authorization: `Bearer ${login.token}` };
    // The demo codes are spent by the tests above: the district issues a new one.
    const officeId = server.demo!.codes.find((c) => c.officeKey === 'karasu')!.officeId;
    const { code: fresh } = await (
      await fetch(`${server.url}/v1/district/enrolment-codes`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ officeId }),
      })
    ).json();
    const a = { desk: createDesk({ db: new DeskDb(`sync${++n}`) }) } as Awaited<ReturnType<typeof device>>;
    a.engine = new SyncEngine(a.desk.context, { sleep: async () => {}, random: () => 0 });
    await a.engine.enrol(server.url, fresh, 'laptop 3');
    await a.desk.signIn('clerk', server.demo!.password);
    const { entries } = await (await fetch(`${server.url}/v1/district/catalog`, { headers: auth })).json();
    const pre = entries.find((e: { code: string }) => e.code === 'preschool-queue');
    expect(pre.childAgeLimitYears).toBe(6);
    const bad = await fetch(`${server.url}/v1/district/catalog/preschool-queue`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ ...pre, term: { unit: 'workingDays', value: -1 } }),
    });
    expect(bad.status).toBe(400);
    // A decree returns the 2012 standard's limit: the district changes the data, not the app.
    const ok = await fetch(`${server.url}/v1/district/catalog/preschool-queue`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ ...pre, childAgeLimitYears: 7 }),
    });
    expect(ok.status).toBe(200);
    expect(a.desk.context.catalog.get('preschool-queue').childAgeLimitYears).toBe(6);
    await a.engine.syncNow();
    expect(a.desk.context.catalog.get('preschool-queue').childAgeLimitYears).toBe(7);
    // A six-year-old is now accepted on the device.
    const kg = (await a.desk.kindergartens()).map((k) => k.id);
    const six = intake(a.desk, kg, 1300, 'Алтынбекова');
    let iin: string | null = null;
    for (let s = 1300; !iin; s++)
      iin = makeIin(shiftIsoDate(new Date().toISOString().slice(0, 10), -(6 * 365 + 40)), 'female', s);
    six.child!.iin = iin;
    const app = await a.desk.register(six);
    expect(app.journalNo).toMatch(/^ҚРС-/);
  }, 180_000);

  it('a pull page too large for the link is asked for again smaller, and the pull completes', async () => {
    const h = { 'content-type': 'application/json', 'x-protocol-version': '1' };
    const login = await (
      await fetch(`${server.url}/v1/district/login`, {
        method: 'POST',
        headers: h,
        body: JSON.stringify({ login: server.demo!.districtLogin, password: server.demo!.password }),
      })
    ).json();
    const officeId = server.demo!.codes.find((c) => c.officeKey === 'karasu')!.officeId;
    const { code: fresh } = await (
      await fetch(`${server.url}/v1/district/enrolment-codes`, {
        method: 'POST',
        headers: { ...h, authorization: `Bearer ${login.token}` },
        body: JSON.stringify({ officeId }),
      })
    ).json();
    // The link drops every answer bigger than 40 changes' worth (as a page that outlasts its timeout on GPRS would).
    const limits: number[] = [];
    const poorLink: typeof fetch = async (input, init) => {
      const url = String(input);
      const limit = /\/v1\/pull\?.*limit=(\d+)/.exec(url)?.[1];
      if (limit) {
        limits.push(Number(limit));
        if (Number(limit) > 40) throw new TypeError('fetch failed');
      }
      return fetch(input, init);
    };
    const desk = createDesk({ db: new DeskDb(`sync${++n}`) });
    const engine = new SyncEngine(desk.context, {
      sleep: async () => {},
      random: () => 0,
      fetch: poorLink,
      attempts: 10,
    });
    await engine.enrol(server.url, fresh, 'GPRS laptop');
    await desk.signIn('clerk', server.demo!.password);
    const s = await engine.syncNow();
    expect(s.status).toBe('idle');
    expect(limits.slice(0, 4)).toEqual([200, 100, 50, 25]);
    // The office's applications pushed by the laptops above arrived, page by page.
    expect(await desk.context.db.applications.count()).toBeGreaterThan(0);
    expect(limits.slice(3).every((l) => l <= 40)).toBe(true);
  }, 180_000);

  it("an enrolled desk leaves the district's fields to the district, and stores no pulled record it cannot read", async () => {
    const d = await device('akkainar', await (await demoDistrict(server)).code('akkainar'));
    await d.desk.signIn('head', server.demo!.password);
    // What the office is and its code are the district's; the phone is the office's.
    await expect(d.desk.updateOffice({ code: 'БАСҚА' })).rejects.toMatchObject({
      code: 'validation',
      fields: [{ field: 'office.code', code: 'office.districtOwned' }],
    });
    const kg = (await d.desk.kindergartens())[0];
    await expect(d.desk.saveKindergarten({ ...kg, number: '77' })).rejects.toMatchObject({
      code: 'kindergarten.districtOwned',
    });
    await d.desk.updateOffice({ phone: '+7 701 111 22 33' });
    expect((await d.engine.syncNow()).quarantined).toBe(0);
    const stored = (await server.db.query('SELECT data FROM offices WHERE id = $1', [(await d.desk.office()).id]))
      .rows[0].data;
    expect(stored.phone).toBe('+7 701 111 22 33');
    // A pulled record is checked like a pushed one: a NUL in a name or an impossible date is not stored.
    const office = await d.desk.office();
    const cursor = (await d.desk.context.db.meta.get('syncCursor'))!.value as string;
    await applyChanges(
      d.desk.context,
      [
        { entity: 'office', id: office.id, version: 99, data: { ...office, headName: 'Басшы\u0000' } },
        { entity: 'kindergarten', id: kg.id, version: 99, data: { ...kg, updatedAt: '2026-02-30T00:00:00Z' } },
      ],
      cursor,
    );
    expect((await d.desk.office()).headName).toBe(office.headName);
    expect(await d.desk.context.db.kindergartens.get(kg.id)).toEqual(kg);
    await applyChanges(
      d.desk.context,
      [{ entity: 'office', id: office.id, version: 100, data: { ...office, headName: 'Жаңа Басшы' } }],
      cursor,
    );
    expect((await d.desk.office()).headName).toBe('Жаңа Басшы');
  });
});
