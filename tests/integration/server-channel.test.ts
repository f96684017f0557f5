/**
 * The channel an application came by and its applicant's arrival (issue #14)
 * on the real server: what a desk records arrives whole, and an op forged past
 * the desk's checks (tests/support/rawOps.ts) is refused by the same rules
 * (shared/intake/channel.ts through applicationRuleErrors) with a translated
 * reason, the rest of the batch going on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  QUARANTINE_REASONS,
  localParts,
  newId,
  refusalToAcceptEvent,
  type AcceptRefusal,
  type EventContext,
  type Application,
  type IntakeInput,
  type Op,
} from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { forge } from '../support/rawOps';
import { intake, register, type DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
let karasu: DeskDevice;
let mobile: DeskDevice;
beforeAll(async () => {
  srv = await startTestServer();
  karasu = await srv.desk('karasu', 'channel laptop');
  mobile = await srv.desk('mobile', 'mobile centre laptop');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const stored = async (id: string) =>
  (await srv.db.query<{ data: Application }>('SELECT data FROM applications WHERE id = $1', [id])).rows[0]?.data;
const minutes = (iso: string, n: number) => new Date(Date.parse(iso) + n * 60_000).toISOString();
/**
 * An arrival n minutes before `iso` on the same local day: just after midnight
 * in Kazakhstan (CI runs at any hour) the citizen arrived at `iso` itself, since
 * an arrival on another day is refused (arrival.otherDay).
 */
const arrivedBefore = (iso: string, n: number) => {
  const at = minutes(iso, -n);
  return localParts(at).date === localParts(iso).date ? at : iso;
};

/** The issues of a validation refusal, as field:code. */
const issues = (detail: unknown) =>
  ((detail ?? []) as Array<{ path: string[]; code: string }>).map((i) => `${i.path.join('.')}:${i.code}`);

describe('the channel and the arrival on the server', () => {
  it('takes in what the desk recorded: a mobile centre’s settlement, an arrival and a ticket', async () => {
    const dev = mobile;
    await dev.as('clerk');
    await dev.desk.startVisit({ settlement: 'Қоянды ауылы' });
    const arrivalAt = arrivedBefore(dev.desk.context.now(), 25);
    const { value: app, ops } = await dev.record(() => register(dev, { over: { arrivalAt, ticketNo: 'К-7' } }));
    expect(app).toMatchObject({ channel: 'mobile', settlement: 'Қоянды ауылы', arrivalAt, ticketNo: 'К-7' });
    const run = await dev.sync();
    expect(ops.map((o) => run.result(o)?.status)).toEqual(ops.map(() => 'applied'));
    expect(await stored(app.id)).toMatchObject({ channel: 'mobile', settlement: 'Қоянды ауылы', arrivalAt });
  });

  it('refuses a forged application arriving after its acceptance, or by the mobile channel without a settlement or not from a mobile centre', async () => {
    const dev = karasu;
    const clerk = await dev.as('clerk');
    // A valid record from the real desk, sent again under new ids with one thing changed.
    const honest = await register(dev);
    expect((await dev.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    const forged = (fields: Partial<Application>): Promise<Op> => {
      const id = newId();
      return forge(dev, {
        entity: 'application',
        entityId: id,
        kind: 'create',
        fields: { ...honest, id, ...fields },
        baseVersion: 0,
        staffId: clerk.id,
        step: 'accept',
      });
    };
    const { ops } = await dev.record(async () => {
      await forged({ arrivalAt: minutes(honest.acceptedAt, 40) });
      await forged({ channel: 'mobile', settlement: 'Қоянды' });
      await forged({ channel: 'office', arrivalAt: minutes(honest.acceptedAt, -24 * 60) });
      // And what the desk does write: the application taken in through the State Corporation, with its ticket.
      await register(dev, {
        over: { channel: 'stateCorporation', arrivalAt: arrivedBefore(dev.desk.context.now(), 5) },
      });
    });
    const r = await dev.client.push(ops);
    const byOp = (op: Op) => r.results.find((x) => x.opId === op.opId);
    expect(ops.slice(0, 3).map((o) => byOp(o)?.reason)).toEqual(['validation', 'validation', 'validation']);
    expect(issues(byOp(ops[0])?.detail)).toEqual(['arrivalAt:arrival.afterAcceptance']);
    expect(issues(byOp(ops[1])?.detail)).toEqual(['channel:channel.mobileOnlyAtCentre']);
    expect(issues(byOp(ops[2])?.detail)).toEqual(['arrivalAt:arrival.otherDay']);
    for (const op of ops.slice(0, 3)) expect(await stored(op.entityId)).toBeUndefined();
    // A reason the laptop can translate, and the honest work after the forged ops applied.
    expect(QUARANTINE_REASONS).toContain('validation');
    expect(ops.slice(3).map((o) => byOp(o)?.status)).toEqual(ops.slice(3).map(() => 'applied'));
    expect(await stored(ops[3].entityId)).toMatchObject({ channel: 'stateCorporation' });
  });

  it('refuses a mobile centre’s forged application by the mobile channel without a settlement', async () => {
    const dev = mobile;
    const clerk = await dev.as('clerk');
    const honest = await register(dev);
    expect(honest.channel).toBe('mobile');
    await dev.sync();
    const id = newId();
    const { settlement: _s, ...bare } = honest;
    const { ops } = await dev.record(() =>
      forge(dev, {
        entity: 'application',
        entityId: id,
        kind: 'create',
        fields: { ...bare, id },
        baseVersion: 0,
        staffId: clerk.id,
        step: 'accept',
      }),
    );
    const r = await dev.client.push(ops);
    expect(r.results[0]).toMatchObject({ status: 'quarantined', reason: 'validation' });
    expect(issues(r.results[0].detail)).toEqual(['settlement:channel.settlementRequired']);
    expect(await stored(id)).toBeUndefined();
  });

  it('keeps the arrival as recorded: a later change of it is refused', async () => {
    const dev = karasu;
    const clerk = await dev.as('clerk');
    const { value: app, ops: made } = await dev.record(() =>
      register(dev, { over: { arrivalAt: arrivedBefore(dev.desk.context.now(), 10) } }),
    );
    const run = await dev.sync();
    expect(made.map((o) => run.result(o)?.status)).toEqual(made.map(() => 'applied'));
    const { ops } = await dev.record(() =>
      forge(dev, {
        entity: 'application',
        entityId: app.id,
        kind: 'patch',
        fields: { arrivalAt: minutes(app.acceptedAt, -1) },
        baseVersion: 1,
        staffId: clerk.id,
      }),
    );
    const r = await dev.client.push(ops);
    expect(r.results[0]).toMatchObject({ status: 'quarantined', reason: 'scope.districtOnly' });
    expect((await stored(app.id))?.arrivalAt).toBe(app.arrivalAt);
  });
});

describe('the channel of a refusal to accept', () => {
  let serial = 7000;
  // Laptops of their own: the forged ops above sit in the others' quarantine.
  let karasu: DeskDevice;
  let mobile: DeskDevice;
  beforeAll(async () => {
    karasu = await srv.desk('karasu', 'refusals laptop');
    mobile = await srv.desk('mobile', 'refusals mobile laptop');
  }, START_TIMEOUT_MS);
  /** The clerk refuses to accept an intake that lacks three documents (the form's channel row as given). */
  async function refuse(dev: DeskDevice, over: Partial<IntakeInput> = {}): Promise<AcceptRefusal> {
    await dev.as('clerk');
    const kgIds = (await dev.desk.kindergartens()).map((k) => k.id);
    const today = localParts(dev.desk.context.now()).date;
    return dev.desk.refuseToAccept({ ...intake(serial++, kgIds, today), documents: ['application'], ...over }, [
      'applicantId',
      'birthCertificate',
      'addressCertificate',
    ]);
  }
  const storedRefusal = async (id: string) =>
    (await srv.db.query<{ data: AcceptRefusal }>('SELECT data FROM refusals WHERE id = $1', [id])).rows[0]?.data;

  it('records how the applicant came, as an application does, and the reports count it by that channel', async () => {
    await mobile.as('clerk');
    if (!(await mobile.desk.currentVisit())) await mobile.desk.startVisit({ settlement: 'Қоянды ауылы' });
    const { value: m, ops } = await mobile.record(() => refuse(mobile));
    expect(m).toMatchObject({ channel: 'mobile', settlement: 'Қоянды ауылы' });
    const run = await mobile.sync();
    expect(ops.map((o) => run.result(o)?.status)).toEqual(ops.map(() => 'applied'));
    expect(await storedRefusal(m.id)).toMatchObject({ channel: 'mobile', settlement: 'Қоянды ауылы' });

    const atCounter = await refuse(karasu);
    expect(atCounter.channel).toBe('office');
    expect(atCounter.settlement).toBeUndefined();
    const viaCorporation = await refuse(karasu, { channel: 'stateCorporation' });
    // The desk refuses what the server would: the mobile channel at a village akimat, nothing recorded.
    await expect(refuse(karasu, { channel: 'mobile', settlement: 'Қоянды ауылы' })).rejects.toMatchObject({
      code: 'validation',
      fields: [{ field: 'channel', code: 'channel.mobileOnlyAtCentre' }],
    });
    expect((await karasu.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    const stored = await storedRefusal(viaCorporation.id);
    expect(stored).toMatchObject({ channel: 'stateCorporation' });
    expect((await storedRefusal(atCounter.id))?.channel).toBe('office');

    // A report counts each refusal by the channel it records.
    const ctx: EventContext = { officeType: () => 'village', waitNorm: () => undefined };
    expect(refusalToAcceptEvent(stored!, ctx)).toMatchObject({ kind: 'refusedToAccept', channel: 'stateCorporation' });
    expect(refusalToAcceptEvent((await storedRefusal(m.id))!, ctx).channel).toBe('mobile');
  });

  it('refuses a forged channel: the mobile one outside a mobile centre or without a settlement, a settlement without it, an unknown one', async () => {
    const honest = await refuse(karasu);
    const clerk = await karasu.as('clerk');
    expect((await karasu.sync()).state).toMatchObject({ pending: 0, quarantined: 0 });
    const forged = (dev: DeskDevice, base: AcceptRefusal, fields: Record<string, unknown>, staffId: string) => {
      const id = newId();
      return forge(dev, {
        entity: 'refusal',
        entityId: id,
        kind: 'create',
        fields: { ...base, id, ...fields },
        baseVersion: 0,
        staffId,
      });
    };
    const { ops } = await karasu.record(async () => {
      await forged(karasu, honest, { channel: 'mobile', settlement: 'Қоянды ауылы' }, clerk.id);
      await forged(karasu, honest, { channel: 'office', settlement: 'Қоянды ауылы' }, clerk.id);
      await forged(karasu, honest, { channel: 'fax' }, clerk.id);
    });
    const r = await karasu.client.push(ops);
    const byOp = (op: Op) => r.results.find((x) => x.opId === op.opId);
    expect(ops.map((o) => byOp(o)?.status)).toEqual(['quarantined', 'quarantined', 'quarantined']);
    expect(issues(byOp(ops[0])?.detail)).toEqual(['channel:channel.mobileOnlyAtCentre']);
    expect(issues(byOp(ops[1])?.detail)).toEqual(['settlement:channel.settlementNotMobile']);
    expect(QUARANTINE_REASONS).toContain(byOp(ops[2])!.reason);
    for (const op of ops) expect(await storedRefusal(op.entityId)).toBeUndefined();

    const mClerk = await mobile.as('clerk');
    const mHonest = await refuse(mobile);
    await mobile.sync();
    const { settlement: _s, ...bare } = mHonest;
    const { ops: mOps } = await mobile.record(() => forged(mobile, bare as AcceptRefusal, {}, mClerk.id));
    const mr = await mobile.client.push(mOps);
    expect(mr.results[0]).toMatchObject({ status: 'quarantined', reason: 'validation' });
    expect(issues(mr.results[0].detail)).toEqual(['settlement:channel.settlementRequired']);
  });
});
