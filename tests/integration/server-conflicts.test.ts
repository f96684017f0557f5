/**
 * Two laptops of one office work on the same application offline: real desks
 * (tests/helpers/desk-device.ts) syncing through the real engine, each push's
 * answer read off the sync. Fields changed on one side merge (soft conflict,
 * logged); the same field changed to different values is a hard conflict kept
 * for the district; an impossible workflow step is a hard conflict too; places
 * taken on two laptops add up and overbooking is flagged. The district
 * resolves them over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application, Op } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { advance, register, type DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
let district: DistrictClient;
let A: DeskDevice;
let B: DeskDevice;

beforeAll(async () => {
  srv = await startTestServer();
  district = await srv.district();
  A = await srv.desk('karasu', 'laptop A');
  B = await srv.desk('karasu', 'laptop B');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const record = async (id: string) =>
  (await srv.db.query('SELECT data, version, open_conflicts FROM applications WHERE id = $1', [id])).rows[0];
const DAY = 86_400_000;

/** The application op among what a desk call wrote (the rest are access-log entries and place deltas). */
const appOp = (ops: Op[]) => ops.find((o) => o.entity === 'application')!;

/** A registers an application and takes it `to` a status; both laptops sync, so both hold it as the server has it. */
async function shared(
  to?: Parameters<typeof advance>[2],
  decision?: Parameters<typeof advance>[3],
): Promise<Application> {
  const app = await register(A);
  if (to) await advance(A, app.id, to, decision);
  expect((await A.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
  await B.sync();
  const held = await B.desk.get(app.id);
  expect(held?.status).toBe(to ?? 'registered');
  return held!;
}

describe('field conflicts', () => {
  it('merges fields changed on different sides and logs a soft conflict', async () => {
    const app = await shared();
    // The clerk prints the receipt on A while the head resolves on B, each on version 1.
    await A.as('clerk');
    await A.desk.logPrint(app.id, 'receipt', 'kk', 'print');
    expect((await A.sync()).state.pending).toBe(0);
    const { ops } = await B.record(() => advance(B, app.id, 'assigned'));
    expect(appOp(ops).baseVersion).toBe(1);
    const rb = (await B.sync()).result(appOp(ops));
    expect(rb).toMatchObject({ status: 'applied', version: 3, conflicts: [{ kind: 'soft', fields: ['prints'] }] });
    const r = await record(app.id);
    expect(r.data.prints.map((p: { form: string }) => p.form)).toEqual(['receipt']);
    expect(r.data.status).toBe('assigned');
    expect(r.open_conflicts).toBe(0);
    const logged = await district.conflicts(`status=logged&entityId=${app.id}`);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      kind: 'soft',
      reason: 'merge',
      deviceId: await B.deviceId(),
      baseVersion: 1,
      serverVersion: 2,
    });
    expect(await district.conflicts(`status=open&entityId=${app.id}`)).toEqual([]);
    // Both laptops end with the merged record.
    await A.sync();
    for (const d of [A, B])
      expect(await d.desk.get(app.id)).toMatchObject({ status: 'assigned', prints: [{ form: 'receipt' }] });
  });

  it('the same field set to the same value on both sides is no conflict', async () => {
    const app = await shared('issued');
    // A place frees up: the head sends the child back to the executor on both laptops.
    await A.as('head');
    await A.desk.reopenForPlace(app.id);
    await A.sync();
    const after = (await record(app.id)).version;
    await B.as('head');
    const { ops } = await B.record(() => B.desk.reopenForPlace(app.id));
    const rb = (await B.sync()).result(appOp(ops))!;
    expect(rb.status).toBe('applied');
    expect(rb.conflicts).toBeUndefined();
    expect(rb.version).toBe(after);
    expect((await record(app.id)).data.status).toBe('assigned');
  });

  /**
   * A child referred to a place: on A the clerk marks the child enrolled, while B,
   * its clock past the referral's validity, expires it: both change queueState.
   */
  async function enrolledAndExpired(): Promise<{
    app: Application;
    expire: Op;
    result: ReturnType<Awaited<ReturnType<DeskDevice['sync']>>['result']>;
  }> {
    const kg = (await A.desk.kindergartens()).find((k) => k.number === '1')!;
    const app = await shared('issued', { kind: 'referral', kindergartenId: kg.id, ageGroupId: 'nursery' });
    expect(app.queueState).toBe('referred');
    await A.as('clerk');
    await A.desk.markEnrolled(app.id);
    await A.sync();
    B.setClock(40 * DAY);
    await B.as('clerk');
    const { value: expired, ops } = await B.record(() => B.desk.expireReferrals());
    B.setClock(0);
    expect(expired).toBe(1);
    const expire = appOp(ops);
    return { app, expire, result: (await B.sync()).result(expire) };
  }

  it('keeps both values of a field changed differently on both sides, flags the record, and the district picks one', async () => {
    const { app, expire, result } = await enrolledAndExpired();
    expect(expire.fields).toMatchObject({ queueState: 'waiting', decision: { kind: 'notification' } });
    expect(result!.status).toBe('applied');
    expect(result!.conflicts).toEqual([{ id: expect.any(Number), kind: 'hard', fields: ['queueState'] }]);
    let r = await record(app.id);
    expect(r.data.queueState).toBe('enrolled'); // the server's value stays...
    expect(r.data.decision).toEqual({ kind: 'notification' }); // ...while the rest of B's change merged
    expect(r.data.expiredReferrals).toHaveLength(1);
    expect(r.open_conflicts).toBe(1);
    // Devices of the office see the flag on the record.
    await A.sync();
    expect((await A.desk.recordSyncState(app.id)).conflict).toBe(true);

    const [c] = await district.conflicts(`status=open&entityId=${app.id}`);
    expect(c).toMatchObject({ kind: 'hard', reason: 'field', status: 'open', deviceId: await B.deviceId() });
    expect(c.fields).toEqual([{ field: 'queueState', server: 'enrolled', device: 'waiting' }]);
    const res = await district.resolve(c.id, 'device');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'resolved', resolution: { choose: 'device' } });
    const before = r.version;
    r = await record(app.id);
    expect(r.data.queueState).toBe('waiting');
    expect(r.open_conflicts).toBe(0);
    expect(r.version).toBe(before + 1);
    // The district's decision is an op in the audit trail too.
    const trail = await srv.db.query(`SELECT source, fields FROM ops WHERE entity_id = $1 AND source = 'district'`, [
      app.id,
    ]);
    expect(trail.rows).toHaveLength(1);
    expect(trail.rows[0].fields.queueState).toBe('waiting');
    await A.sync();
    expect(await A.desk.recordSyncState(app.id)).toMatchObject({ conflict: false, serverVersion: r.version });
    expect((await A.desk.get(app.id))!.queueState).toBe('waiting');
    // Resolving twice is refused.
    expect((await district.resolve(c.id, 'server')).status).toBe(409);
  });

  it('the district may set its own value', async () => {
    const { app } = await enrolledAndExpired();
    const [c] = await district.conflicts(`status=open&entityId=${app.id}`);
    expect(c.fields.map((f) => f.field)).toEqual(['queueState']);
    expect((await district.resolve(c.id, { value: { applicant: {} } })).status).toBe(400);
    const bad = await district.resolve(c.id, { value: { queueState: 42 } });
    expect(bad.status).toBe(400);
    expect((await district.resolve(c.id, { value: { queueState: 'withdrawn' } })).status).toBe(200);
    expect((await record(app.id)).data.queueState).toBe('withdrawn');
  });

  it('merges print logs written on both laptops instead of choosing one', async () => {
    const app = await shared();
    await A.as('clerk');
    await A.desk.logPrint(app.id, 'receipt', 'kk', 'print');
    await A.sync();
    await B.as('clerk');
    const { ops } = await B.record(() => B.desk.logPrint(app.id, 'application', 'kk', 'print'));
    const rb = (await B.sync()).result(appOp(ops))!;
    expect(rb.conflicts).toEqual([{ id: expect.any(Number), kind: 'soft', fields: ['prints'] }]);
    expect((await record(app.id)).data.prints.map((p: { form: string }) => p.form)).toEqual(['receipt', 'application']);
  });
});

describe('reference records', () => {
  it('an office profile edit made with no known version (0) applies over the seeded record without a conflict', async () => {
    // A laptop enrolled a minute ago has the office from its enrolment, with no version: it sends 0.
    const C = await srv.desk('karasu', 'laptop set up today');
    await C.as('head');
    const {
      ops: [op],
    } = await C.record(() => C.desk.updateOffice({ phone: '+7 727 700 00 01' }));
    expect(op).toMatchObject({ entity: 'office', kind: 'patch', baseVersion: 0 });
    const r = (await C.sync()).result(op);
    expect(r).toMatchObject({ status: 'applied', version: 2 });
    expect(r!.conflicts).toBeUndefined();
    // B, which knows version 1, never saw that change: its different phone is a hard conflict.
    await B.as('head');
    const {
      ops: [opB],
    } = await B.record(() => B.desk.updateOffice({ phone: '+7 727 700 00 02' }));
    expect(opB.baseVersion).toBe(1);
    expect((await B.sync()).result(opB)?.conflicts?.[0]).toMatchObject({ kind: 'hard', fields: ['phone'] });
  });
});

describe('workflow conflicts', () => {
  it('an impossible transition is a hard conflict, not applied', async () => {
    const app = await shared();
    const { ops: opsA } = await A.record(() => advance(A, app.id, 'assigned'));
    expect((await A.sync()).result(appOp(opsA))?.status).toBe('applied');
    // B, offline, took the same step: the application is no longer "registered" on the server.
    const { ops } = await B.record(() => advance(B, app.id, 'assigned'));
    const rb = (await B.sync()).result(appOp(ops))!;
    expect(rb.status).toBe('applied');
    expect(rb.conflicts?.[0]).toMatchObject({ kind: 'hard' });
    const r = await record(app.id);
    expect(r.data.status).toBe('assigned');
    expect(r.data.steps).toHaveLength(2);
    expect(r.version).toBe(2);
    expect(r.open_conflicts).toBe(1);
    const [c] = await district.conflicts(`status=open&entityId=${app.id}`);
    expect(c).toMatchObject({ reason: 'workflow.wrongState', step: 'resolution' });
    expect(c.fields.find((f) => f.field === 'status')).toEqual({
      field: 'status',
      server: 'assigned',
      device: 'assigned',
    });
    expect((c.fields.find((f) => f.field === 'steps')!.device as unknown[]).length).toBe(2);
    expect((await district.resolve(c.id, 'server')).status).toBe(200);
    const after = await record(app.id);
    expect(after.open_conflicts).toBe(0);
    expect(after.version).toBe(2);
  });

  it('a step whose precondition never reached the server (issue before signature) is a hard conflict', async () => {
    // The office adds a second head on A; B, offline, adds her too under the same login.
    const colleague = { fullName: 'Жаңа Басшы', login: 'deputy', password: 'deputy-pass-1', roles: ['head' as const] };
    await A.as('head');
    await A.desk.addStaff(colleague);
    const app = await shared('decided');
    await B.as('head');
    const { ops: added } = await B.record(() => B.desk.addStaff(colleague));
    // On B she signs and the clerk issues: her record never reaches the district, so neither does the signature.
    await B.desk.signIn(colleague.login, colleague.password);
    const { ops: signed } = await B.record(() => B.desk.sign(app.id));
    await B.as('clerk');
    const { ops: issued } = await B.record(() => B.desk.issue(app.id));
    const run = await B.sync();
    expect(run.result(added[0])).toMatchObject({ status: 'quarantined', reason: 'record.uniqueViolation' });
    expect(run.result(appOp(signed))).toMatchObject({ status: 'quarantined', reason: 'staff.unknown' });
    const r = run.result(appOp(issued))!;
    expect(r.status).toBe('applied');
    expect(r.conflicts?.[0].kind).toBe('hard');
    expect((await record(app.id)).data.status).toBe('decided');
    expect((await district.conflicts(`status=open&entityId=${app.id}`)).map((c) => [c.reason, c.step])).toEqual([
      ['workflow.wrongState', 'issue'],
    ]);
  });
});

describe('kindergarten places', () => {
  it('counts place deltas from two offices without conflict, and flags overbooking', async () => {
    const other = await srv.desk('ushkonyr');
    const kg = (await A.desk.kindergartens()).find((k) => k.number === '1')!;
    const places = async () =>
      (await srv.db.query('SELECT data FROM kindergartens WHERE id = $1', [kg.id])).rows[0].data.ageGroups.find(
        (g: { id: string }) => g.id === 'junior',
      ).freePlaces as number;
    const before = await places();
    expect(before).toBeGreaterThanOrEqual(3);
    /** A child registered, resolved and referred to kindergarten 1's junior group on `d`: the desk writes a place delta. */
    const refer = async (d: DeskDevice) => {
      const a = await register(d);
      const { ops } = await d.record(() =>
        advance(d, a.id, 'decided', { kind: 'referral', kindergartenId: kg.id, ageGroupId: 'junior' }),
      );
      const delta = ops.find((o) => o.entity === 'kindergarten')!;
      expect(delta.fields).toEqual({ freePlacesDelta: { junior: -1 } });
      return delta;
    };
    await other.sync();
    const first = await refer(A);
    expect((await A.sync()).result(first)?.conflicts).toBeUndefined();
    const second = await refer(other);
    expect((await other.sync()).result(second)?.conflicts).toBeUndefined();
    expect(await places()).toBe(before - 2);
    // A has not heard of the other office's referral: it refers as many children as it thinks there are places.
    const left = (await A.desk.kindergartens())
      .find((k) => k.id === kg.id)!
      .ageGroups.find((g) => g.id === 'junior')!.freePlaces;
    expect(left).toBe(before - 1);
    const deltas: Op[] = [];
    for (let i = 0; i < left; i++) deltas.push(await refer(A));
    const run = await A.sync();
    const flagged = deltas.filter((d) => run.result(d)?.conflicts?.length);
    expect(deltas.map((d) => run.result(d)?.status)).toEqual(deltas.map(() => 'applied'));
    expect(flagged).toHaveLength(1);
    expect(run.result(flagged[0])!.conflicts![0]).toMatchObject({ kind: 'hard' });
    expect(await places()).toBe(0);
    const open = await district.conflicts(`status=open&entityId=${kg.id}`);
    expect(open.map((c) => [c.reason, c.entity])).toEqual([['places.overbooked', 'kindergarten']]);
  });
});

describe('a laptop clock running fast', () => {
  it('an application accepted "in the future" counts from its arrival and is flagged for the district', async () => {
    // The laptop's clock jumped three days ahead while offline (a sync would have corrected it).
    A.setClock(3 * DAY);
    const { value: app, ops } = await A.record(() => register(A));
    A.setClock(0);
    const run = await A.sync();
    expect(run.result(ops[0])).toMatchObject({
      status: 'applied',
      conflicts: [{ kind: 'hard', fields: ['acceptedAt'] }],
    });
    const before = Date.now();
    const r = await record(app.id);
    expect(r.open_conflicts).toBe(1);
    expect(Date.parse(r.data.acceptedAt)).toBeLessThanOrEqual(before);
    expect(before - Date.parse(r.data.acceptedAt)).toBeLessThan(60_000);
    const c = (await district.conflicts()).find((x) => x.entityId === app.id)!;
    expect(c).toMatchObject({
      reason: 'clock.ahead',
      kind: 'hard',
      status: 'open',
      fields: [{ field: 'acceptedAt', server: r.data.acceptedAt, device: app.acceptedAt }],
    });
    // The laptop learns the time the queue uses, with the flag (the same sync's pull).
    expect((await A.desk.get(app.id))!.acceptedAt).toBe(r.data.acceptedAt);
    expect((await A.desk.recordSyncState(app.id)).conflict).toBe(true);
    // The district keeps the arrival time.
    expect((await district.resolve(c.id, 'server')).body).toMatchObject({ status: 'resolved' });
    expect((await record(app.id)).data.acceptedAt).toBe(r.data.acceptedAt);
  });

  it('a few minutes ahead is within the slack: no flag', async () => {
    A.setClock(5 * 60_000);
    const { value: app, ops } = await A.record(() => register(A));
    A.setClock(0);
    expect((await A.sync()).result(ops[0])?.conflicts).toBeUndefined();
    expect((await record(app.id)).data.acceptedAt).toBe(app.acceptedAt);
  });
});
