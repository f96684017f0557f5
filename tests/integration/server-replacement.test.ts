/**
 * What the server tells and does for a replaced laptop and for a damaged op
 * (issue #11): enrolment lists the device's number blocks (a desk enrolling
 * again keeps only those), and an op the laptop could not read is sent as its
 * marked header and quarantined in its place, so nothing after it waits.
 * Runs on PGlite and, in CI, on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNREADABLE_OP_MARK, type Op } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { DeviceClient } from '../support/client';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

/** The op as a desk sends one whose sealed fields no longer open: its clear header only, marked. */
const unreadable = (op: Op): Op => ({ ...op, fields: {}, [UNREADABLE_OP_MARK]: true }) as Op;

describe('enrolling again', () => {
  it('lists the device\'s leased blocks and where its sequence stands', async () => {
    const { dev, desk } = await srv.enrolled('karasu', 'first laptop');
    expect(dev.enrolment!.leases).toEqual([]);
    const a = desk.register();
    const r = await dev.push([a.op, desk.print(a.app.id)]);
    expect(r.acked).toBe(2);
    const again = new DeviceClient(srv.url);
    const code = await (await srv.district()).enrolmentCode(srv.officeId('karasu'));
    const e = await again.enrol(code, 'replacement laptop', dev.deviceId);
    expect(e.acked).toBe(2);
    expect(e.leases.map((l) => ({ id: l.id, journal: l.journal, from: l.from, to: l.to, deviceId: l.deviceId })))
      .toEqual(dev.leases.map((l) => ({ id: l.id, journal: l.journal, from: l.from, to: l.to, deviceId: dev.deviceId })));
  });
});

describe('an op the laptop could not read', () => {
  it('is quarantined in its place (op.unreadable) and the ops after it are applied', async () => {
    const { dev, desk } = await srv.enrolled('ushkonyr');
    const a = desk.register();
    const damaged = unreadable(desk.print(a.app.id));
    const b = desk.register();
    const ops = [a.op, damaged, b.op, desk.print(b.app.id)];
    const r = await dev.push(ops);
    expect(r.acked).toBe(4);
    expect(r.results.map((x) => [x.deviceSeq, x.status, x.reason])).toEqual([
      [1, 'applied', undefined], [2, 'quarantined', 'op.unreadable'], [3, 'applied', undefined], [4, 'applied', undefined],
    ]);
    // The district sees it, with the record it concerned.
    const q = await (await srv.district()).get<{ ops: Array<{ deviceId: string; deviceSeq: number; reason: string; entityId: string }> }>(`/v1/district/quarantine?officeId=${srv.officeId('ushkonyr')}`);
    expect(q.body.ops.filter((o) => o.deviceId === dev.deviceId).map((o) => [o.deviceSeq, o.reason, o.entityId])).toEqual([[2, 'op.unreadable', a.app.id]]);
    // Sent again (the answer was lost): the same verdict, nothing changes.
    const again = await dev.push(ops);
    expect(again.results.map((x) => [x.status, x.original])).toEqual([['duplicate', 'applied'], ['duplicate', 'quarantined'], ['duplicate', 'applied'], ['duplicate', 'applied']]);
  });

  it('arriving early, waits in the backlog and is quarantined when its turn comes', async () => {
    const { dev, desk } = await srv.enrolled('akkainar');
    const a = desk.register();
    const late = unreadable(desk.print(a.app.id));
    const after = desk.print(a.app.id);
    expect((await dev.push([late, after])).results.map((x) => x.status)).toEqual(['backlogged', 'backlogged']);
    const r = await dev.push([a.op]);
    expect(r.acked).toBe(3);
    const { rows } = await srv.db.query<{ device_seq: string; status: string; reason: string | null }>(
      'SELECT device_seq, status, reason FROM ops WHERE device_id = $1 ORDER BY device_seq', [dev.deviceId]);
    expect(rows.map((x) => [Number(x.device_seq), x.status, x.reason])).toEqual([[1, 'applied', null], [2, 'quarantined', 'op.unreadable'], [3, 'applied', null]]);
  });
});
