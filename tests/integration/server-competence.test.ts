/**
 * Review F-20 (issue #15) through the real server on PGlite: a rural akimat
 * takes in the documents of a guardianship certificate, which only the
 * district education department issues (seed 002). The application goes on to
 * the department's laptop, which decides, signs and issues it; the akimat's
 * laptop may only log its prints on it, and the server refuses any step it
 * forges. A service no office of the akimat's kind may take in at all (the
 * PMPC's) is refused at intake and on the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParts, newId, type Application, type IntakeInput, type Op } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import { forge } from '../support/rawOps';
import { advance, childAged, type DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
let karasu: DeskDevice;
let department: DeskDevice;

beforeAll(async () => {
  srv = await startTestServer();
  karasu = await srv.desk('karasu', 'karasu akimat laptop');
  department = await srv.desk('district', 'education department laptop');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const stored = async (id: string) =>
  (await srv.db.query<{ data: Application }>('SELECT data FROM applications WHERE id = $1', [id])).rows[0]?.data;

const today = () => localParts(new Date().toISOString()).date;
const guardianship = (serial: number): IntakeInput => ({
  serviceCode: 'guardianship-certificate',
  lang: 'kk',
  applicant: {
    kind: 'legalRep',
    iin: childAged(50, 8100 + serial, today(), 'male').iin,
    lastName: 'Омаров',
    firstName: 'Бауыржан',
    phone: '+7 702 000 11 22',
    address: 'Қарасу ауылы',
  },
  child: { iin: childAged(12, 8200 + serial, today(), 'female').iin, lastName: 'Омарова', firstName: 'Дана' },
  priority: null,
  kindergartenIds: [],
  workplaces: {},
  consent: true,
  documents: ['application', 'applicantId'],
});

describe('an application taken in for the district education department', () => {
  let app: Application;

  it('is registered at the akimat, which takes no step of it: the desk and the server both refuse', async () => {
    await karasu.as('clerk');
    const { value, ops } = await karasu.record(() => karasu.desk.register(guardianship(1)));
    app = value;
    expect((await karasu.sync()).state).toMatchObject({ pending: 0, quarantined: 0 });
    expect(ops.every((o) => o.kind === 'create' || o.entity !== 'application')).toBe(true);
    expect(await stored(app.id)).toMatchObject({ status: 'registered', serviceCode: 'guardianship-certificate' });

    // Not the akimat's work: its head has nothing to resolve, and resolving is refused.
    const head = await karasu.as('head');
    expect((await karasu.desk.pendingFor('head')).map((a) => a.id)).not.toContain(app.id);
    const executor = (await karasu.desk.staff()).find((s) => s.roles.includes('executor'))!;
    await expect(karasu.desk.resolve(app.id, executor.id)).rejects.toMatchObject({ code: 'service.notIssuer' });

    // A laptop that skipped the desk's rule: the step and any other field are refused; a print log is taken.
    const { ops: forged } = await karasu.record(async () => {
      await forge(karasu, {
        entity: 'application',
        entityId: app.id,
        kind: 'transition',
        fields: { status: 'assigned', executorId: executor.id },
        baseVersion: 1,
        staffId: head.id,
        step: 'resolution',
      });
      await forge(karasu, {
        entity: 'application',
        entityId: app.id,
        kind: 'patch',
        fields: { executorId: executor.id },
        baseVersion: 1,
        staffId: head.id,
      });
    });
    const r = await karasu.client.push(forged);
    expect(r.results.map((x) => [x.status, x.reason])).toEqual([
      ['quarantined', 'service.notIssuer'],
      ['quarantined', 'service.notIssuer'],
    ]);
    expect(await stored(app.id)).toMatchObject({ status: 'registered', version: 1 });
  });

  it('reaches the department, which decides, signs and issues it under its own staff; the akimat sees it issued', async () => {
    await department.sync();
    await department.as('head');
    expect((await department.desk.pendingFor('head')).map((a) => a.id)).toContain(app.id);
    const done = await advance(department, app.id, 'issued', {
      kind: 'result',
      basis: { body: 'Жамбыл ауданының білім бөлімі', number: '17', date: '2026-11-03' },
    });
    expect(done.status).toBe('issued');
    expect((await department.sync()).state).toMatchObject({ pending: 0, quarantined: 0 });
    const onServer = (await stored(app.id))!;
    expect(onServer).toMatchObject({ status: 'issued', officeId: srv.officeId('karasu') });
    const deptStaff = new Set(
      (await department.desk.staff()).filter((s) => s.officeId === srv.officeId('district')).map((s) => s.id),
    );
    // Accepted at the akimat; every later step by the department's people.
    expect(onServer.steps.map((s) => [s.step, s.step === 'accept' ? false : deptStaff.has(s.by)])).toEqual([
      ['accept', false],
      ['resolution', true],
      ['decision', true],
      ['signature', true],
      ['issue', true],
    ]);
    await karasu.sync();
    expect((await karasu.desk.get(app.id))?.status).toBe('issued');
  });

  it('lets the akimat log a reprint of its receipt', async () => {
    await karasu.as('clerk');
    const before = (await stored(app.id))!.prints.length;
    await karasu.desk.logPrint(app.id, 'receipt', 'kk', 'print');
    // Still the two ops forged above set aside, no more.
    expect((await karasu.sync()).state).toMatchObject({ pending: 0, quarantined: 2 });
    expect((await stored(app.id))!.prints.length).toBe(before + 1);
  });
});

describe('a service the akimat may not take in', () => {
  it('is refused at its intake, and a forged one by the server', async () => {
    await karasu.as('clerk');
    const pmpc = { ...guardianship(2), serviceCode: 'pmpc-examination' };
    await expect(karasu.desk.register(pmpc)).rejects.toMatchObject({ code: 'service.notForOffice' });
    // The same record a tampered laptop sends: a guardianship application relabelled as the PMPC's.
    const model = (await karasu.record(() => karasu.desk.register(guardianship(3)))).value;
    await karasu.sync();
    const id = newId();
    const clerk = await karasu.as('clerk');
    const { ops } = await karasu.record((): Promise<Op> =>
      forge(karasu, {
        entity: 'application',
        entityId: id,
        kind: 'create',
        fields: { ...model, id, serviceCode: 'pmpc-examination', journalNo: `${model.journalNo}-x` },
        baseVersion: 0,
        staffId: clerk.id,
        step: 'accept',
      }),
    );
    const r = await karasu.client.push(ops);
    expect(r.results[0]).toMatchObject({ status: 'quarantined', reason: 'service.notForOffice' });
    expect(await stored(id)).toBeUndefined();
  });
});
