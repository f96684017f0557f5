// A lease file for a laptop with no link (issue #16): the district issues it, the server records its
// blocks as the laptop's exactly as an online lease, and the laptop takes it offline; a changed file,
// one meant for another laptop, and one taken before are refused. The desk's sync engine runs against
// the real district server on PGlite (IndexedDB is fake-indexeddb here).
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/main';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { SyncEngine, getEnrolment } from '../../renderer/sync/engine';
import { leaseKey } from '../../renderer/services/numbers';
import { makeIin, shiftIsoDate, type IntakeInput, type LeaseFile } from '../../shared';

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

async function device(officeKey: string) {
  const desk = createDesk({ db: new DeskDb(`lease-file${++n}`) });
  const engine = new SyncEngine(desk.context, { sleep: async () => {}, random: () => 0 });
  await engine.enrol(server.url, code(officeKey), `laptop ${n}`);
  const enr = (await getEnrolment(desk.context))!;
  return { desk, engine, deviceId: enr.deviceId };
}

function intake(kgIds: string[], serial: number): IntakeInput {
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
      lastName: 'Сұлтанова',
      firstName: 'Айгүл',
      phone: '+7 701 555 44 33',
      address: 'Қарасу',
    },
    child: { iin, lastName: 'Сұлтанова', firstName: 'Әлия' },
    priority: null,
    kindergartenIds: kgIds.slice(0, 1),
    workplaces: {},
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
  };
}

async function districtToken(): Promise<string> {
  const res = await fetch(`${server.url}/v1/district/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-protocol-version': '1' },
    body: JSON.stringify({ login: server.demo!.districtLogin, password: server.demo!.password }),
  });
  return ((await res.json()) as { token: string }).token;
}

const issue = async (token: string, deviceId: string) =>
  fetch(`${server.url}/v1/district/devices/${encodeURIComponent(deviceId)}/lease-file`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'x-protocol-version': '1' },
  });

describe('lease files', () => {
  it('the district issues one, the laptop takes it offline once, and refuses a changed or foreign one', async () => {
    const a = await device('karasu');
    const b = await device('ushkonyr');
    await a.desk.signIn('clerk', server.demo!.password);
    const kg = (await a.desk.kindergartens()).map((k) => k.id);
    const year = (await a.desk.register(intake(kg, 100))).journalYear;

    // The laptop's blocks of the service's journal all used up: intake stops with the code the screen explains.
    const key = leaseKey('preschool-queue', year);
    const db = a.desk.context.db;
    for (const l of await db.leases.where('key').equals(key).toArray())
      await db.leases.update(l.id, { next: l.to + 1 });
    await expect(a.desk.register(intake(kg, 200))).rejects.toMatchObject({ code: 'numbers.exhausted' });

    const token = await districtToken();
    const res = await issue(token, a.deviceId);
    expect(res.status).toBe(200);
    const file = (await res.json()) as LeaseFile;
    expect(file.deviceId).toBe(a.deviceId);
    const own = file.leases.find((l) => l.journal === 'preschool-queue')!;
    expect(own).toBeDefined();
    // Recorded on the server as issued to that laptop, as an online lease is: past every block leased before.
    const { rows } = await server.db.query<{ device_id: string; from_no: number; to_no: number }>(
      'SELECT device_id, from_no, to_no FROM number_leases WHERE id = $1',
      [own.id],
    );
    expect(rows[0]).toMatchObject({ device_id: a.deviceId, from_no: own.from, to_no: own.to });
    const before = await server.db.query<{ m: number }>(
      `SELECT max(to_no)::int AS m FROM number_leases WHERE journal = 'preschool-queue' AND id < $1 AND office_id = $2`,
      [own.id, file.officeId],
    );
    expect(own.from).toBeGreaterThan(before.rows[0].m);

    const text = JSON.stringify(file);
    // Changed on the way: a wider block.
    const tampered = JSON.stringify({ ...file, leases: file.leases.map((l) => ({ ...l, to: l.to + 500 })) });
    await expect(a.engine.importLeaseFile(tampered)).rejects.toMatchObject({ code: 'leaseFile.badSignature' });
    // Meant for laptop A: another laptop refuses it.
    await expect(b.engine.importLeaseFile(text)).rejects.toMatchObject({ code: 'leaseFile.otherDevice' });
    await expect(a.engine.importLeaseFile('not a file')).rejects.toMatchObject({ code: 'leaseFile.invalid' });

    const taken = await a.engine.importLeaseFile(text);
    expect(taken.blocks).toBe(file.leases.length);
    const app = await a.desk.register(intake(kg, 200));
    expect(app.journalSeq).toBe(own.from);
    // Taken once: the same file again (a copy left on the stick) is refused.
    await expect(a.engine.importLeaseFile(text)).rejects.toMatchObject({ code: 'leaseFile.used' });

    // Back online, the server lists the file's blocks as the laptop's: they are kept and numbering goes on.
    expect((await a.engine.syncNow()).quarantined).toBe(0);
    // The number drawn from the file's block is one the server leased to this laptop: no journal conflict.
    const conflicts = await server.db.query<{ reason: string }>('SELECT reason FROM conflicts WHERE entity_id = $1', [
      app.id,
    ]);
    expect(conflicts.rows.map((r) => r.reason)).not.toContain('journal.notLeased');
    expect((await db.leases.get(own.id))?.next).toBe(own.from + 1);
    const next = await a.desk.register(intake(kg, 300));
    expect(next.journalSeq).toBe(own.from + 1);
  }, 120_000);

  it("warns by the district's threshold, a share of the block, brought to the laptop by its sync", async () => {
    const a = await device('akkainar');
    await a.desk.signIn('clerk', server.demo!.password);
    const year = (await a.desk.journalNumbers())[0].year;
    const key = leaseKey('preschool-queue', year);
    const db = a.desk.context.db;
    const blocks = await db.leases.where('key').equals(key).sortBy('id');
    // 150 left of a 200-number block: plenty by the default 20 %.
    for (const [i, l] of blocks.entries())
      await db.leases.update(l.id, { next: i === blocks.length - 1 ? l.to - 149 : l.to + 1 });
    const queue = async () => (await a.desk.journalNumbers()).find((j) => j.journal === 'preschool-queue');
    expect(await queue()).toMatchObject({ left: 150, low: false });

    const token = await districtToken();
    const put = (body: unknown) =>
      fetch(`${server.url}/v1/district/settings`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'x-protocol-version': '1', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    for (const bad of [0, 91, 2.5, 'x']) expect((await put({ numbersWarnPercent: bad })).status).toBe(400);
    try {
      expect(await (await put({ numbersWarnPercent: 90 })).json()).toMatchObject({ numbersWarnPercent: 90 });
      await a.engine.syncNow();
      expect(await queue()).toMatchObject({ left: 150, low: true });
      // The Sync page's notice follows the same rule.
      expect(a.engine.state.numbersLow).toContainEqual({ journal: 'preschool-queue', year, left: 150 });
    } finally {
      await put({ numbersWarnPercent: 20 });
    }
  }, 120_000);

  it('is refused for an unknown laptop with a translated code, not a server error', async () => {
    const token = await districtToken();
    const res = await issue(token, 'no-such-device');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: string; message?: { kk: string; ru: string } };
    expect(body.error).toBe('leaseFile.unknownDevice');
    expect(body.message?.kk).toMatch(/компьютер/);
  });
});
