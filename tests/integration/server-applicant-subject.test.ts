/**
 * Services about the applicant (teacher attestation...): an application with
 * no child, registered on a real desk (tests/helpers/desk-device.ts), syncs
 * through the five steps, another laptop of the office pulls it intact, and
 * duplicates are flagged by the applicant's IIN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationSchema, localParts, type Application, type IntakeInput } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { advance, childAged, register, type DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
let karasu: DeskDevice;
beforeAll(async () => {
  srv = await startTestServer();
  karasu = await srv.desk('karasu');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

/** A teacher's own application: no child, the applicant applying for themself. */
function applicantApplication(dev: DeskDevice, service: string, applicantIin?: string): Promise<Application> {
  const over: Partial<IntakeInput> = {
    serviceCode: service,
    applicant: {
      kind: 'self',
      iin: applicantIin ?? childAged(35, 4000, localParts(new Date().toISOString()).date, 'female').iin,
      lastName: 'Жұмабекова',
      firstName: 'Гүлшат',
      phone: '+7 701 234 56 78',
      address: 'Қарасу ауылы, Абай көшесі, 3',
    },
    child: undefined,
    kindergartenIds: [],
    workplaces: {},
    documents: ['application', 'applicantId'],
  };
  return register(dev, { over });
}

describe('an application about the applicant', () => {
  it('syncs with no child through the five steps, and another laptop of the office pulls it intact', async () => {
    // Teacher attestation is decided by the education department (catalog providers, F-20): its laptops take the steps.
    const dev = await srv.desk('district', 'department laptop');
    const { value: app, ops } = await dev.record(async () => {
      const a = await applicantApplication(dev, 'teacher-attestation');
      await advance(dev, a.id, 'signed', { kind: 'result', text: 'Құжаттар қабылданды.' });
      return a;
    });
    expect(app.child).toBeUndefined();
    const run = await dev.sync();
    expect(ops.map((o) => run.result(o)?.status)).toEqual(ops.map(() => 'applied'));
    expect(ops.filter((o) => o.entity === 'application').map((o) => o.step)).toEqual([
      'accept',
      'resolution',
      'decision',
      'signature',
    ]);
    const { rows } = await srv.db.query(
      'SELECT child_iin, birth_date, subject_iin, status, data FROM applications WHERE id = $1',
      [app.id],
    );
    expect(rows[0]).toMatchObject({
      child_iin: null,
      birth_date: null,
      subject_iin: app.applicant.iin,
      status: 'signed',
    });
    expect(rows[0].data.child).toBeUndefined();
    expect(rows[0].data.applicant).toMatchObject({ kind: 'self', lastName: 'Жұмабекова' });
    expect(rows[0].data.decision).toMatchObject({
      kind: 'result',
      form: 'generic-result',
      text: 'Құжаттар қабылданды.',
    });

    const other = await srv.desk('district', 'Second department laptop');
    const pulled = (await other.sync()).pulled.find((c) => c.entity === 'application' && c.id === app.id);
    expect(pulled).toBeDefined();
    const parsed = ApplicationSchema.safeParse(pulled!.data);
    expect(parsed.success).toBe(true);
    expect(parsed.data?.child).toBeUndefined();
    expect(parsed.data?.status).toBe('signed');
    // The other desk took it in (its own checks passed) as it is on the first.
    expect(await other.desk.get(app.id)).toEqual(await dev.desk.get(app.id));
  });

  it('flags two open applications of the same teacher for one service, and not for another service', async () => {
    const a = karasu;
    const b = await srv.desk('akkainar');
    const teacherIin = childAged(35, 4242, localParts(new Date().toISOString()).date, 'female').iin;
    const first = await applicantApplication(a, 'teacher-attestation', teacherIin);
    const elsewhere = await applicantApplication(a, 'school-head-competition', teacherIin);
    const ra = await a.sync();
    expect(ra.pushes.flatMap((p) => p.response.results.map((x) => x.status))).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    expect(
      (
        await srv.db.query('SELECT count(*)::int AS n FROM applications WHERE id = ANY($1::text[])', [
          [first.id, elsewhere.id],
        ])
      ).rows[0].n,
    ).toBe(2);
    const second = await applicantApplication(b, 'teacher-attestation', teacherIin);
    expect((await b.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    const district = await srv.district();
    const dups = (await district.duplicates()).filter((d) => d.childIin === teacherIin);
    expect(dups).toHaveLength(1);
    expect(dups[0].serviceCode).toBe('teacher-attestation');
    expect(dups[0].applications.map((x) => x.id).sort()).toEqual([first.id, second.id].sort());
  });
});
