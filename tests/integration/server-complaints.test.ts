/**
 * Complaints, mobile-centre visits and technical protocols through the
 * server: a create and a patch pushed, pulled back whole by the office's own
 * devices, and by no other office's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLAINT_DEFAULT_TERMS, complaintDeadlines, newId, type Complaint, type TechProtocol, type Visit } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { FakeDesk } from '../support/fixtures';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const enrolled = (key: string, name?: string) => srv.enrolled(key, name);

function complaintOf(desk: FakeDesk): Complaint {
  const clerk = desk.actor('clerk');
  const receivedAt = new Date().toISOString();
  return {
    id: newId(), officeId: desk.office.id, journalYear: 2026, journalSeq: 1, incomingNo: `${desk.office.code}-Ш-2026-0001`, lang: 'kk',
    receivedAt, receivedBy: clerk.id, receivedByName: clerk.fullName,
    complainant: { fullName: 'Жұмабаева Гүлнәр Серікқызы', address: 'Сәтбаев к. 12', phone: '+7 702 555 11 22' },
    against: 'Кеңсе қызметкері', subject: 'Құжаттарды қабылдамады',
    providerWorkingDays: COMPLAINT_DEFAULT_TERMS.providerWorkingDays, authorityWorkingDays: COMPLAINT_DEFAULT_TERMS.authorityWorkingDays,
    ...complaintDeadlines(receivedAt, COMPLAINT_DEFAULT_TERMS),
    status: 'open', prints: [], updatedAt: receivedAt,
  };
}

describe('complaints on the server', () => {
  it('stores a pushed complaint and its answer, and returns it only to its own office', async () => {
    const { dev, desk } = await enrolled('karasu', 'complaints laptop');
    const c = complaintOf(desk);
    const head = desk.actor('head');
    const answer = { text: 'Қабылданды', date: '2026-03-26', satisfied: 'fully' as const, at: new Date().toISOString(), by: head.id, byName: head.fullName };
    const r = await dev.push([
      desk.op({ entity: 'complaint', entityId: c.id, kind: 'create', fields: c, baseVersion: 0, staffId: c.receivedBy }),
      desk.op({ entity: 'complaint', entityId: c.id, kind: 'patch', fields: { status: 'answered', answer }, baseVersion: 1, staffId: head.id }),
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied']);
    const { rows } = await srv.db.query('SELECT office_id, incoming_no, status, version FROM complaints WHERE id = $1', [c.id]);
    expect(rows[0]).toMatchObject({ office_id: desk.office.id, incoming_no: c.incomingNo, status: 'answered', version: 2 });

    // Another laptop of the same office pulls it whole.
    const same = await srv.device('karasu', 'second laptop');
    const mine = (await same.pullAll()).changes.filter((ch) => ch.entity === 'complaint' && ch.id === c.id);
    expect(mine).toHaveLength(1);
    expect(mine[0].version).toBe(2);
    expect(mine[0].data).toMatchObject({ complainant: { fullName: 'Жұмабаева Гүлнәр Серікқызы' }, status: 'answered', answer: { satisfied: 'fully' } });

    // Another office never sees it.
    const other = await srv.device('ushkonyr', 'complaints other');
    expect((await other.pullAll()).changes.some((ch) => ch.entity === 'complaint' && ch.id === c.id)).toBe(false);
  });

  it('refuses a complaint claimed for another office and an invalid one', async () => {
    const { dev, desk } = await enrolled('akkainar', 'complaints scope');
    const c = { ...complaintOf(desk), officeId: 'someone-else' };
    const res = await dev.push([desk.op({ entity: 'complaint', entityId: c.id, kind: 'create', fields: c, baseVersion: 0, staffId: c.receivedBy })]);
    expect(res.results[0]).toMatchObject({ status: 'quarantined', reason: 'scope.office' });
    expect((await srv.db.query('SELECT 1 FROM complaints WHERE id = $1', [c.id])).rows).toEqual([]);
    const { dev: dev2, desk: desk2 } = await enrolled('akkainar', 'complaints invalid');
    const bad = { ...complaintOf(desk2), subject: '' };
    const r = await dev2.push([desk2.op({ entity: 'complaint', entityId: bad.id, kind: 'create', fields: bad, baseVersion: 0, staffId: bad.receivedBy })]);
    expect(r.results[0].status).toBe('quarantined');
  });

  it('merges the application lists of one visit from two laptops and syncs a technical protocol', async () => {
    const a = await enrolled('mobile', 'mobile one');
    const b = await enrolled('mobile', 'mobile two');
    const clerk = a.desk.actor('clerk');
    const now = new Date().toISOString();
    const v: Visit = { id: newId(), officeId: a.desk.office.id, settlement: 'Қоянды', arrivedAt: now, openedBy: clerk.id, openedByName: clerk.fullName, applicationIds: [], updatedAt: now };
    expect((await a.dev.push([a.desk.op({ entity: 'visit', entityId: v.id, kind: 'create', fields: v, baseVersion: 0, staffId: clerk.id })])).results[0].status).toBe('applied');
    await a.dev.push([a.desk.op({ entity: 'visit', entityId: v.id, kind: 'patch', fields: { applicationIds: ['app-a'] }, baseVersion: 1, staffId: clerk.id })]);
    // The second laptop worked on the version it had pulled before the first one's change.
    await b.dev.push([b.desk.op({ entity: 'visit', entityId: v.id, kind: 'patch', fields: { applicationIds: ['app-b'] }, baseVersion: 1, staffId: clerk.id })]);
    const { rows } = await srv.db.query('SELECT data FROM visits WHERE id = $1', [v.id]);
    expect([...rows[0].data.applicationIds].sort()).toEqual(['app-a', 'app-b']);

    const p: TechProtocol = {
      id: newId(), officeId: a.desk.office.id, journalYear: 2026, journalSeq: 1, protocolNo: 'М-ТП-2026-0001', drawnAt: now, system: 'ЭҮП', failure: 'Байланыс жоқ',
      since: now, detectedBy: clerk.fullName, affected: [], recordedBy: { name: clerk.fullName }, by: clerk.id, byName: clerk.fullName, prints: [], updatedAt: now,
    };
    expect((await a.dev.push([a.desk.op({ entity: 'techProtocol', entityId: p.id, kind: 'create', fields: p, baseVersion: 0, staffId: clerk.id })])).results[0].status).toBe('applied');
    const pulled = (await b.dev.pullAll()).changes;
    expect(pulled.find((ch) => ch.entity === 'techProtocol' && ch.id === p.id)?.data).toMatchObject({ protocolNo: 'М-ТП-2026-0001' });
    expect(pulled.find((ch) => ch.entity === 'visit' && ch.id === v.id)).toBeTruthy();
  });
});
