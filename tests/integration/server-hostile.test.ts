/**
 * Issue #10's findings, each as an outsider reproduced it through the HTTP API
 * alone: a laptop making itself the district, a backlogged op applied to
 * another office's record, one bad value blocking a laptop for good, an op
 * acknowledged unapplied, official numbers outside leases, personal data in
 * the server log. Runs on PGlite and (scripts/pg-test.sh) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatJournalNo,
  hashPassword,
  localParts,
  makeIin,
  makeStaffKeys,
  newId,
  type Application,
  type Op,
} from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS, TEST_PASSWORD_ITERATIONS } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { advance, register, type DeskDevice } from '../helpers/desk-device';
import { forge } from '../support/rawOps';

let srv: TestServer;
let district: DistrictClient;
/** Every line the server logged (pino JSON), for the personal-data check at the end. */
const log: string[] = [];
/**
 * One real desk per office, the laptops the tests below tamper with (tests/helpers/desk-device.ts):
 * each test leaves its laptop with everything it made acknowledged, so the next one goes on from there.
 */
let karasu: DeskDevice;
let ushkonyr: DeskDevice;
let akkainar: DeskDevice;

beforeAll(async () => {
  srv = await startTestServer({ logger: { level: 'debug', stream: { write: (line: string) => void log.push(line) } } });
  district = await srv.district();
  karasu = await srv.desk('karasu', 'hostile laptop');
  ushkonyr = await srv.desk('ushkonyr', 'other office');
  akkainar = await srv.desk('akkainar', 'fuzzed laptop');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const row = async (table: string, id: string) =>
  (await srv.db.query(`SELECT * FROM ${table} WHERE id = $1`, [id])).rows[0];
const year = Number(localParts(new Date().toISOString()).date.slice(0, 4));
const last = (ops: Op[]) => ops[ops.length - 1].deviceSeq;

/** The ops a registration on the laptop wrote (the application's create first, its access-log entry after). */
const registered = async (dev: DeskDevice) => (await dev.record(() => register(dev))).ops;

describe('an office laptop cannot make itself the district (finding 1)', () => {
  it('refuses a change of its office type, code or district, and the laptop stays an office', async () => {
    await register(ushkonyr);
    expect((await ushkonyr.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    const dev = karasu;
    const head = await dev.as('head');
    const office = await dev.desk.office();
    const officeBefore = await row('offices', office.id);
    const { ops } = await dev.record(async () => {
      // Written into the laptop's outbox past the desk, which refuses such changes itself.
      await forge(dev, {
        entity: 'office',
        entityId: office.id,
        kind: 'patch',
        fields: { type: 'districtEducation' },
        baseVersion: 0,
        staffId: head.id,
      });
      await forge(dev, {
        entity: 'office',
        entityId: office.id,
        kind: 'patch',
        fields: { code: 'АУДАН' },
        baseVersion: 0,
        staffId: head.id,
      });
      await forge(dev, {
        entity: 'office',
        entityId: office.id,
        kind: 'create',
        fields: { ...office, type: 'districtEducation' },
        baseVersion: 0,
        staffId: head.id,
      });
      // What the desk's settings do change: the phone number, by the head.
      await dev.desk.updateOffice({ phone: '+7 701 000 00 01' });
    });
    const r = await dev.client.push(ops);
    expect(r.results.map((x) => x.reason ?? x.status)).toEqual([
      'scope.districtOnly',
      'scope.districtOnly',
      'scope.districtOnly',
      'applied',
    ]);
    const after = await row('offices', office.id);
    expect(after.type).toBe(officeBefore.type);
    expect(after.code).toBe(officeBefore.code);
    expect(after.data.phone).toBe('+7 701 000 00 01');
    // Still an office: district calls are refused and other offices' applications never come.
    expect((await dev.client.get('/v1/district/conflicts')).status).toBe(403);
    const pulled = await dev.client.pullAll();
    expect(
      pulled.changes.filter((c) => c.entity === 'application' && (c.data as Application).officeId !== office.id),
    ).toEqual([]);
  });

  it('cannot mint staff: not in the district office, not with a password, not signed by a clerk', async () => {
    const dev = karasu;
    const clerk = await dev.as('clerk');
    const head = await dev.as('head');
    const password = await hashPassword('chosen-by-thief', TEST_PASSWORD_ITERATIONS);
    const staff = (officeId: string, login: string, extra: Record<string, unknown> = {}) => {
      const id = newId();
      return {
        entityId: id,
        fields: {
          id,
          officeId,
          fullName: 'Ұры Қызметкер',
          login,
          roles: ['head'],
          active: true,
          createdAt: new Date().toISOString(),
          ...extra,
        },
      };
    };
    const districtOffice = srv.officeId('district');
    const own = dev.client.officeId;
    const { ops } = await dev.record(async () => {
      for (const [s, signer] of [
        [staff(districtOffice, 'thief1', { password }), head],
        [staff(districtOffice, 'thief2'), head],
        [staff(own, 'thief3', { password }), head],
        [staff(own, 'thief4'), clerk],
        // The console's powers in a village office: meaningless there, and refused as such.
        [staff(own, 'thief5', { roles: ['head', 'admin'] }), head],
      ] as const)
        await forge(dev, { entity: 'staff', kind: 'create', ...s, baseVersion: 0, staffId: signer.id });
      await forge(dev, {
        entity: 'staff',
        entityId: clerk.id,
        kind: 'patch',
        fields: { roles: ['clerk', 'specialist'] },
        baseVersion: 0,
        staffId: head.id,
      });
      // A person reports their own password change, nothing more: not a colleague's, not with a role
      // or the district's flag, and without a hash.
      for (const [fields, signer, target] of [
        [{ passwordChangedAt: new Date().toISOString() }, clerk, head.id],
        [{ passwordChangedAt: new Date().toISOString(), roles: ['clerk', 'head'] }, clerk, clerk.id],
        [{ mustChangePassword: false }, clerk, clerk.id],
        [{ password }, clerk, clerk.id],
      ] as const)
        await forge(dev, {
          entity: 'staff',
          entityId: target,
          kind: 'patch',
          fields,
          baseVersion: 0,
          staffId: signer.id,
        });
      // A head adding a colleague to the office, as the desk's settings do (the password stays on the desk).
      await dev.desk.addStaff({
        fullName: 'Ұры Қызметкер',
        login: 'colleague',
        password: 'colleague-pass-1',
        roles: ['clerk'],
      });
    });
    expect(ops[10].fields).not.toHaveProperty('password');
    const r = await dev.client.push(ops);
    expect(r.results.map((x) => x.reason ?? x.status)).toEqual([
      'scope.office',
      'scope.office',
      'scope.districtOnly',
      'staff.wrongRole',
      'staff.roleOffice',
      'staff.roleOffice',
      'staff.wrongRole',
      'staff.wrongRole',
      'scope.districtOnly',
      'scope.districtOnly',
      'applied',
    ]);
    expect((await row('staff', clerk.id)).data.roles).toEqual(['clerk']);
    const logins = (
      await srv.db.query(`SELECT login FROM staff WHERE login LIKE 'thief%' OR login = 'colleague'`)
    ).rows.map((x) => x.login);
    expect(logins).toEqual(['colleague']);
    expect(
      (await dev.client.post('/v1/district/login', { login: 'thief1', password: 'chosen-by-thief' }, { token: null }))
        .status,
    ).toBe(401);
  });

  it('a key pair is written by its own person only, and in its shape (issue #16 item 12)', async () => {
    const dev = karasu;
    const clerk = await dev.as('clerk');
    const head = await dev.as('head');
    const headsOwn = await makeStaffKeys('head-knows-this', 100_000);
    // Under the clerk's real password: later laptops of this office sign the clerk in with it.
    const clerksOwn = await makeStaffKeys(dev.password, 100_000);
    const { ops } = await dev.record(async () => {
      for (const [fields, signer] of [
        // A head who could set a colleague's pair would have every laptop hand the data key to the head's key.
        [{ keys: headsOwn }, head],
        [{ keys: { ...clerksOwn, publicKey: 'not-a-point' } }, clerk],
        [{ keys: { ...clerksOwn, wrappedPrivate: 'x'.repeat(5000) } }, clerk],
        [{ keys: clerksOwn }, clerk],
      ] as const)
        await forge(dev, {
          entity: 'staff',
          entityId: clerk.id,
          kind: 'patch',
          fields,
          baseVersion: 0,
          staffId: signer.id,
        });
    });
    const r = await dev.client.push(ops);
    expect(r.results.map((x) => x.reason ?? x.status)).toEqual(['staff.notOwn', 'validation', 'validation', 'applied']);
    expect((await row('staff', clerk.id)).data.keys).toEqual(clerksOwn);
  });

  it("kindergartens are the district's: only places are taken and given back", async () => {
    const dev = karasu;
    const kg = (await dev.desk.kindergartens()).find((k) => k.ageGroups.some((g) => g.freePlaces > 0))!;
    const group = kg.ageGroups.find((g) => g.freePlaces > 0)!;
    const clerk = await dev.as('clerk');
    const { ops } = await dev.record(async () => {
      await forge(dev, {
        entity: 'kindergarten',
        entityId: kg.id,
        kind: 'patch',
        fields: { name: { kk: 'Басқа', ru: 'Другой' } },
        baseVersion: 0,
        staffId: clerk.id,
      });
      await forge(dev, {
        entity: 'kindergarten',
        entityId: newId(),
        kind: 'create',
        fields: { ...kg, id: undefined, number: '99' },
        baseVersion: 0,
        staffId: clerk.id,
      });
      await forge(dev, {
        entity: 'kindergarten',
        entityId: kg.id,
        kind: 'patch',
        fields: { freePlacesDelta: { [group.id]: -1 }, updatedAt: new Date().toISOString() },
        baseVersion: 0,
        staffId: clerk.id,
      });
      // A referral on the desk takes a place the one way it may: a delta and nothing else.
      const app = await register(dev);
      await advance(dev, app.id, 'decided', { kind: 'referral', kindergartenId: kg.id, ageGroupId: group.id });
    });
    const delta = ops.slice(3).find((o) => o.entity === 'kindergarten')!;
    expect(delta.fields).toEqual({ freePlacesDelta: { [group.id]: -1 } });
    const r = await dev.client.push(ops);
    expect(r.results.slice(0, 3).map((x) => x.reason ?? x.status)).toEqual([
      'scope.districtOnly',
      'scope.districtOnly',
      'scope.districtOnly',
    ]);
    expect(r.results.slice(3).map((x) => x.status)).toEqual(ops.slice(3).map(() => 'applied'));
    const after = await row('kindergartens', kg.id);
    expect(after.data.name).toEqual(kg.name);
    expect(after.data.ageGroups.find((g: { id: string }) => g.id === group.id).freePlaces).toBe(group.freePlaces - 1);
  });
});

describe('a backlogged op is checked when it is applied (finding 2)', () => {
  it('an op waiting for its predecessor does not touch a record another office created meanwhile', async () => {
    const A = karasu;
    const B = ushkonyr;
    const victim = await register(B);
    // A's op after two registrations names the id of a record that does not exist on the server yet: it waits.
    const first = [...(await registered(A)), ...(await registered(A))];
    const clerk = await A.as('clerk');
    const hostile = await forge(A, {
      entity: 'application',
      entityId: victim.id,
      kind: 'patch',
      fields: { queueState: 'withdrawn' },
      baseVersion: 1,
      staffId: clerk.id,
    });
    expect((await A.client.push([hostile])).results[0].status).toBe('backlogged');
    expect((await B.sync()).state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
    const before = await row('applications', victim.id);
    // The gap fills: the waiting op is applied now, and checked now.
    const r = await A.client.push(first);
    expect(r.acked).toBe(hostile.deviceSeq);
    const q = await srv.db.query('SELECT status, reason FROM ops WHERE device_id = $1 AND device_seq = $2', [
      A.client.deviceId,
      hostile.deviceSeq,
    ]);
    expect(q.rows[0]).toEqual({ status: 'quarantined', reason: 'scope.office' });
    const after = await row('applications', victim.id);
    expect(after.data).toEqual(before.data);
    expect(after.change_seq).toBe(before.change_seq);
  });
});

const DEEP = '__deep__';
const deepJson = `${'{"d":'.repeat(5000)}"дно"${'}'.repeat(5000)}`;

/** A registration's create as no desk sends it: each takes the place of a real one, on the way. */
function badOps(): Array<{ what: string; make: (op: Op) => Op }> {
  const bad = (what: string, edit: (app: Record<string, any>) => Record<string, any>) => ({
    what,
    make: (op: Op) => ({ ...op, fields: edit(structuredClone(op.fields)) }) as Op,
  });
  return [
    bad('a NUL in a name', (a) => ({ ...a, child: { ...a.child, lastName: 'Әбіл\u0000қасымова' } })),
    bad('half a surrogate pair', (a) => ({ ...a, applicant: { ...a.applicant, firstName: 'Ұлжан\uD800' } })),
    // Too deep for JSON.stringify here: spliced into the body as text (see DEEP).
    bad('a value nested 5,000 levels deep', (a) => ({ ...a, workplaces: { mother: DEEP } })),
    bad('a birth date of 30 February', (a) => ({ ...a, child: { ...a.child, birthDate: '2023-02-30' } })),
    bad('an instant in year 0000', (a) => ({ ...a, acceptedAt: '0000-01-01T00:00:00Z' })),
    bad('a journal number beyond any column', (a) => ({ ...a, journalSeq: 2 ** 40 })),
    bad('a journal year of 99999', (a) => ({ ...a, journalYear: 99999 })),
    { what: 'a baseVersion of 2^31', make: (op) => ({ ...op, kind: 'patch', baseVersion: 2 ** 31 }) },
    { what: 'an 8 KB entity id', make: (op) => ({ ...op, entityId: 'x'.repeat(8192) }) },
    { what: 'an unknown entity', make: (op) => ({ ...op, entity: 'president' as never }) },
  ];
}

describe('one bad value never blocks a laptop (finding 3)', () => {
  it('refuses each as invalid (never a server error, never a 500) and applies the good op after it', async () => {
    const dev = akkainar;
    for (const { what, make } of badOps()) {
      const [real, ...access] = await registered(dev);
      const op = make(real);
      const good = await registered(dev);
      const res = await dev.client.post('/v1/push', undefined, {
        raw: JSON.stringify({ ops: [op, ...access, ...good] }).replace(`"${DEEP}"`, deepJson),
      });
      expect(res.status, what).toBe(200);
      expect(res.body.results[0], what).toMatchObject({ status: 'quarantined', reason: 'validation' });
      // The rest applies: the access-log entry beside it (the desk logged the intake) and the next application.
      expect(
        res.body.results.slice(1).map((x: { status: string }) => x.status),
        what,
      ).toEqual([...access, ...good].map(() => 'applied'));
      expect(res.body.acked, what).toBe(last(good));
      // Kept in the audit trail as it could be stored.
      const kept = await srv.db.query('SELECT status, reason FROM ops WHERE device_id = $1 AND device_seq = $2', [
        dev.client.deviceId,
        op.deviceSeq,
      ]);
      expect(kept.rows[0], what).toEqual({ status: 'quarantined', reason: 'validation' });
    }
  });

  it('an invalid op that arrives early waits in the backlog and is refused in its turn', async () => {
    const dev = akkainar;
    const first = await registered(dev);
    const [nul, nulAccess] = await registered(dev);
    const early = {
      ...nul,
      fields: { ...nul.fields, applicant: { ...(nul.fields.applicant as object), lastName: 'Нөл\u0000' } },
    };
    expect((await dev.client.push([early])).results[0].status).toBe('backlogged');
    const r = await dev.client.push(first);
    expect(r.acked).toBe(early.deviceSeq);
    const kept = await srv.db.query('SELECT status, reason FROM ops WHERE device_id = $1 AND device_seq = $2', [
      dev.client.deviceId,
      early.deviceSeq,
    ]);
    expect(kept.rows[0]).toEqual({ status: 'quarantined', reason: 'validation' });
    // The access-log entry the desk wrote beside it follows.
    expect((await dev.client.push([nulAccess])).acked).toBe(nulAccess.deviceSeq);
  });
});

describe('no op is acknowledged unapplied (finding 4)', () => {
  it('refuses a second op under a deviceSeq that waits in the backlog, visibly, and applies the first in its turn', async () => {
    const dev = await srv.desk('karasu', 'two ops one number');
    const gap = await registered(dev);
    const [waiting] = await registered(dev);
    // Another registration's create, sent under the waiting one's number.
    const [other] = await registered(dev);
    const rival = { ...other, deviceSeq: waiting.deviceSeq };
    expect((await dev.client.push([waiting])).results[0].status).toBe('backlogged');
    const r = await dev.client.push([rival]);
    expect(r.results[0]).toMatchObject({ status: 'quarantined', reason: 'op.seqReused' });
    // The district sees it among the refused ops.
    const q = await district.get('/v1/district/quarantine');
    expect(q.body.refused.map((x: { opId: string }) => x.opId)).toContain(rival.opId);
    const done = await dev.client.push(gap);
    expect(done.acked).toBe(waiting.deviceSeq);
    expect((await row('applications', waiting.entityId)).status).toBe('registered');
    expect(await row('applications', rival.entityId)).toBeUndefined();
    // The same rival sent again is refused again, never taken as a duplicate of the applied one.
    expect((await dev.client.push([rival])).results[0]).toMatchObject({
      status: 'quarantined',
      reason: 'op.seqReused',
    });
  });
});

describe('official numbers are checked against leases (finding 5)', () => {
  it('flags a number leased to another laptop and one already carried, keeps both, and the district renumbers', async () => {
    const one = await srv.desk('mobile', 'numbers laptop 1');
    const two = await srv.desk('mobile', 'numbers laptop 2');
    const [mineOp] = await registered(one);
    const mine = (await one.desk.get(mineOp.entityId))!;
    const first = (await one.sync()).result(mineOp)!;
    expect(first.status).toBe('applied');
    expect(first.conflicts).toBeUndefined();
    // Laptop two's application arrives with laptop one's number (a restored backup, a tampered desk).
    const { code } = await two.desk.office();
    const numbered = (op: Op, seq: number) =>
      ({
        ...op,
        fields: {
          ...op.fields,
          journalSeq: seq,
          journalNo: formatJournalNo(code, op.fields.journalYear as number, seq),
        },
      }) as Op;
    const [clashOp, ...clashRest] = await registered(two);
    const clash = numbered(clashOp, mine.journalSeq);
    expect(clash.fields.journalNo).toBe(mine.journalNo);
    const r = await two.client.push([clash, ...clashRest]);
    expect(r.results[0].status).toBe('applied');
    expect(r.results[0].conflicts?.map((c) => c.kind)).toEqual(['hard']);
    const conflicts = await district.conflicts(`status=open&entityId=${clash.entityId}`);
    expect(conflicts.map((c) => c.reason)).toEqual(['journal.taken']);
    expect(conflicts[0].fields).toEqual([
      { field: 'journalNo', server: mine.journalNo, device: clash.fields.journalNo },
    ]);
    // A number from no lease at all.
    const [strayOp, ...strayRest] = await registered(two);
    const stray = numbered(strayOp, 900_000);
    expect((await two.client.push([stray, ...strayRest])).results[0].conflicts).toHaveLength(1);
    expect((await district.conflicts(`status=open&entityId=${stray.entityId}`)).map((c) => c.reason)).toEqual([
      'journal.notLeased',
    ]);
    // Both applications are kept, numbered alike, until the district gives one a new number.
    expect((await row('applications', mine.id)).journal_no).toBe(
      (await row('applications', clash.entityId)).journal_no,
    );
    const renumbered = await district.post(`/v1/district/applications/${clash.entityId}/renumber`);
    expect(renumbered.status).toBe(200);
    expect(renumbered.body.journalNo).not.toBe(mine.journalNo);
    expect(renumbered.body.resolved).toEqual([conflicts[0].id]);
    const after = await row('applications', clash.entityId);
    expect(after.journal_no).toBe(renumbered.body.journalNo);
    expect(after.open_conflicts).toBe(0);
    // The laptop that numbered it receives the new number at its next sync, and its desk shows it.
    const run = await two.sync();
    const back = run.pulled.find((c) => c.id === clash.entityId);
    expect((back?.data as Application).journalNo).toBe(renumbered.body.journalNo);
    expect((await two.desk.get(clash.entityId))!.journalNo).toBe(renumbered.body.journalNo);
    // And no later lease hands the new number out again.
    const lease = await two.client.lease('preschool-queue', year, 5);
    expect(lease.from).toBeGreaterThan(renumbered.body.journalSeq);
  });
});

describe('no personal data in the server log (finding 6)', () => {
  it('logs ids and codes only, whatever failed', async () => {
    const dev = akkainar;
    // Markers no log line may ever carry: a child's IIN, names, a phone, an address, a login.
    const markerIin = makeIin('2022-03-04', 'female', 4242)!;
    const M = {
      iin: markerIin,
      last: 'Маркерқызы',
      first: 'Құпия',
      phone: '+7 700 123 45 67',
      address: 'Маркер көшесі, 13',
      login: 'markerlogin',
    };
    const child = { iin: markerIin, lastName: M.last, firstName: M.first, birthDate: '2022-03-04', sex: 'female' };
    const applicant = {
      kind: 'parent',
      iin: makeIin('1990-01-01', 'female', 17),
      lastName: M.last,
      firstName: M.first,
      phone: M.phone,
      address: M.address,
    };
    /** A registration of the desk, carrying the markers (and `patch`) on the way; its access-log entry beside it. */
    const with_ = async (patch: Record<string, unknown>) => {
      const [op, ...rest] = await registered(dev);
      return [{ ...op, fields: { ...op.fields, child, applicant, ...patch } } as Op, ...rest];
    };
    const sent: Op[][] = [
      await with_({ child: { ...child, lastName: `${M.last}\u0000` } }), // invalid characters
      await with_({ child: { ...child, birthDate: '2023-02-30' } }), // impossible date
      await with_({ child: { ...child, iin: `${markerIin.slice(0, 11)}${(Number(markerIin[11]) + 1) % 10}` } }), // bad check digit
      await with_({ officeId: srv.officeId('karasu') }), // another office's record
      await with_({
        workplaces: { mother: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`${M.last}${i}`, M.address])) },
      }), // too many fields
      await with_({}), // a valid one, carrying the markers
    ];
    const head = await dev.as('head');
    const staffOp = () => {
      const id = newId();
      return forge(dev, {
        entity: 'staff',
        entityId: id,
        kind: 'create',
        baseVersion: 0,
        staffId: head.id,
        fields: {
          id,
          officeId: dev.client.officeId,
          fullName: `${M.last} ${M.first}`,
          login: M.login,
          roles: ['clerk'],
          active: true,
          createdAt: new Date().toISOString(),
        },
      });
    };
    // The same login twice in one batch: the database refuses the second (unique index).
    const staff = [await staffOp(), await staffOp()];
    const ops = [...sent.flat(), ...staff];
    const res = await dev.client.pushRaw(ops);
    expect(res.status).toBe(200);
    const reason = (op: Op) => {
      const x = res.body.results.find((y: { opId: string }) => y.opId === op.opId);
      return x.reason ?? x.status;
    };
    expect([...sent.map((s) => s[0]), ...staff].map(reason)).toEqual([
      'validation',
      'validation',
      'validation',
      'scope.office',
      'validation',
      'applied',
      'applied',
      'record.uniqueViolation',
    ]);
    expect(res.body.results.filter((x: { status: string }) => x.status !== 'applied')).toHaveLength(6);
    // The refusal carries no database words either (they name the values).
    expect(JSON.stringify(res.body.results.find((y: { opId: string }) => y.opId === staff[1].opId))).not.toContain(
      M.login,
    );
    // A second op under a used number, a bad cursor, a bad body: more failing paths.
    const [again] = await with_({});
    await dev.client.push([{ ...again, deviceSeq: ops[0].deviceSeq }]);
    await dev.client.get(`/v1/pull?cursor=${encodeURIComponent(M.iin)}`);
    await dev.client.post('/v1/push', undefined, {
      raw: `{"ops": [{"x": "${M.last}`,
      headers: { 'content-type': 'application/json' },
    });
    await dev.client.post('/v1/district/login', { login: M.login, password: M.iin }, { token: null });

    expect(log.length).toBeGreaterThan(10);
    expect(log.some((l) => l.includes(dev.client.deviceId) && l.includes('op quarantined'))).toBe(true);
    const text = log.join('\n');
    for (const [name, marker] of Object.entries(M))
      expect(text.includes(marker), `${name} in the log: ${log.find((l) => l.includes(marker))}`).toBe(false);
  });
});
