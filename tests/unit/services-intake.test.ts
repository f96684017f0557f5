// Intake and workflow of the services other than the preschool queue: the shared
// hearing rules, then the data layer over a real Dexie on fake-indexeddb.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { DeskError, type DeskApi } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import { renderText } from '../helpers/pdf';
import {
  addMonths,
  addWorkingDays,
  checkNotice,
  completenessDue,
  defaultCatalog,
  finalDecisionDue,
  fromLocal,
  handBackFrom,
  makeIin,
  needsHearing,
  noticeWindow,
  subtractWorkingDays,
  validateIntake,
  normalizeIntake,
  buildForm,
  printableForms,
  recordFormData,
  type Application,
  type FormId,
  type IntakeInput,
  type OfficeType,
} from '../../shared';

const camp = defaultCatalog.get('camp-referral');

describe('hearing rules (seed 003 Annex 11 §10)', () => {
  it('counts working days back over holidays, the inverse of addWorkingDays', () => {
    // 7 May (Defender's Day) and 11 May (Victory Day moved from Saturday) are days off in 2026.
    expect(subtractWorkingDays('2026-05-15', 3)).toBe('2026-05-12');
    expect(subtractWorkingDays('2026-05-12', 1)).toBe('2026-05-08');
    expect(subtractWorkingDays('2026-05-12', 2)).toBe('2026-05-06');
    for (const d of ['2026-05-06', '2026-03-20', '2026-12-30'])
      expect(subtractWorkingDays(addWorkingDays(d, 4), 4)).toBe(d);
    expect(() => subtractWorkingDays('2026-05-12', -1)).toThrow(RangeError);
  });

  it('puts the latest notice 3 working days before the term ends', () => {
    const due = fromLocal('2026-05-15', '10:00');
    expect(noticeWindow(due, 3)).toEqual({ termEndsOn: '2026-05-15', latestNoticeOn: '2026-05-12' });
    // Early enough on the 14th that the decision, 1 working day later, keeps the term (K-02).
    const hearingAt = fromLocal('2026-05-14', '09:30');
    expect(checkNotice(camp, due, ['unreliableDocuments'], fromLocal('2026-05-12', '17:59'), hearingAt)).toMatchObject({
      ok: true,
    });
    expect(checkNotice(camp, due, ['unreliableDocuments'], fromLocal('2026-05-13', '09:00'), hearingAt)).toMatchObject({
      ok: false,
      reason: 'hearing.noticeTooLate',
      span: { latestNoticeOn: '2026-05-12' },
    });
  });

  it('hears only the §9 grounds and a hearing within the term', () => {
    const due = fromLocal('2026-05-15', '10:00');
    const now = fromLocal('2026-05-08', '10:00');
    expect(needsHearing(camp, 'noConsent')).toBe(true);
    expect(needsHearing(camp, 'incompleteDocuments')).toBe(false);
    expect(needsHearing(defaultCatalog.get('school-transfer'), 'incompleteDocuments')).toBe(false);
    expect(checkNotice(camp, due, ['incompleteDocuments'], now, fromLocal('2026-05-13', '10:00'))).toMatchObject({
      ok: false,
      reason: 'hearing.groundNotHeard',
    });
    expect(checkNotice(camp, due, [], now, fromLocal('2026-05-13', '10:00'))).toMatchObject({
      ok: false,
      reason: 'hearing.groundNotHeard',
    });
    expect(checkNotice(camp, due, ['noConsent'], now, fromLocal('2026-05-08', '09:00'))).toMatchObject({
      ok: false,
      reason: 'hearing.timeOutOfRange',
    });
    expect(checkNotice(camp, due, ['noConsent'], now, fromLocal('2026-05-15', '11:00'))).toMatchObject({
      ok: false,
      reason: 'hearing.afterTerm',
    });
    expect(checkNotice(defaultCatalog.get('school-transfer'), due, ['incompleteDocuments'], now, due)).toMatchObject({
      ok: false,
      reason: 'hearing.notApplicable',
    });
  });

  it('gives the final decision 1 working day after the hearing and the completeness check 1 working day', () => {
    // Hearing on Wed 6 May: Thursday 7 May is a holiday, so the decision is due Friday.
    expect(finalDecisionDue(fromLocal('2026-05-06', '15:00'), 1)).toBe(fromLocal('2026-05-08', '15:00'));
    expect(completenessDue(fromLocal('2026-05-08', '16:00'), 1)).toBe(fromLocal('2026-05-12', '16:00'));
  });

  it('keeps an uncollected result one month, the 31st ending a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(handBackFrom(fromLocal('2026-05-15', '23:30'), 1)).toBe('2026-06-15');
  });
});

const iin = (birth: string, serial: number, sex: 'male' | 'female' = 'female') => {
  for (let s = serial; ; s++) {
    const v = makeIin(birth, sex, s);
    if (v) return v;
  }
};

function campInput(over: Partial<IntakeInput> = {}): IntakeInput {
  return {
    serviceCode: 'camp-referral',
    lang: 'kk',
    applicant: {
      kind: 'parent',
      iin: iin('1988-03-02', 400),
      lastName: 'Сейітқалиева',
      firstName: 'Гүлнұр',
      phone: '+7 701 555 44 33',
      address: 'Ақсу, Жамбыл к. 3',
    },
    child: { iin: iin('2015-09-14', 500), lastName: 'Сейітқали', firstName: 'Әлішер' },
    priority: null,
    kindergartenIds: [],
    workplaces: {},
    consent: true,
    fields: { schoolNumber: '2', classLetter: '5 «Ә»', schoolYear: '2025-2026' },
    statusCategory: 'targetedSocialAssistance',
    statusDocument: 'анықтама № 45',
    documents: ['application', 'applicantId', 'medicalCertificate', 'tsaCertificate'],
    ...over,
  };
}

describe('intake validation of service fields', () => {
  const now = fromLocal('2026-05-06', '10:00');
  it('requires the application fields and one status category', () => {
    const bad = normalizeIntake(campInput({ fields: { schoolNumber: ' ', classLetter: '5' }, statusCategory: null }));
    const r = validateIntake(bad, camp, now);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => `${e.field}:${e.code}`).sort()).toEqual([
      'fields.schoolNumber:required',
      'fields.schoolYear:required',
      'statusCategory:service.statusRequired',
    ]);
    const unknown = validateIntake(normalizeIntake(campInput({ statusCategory: 'rich' })), camp, now);
    expect(unknown.ok ? [] : unknown.errors.map((e) => e.code)).toEqual(['service.statusUnknown']);
    expect(validateIntake(normalizeIntake(campInput()), camp, now).ok).toBe(true);
  });
});

let clock = fromLocal('2026-05-06', '10:00');
let desk: DeskApi & { context: DeskContext };
let dbn = 0;

async function freshOffice(type: OfficeType = 'village') {
  desk = createDesk({ db: new DeskDb(`svc${++dbn}`), now: () => clock });
  await desk.setup({
    lang: 'kk',
    office: {
      type,
      code: 'АҚС',
      name: { kk: 'Ақсу ауылы әкімінің аппараты', ru: 'Аппарат акима села Аксу' },
      district: { kk: 'Ақсу ауданы', ru: 'Аксуский район' },
      address: { kk: 'Ақсу, Абай к. 1', ru: 'Аксу, ул. Абая 1' },
      headName: 'Өтегенов Ғ.',
    },
    staff: [
      { fullName: 'Кеңсе Әйгерім', login: 'clerk', password: 'secret123', roles: ['clerk'] },
      { fullName: 'Басшы Ғалым', login: 'head', password: 'secret123', roles: ['head'] },
      { fullName: 'Орындаушы Құралай', login: 'exec', password: 'secret123', roles: ['executor'] },
      { fullName: 'Жалғыз Нұрлан', login: 'solo', password: 'secret123', roles: ['clerk', 'head', 'executor'] },
    ],
  });
}

async function toDecision(input: IntakeInput) {
  await desk.signIn('clerk', 'secret123');
  const app = await desk.register(input);
  await desk.signIn('head', 'secret123');
  const exec = (await desk.staff()).find((s) => s.login === 'exec')!;
  await desk.resolve(app.id, exec.id);
  await desk.signIn('exec', 'secret123');
  return app;
}

describe('services data layer', () => {
  beforeEach(async () => {
    clock = fromLocal('2026-05-06', '10:00');
    // Camp referrals are the education department's (seed 003 Annex 2 §1): a village only takes them in (F-20).
    await freshOffice('districtEducation');
  });

  it('registers a camp application with its fields, category and completeness check date', async () => {
    await desk.signIn('clerk', 'secret123');
    const app = await desk.register(
      campInput({
        notInRegistry: ['marriageCertificate'],
        documents: ['application', 'applicantId', 'medicalCertificate', 'tsaCertificate', 'marriageCertificate'],
      }),
    );
    expect(app.fields).toEqual({ schoolNumber: '2', classLetter: '5 «Ә»', schoolYear: '2025-2026' });
    expect(app.statusCategory).toBe('targetedSocialAssistance');
    expect(app.notInRegistry).toEqual(['marriageCertificate']);
    expect(app.queueState).toBe('none');
    expect(app.kindergartenIds).toEqual([]);
    expect(app.dueAt).toBe(fromLocal('2026-05-15', '10:00'));
    expect(app.completenessDueAt).toBe(fromLocal('2026-05-08', '10:00'));
  });

  it('refuses to accept a camp application without the status proof or a certificate the registry lacks', async () => {
    await desk.signIn('clerk', 'secret123');
    const noProof = campInput({
      documents: ['application', 'applicantId', 'medicalCertificate'],
      notInRegistry: ['birthCertificate'],
    });
    await expect(desk.register(noProof)).rejects.toMatchObject({ code: 'documents.missing' });
    const r = await desk.refuseToAccept(noProof, ['birthCertificate', 'tsaCertificate']);
    expect(r.missingDocuments).toEqual(['birthCertificate', 'tsaCertificate']);
    await desk.logPrint(r.id, 'camp-refusal-to-accept', 'kk', 'print', 'refusal');
    const stored = (await desk.refusals()).find((x) => x.id === r.id)!;
    expect(stored.prints[0]).toMatchObject({ form: 'camp-refusal-to-accept', copies: 2 });
  });

  it('refuses on a §9 ground only after a timely notice and a hearing that upheld it', async () => {
    const app = await toDecision(campInput());
    await expect(
      desk.decide(app.id, { kind: 'refusal', groundCode: 'unreliableDocuments', reason: 'Анықтама жалған' }),
    ).rejects.toMatchObject({ code: 'hearing.required' });
    // Incomplete documents need no hearing (§8).
    clock = fromLocal('2026-05-13', '09:00');
    const late = await desk
      .preliminaryRefusal(app.id, {
        grounds: ['unreliableDocuments'],
        reason: 'Анықтама жалған',
        hearingAt: fromLocal('2026-05-14', '11:00'),
      })
      .catch((e) => e);
    expect(late).toBeInstanceOf(DeskError);
    expect(late).toMatchObject({
      code: 'hearing.noticeTooLate',
      params: { latest: '12.05.2026', termEnds: '15.05.2026' },
    });
    clock = fromLocal('2026-05-12', '16:00');
    await desk.signIn('clerk', 'secret123');
    await expect(
      desk.preliminaryRefusal(app.id, {
        grounds: ['unreliableDocuments'],
        reason: 'x',
        hearingAt: fromLocal('2026-05-14', '11:00'),
      }),
    ).rejects.toMatchObject({ code: 'workflow.wrongRole' });
    await desk.signIn('exec', 'secret123');
    // K-02: at 11:00 on the 14th the decision, 1 working day later, would fall after the term (15 May, 10:00).
    await expect(
      desk.preliminaryRefusal(app.id, {
        grounds: ['unreliableDocuments'],
        reason: 'Анықтама жалған',
        hearingAt: fromLocal('2026-05-14', '11:00'),
      }),
    ).rejects.toMatchObject({ code: 'hearing.afterTerm', params: { latestAt: '14.05.2026 10:00' } });
    // …and a hearing the next morning leaves no 2 working days to object.
    await expect(
      desk.preliminaryRefusal(app.id, {
        grounds: ['unreliableDocuments'],
        reason: 'Анықтама жалған',
        hearingAt: fromLocal('2026-05-13', '10:00'),
      }),
    ).rejects.toMatchObject({ code: 'hearing.beforeObjection', params: { earliest: '14.05.2026' } });
    const noticed = await desk.preliminaryRefusal(app.id, {
      grounds: ['unreliableDocuments'],
      reason: 'Анықтама жалған',
      hearingAt: fromLocal('2026-05-14', '09:00'),
      place: 'Ақсу, Абай к. 1, 3-кабинет',
    });
    expect(noticed.hearing).toMatchObject({
      noticeOn: '2026-05-12',
      latestNoticeOn: '2026-05-12',
      termEndsOn: '2026-05-15',
      noticeNo: 'АҚС-2026-0001',
    });
    expect(noticed.status).toBe('assigned');
    await expect(desk.decide(app.id, { kind: 'result', camp: { name: '«Балдәурен»' } })).rejects.toMatchObject({
      code: 'hearing.pending',
    });
    clock = fromLocal('2026-05-14', '09:40');
    const heard = await desk.recordHearing(app.id, {
      startedAt: fromLocal('2026-05-14', '09:00'),
      endedAt: fromLocal('2026-05-14', '09:30'),
      participants: 'Басшы Ғалым',
      applicantPresent: true,
      applicantPosition: 'Келіспеймін',
      outcome: 'refuse',
    });
    expect(heard.hearing?.record).toMatchObject({
      outcome: 'refuse',
      applicantPosition: 'Келіспеймін',
      finalDueAt: fromLocal('2026-05-15', '09:30'),
    });
    await expect(desk.decide(app.id, { kind: 'refusal', groundCode: 'noConsent', reason: 'x' })).rejects.toMatchObject({
      code: 'hearing.groundNotHeard',
    });
    await expect(desk.decide(app.id, { kind: 'result', camp: { name: '«Балдәурен»' } })).rejects.toMatchObject({
      code: 'hearing.outcomeRefuse',
    });
    const decided = await desk.decide(app.id, {
      kind: 'refusal',
      groundCode: 'unreliableDocuments',
      reason: 'Анықтама жалған',
    });
    expect(decided.decision).toMatchObject({ kind: 'refusal', groundCode: 'unreliableDocuments' });
    const ops = await desk.context.db.outbox.toArray();
    expect(ops.filter((o) => o.entity === 'application' && o.entityId === app.id).map((o) => o.kind)).toEqual([
      'create',
      'transition',
      'patch',
      'patch',
      'transition',
    ]);
  });

  it('issues a camp referral, and hands back a result nobody collected after a month', async () => {
    const app = await toDecision(campInput());
    await expect(desk.decide(app.id, { kind: 'result' })).rejects.toMatchObject({
      code: 'validation',
      fields: [{ field: 'camp.name', code: 'required' }],
    });
    const d = await desk.decide(app.id, {
      kind: 'result',
      camp: { name: '«Балдәурен» лагері', season: '2026 жаз, 1-ауысым' },
    });
    expect(d.decision).toMatchObject({
      kind: 'result',
      resultKind: 'referral',
      form: 'camp-referral',
      documentNo: 'АҚС-2026-0001',
    });
    await desk.signIn('head', 'secret123');
    await desk.sign(app.id);
    await desk.signIn('clerk', 'secret123');
    clock = fromLocal('2026-06-05', '10:00');
    await expect(desk.handBack(app.id)).rejects.toMatchObject({
      code: 'handBack.tooEarly',
      params: { date: '06.06.2026' },
    });
    clock = fromLocal('2026-06-08', '10:00');
    const back = await desk.handBack(app.id);
    expect(back.handedBackAt).toBe(clock);
    expect(back.status).toBe('signed');
    await expect(desk.handBack(app.id)).rejects.toMatchObject({ code: 'workflow.wrongState' });
  });

  it('gives a guardianship certificate at once, all five steps by one person holding the roles', async () => {
    const base: IntakeInput = {
      serviceCode: 'guardianship-certificate',
      lang: 'ru',
      applicant: {
        kind: 'legalRep',
        iin: iin('1970-01-20', 600, 'male'),
        lastName: 'Омаров',
        firstName: 'Бауыржан',
        phone: '+7 702 000 11 22',
        address: 'Ақсу',
      },
      child: { iin: iin('2012-04-03', 700), lastName: 'Омарова', firstName: 'Дана' },
      priority: null,
      kindergartenIds: [],
      workplaces: {},
      consent: true,
      documents: ['application', 'applicantId'],
    };
    // A village akimat takes the documents in for the department, which alone issues it (seed 002, F-20).
    await freshOffice('village');
    await desk.signIn('solo', 'secret123');
    const taken = await desk.register(base);
    const soloHere = (await desk.staff()).find((s) => s.login === 'solo')!;
    await expect(desk.resolve(taken.id, soloHere.id)).rejects.toMatchObject({ code: 'service.notIssuer' });
    expect((await desk.pendingFor('head')).map((a) => a.id)).not.toContain(taken.id);
    await freshOffice('districtEducation');
    await desk.signIn('solo', 'secret123');
    // Born before 13 Aug 2007 the birth certificate is not in the registry and is required (seed 002 §9 2)).
    const older = { ...base, child: { iin: iin('2007-05-01', 710), lastName: 'Омаров', firstName: 'Ерлан' } };
    await expect(desk.register(older)).rejects.toMatchObject({
      code: 'documents.missing',
      fields: [{ params: { doc: 'birthCertificate' } }],
    });
    const app = await desk.register(base);
    const solo = (await desk.staff()).find((s) => s.login === 'solo')!;
    await desk.resolve(app.id, solo.id);
    await expect(desk.decide(app.id, { kind: 'result' })).rejects.toMatchObject({ code: 'validation' });
    await desk.decide(app.id, {
      kind: 'result',
      basis: { body: 'Ақсу ауданының білім бөлімі', number: '17', date: '2025-11-03' },
    });
    await desk.sign(app.id);
    const done = await desk.issue(app.id);
    expect(done.status).toBe('issued');
    expect(done.decision).toMatchObject({
      kind: 'result',
      resultKind: 'certificate',
      form: 'guardianship-certificate',
    });
    expect(done.steps.map((s) => s.by)).toEqual([solo.id, solo.id, solo.id, solo.id, solo.id]);
    // Role checks stay: a clerk alone cannot decide.
    await desk.signIn('clerk', 'secret123');
    const other = await desk.register({
      ...base,
      child: { iin: iin('2013-04-03', 720), lastName: 'Омарова', firstName: 'Айым' },
    });
    await expect(desk.resolve(other.id, solo.id)).rejects.toMatchObject({ code: 'workflow.wrongRole' });
  });

  it('decides a generic service with a result text or a refusal on its ground', async () => {
    // A school decides a transfer (its catalog providers): the education department does not take it in.
    await desk.signIn('clerk', 'secret123');
    await expect(desk.register({ ...campInput(), serviceCode: 'school-transfer' })).rejects.toMatchObject({
      code: 'service.notForOffice',
    });
    await freshOffice('school');
    const input: IntakeInput = {
      serviceCode: 'school-transfer',
      lang: 'kk',
      applicant: {
        kind: 'parent',
        iin: iin('1985-07-07', 800),
        lastName: 'Нұрланова',
        firstName: 'Сәуле',
        phone: '+7 705 111 22 33',
        address: 'Ақсу',
      },
      child: { iin: iin('2016-02-02', 900, 'male'), lastName: 'Нұрланов', firstName: 'Ерасыл' },
      priority: null,
      kindergartenIds: ['ignored'],
      workplaces: {},
      consent: true,
      documents: ['application', 'applicantId'],
    };
    const app = await toDecision(input);
    expect(app.kindergartenIds).toEqual([]);
    await expect(desk.decide(app.id, { kind: 'result' })).rejects.toMatchObject({
      code: 'validation',
      fields: [{ field: 'text', code: 'required' }],
    });
    await expect(desk.decide(app.id, { kind: 'result', resultKind: 'referral', text: 'x' })).rejects.toMatchObject({
      fields: [{ code: 'service.resultUnknown' }],
    });
    const d = await desk.decide(app.id, { kind: 'result', text: 'Бала № 3 мектепке ауыстырылады.' });
    expect(d.decision).toMatchObject({ kind: 'result', resultKind: 'other', form: 'generic-result' });
    const second = await toDecision({
      ...input,
      child: { iin: iin('2016-03-03', 950, 'male'), lastName: 'Нұрланов', firstName: 'Арман' },
    });
    const refused = await desk.decide(second.id, {
      kind: 'refusal',
      groundCode: 'incompleteDocuments',
      reason: 'Құжаттар толық емес',
    });
    expect(refused.decision).toMatchObject({ kind: 'refusal' });
    await expect(
      desk.preliminaryRefusal(second.id, { grounds: ['incompleteDocuments'], reason: 'x', hearingAt: clock }),
    ).rejects.toMatchObject({ code: 'workflow.wrongState' });
  });

  it('grants after a hearing and prints every camp paper from the record', async () => {
    const app = await toDecision(campInput());
    clock = fromLocal('2026-05-08', '10:00');
    await desk.preliminaryRefusal(app.id, {
      grounds: ['decree64Mismatch'],
      reason: 'Санат расталмады',
      // The 2 working days to object after Friday's notice run to Wed 13 May (11 May is a day off): K-02.
      hearingAt: fromLocal('2026-05-13', '15:00'),
    });
    clock = fromLocal('2026-05-13', '15:45');
    await desk.recordHearing(app.id, {
      startedAt: fromLocal('2026-05-13', '15:00'),
      participants: 'Басшы Ғалым; Мектеп директоры',
      applicantPresent: false,
      applicantPosition: 'ignored',
      outcome: 'grant',
    });
    await expect(
      desk.decide(app.id, { kind: 'refusal', groundCode: 'decree64Mismatch', reason: 'x' }),
    ).rejects.toMatchObject({ code: 'hearing.granted' });
    await desk.decide(app.id, { kind: 'result', camp: { name: '«Балдәурен» лагері', season: '2026 жаз, 1-ауысым' } });
    await desk.signIn('head', 'secret123');
    const signed = await desk.sign(app.id);
    const entry = defaultCatalog.get('camp-referral');
    const forms = printableForms(signed, entry);
    expect(forms).toEqual([
      'camp-application',
      'receipt',
      'preliminary-refusal-notice',
      'hearing-record',
      'camp-referral',
    ]);
    const office = await desk.office();
    const text = async (form: FormId, a: Application) => {
      const data = recordFormData(form, a, { office, entry, staffName: 'Кеңсе Әйгерім', now: clock });
      return (await renderText(buildForm(form, data, 'kk'))).text;
    };
    const referral = await text('camp-referral', signed);
    expect(referral).toContain('«Балдәурен» лагері');
    expect(referral).toContain('Сейітқали Әлішер');
    expect(referral).toContain((signed.decision as { documentNo: string }).documentNo);
    const record = await text('hearing-record', signed);
    expect(record).toContain('Мектеп директоры');
    expect(record).not.toContain('ignored');
    const application = await text('camp-application', signed);
    expect(application).toContain('5 «Ә»');
    expect(application).toContain('анықтама № 45');
  });

  it('keeps the preschool decisions as they were', async () => {
    await desk.signIn('clerk', 'secret123');
    const err = await desk
      .register({ ...campInput(), serviceCode: 'preschool-queue', statusCategory: 'targetedSocialAssistance' })
      .catch((e) => e);
    expect(err.fields.map((f: { code: string }) => f.code)).toContain('service.statusUnknown');
  });
});
