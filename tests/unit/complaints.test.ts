// Data layer over a real Dexie on fake-indexeddb (IndexedDB does not exist in Node).
import '../helpers/browser-globals';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { DeskError, type DeskApi, type SetupInput } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import { fromLocal, makeIin, type IntakeInput } from '../../shared';

let clock = fromLocal('2026-03-20', '10:00');
let desk: DeskApi & { context: DeskContext };
let dbn = 0;

const childIin = (birth: string, serial: number, sex: 'male' | 'female' = 'female') => {
  for (let s = serial; ; s++) {
    const v = makeIin(birth, sex, s);
    if (v) return v;
  }
};

async function freshOffice(type: SetupInput['office']['type'] = 'village') {
  desk = createDesk({ db: new DeskDb(`c${++dbn}`), now: () => clock });
  await desk.setup({
    lang: 'kk',
    office: {
      type,
      code: 'ТЕСТ',
      name: { kk: 'Ақсу ауылы әкімінің аппараты', ru: 'Аппарат акима села Аксу' },
      district: { kk: 'Ақсу ауданы', ru: 'Аксуский район' },
      address: { kk: 'Ақсу, Абай к. 1', ru: 'Аксу, ул. Абая 1' },
      headName: 'Өтегенов Ғ.',
    },
    staff: [
      { fullName: 'Кеңсе Әйгерім', login: 'clerk', password: 'secret123', roles: ['clerk'] },
      { fullName: 'Басшы Ғалым', login: 'head', password: 'secret123', roles: ['head'] },
      { fullName: 'Орындаушы Құралай', login: 'exec', password: 'secret123', roles: ['executor'] },
    ],
    kindergartens: [
      {
        number: '7',
        name: { kk: '«Балапан»', ru: '«Балапан»' },
        address: { kk: 'Ақсу', ru: 'Аксу' },
        active: true,
        ageGroups: [{ id: 'g3', name: { kk: '3 жас', ru: '3 года' }, minAge: 2, maxAge: 4, freePlaces: 1 }],
      },
    ],
  });
}

async function intake(serial = 100): Promise<IntakeInput> {
  const kgs = await desk.kindergartens();
  return {
    serviceCode: 'preschool-queue',
    lang: 'kk',
    applicant: {
      kind: 'parent',
      iin: childIin('1990-05-04', 300 + serial, 'female'),
      lastName: 'Әбілқасымова',
      firstName: 'Ұлжан',
      phone: '+7 701 123 45 67',
      address: 'Ақсу, Абай к. 5',
    },
    child: { iin: childIin('2023-02-11', serial), lastName: 'Әбілқасымова', firstName: 'Әлия' },
    priority: null,
    kindergartenIds: [kgs[0].id],
    workplaces: { mother: 'мектеп' },
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
  };
}

const complaintInput = (over: Record<string, unknown> = {}) => ({
  complainant: {
    fullName: 'Жұмабаева Гүлнәр Серікқызы',
    address: 'Ақсу ауылы, Сәтбаев к. 12',
    phone: '+7 702 555 11 22',
  },
  against: 'Кеңсе қызметкері Кеңсе Әйгерім',
  subject: 'Қабылдау кезінде құжаттарды дөрекі түрде қайтарды',
  ...over,
});

async function as(login: string) {
  desk.signOut();
  await desk.signIn(login, 'secret123');
}

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof DeskError ? e.code : String(e);
  }
  return 'no error';
};

describe('complaints register', () => {
  beforeEach(async () => {
    clock = fromLocal('2026-03-20', '10:00');
    await freshOffice();
    await desk.signIn('clerk', 'secret123');
  });

  it('numbers complaints in their own journal and counts the term over Nauryz', async () => {
    const a = await desk.registerComplaint(complaintInput());
    const b = await desk.registerComplaint(complaintInput({ subject: 'Екінші шағым' }));
    expect([a.incomingNo, b.incomingNo]).toEqual(['ТЕСТ-Ш-2026-0001', 'ТЕСТ-Ш-2026-0002']);
    expect(a.receivedByName).toBe('Кеңсе Әйгерім');
    // Fri 20 Mar; 21-25 Mar are off (weekend, Nauryz, two moved days): 26, 27, 30, 31 Mar, 1 Apr.
    expect(a.dueAt).toBe(fromLocal('2026-04-01', '10:00'));
    // Forwarding within 3 working days: 26, 27, 30 Mar.
    expect(a.forwardBy).toBe(fromLocal('2026-03-30', '10:00'));
    expect([a.providerWorkingDays, a.authorityWorkingDays]).toEqual([5, 15]);
    // An application registered meanwhile still starts its own journal at 1.
    const app = await desk.register(await intake());
    expect(app.journalSeq).toBe(1);
    // The outbox carries one create op per complaint.
    const ops = await desk.context.db.outbox.where('entity').equals('complaint').toArray();
    expect(ops.map((o) => o.entityId)).toEqual([a.id, b.id]);
  });

  it('after hours the clock starts on the next working morning', async () => {
    clock = fromLocal('2026-03-20', '19:30');
    const c = await desk.registerComplaint(complaintInput());
    // Counted from Thu 26 Mar 09:00, the first working moment after Nauryz.
    expect(c.dueAt).toBe(fromLocal('2026-04-02', '09:00'));
  });

  it('links an application by journal number and refuses an unknown one', async () => {
    const app = await desk.register(await intake());
    const c = await desk.registerComplaint(complaintInput({ application: app.journalNo }));
    expect(c.applicationId).toBe(app.id);
    expect(c.serviceCode).toBe('preschool-queue');
    const err = await desk
      .registerComplaint(complaintInput({ application: 'ТЕСТ-2026-9999' }))
      .catch((e) => e as DeskError);
    expect(err).toBeInstanceOf(DeskError);
    expect((err as DeskError).fields.map((f) => f.code)).toEqual(['complaints.applicationUnknown']);
  });

  it('requires the name, postal address, whom and what (seed 000 §24)', async () => {
    const err = await desk
      .registerComplaint({ complainant: { fullName: ' ', address: '' }, against: '', subject: '  ' })
      .catch((e) => e as DeskError);
    expect((err as DeskError).code).toBe('validation');
    expect((err as DeskError).fields.map((f) => f.field).sort()).toEqual([
      'against',
      'complainant.address',
      'complainant.fullName',
      'subject',
    ]);
    expect(await desk.context.db.complaints.count()).toBe(0);
  });

  it('enforces roles: clerk registers, head forwards, head or executor answers', async () => {
    const c = await desk.registerComplaint(complaintInput());
    expect(await codeOf(desk.forwardComplaint(c.id))).toBe('workflow.wrongRole');
    expect(
      await codeOf(
        desk.answerComplaint(c.id, { text: 'Жауап', date: '2026-03-26', satisfied: 'fully', justified: false }),
      ),
    ).toBe('workflow.wrongRole');
    await as('head');
    expect(await codeOf(desk.registerComplaint(complaintInput()))).toBe('workflow.wrongRole');
    await as('exec');
    expect(await codeOf(desk.forwardComplaint(c.id))).toBe('workflow.wrongRole');
    const answered = await desk.answerComplaint(c.id, {
      text: 'Қызметкермен әңгіме жүргізілді',
      date: '2026-03-26',
      satisfied: 'fully',
      justified: true,
    });
    expect(answered.status).toBe('answered');
    expect(answered.answer?.byName).toBe('Орындаушы Құралай');
    expect(answered.answer?.justified).toBe(true);
  });

  it('an answer says whether the complaint was justified: without it nothing is recorded', async () => {
    const c = await desk.registerComplaint(complaintInput());
    await as('head');
    const unsaid = await desk
      .answerComplaint(c.id, { text: 'Жауап', date: '2026-03-26', satisfied: 'not', justified: null })
      .catch((e: unknown) => e);
    expect(unsaid).toBeInstanceOf(DeskError);
    expect((unsaid as DeskError).fields).toEqual([{ field: 'answer.justified', code: 'complaints.justifiedRequired' }]);
    expect((await desk.complaint(c.id))?.status).toBe('open');
    const done = await desk.answerComplaint(c.id, {
      text: 'Жауап',
      date: '2026-03-26',
      satisfied: 'not',
      justified: false,
    });
    expect(done.answer).toMatchObject({ satisfied: 'not', justified: false });
    // The op the district receives carries it.
    const ops = await desk.context.db.outbox.where('entityId').equals(c.id).sortBy('deviceSeq');
    expect(ops.map((o) => o.kind)).toEqual(['create', 'patch']);
  });

  it('forwarding gives the authority 15 working days; the answer closes it and it leaves the overdue list', async () => {
    const late = await desk.registerComplaint(complaintInput());
    clock = fromLocal('2026-03-27', '10:00');
    const fresh = await desk.registerComplaint(complaintInput({ subject: 'Жаңа шағым' }));
    expect((await desk.overdueComplaints()).map((c) => c.id)).toEqual([]);
    clock = fromLocal('2026-04-02', '09:00');
    expect((await desk.overdueComplaints()).map((c) => c.id)).toEqual([late.id]);
    await as('head');
    const f = await desk.forwardComplaint(late.id, 'Сапаны бақылау комитеті');
    expect(f.status).toBe('forwarded');
    // From Thu 2 Apr 09:00, 15 working days (1 and 7 May are holidays, not in range): 3, 6-10, 13-17, 20-23 Apr.
    expect(f.forwarded?.authorityDueAt).toBe(fromLocal('2026-04-23', '09:00'));
    expect((await desk.overdueComplaints()).map((c) => c.id)).toEqual([]);
    expect(await codeOf(desk.forwardComplaint(late.id))).toBe('workflow.wrongState');
    clock = fromLocal('2026-04-24', '09:00');
    // Oldest deadline first: the fresh one was due 3 Apr at the office, the forwarded one 23 Apr at the authority.
    expect((await desk.overdueComplaints()).map((c) => c.id)).toEqual([fresh.id, late.id]);
    const done = await desk.answerComplaint(late.id, {
      text: 'Шағым ішінара қанағаттандырылды',
      date: '2026-04-24',
      satisfied: 'partly',
      justified: false,
    });
    expect(done.status).toBe('answered');
    expect(done.answer?.satisfied).toBe('partly');
    expect(done.answer?.justified).toBe(false);
    expect((await desk.overdueComplaints()).map((c) => c.id)).toEqual([fresh.id]);
    expect(
      await codeOf(
        desk.answerComplaint(late.id, { text: 'again', date: '2026-04-24', satisfied: 'fully', justified: true }),
      ),
    ).toBe('workflow.wrongState');
    // The patch ops of forward and answer went to the outbox after the create.
    const ops = await desk.context.db.outbox.where('entityId').equals(late.id).sortBy('deviceSeq');
    expect(ops.map((o) => o.kind)).toEqual(['create', 'patch', 'patch']);
  });

  it('keeps nothing of the complainant in plaintext in the raw tables', async () => {
    await desk.registerComplaint(complaintInput());
    const raw = JSON.stringify({
      rows: await desk.context.db.complaints.toArray(),
      ops: await desk.context.db.outbox.toArray(),
    });
    for (const s of ['Жұмабаева', 'Сәтбаев', '555 11 22', 'дөрекі', 'Кеңсе Әйгерім']) expect(raw).not.toContain(s);
    // ...while the record reads back whole through the data layer.
    const [c] = await desk.complaints();
    expect(c.complainant.fullName).toBe('Жұмабаева Гүлнәр Серікқызы');
  });
});

describe('mobile centre visits', () => {
  beforeEach(async () => {
    clock = fromLocal('2026-04-06', '09:30');
    await freshOffice('mobileCentre');
    await desk.signIn('clerk', 'secret123');
  });

  it('links applications registered during the open visit and warns of a short stay', async () => {
    const before = await desk.register(await intake(1));
    const v = await desk.startVisit({ settlement: 'Қоянды ауылы' });
    expect(await codeOf(desk.startVisit({ settlement: 'Басқа' }))).toBe('visits.alreadyOpen');
    clock = fromLocal('2026-04-06', '11:00');
    const during = await desk.register(await intake(2));
    expect((await desk.currentVisit())?.applicationIds).toEqual([during.id]);
    expect(await desk.settlementsOf([before.id, during.id])).toEqual({ [during.id]: 'Қоянды ауылы' });
    clock = fromLocal('2026-04-06', '15:00');
    // 09:30-13:00 and 14:00-15:00: four and a half working hours.
    const end = await desk.endVisit(v.id);
    expect(end.workingMinutes).toBe(270);
    expect(end.short).toBe(true);
    expect(await desk.currentVisit()).toBeNull();
    const after = await desk.register(await intake(3));
    expect(await desk.settlementsOf([after.id])).toEqual({});
    const ops = await desk.context.db.outbox.where('entityId').equals(v.id).sortBy('deviceSeq');
    expect(ops.map((o) => o.kind)).toEqual(['create', 'patch', 'patch']);
  });

  it('a stay over two days counts only office hours; an executor may not open a visit', async () => {
    const v = await desk.startVisit({ settlement: 'Ақжар' });
    clock = fromLocal('2026-04-07', '12:00');
    const end = await desk.endVisit(v.id);
    expect(end.workingMinutes).toBe(210 + 240 + 180);
    expect(end.short).toBe(false);
    await as('exec');
    expect(await codeOf(desk.startVisit({ settlement: 'Ақжар' }))).toBe('workflow.wrongRole');
  });

  it('is refused to an ordinary village office', async () => {
    await freshOffice('village');
    await desk.signIn('clerk', 'secret123');
    expect(await codeOf(desk.startVisit({ settlement: 'Ақжар' }))).toBe('visits.notMobile');
  });
});

describe('technical problem protocols', () => {
  beforeEach(async () => {
    clock = fromLocal('2026-04-06', '16:00');
    await freshOffice();
    await desk.signIn('clerk', 'secret123');
  });

  it('numbers protocols, updates the restoration, checks the times and the role', async () => {
    const p = await desk.saveTechProtocol({
      system: 'ГБД ЮЛ / «Е-лицензиялау»',
      failure: 'Жүйеге кіру мүмкін емес',
      since: fromLocal('2026-04-06', '10:00'),
      detectedBy: 'Кеңсе Әйгерім',
      affected: ['ТЕСТ-2026-0001', ' '],
      recordedBy: { name: 'Сейітов Н.', position: 'АКТ маманы' },
    });
    expect(p.protocolNo).toBe('ТЕСТ-ТП-2026-0001');
    expect(p.affected).toEqual(['ТЕСТ-2026-0001']);
    const q = await desk.saveTechProtocol({
      ...p,
      id: p.id,
      restoredAt: fromLocal('2026-04-06', '15:30'),
      recordedBy: p.recordedBy,
    });
    expect(q.protocolNo).toBe(p.protocolNo);
    expect(q.restoredAt).toBe(fromLocal('2026-04-06', '15:30'));
    const err = await desk
      .saveTechProtocol({ ...p, id: undefined, restoredAt: fromLocal('2026-04-06', '09:00') })
      .catch((e) => e as DeskError);
    expect((err as DeskError).fields.map((f) => f.code)).toEqual(['techProtocol.beforeFailure']);
    await as('exec');
    expect(await codeOf(desk.saveTechProtocol({ ...p, id: undefined }))).toBe('workflow.wrongRole');
    expect((await desk.techProtocols()).length).toBe(1);
  });
});
