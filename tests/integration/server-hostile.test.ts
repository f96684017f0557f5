/**
 * Issue #10's findings, each as an outsider reproduced it through the HTTP API
 * alone: a laptop making itself the district, a backlogged op applied to
 * another office's record, one bad value blocking a laptop for good, an op
 * acknowledged unapplied, official numbers outside leases, personal data in
 * the server log. Runs on PGlite and (scripts/pg-test.sh) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, localParts, makeIin, newId, type Application, type Op } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS, TEST_PASSWORD_ITERATIONS } from '../support/harness';
import type { DeviceClient, DistrictClient } from '../support/client';
import { FakeDesk } from '../support/fixtures';

let srv: TestServer;
let district: DistrictClient;
/** Every line the server logged (pino JSON), for the personal-data check at the end. */
const log: string[] = [];

beforeAll(async () => {
  srv = await startTestServer({ logger: { level: 'debug', stream: { write: (line: string) => void log.push(line) } } });
  district = await srv.district();
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const enrolled = (key: string, name?: string) => srv.enrolled(key, name);

const row = async (table: string, id: string) => (await srv.db.query(`SELECT * FROM ${table} WHERE id = $1`, [id])).rows[0];
const year = Number(localParts(new Date().toISOString()).date.slice(0, 4));

describe('an office laptop cannot make itself the district (finding 1)', () => {
  it('refuses a change of its office type, code or district, and the laptop stays an office', async () => {
    const other = await enrolled('ushkonyr', 'other office');
    expect((await other.dev.push([other.desk.register().op])).results[0].status).toBe('applied');
    const { dev, desk } = await enrolled('karasu', 'hostile laptop');
    const head = desk.actor('head');
    const officeBefore = await row('offices', dev.officeId);
    const ops = [
      desk.op({ entity: 'office', entityId: dev.officeId, kind: 'patch', fields: { type: 'districtEducation' }, baseVersion: 0, staffId: head.id }),
      desk.op({ entity: 'office', entityId: dev.officeId, kind: 'patch', fields: { code: 'АУДАН' }, baseVersion: 0, staffId: head.id }),
      desk.op({ entity: 'office', entityId: dev.officeId, kind: 'create', fields: { ...desk.office, type: 'districtEducation' }, baseVersion: 0, staffId: head.id }),
      // What the desk's settings do change: the phone number, signed by the head.
      desk.op({ entity: 'office', entityId: dev.officeId, kind: 'patch', fields: { phone: '+7 701 000 00 01' }, baseVersion: 0, staffId: head.id }),
    ];
    const r = await dev.push(ops);
    expect(r.results.map((x) => x.reason ?? x.status)).toEqual(['scope.districtOnly', 'scope.districtOnly', 'scope.districtOnly', 'applied']);
    const after = await row('offices', dev.officeId);
    expect(after.type).toBe(officeBefore.type);
    expect(after.code).toBe(officeBefore.code);
    expect(after.data.phone).toBe('+7 701 000 00 01');
    // Still an office: district calls are refused and other offices' applications never come.
    expect((await dev.get('/v1/district/conflicts')).status).toBe(403);
    const pulled = await dev.pullAll();
    expect(pulled.changes.filter((c) => c.entity === 'application' && (c.data as Application).officeId !== dev.officeId)).toEqual([]);
  });

  it('cannot mint staff: not in the district office, not with a password, not signed by a clerk', async () => {
    const { dev, desk } = await enrolled('karasu', 'staff minting laptop');
    const head = desk.actor('head');
    const password = await hashPassword('chosen-by-thief', TEST_PASSWORD_ITERATIONS);
    const staff = (officeId: string, login: string, extra: Record<string, unknown> = {}) => ({
      id: newId(), officeId, fullName: 'Ұры Қызметкер', login, roles: ['head'], active: true, createdAt: new Date().toISOString(), ...extra,
    });
    const districtOffice = srv.officeId('district');
    const ops = [
      desk.op({ entity: 'staff', entityId: newId(), kind: 'create', fields: staff(districtOffice, 'thief1', { password }), baseVersion: 0, staffId: head.id }),
      desk.op({ entity: 'staff', entityId: newId(), kind: 'create', fields: staff(districtOffice, 'thief2'), baseVersion: 0, staffId: head.id }),
      desk.op({ entity: 'staff', entityId: newId(), kind: 'create', fields: staff(dev.officeId, 'thief3', { password }), baseVersion: 0, staffId: head.id }),
      desk.op({ entity: 'staff', entityId: newId(), kind: 'create', fields: staff(dev.officeId, 'thief4'), baseVersion: 0, staffId: desk.actor('clerk').id }),
      // A head adding a colleague to the office, as the desk's settings do (no password: it is set on the desk).
      desk.op({ entity: 'staff', entityId: newId(), kind: 'create', fields: staff(dev.officeId, 'colleague', { roles: ['clerk'] }), baseVersion: 0, staffId: head.id }),
    ];
    const r = await dev.push(ops);
    expect(r.results.map((x) => x.reason ?? x.status)).toEqual(['scope.office', 'scope.office', 'scope.districtOnly', 'staff.wrongRole', 'applied']);
    const logins = (await srv.db.query(`SELECT login FROM staff WHERE login LIKE 'thief%' OR login = 'colleague'`)).rows.map((x) => x.login);
    expect(logins).toEqual(['colleague']);
    expect((await dev.post('/v1/district/login', { login: 'thief1', password: 'chosen-by-thief' }, { token: null })).status).toBe(401);
  });

  it('kindergartens are the district\'s: only places are taken and given back', async () => {
    const { dev, desk } = await enrolled('karasu', 'kindergarten laptop');
    const kg = desk.kindergartens[0];
    const group = kg.ageGroups[0];
    const clerk = desk.actor('clerk');
    const r = await dev.push([
      desk.op({ entity: 'kindergarten', entityId: kg.id, kind: 'patch', fields: { name: { kk: 'Басқа', ru: 'Другой' } }, baseVersion: 0, staffId: clerk.id }),
      desk.op({ entity: 'kindergarten', entityId: newId(), kind: 'create', fields: { ...kg, id: undefined, number: '99' }, baseVersion: 0, staffId: clerk.id }),
      desk.op({ entity: 'kindergarten', entityId: kg.id, kind: 'patch', fields: { freePlacesDelta: { [group.id]: -1 }, updatedAt: new Date().toISOString() }, baseVersion: 0, staffId: clerk.id }),
      desk.op({ entity: 'kindergarten', entityId: kg.id, kind: 'patch', fields: { freePlacesDelta: { [group.id]: -1 } }, baseVersion: 0, staffId: clerk.id }),
    ]);
    expect(r.results.map((x) => x.reason ?? x.status)).toEqual(['scope.districtOnly', 'scope.districtOnly', 'scope.districtOnly', 'applied']);
    const after = await row('kindergartens', kg.id);
    expect(after.data.name).toEqual(kg.name);
    expect(after.data.ageGroups[0].freePlaces).toBe(group.freePlaces - 1);
  });
});

describe('a backlogged op is checked when it is applied (finding 2)', () => {
  it('an op waiting for its predecessor does not touch a record another office created meanwhile', async () => {
    const A = await enrolled('karasu', 'waiting laptop');
    const B = await enrolled('ushkonyr', 'victim office');
    const victim = B.desk.register();
    // A's third op names the id of a record that does not exist yet: it waits.
    const first = A.desk.register();
    const second = A.desk.register();
    const hostile: Op = A.desk.op({ entity: 'application', entityId: victim.app.id, kind: 'patch', fields: { queueState: 'withdrawn' }, baseVersion: 1, staffId: A.desk.actor('clerk').id });
    expect((await A.dev.push([hostile])).results[0].status).toBe('backlogged');
    expect((await B.dev.push([victim.op])).results[0].status).toBe('applied');
    const before = await row('applications', victim.app.id);
    // The gap fills: the waiting op is applied now, and checked now.
    const r = await A.dev.push([first.op, second.op]);
    expect(r.acked).toBe(hostile.deviceSeq);
    const q = await srv.db.query('SELECT status, reason FROM ops WHERE device_id = $1 AND device_seq = $2', [A.dev.deviceId, hostile.deviceSeq]);
    expect(q.rows[0]).toEqual({ status: 'quarantined', reason: 'scope.office' });
    const after = await row('applications', victim.app.id);
    expect(after.data).toEqual(before.data);
    expect(after.change_seq).toBe(before.change_seq);
  });
});

const DEEP = '__deep__';
const deepJson = `${'{"d":'.repeat(5000)}"дно"${'}'.repeat(5000)}`;

/** Ops no desk makes, each made when it is sent (it takes the desk's next number). */
function badOps(desk: FakeDesk): Array<{ what: string; make: () => Op }> {
  const bad = (what: string, edit: (app: Record<string, any>) => Record<string, any>) => ({
    what,
    make: () => {
      const { op } = desk.register();
      return { ...op, fields: edit(structuredClone(op.fields)) } as Op;
    },
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
    { what: 'a baseVersion of 2^31', make: () => ({ ...desk.register().op, kind: 'patch', baseVersion: 2 ** 31 }) },
    { what: 'an 8 KB entity id', make: () => ({ ...desk.register().op, entityId: 'x'.repeat(8192) }) },
    { what: 'an unknown entity', make: () => ({ ...desk.register().op, entity: 'president' as never }) },
  ];
}

describe('one bad value never blocks a laptop (finding 3)', () => {
  it('refuses each as invalid (never a server error, never a 500) and applies the good op after it', async () => {
    const { dev, desk } = await enrolled('akkainar', 'fuzzed laptop');
    for (const { what, make } of badOps(desk)) {
      const op = make();
      const good = desk.register();
      const res = await dev.post('/v1/push', undefined, { raw: JSON.stringify({ ops: [op, good.op] }).replace(`"${DEEP}"`, deepJson) });
      expect(res.status, what).toBe(200);
      expect(res.body.results[0], what).toMatchObject({ status: 'quarantined', reason: 'validation' });
      expect(res.body.results[1], what).toMatchObject({ status: 'applied' });
      expect(res.body.acked, what).toBe(good.op.deviceSeq);
      // Kept in the audit trail as it could be stored.
      const kept = await srv.db.query('SELECT status, reason FROM ops WHERE device_id = $1 AND device_seq = $2', [dev.deviceId, op.deviceSeq]);
      expect(kept.rows[0], what).toEqual({ status: 'quarantined', reason: 'validation' });
    }
  });

  it('an invalid op that arrives early waits in the backlog and is refused in its turn', async () => {
    const { dev, desk } = await enrolled('akkainar', 'early bad op');
    const first = desk.register();
    const { op: nul } = desk.register();
    const early = { ...nul, fields: { ...nul.fields, applicant: { ...(nul.fields.applicant as object), lastName: 'Нөл\u0000' } } };
    expect((await dev.push([early])).results[0].status).toBe('backlogged');
    const r = await dev.push([first.op]);
    expect(r.acked).toBe(early.deviceSeq);
    const kept = await srv.db.query('SELECT status, reason FROM ops WHERE device_id = $1 AND device_seq = $2', [dev.deviceId, early.deviceSeq]);
    expect(kept.rows[0]).toEqual({ status: 'quarantined', reason: 'validation' });
  });
});

describe('no op is acknowledged unapplied (finding 4)', () => {
  it('refuses a second op under a deviceSeq that waits in the backlog, visibly, and applies the first in its turn', async () => {
    const { dev, desk } = await enrolled('karasu', 'two ops one number');
    const gap = desk.register();
    const waiting = desk.register();
    const rival = { ...desk.register().op, deviceSeq: waiting.op.deviceSeq };
    desk.seq--;
    expect((await dev.push([waiting.op])).results[0].status).toBe('backlogged');
    const r = await dev.push([rival]);
    expect(r.results[0]).toMatchObject({ status: 'quarantined', reason: 'op.seqReused' });
    // The district sees it among the refused ops.
    const q = await district.get('/v1/district/quarantine');
    expect(q.body.refused.map((x: { opId: string }) => x.opId)).toContain(rival.opId);
    const done = await dev.push([gap.op]);
    expect(done.acked).toBe(waiting.op.deviceSeq);
    expect((await row('applications', waiting.app.id)).status).toBe('registered');
    expect(await row('applications', rival.entityId)).toBeUndefined();
    // The same rival sent again is refused again, never taken as a duplicate of the applied one.
    expect((await dev.push([rival])).results[0]).toMatchObject({ status: 'quarantined', reason: 'op.seqReused' });
  });
});

describe('official numbers are checked against leases (finding 5)', () => {
  it('flags a number leased to another laptop and one already carried, keeps both, and the district renumbers', async () => {
    const one = await enrolled('mobile', 'numbers laptop 1');
    const two = await enrolled('mobile', 'numbers laptop 2');
    const mine = one.desk.register();
    const first = (await one.dev.push([mine.op])).results[0];
    expect(first.status).toBe('applied');
    expect(first.conflicts).toBeUndefined();
    // Laptop two uses laptop one's number (a restored backup, a tampered desk).
    const clash = two.desk.register({ journalSeq: mine.app.journalSeq });
    const r = await two.dev.push([clash.op]);
    expect(r.results[0].status).toBe('applied');
    expect(r.results[0].conflicts?.map((c) => c.kind)).toEqual(['hard']);
    const conflicts = await district.conflicts(`status=open&entityId=${clash.app.id}`);
    expect(conflicts.map((c) => c.reason)).toEqual(['journal.taken']);
    expect(conflicts[0].fields).toEqual([{ field: 'journalNo', server: mine.app.journalNo, device: clash.app.journalNo }]);
    // A number from no lease at all.
    const stray = two.desk.register({ journalSeq: 900_000 });
    expect((await two.dev.push([stray.op])).results[0].conflicts).toHaveLength(1);
    expect((await district.conflicts(`status=open&entityId=${stray.app.id}`)).map((c) => c.reason)).toEqual(['journal.notLeased']);
    // Both applications are kept, numbered alike, until the district gives one a new number.
    expect((await row('applications', mine.app.id)).journal_no).toBe((await row('applications', clash.app.id)).journal_no);
    const renumbered = await district.post(`/v1/district/applications/${clash.app.id}/renumber`);
    expect(renumbered.status).toBe(200);
    expect(renumbered.body.journalNo).not.toBe(mine.app.journalNo);
    expect(renumbered.body.resolved).toEqual([conflicts[0].id]);
    const after = await row('applications', clash.app.id);
    expect(after.journal_no).toBe(renumbered.body.journalNo);
    expect(after.open_conflicts).toBe(0);
    // The laptop that numbered it receives the new number.
    const pulled = await two.dev.pullAll(undefined, 'skip');
    const back = pulled.changes.find((c) => c.id === clash.app.id);
    expect((back?.data as Application).journalNo).toBe(renumbered.body.journalNo);
    // And no later lease hands the new number out again.
    const lease = await two.dev.lease('preschool-queue', year, 5);
    expect(lease.from).toBeGreaterThan(renumbered.body.journalSeq);
  });
});

describe('no personal data in the server log (finding 6)', () => {
  it('logs ids and codes only, whatever failed', async () => {
    const { dev, desk } = await enrolled('akkainar', 'marker laptop');
    // Markers no log line may ever carry: a child's IIN, names, a phone, an address, a login.
    const markerIin = makeIin('2022-03-04', 'female', 4242)!;
    const M = { iin: markerIin, last: 'Маркерқызы', first: 'Құпия', phone: '+7 700 123 45 67', address: 'Маркер көшесі, 13', login: 'markerlogin' };
    const child = { iin: markerIin, lastName: M.last, firstName: M.first, birthDate: '2022-03-04', sex: 'female' };
    const applicant = { kind: 'parent', iin: makeIin('1990-01-01', 'female', 17), lastName: M.last, firstName: M.first, phone: M.phone, address: M.address };
    const with_ = (patch: Record<string, unknown>) => {
      const { op } = desk.register();
      return { ...op, fields: { ...op.fields, child, applicant, ...patch } } as Op;
    };
    const head = desk.actor('head');
    const staffOp = () => desk.op({
      entity: 'staff', entityId: newId(), kind: 'create', baseVersion: 0, staffId: head.id,
      fields: { id: 'x', officeId: dev.officeId, fullName: `${M.last} ${M.first}`, login: M.login, roles: ['clerk'], active: true, createdAt: new Date().toISOString() },
    });
    const other = srv.officeId('karasu');
    const ops: Op[] = [
      with_({ child: { ...child, lastName: `${M.last}\u0000` } }), // invalid characters
      with_({ child: { ...child, birthDate: '2023-02-30' } }), // impossible date
      with_({ child: { ...child, iin: `${markerIin.slice(0, 11)}${(Number(markerIin[11]) + 1) % 10}` } }), // bad check digit
      with_({ officeId: other }), // another office's record
      with_({ workplaces: { mother: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`${M.last}${i}`, M.address])) } }), // too many fields
      with_({}), // a valid one, carrying the markers
      staffOp(),
      staffOp(), // the same login twice in one batch: the database refuses the second (unique index)
    ];
    for (const o of ops) (o.fields as Record<string, unknown>).id = o.entityId;
    const res = await dev.pushRaw(ops);
    expect(res.status).toBe(200);
    expect(res.body.results.map((x: { reason?: string; status: string }) => x.reason ?? x.status))
      .toEqual(['validation', 'validation', 'validation', 'scope.office', 'validation', 'applied', 'applied', 'record.uniqueViolation']);
    // The refusal carries no database words either (they name the values).
    expect(JSON.stringify(res.body.results[7])).not.toContain(M.login);
    // A second op under a used number, a bad cursor, a bad body: more failing paths.
    await dev.push([{ ...with_({}), deviceSeq: ops[0].deviceSeq }]);
    desk.seq--;
    await dev.get(`/v1/pull?cursor=${encodeURIComponent(M.iin)}`);
    await dev.post('/v1/push', undefined, { raw: `{"ops": [{"x": "${M.last}`, headers: { 'content-type': 'application/json' } });
    await dev.post('/v1/district/login', { login: M.login, password: M.iin }, { token: null });

    expect(log.length).toBeGreaterThan(10);
    expect(log.some((l) => l.includes(dev.deviceId) && l.includes('op quarantined'))).toBe(true);
    const text = log.join('\n');
    for (const [name, marker] of Object.entries(M)) expect(text.includes(marker), `${name} in the log: ${log.find((l) => l.includes(marker))}`).toBe(false);
  });
});
