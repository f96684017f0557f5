/**
 * What the server tells and does for a replaced laptop and for a damaged op
 * (issue #11): enrolment lists the device's number blocks (a desk enrolling
 * again keeps only those), and an op the laptop could not read is sent as its
 * marked header and quarantined in its place, so nothing after it waits.
 * The laptops are real desks (tests/helpers/desk-device.ts); the damaged op is
 * a real outbox row whose sealed fields no longer open.
 * Runs on PGlite and, in CI, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNREADABLE_OP_MARK } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { DeviceClient } from '../support/client';
import { register, type DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

/** The laptop's disk damages an outbox row: its sealed fields no longer open (the clear header is intact). */
async function damage(dev: DeskDevice, deviceSeq: number) {
  const { db } = dev.desk.context;
  const row = (await db.outbox.get(deviceSeq))!;
  await db.outbox.update(deviceSeq, { sealed: { ...row.sealed, ct: `AAAA${row.sealed.ct.slice(4)}` } });
}

/** An application registered and its receipt printed: create, access entry, print patch, access entry. */
async function registeredAndPrinted(dev: DeskDevice) {
  const { value: app, ops } = await dev.record(async () => {
    const a = await register(dev);
    await dev.desk.logPrint(a.id, 'receipt', 'kk', 'print');
    return a;
  });
  expect(ops.map((o) => `${o.entity}.${o.kind}`)).toEqual([
    'application.create',
    'access.create',
    'application.patch',
    'access.create',
  ]);
  return { app, ops };
}

describe('enrolling again', () => {
  it("lists the device's leased blocks and where its sequence stands", async () => {
    const dev = await srv.desk('karasu', 'first laptop');
    // A new device has no blocks when it enrols; its desk leases them right after.
    expect(dev.enrolment.leases).toEqual([]);
    const held = await dev.desk.context.db.leases.toArray();
    expect(held.length).toBeGreaterThan(0);
    const { ops } = await registeredAndPrinted(dev);
    expect((await dev.sync()).state).toMatchObject({ status: 'idle', pending: 0 });
    const again = new DeviceClient(srv.url);
    const code = await (await srv.district()).enrolmentCode(srv.officeId('karasu'));
    const e = await again.enrol(code, 'replacement laptop', dev.client.deviceId);
    expect(e.acked).toBe(ops[ops.length - 1].deviceSeq);
    // Exactly the blocks the desk holds, each for this device.
    const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
    expect(
      e.leases
        .map((l) => ({ id: l.id, journal: l.journal, year: l.year, from: l.from, to: l.to, deviceId: l.deviceId }))
        .sort(byId),
    ).toEqual(
      held
        .map((l) => ({
          id: l.id,
          journal: l.journal,
          year: l.year,
          from: l.from,
          to: l.to,
          deviceId: dev.client.deviceId,
        }))
        .sort(byId),
    );
  });
});

describe('an op the laptop could not read', () => {
  it('is quarantined in its place (op.unreadable) and the ops after it are applied', async () => {
    const dev = await srv.desk('ushkonyr');
    const { app: a, ops: first } = await registeredAndPrinted(dev);
    await registeredAndPrinted(dev);
    const damaged = first[2];
    await damage(dev, damaged.deviceSeq);
    const run = await dev.sync();
    // The desk sent the damaged op as its marked header, and set it aside itself.
    const sent = run.pushes.flatMap((p) => p.ops);
    expect(sent.find((o) => o.deviceSeq === damaged.deviceSeq)).toEqual({
      ...damaged,
      fields: {},
      [UNREADABLE_OP_MARK]: true,
    });
    const results = run.pushes.flatMap((p) => p.response.results);
    expect(results.map((x) => [x.deviceSeq, x.status, x.reason])).toEqual(
      sent.map((o) =>
        o.deviceSeq === damaged.deviceSeq
          ? [o.deviceSeq, 'quarantined', 'op.unreadable']
          : [o.deviceSeq, 'applied', undefined],
      ),
    );
    expect(run.state).toMatchObject({ pending: 0, quarantined: 1 });
    // The district sees it, with the record it concerned.
    const q = await (
      await srv.district()
    ).get<{ ops: Array<{ deviceId: string; deviceSeq: number; reason: string; entityId: string }> }>(
      `/v1/district/quarantine?officeId=${srv.officeId('ushkonyr')}`,
    );
    expect(
      q.body.ops.filter((o) => o.deviceId === dev.client.deviceId).map((o) => [o.deviceSeq, o.reason, o.entityId]),
    ).toEqual([[damaged.deviceSeq, 'op.unreadable', a.id]]);
    // Sent again (the answer was lost): the same verdict, nothing changes.
    const again = await dev.client.push(sent);
    expect(again.results.map((x) => [x.status, x.original])).toEqual(
      sent.map((o) => ['duplicate', o.deviceSeq === damaged.deviceSeq ? 'quarantined' : 'applied']),
    );
  });

  it('arriving early, waits in the backlog and is quarantined when its turn comes', async () => {
    const dev = await srv.desk('akkainar');
    const { ops } = await registeredAndPrinted(dev);
    await damage(dev, ops[2].deviceSeq);
    // The ops as the desk sends them; the damaged one and those after it arrive first.
    const sent = await dev.outbox();
    expect(sent[2]).toMatchObject({ fields: {}, [UNREADABLE_OP_MARK]: true });
    expect((await dev.client.push(sent.slice(2))).results.map((x) => x.status)).toEqual(['backlogged', 'backlogged']);
    const r = await dev.client.push(sent.slice(0, 2));
    expect(r.acked).toBe(sent[3].deviceSeq);
    const { rows } = await srv.db.query<{ device_seq: string; status: string; reason: string | null }>(
      'SELECT device_seq, status, reason FROM ops WHERE device_id = $1 ORDER BY device_seq',
      [dev.client.deviceId],
    );
    expect(rows.map((x) => [Number(x.device_seq), x.status, x.reason])).toEqual(
      sent.map((o, i) => [o.deviceSeq, i === 2 ? 'quarantined' : 'applied', i === 2 ? 'op.unreadable' : null]),
    );
  });
});
