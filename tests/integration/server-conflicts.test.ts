/**
 * Two laptops of one office edit the same application offline. Fields changed
 * on one side merge (soft conflict, logged); the same field changed to
 * different values is a hard conflict kept for the district; an impossible
 * workflow step is a hard conflict too. The district resolves them over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DeviceClient, DistrictClient } from '../support/client';
import { FakeDesk, resolutionFields } from '../support/fixtures';

let srv: TestServer;
let district: DistrictClient;
let A: { dev: DeviceClient; desk: FakeDesk };
let B: { dev: DeviceClient; desk: FakeDesk };

beforeAll(async () => {
  srv = await startTestServer();
  district = await srv.district();
  const a = await srv.device('karasu', 'laptop A');
  const b = await srv.device('karasu', 'laptop B');
  A = { dev: a, desk: FakeDesk.of(a) };
  B = { dev: b, desk: FakeDesk.of(b) };
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const record = async (id: string) => (await srv.db.query('SELECT data, version, open_conflicts FROM applications WHERE id = $1', [id])).rows[0];

/** A registers an application; both laptops have seen it at version 1. */
async function shared(): Promise<Application> {
  const { app, op } = A.desk.register();
  expect((await A.dev.push([op])).results[0].status).toBe('applied');
  const pulled = await B.dev.pullAll();
  const c = pulled.changes.find((x) => x.id === app.id)!;
  B.desk.receive(c.data as Application, c.version);
  return app;
}

describe('field conflicts', () => {
  it('merges fields changed on different sides and logs a soft conflict', async () => {
    const app = await shared();
    const ra = await A.dev.push([A.desk.patch(app.id, { workplaces: { mother: 'Жамбыл аудандық ауруханасы' } })]);
    expect(ra.results[0].conflicts).toBeUndefined();
    const rb = await B.dev.push([B.desk.patch(app.id, { lang: 'ru' })]);
    expect(rb.results[0]).toMatchObject({ status: 'applied', version: 3, conflicts: [{ kind: 'soft', fields: ['workplaces'] }] });
    const r = await record(app.id);
    expect(r.data.workplaces.mother).toBe('Жамбыл аудандық ауруханасы');
    expect(r.data.lang).toBe('ru');
    expect(r.open_conflicts).toBe(0);
    const logged = await district.conflicts(`status=logged&entityId=${app.id}`);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ kind: 'soft', reason: 'merge', deviceId: B.dev.deviceId, baseVersion: 1, serverVersion: 2 });
    expect(await district.conflicts(`status=open&entityId=${app.id}`)).toEqual([]);
  });

  it('the same field set to the same value on both sides is no conflict', async () => {
    const app = await shared();
    const addr = { ...app.applicant, address: 'Қарасу ауылы, Жамбыл көшесі, 8' };
    await A.dev.push([A.desk.patch(app.id, { applicant: addr })]);
    const rb = await B.dev.push([B.desk.patch(app.id, { applicant: addr })]);
    expect(rb.results[0].conflicts).toBeUndefined();
    expect(rb.results[0].version).toBe(2);
  });

  it('keeps both values of a field changed differently on both sides, flags the record, and the district picks one', async () => {
    const app = await shared();
    const phoneA = { ...app.applicant, phone: '+7 701 111 11 11' };
    const phoneB = { ...app.applicant, phone: '+7 702 222 22 22' };
    await A.dev.push([A.desk.patch(app.id, { applicant: phoneA })]);
    const rb = await B.dev.push([B.desk.patch(app.id, { applicant: phoneB, lang: 'ru' })]);
    expect(rb.results[0].status).toBe('applied');
    expect(rb.results[0].conflicts).toEqual([{ id: expect.any(Number), kind: 'hard', fields: ['applicant'] }]);
    let r = await record(app.id);
    expect(r.data.applicant.phone).toBe('+7 701 111 11 11'); // the server's value stays...
    expect(r.data.lang).toBe('ru'); // ...while the rest of B's change merged
    expect(r.open_conflicts).toBe(1);
    // Devices of the office see the flag on the record.
    const pulled = await A.dev.pullAll();
    expect(pulled.changes.find((c) => c.id === app.id)?.conflict).toBe(true);

    const [c] = await district.conflicts(`status=open&entityId=${app.id}`);
    expect(c).toMatchObject({ kind: 'hard', reason: 'field', status: 'open', deviceId: B.dev.deviceId });
    expect(c.fields).toEqual([{ field: 'applicant', server: phoneA, device: phoneB }]);
    const res = await district.resolve(c.id, 'device');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'resolved', resolution: { choose: 'device' } });
    r = await record(app.id);
    expect(r.data.applicant.phone).toBe('+7 702 222 22 22');
    expect(r.open_conflicts).toBe(0);
    expect(r.version).toBe(4);
    // The district's decision is an op in the audit trail too.
    const trail = await srv.db.query(`SELECT source, fields FROM ops WHERE entity_id = $1 AND source = 'district'`, [app.id]);
    expect(trail.rows).toHaveLength(1);
    expect(trail.rows[0].fields.applicant.phone).toBe('+7 702 222 22 22');
    const after = await A.dev.pullAll();
    const change = after.changes.find((x) => x.id === app.id)!;
    expect(change.conflict).toBeUndefined();
    expect((change.data as Application).applicant.phone).toBe('+7 702 222 22 22');
    // Resolving twice is refused.
    expect((await district.resolve(c.id, 'server')).status).toBe(409);
  });

  it('the district may set its own value', async () => {
    const app = await shared();
    await A.dev.push([A.desk.patch(app.id, { priority: 'largeFamily', priorityDoc: 'Куәлік № 1' })]);
    await B.dev.push([B.desk.patch(app.id, { priority: 'orphan', priorityDoc: 'Куәлік № 1' })]);
    const [c] = await district.conflicts(`status=open&entityId=${app.id}`);
    expect(c.fields.map((f) => f.field)).toEqual(['priority']);
    expect((await district.resolve(c.id, { value: { applicant: {} } })).status).toBe(400);
    const bad = await district.resolve(c.id, { value: { priority: 42 } });
    expect(bad.status).toBe(400);
    expect((await district.resolve(c.id, { value: { priority: 'disabledParent' } })).status).toBe(200);
    expect((await record(app.id)).data.priority).toBe('disabledParent');
  });

  it('merges print logs written on both laptops instead of choosing one', async () => {
    const app = await shared();
    await A.dev.push([A.desk.print(app.id, 'receipt')]);
    const rb = await B.dev.push([B.desk.print(app.id, 'application')]);
    expect(rb.results[0].conflicts).toEqual([{ id: expect.any(Number), kind: 'soft', fields: ['prints'] }]);
    expect((await record(app.id)).data.prints.map((p: { form: string }) => p.form)).toEqual(['receipt', 'application']);
  });
});

describe('reference records', () => {
  it('an office profile edit made with no known version (0) applies over the seeded record without a conflict', async () => {
    const op = A.desk.op({ entity: 'office', entityId: A.dev.officeId, kind: 'patch', fields: { phone: '+7 727 700 00 01' }, baseVersion: 0, staffId: A.desk.actor('head').id });
    const r = await A.dev.push([op]);
    expect(r.results[0]).toMatchObject({ status: 'applied', version: 2 });
    expect(r.results[0].conflicts).toBeUndefined();
    // B never saw that change: its different phone is a hard conflict.
    const opB = B.desk.op({ entity: 'office', entityId: B.dev.officeId, kind: 'patch', fields: { phone: '+7 727 700 00 02' }, baseVersion: 1, staffId: B.desk.actor('head').id });
    expect((await B.dev.push([opB])).results[0].conflicts?.[0]).toMatchObject({ kind: 'hard', fields: ['phone'] });
  });
});

describe('workflow conflicts', () => {
  it('an impossible transition is a hard conflict, not applied', async () => {
    const app = await shared();
    const ra = await A.dev.push([A.desk.step(app.id, 'resolution', resolutionFields(A.desk))]);
    expect(ra.results[0].status).toBe('applied');
    // B, offline, took the same step: the application is no longer "registered" on the server.
    const rb = await B.dev.push([B.desk.step(app.id, 'resolution', { executorId: B.desk.staff.find((s) => s.login === 'executor')!.id })]);
    expect(rb.results[0].status).toBe('applied');
    expect(rb.results[0].conflicts?.[0]).toMatchObject({ kind: 'hard' });
    const r = await record(app.id);
    expect(r.data.status).toBe('assigned');
    expect(r.data.steps).toHaveLength(2);
    expect(r.version).toBe(2);
    expect(r.open_conflicts).toBe(1);
    const [c] = await district.conflicts(`status=open&entityId=${app.id}`);
    expect(c).toMatchObject({ reason: 'workflow.wrongState', step: 'resolution' });
    expect(c.fields.find((f) => f.field === 'status')).toEqual({ field: 'status', server: 'assigned', device: 'assigned' });
    expect((c.fields.find((f) => f.field === 'steps')!.device as unknown[]).length).toBe(2);
    expect((await district.resolve(c.id, 'server')).status).toBe(200);
    const after = await record(app.id);
    expect(after.open_conflicts).toBe(0);
    expect(after.version).toBe(2);
  });

  it('a step taken out of order on a stale copy (issue before signature) is a hard conflict', async () => {
    const app = await shared();
    await A.dev.push([
      A.desk.step(app.id, 'resolution', resolutionFields(A.desk)),
      A.desk.step(app.id, 'decision', { decision: { kind: 'notification' } }),
    ]);
    // B skips ahead on its own copy: a step whose precondition the server never had.
    const stale = B.desk.step(app.id, 'issue', {}, { as: 'clerk' });
    const r = await B.dev.push([stale]);
    expect(r.results[0].conflicts?.[0].kind).toBe('hard');
    expect((await record(app.id)).data.status).toBe('decided');
  });
});

describe('kindergarten places', () => {
  it('counts place deltas from two offices without conflict, and flags overbooking', async () => {
    const other = await srv.device('ushkonyr');
    const kg = A.dev.enrolment!.reference.kindergartens.find((k) => k.number === '1')!;
    const before = kg.ageGroups.find((g) => g.id === 'junior')!.freePlaces;
    const delta = (desk: FakeDesk, n: number) =>
      desk.op({ entity: 'kindergarten', entityId: kg.id, kind: 'patch', fields: { freePlacesDelta: { junior: n } }, baseVersion: 1, staffId: desk.actor('executor').id });
    const oDesk = FakeDesk.of(other);
    expect((await A.dev.push([delta(A.desk, -1)])).results[0].conflicts).toBeUndefined();
    expect((await other.push([delta(oDesk, -1)])).results[0].conflicts).toBeUndefined();
    const places = async () => (await srv.db.query('SELECT data FROM kindergartens WHERE id = $1', [kg.id])).rows[0].data.ageGroups.find((g: { id: string }) => g.id === 'junior').freePlaces;
    expect(await places()).toBe(before - 2);
    const over = await other.push([delta(oDesk, -(before + 5))]);
    expect(over.results[0].conflicts?.[0]).toMatchObject({ kind: 'hard' });
    expect(await places()).toBe(0);
    const open = await district.conflicts(`status=open&entityId=${kg.id}`);
    expect(open[0]).toMatchObject({ reason: 'places.overbooked', entity: 'kindergarten' });
  });
});

describe('a laptop clock running fast', () => {
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

  it('an application accepted "in the future" counts from its arrival and is flagged for the district', async () => {
    const { app, op } = A.desk.register({ serial: 950, acceptedAt: inDays(3) });
    const res = (await A.dev.push([op])).results[0];
    expect(res).toMatchObject({ status: 'applied', conflicts: [{ kind: 'hard', fields: ['acceptedAt'] }] });
    const before = Date.now();
    const r = await record(app.id);
    expect(r.open_conflicts).toBe(1);
    expect(Date.parse(r.data.acceptedAt)).toBeLessThanOrEqual(before);
    expect(before - Date.parse(r.data.acceptedAt)).toBeLessThan(60_000);
    const c = (await district.conflicts()).find((x) => x.entityId === app.id)!;
    expect(c).toMatchObject({ reason: 'clock.ahead', kind: 'hard', status: 'open', fields: [{ field: 'acceptedAt', server: r.data.acceptedAt, device: app.acceptedAt }] });
    // The laptop learns the time the queue uses, with the flag.
    const back = (await A.dev.pullAll(undefined, 'skip')).changes.find((x) => x.id === app.id)!;
    expect(back).toMatchObject({ conflict: true, data: { acceptedAt: r.data.acceptedAt } });
    // The district keeps the arrival time.
    expect((await district.resolve(c.id, 'server')).body).toMatchObject({ status: 'resolved' });
    expect((await record(app.id)).data.acceptedAt).toBe(r.data.acceptedAt);
  });

  it('a few minutes ahead is within the slack: no flag', async () => {
    const { app, op } = A.desk.register({ serial: 951, acceptedAt: new Date(Date.now() + 5 * 60_000).toISOString() });
    expect((await A.dev.push([op])).results[0].conflicts).toBeUndefined();
    expect((await record(app.id)).data.acceptedAt).toBe(app.acceptedAt);
  });
});
