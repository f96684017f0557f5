/**
 * Services about the applicant (teacher attestation...): an application with
 * no child syncs through the five steps, other devices of the office pull it
 * intact, and duplicates are flagged by the applicant's IIN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationSchema, computeDue, defaultCatalog, makeStepRecord, type Application, type Op } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { FakeDesk, resolutionFields } from '../support/fixtures';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

/** A teacher's own application as the desk registers it: no child, the applicant applying for themself. */
function applicantApplication(desk: FakeDesk, service: string, applicantIin?: string): { app: Application; op: Op } {
  // Borrow a valid record and its numbering from the fixture, then unsend its op (its number is reused below).
  const { app: base } = desk.register();
  desk.seq--;
  desk.apps.delete(base.id);
  const entry = defaultCatalog.get(service);
  const clerk = desk.actor('clerk');
  const { child: _none, ...rest } = base;
  const app = ApplicationSchema.parse({
    ...rest,
    serviceCode: service,
    applicant: { ...base.applicant, kind: 'self', lastName: 'Жұмабекова', firstName: 'Гүлшат', ...(applicantIin ? { iin: applicantIin } : {}) },
    kindergartenIds: [], workplaces: {}, queueState: 'none', documents: ['application', 'applicantId'],
    dueAt: computeDue(base.acceptedAt, entry.term).dueAt,
    steps: [makeStepRecord(entry, 'accept', clerk, base.acceptedAt, base.acceptedAt)],
  });
  desk.apps.set(app.id, { app, base: 1 });
  const op = desk.op({ entity: 'application', entityId: app.id, kind: 'create', fields: app, baseVersion: 0, staffId: clerk.id, step: 'accept' });
  return { app, op };
}

describe('an application about the applicant', () => {
  it('syncs with no child through the five steps, and another laptop of the office pulls it intact', async () => {
    const dev = await srv.device('karasu');
    const desk = FakeDesk.of(dev);
    const { app, op } = applicantApplication(desk, 'teacher-attestation');
    const ops: Op[] = [op];
    ops.push(desk.step(app.id, 'resolution', resolutionFields(desk)));
    ops.push(desk.step(app.id, 'decision', { decision: { kind: 'result', resultKind: 'other', form: 'generic-result', documentNo: `${desk.office.code}-2026-0001`, text: 'Құжаттар қабылданды.' } }));
    ops.push(desk.step(app.id, 'signature'));
    const r = await dev.push(ops);
    expect(r.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const { rows } = await srv.db.query('SELECT child_iin, birth_date, subject_iin, status, data FROM applications WHERE id = $1', [app.id]);
    expect(rows[0]).toMatchObject({ child_iin: null, birth_date: null, subject_iin: app.applicant.iin, status: 'signed' });
    expect(rows[0].data.child).toBeUndefined();
    expect(rows[0].data.applicant).toMatchObject({ kind: 'self', lastName: 'Жұмабекова' });

    const other = await srv.device('karasu', 'Second laptop');
    const { changes } = await other.pullAll();
    const pulled = changes.find((c) => c.entity === 'application' && c.id === app.id);
    expect(pulled).toBeDefined();
    const parsed = ApplicationSchema.safeParse(pulled!.data);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.child).toBeUndefined();
    expect(parsed.data?.status).toBe('signed');
  });

  it('flags two open applications of the same teacher for one service, and not for another service', async () => {
    const a = await srv.device('ushkonyr');
    const b = await srv.device('akkainar');
    const deskA = FakeDesk.of(a);
    const deskB = FakeDesk.of(b);
    const teacherIin = FakeDesk.child(35, 4242, 'female').iin;
    const first = applicantApplication(deskA, 'teacher-attestation', teacherIin);
    const elsewhere = applicantApplication(deskA, 'school-head-competition', teacherIin);
    expect((await a.push([first.op, elsewhere.op])).results.map((x) => x.status)).toEqual(['applied', 'applied']);
    const second = applicantApplication(deskB, 'teacher-attestation', teacherIin);
    expect((await b.push([second.op])).results[0].status).toBe('applied');
    const district = await srv.district();
    const dups = (await district.duplicates()).filter((d) => d.childIin === teacherIin);
    expect(dups).toHaveLength(1);
    expect(dups[0].serviceCode).toBe('teacher-attestation');
    expect(dups[0].applications.map((x) => x.id).sort()).toEqual([first.app.id, second.app.id].sort());
  });
});
