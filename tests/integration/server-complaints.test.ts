/**
 * Complaints, mobile-centre visits and technical protocols through the
 * server: made on real desks (tests/helpers/desk-device.ts), a create and a
 * patch synced, pulled back whole by the office's own devices, and by no
 * other office's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts } from '../../shared';
import type { ComplaintInput } from '../../renderer/services/api';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { register, type DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
let karasu: DeskDevice;
beforeAll(async () => {
  srv = await startTestServer();
  karasu = await srv.desk('karasu', 'complaints laptop');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const complaint: ComplaintInput = {
  complainant: { fullName: 'Жұмабаева Гүлнәр Серікқызы', address: 'Сәтбаев к. 12', phone: '+7 702 555 11 22' },
  against: 'Кеңсе қызметкері',
  subject: 'Құжаттарды қабылдамады',
};

describe('complaints on the server', () => {
  it('stores a synced complaint and its answer, and returns it only to its own office', async () => {
    const dev = karasu;
    await dev.as('clerk');
    const {
      value: c,
      ops: [created],
    } = await dev.record(() => dev.desk.registerComplaint(complaint));
    await dev.as('head');
    const today = localParts(new Date().toISOString()).date;
    const {
      ops: [answered],
    } = await dev.record(() =>
      dev.desk.answerComplaint(c.id, { text: 'Қабылданды', date: today, satisfied: 'fully', justified: true }),
    );
    expect([created.kind, answered.kind]).toEqual(['create', 'patch']);
    const run = await dev.sync();
    expect([run.result(created)?.status, run.result(answered)?.status]).toEqual(['applied', 'applied']);
    const { rows } = await srv.db.query(
      'SELECT office_id, incoming_no, status, version FROM complaints WHERE id = $1',
      [c.id],
    );
    expect(rows[0]).toMatchObject({ office_id: c.officeId, incoming_no: c.incomingNo, status: 'answered', version: 2 });

    // Another laptop of the same office pulls it whole.
    const same = await srv.device('karasu', 'second laptop');
    const mine = (await same.pullAll()).changes.filter((ch) => ch.entity === 'complaint' && ch.id === c.id);
    expect(mine).toHaveLength(1);
    expect(mine[0].version).toBe(2);
    expect(mine[0].data).toMatchObject({
      complainant: { fullName: 'Жұмабаева Гүлнәр Серікқызы' },
      status: 'answered',
      answer: { satisfied: 'fully', justified: true },
    });
    expect(mine[0].data).toEqual(await dev.desk.complaint(c.id));

    // Another office never sees it.
    const other = await srv.device('ushkonyr', 'complaints other');
    expect((await other.pullAll()).changes.some((ch) => ch.entity === 'complaint' && ch.id === c.id)).toBe(false);
  });

  it('refuses a complaint claimed for another office and an invalid one', async () => {
    const dev = karasu;
    await dev.as('clerk');
    // The desk's complaints, altered on the way.
    const {
      value: c,
      ops: [op],
    } = await dev.record(() => dev.desk.registerComplaint(complaint));
    const res = await dev.client.push([{ ...op, fields: { ...op.fields, officeId: 'someone-else' } }]);
    expect(res.results[0]).toMatchObject({ status: 'quarantined', reason: 'scope.office' });
    expect((await srv.db.query('SELECT 1 FROM complaints WHERE id = $1', [c.id])).rows).toEqual([]);
    const {
      value: bad,
      ops: [badOp],
    } = await dev.record(() => dev.desk.registerComplaint(complaint));
    const r = await dev.client.push([{ ...badOp, fields: { ...badOp.fields, subject: '' } }]);
    expect(r.results[0]).toMatchObject({ status: 'quarantined', reason: 'validation' });
    expect((await srv.db.query('SELECT 1 FROM complaints WHERE id = $1', [bad.id])).rows).toEqual([]);
  });

  it('merges the application lists of one visit from two laptops and syncs a technical protocol', async () => {
    const a = await srv.desk('mobile', 'mobile one');
    const b = await srv.desk('mobile', 'mobile two');
    await a.as('clerk');
    const v = await a.desk.startVisit({ settlement: 'Қоянды' });
    expect((await a.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    await b.sync();
    await b.as('clerk');
    await b.desk.chooseVisit(v.id);
    // Each laptop registers an application during the visit: each adds it to the visit's list, on version 1.
    const appA = await register(a);
    const { value: appB, ops: bOps } = await b.record(() => register(b));
    expect(bOps.find((o) => o.entity === 'visit')).toMatchObject({
      kind: 'patch',
      baseVersion: 1,
      fields: { applicationIds: [appB.id] },
    });
    await a.sync();
    expect((await b.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    const { rows } = await srv.db.query('SELECT data FROM visits WHERE id = $1', [v.id]);
    expect([...rows[0].data.applicationIds].sort()).toEqual([appA.id, appB.id].sort());
    // B's sync brought the merged list back to it.
    expect([...(await b.desk.visits()).find((x) => x.id === v.id)!.applicationIds].sort()).toEqual(
      [appA.id, appB.id].sort(),
    );

    const {
      value: p,
      ops: [protocolOp],
    } = await a.record(() =>
      a.desk.saveTechProtocol({
        system: 'ЭҮП',
        failure: 'Байланыс жоқ',
        since: new Date(Date.now() - 3_600_000).toISOString(),
        detectedBy: 'Жұмабаев Ерғали',
        recordedBy: { name: 'Жұмабаев Ерғали' },
      }),
    );
    expect((await a.sync()).result(protocolOp)?.status).toBe('applied');
    const pulled = (await b.sync()).pulled;
    expect(pulled.find((ch) => ch.entity === 'techProtocol' && ch.id === p.id)?.data).toMatchObject({
      protocolNo: p.protocolNo,
    });
    expect((await b.desk.techProtocols()).map((x) => x.protocolNo)).toContain(p.protocolNo);
  });
});
