// Services about the applicant (teacher attestation, adopter registration...):
// no child on the record, intake that refuses one, search and duplicates by the
// applicant (or whom a proxy represents), and papers that name the applicant.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import type { DeskApi } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import { renderText } from '../helpers/pdf';
import {
  ApplicationSchema,
  FormDataError,
  applicationSubjectErrors,
  buildForm,
  defaultCatalog,
  formDataFor,
  fromLocal,
  makeIin,
  printableForms,
  recordFormData,
  normalizeIntake,
  subjectOf,
  suggestDecision,
  validateIntake,
  type Application,
  type FormId,
  type IntakeInput,
  type Lang,
} from '../../shared';

const iin = (birth: string, serial: number, sex: 'male' | 'female' = 'female') => {
  for (let s = serial; ; s++) {
    const v = makeIin(birth, sex, s);
    if (v) return v;
  }
};

const teacher = defaultCatalog.get('teacher-attestation');
const transfer = defaultCatalog.get('school-transfer');
const APPLICANT_SUBJECT = [
  'teacher-attestation',
  'school-head-competition',
  'adopter-registration',
  'school-certificate-duplicate',
];

const TEACHER_IIN = iin('1986-11-23', 300);
function teacherInput(over: Partial<IntakeInput> = {}): IntakeInput {
  return {
    serviceCode: 'teacher-attestation',
    lang: 'kk',
    applicant: {
      kind: 'self',
      iin: TEACHER_IIN,
      lastName: 'Жұмабекова',
      firstName: 'Гүлшат',
      middleName: 'Өмірзаққызы',
      phone: '+7 701 222 33 44',
      address: 'Ақсу, Сәтбаев к. 12',
    },
    priority: null,
    kindergartenIds: [],
    workplaces: {},
    consent: true,
    documents: ['application', 'applicantId'],
    ...over,
  };
}

const now = fromLocal('2026-05-06', '10:00');
const codes = (r: ReturnType<typeof validateIntake>) =>
  r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`).sort();

describe('the catalog says whose the service is', () => {
  it('marks exactly the four services about the applicant', () => {
    expect(
      defaultCatalog
        .all()
        .filter((e) => e.subject === 'applicant')
        .map((e) => e.code)
        .sort(),
    ).toEqual([...APPLICANT_SUBJECT].sort());
  });
});

describe('intake by subject', () => {
  it('takes a teacher with no child and keeps none on the value', () => {
    const r = validateIntake(normalizeIntake(teacherInput()), teacher, now);
    expect(codes(r)).toEqual([]);
    if (!r.ok) return;
    expect(r.value.child).toBeUndefined();
    expect(r.value.applicant.kind).toBe('self');
  });

  it('refuses a child, and a "parent", on a service about the applicant', () => {
    const withChild = teacherInput({
      child: { iin: iin('2016-02-02', 900, 'male'), lastName: 'Жұмабеков', firstName: 'Ерасыл' },
    });
    expect(codes(validateIntake(normalizeIntake(withChild), teacher, now))).toEqual(['child:child.notForService']);
    // An empty child block (the form's untouched fields) is no child.
    const empty = teacherInput({ child: { iin: '', lastName: ' ', firstName: '' } });
    expect(codes(validateIntake(normalizeIntake(empty), teacher, now))).toEqual([]);
    const parent = teacherInput({ applicant: { ...teacherInput().applicant, kind: 'parent' } });
    expect(codes(validateIntake(normalizeIntake(parent), teacher, now))).toEqual([
      'applicant.kind:applicant.kindNotForService',
    ]);
  });

  it('asks a proxy whom they represent, and keeps that person', () => {
    const proxy = teacherInput({
      applicant: {
        kind: 'proxy',
        iin: iin('1990-01-15', 320, 'male'),
        lastName: 'Сәрсенов',
        firstName: 'Мұрат',
        phone: '+7 702 000 11 22',
        address: 'Ақсу',
        powerOfAttorney: { number: '145', date: '2026-04-01', notary: 'Нотариус Әлиева' },
      },
      documents: ['application', 'applicantId', 'powerOfAttorney'],
    });
    expect(codes(validateIntake(normalizeIntake(proxy), teacher, now))).toEqual([
      'applicant.principal.firstName:required',
      'applicant.principal.iin:iin.empty',
      'applicant.principal.lastName:required',
    ]);
    const same = {
      ...proxy,
      applicant: {
        ...proxy.applicant,
        principal: { iin: proxy.applicant.iin, lastName: 'Сәрсенов', firstName: 'Мұрат' },
      },
    };
    expect(codes(validateIntake(normalizeIntake(same), teacher, now))).toEqual([
      'applicant.principal.iin:applicant.principalSame',
    ]);
    const named = {
      ...proxy,
      applicant: { ...proxy.applicant, principal: { iin: TEACHER_IIN, lastName: 'Жұмабекова', firstName: 'Гүлшат' } },
    };
    const r = validateIntake(normalizeIntake(named), teacher, now);
    expect(codes(r)).toEqual([]);
    if (r.ok) expect(subjectOf(r.value)).toMatchObject({ kind: 'principal', iin: TEACHER_IIN, lastName: 'Жұмабекова' });
  });

  it('still requires the child on a service about a child, and refuses "self" there', () => {
    const base: IntakeInput = {
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
      priority: null,
      kindergartenIds: [],
      workplaces: {},
      consent: true,
      documents: ['application', 'applicantId'],
    };
    expect(codes(validateIntake(normalizeIntake(base), transfer, now))).toEqual([
      'child.firstName:required',
      'child.iin:iin.empty',
      'child.lastName:required',
    ]);
    const self = {
      ...base,
      applicant: { ...base.applicant, kind: 'self' as const },
      child: { iin: iin('2016-02-02', 900, 'male'), lastName: 'Нұрланов', firstName: 'Ерасыл' },
    };
    expect(codes(validateIntake(normalizeIntake(self), transfer, now))).toEqual([
      'applicant.kind:applicant.kindNotForService',
    ]);
    // A principal typed on a child's service is not the subject and is not kept.
    const withPrincipal = {
      ...self,
      applicant: {
        ...self.applicant,
        kind: 'parent' as const,
        principal: { iin: TEACHER_IIN, lastName: 'X', firstName: 'Y' },
      },
    };
    const r = validateIntake(normalizeIntake(withPrincipal), transfer, now);
    expect(r.ok && r.value.applicant.principal).toBeUndefined();
    expect(r.ok && r.value.child).toMatchObject({ birthDate: '2016-02-02', sex: 'male' });
  });

  it('checks a stored record the same way (a create op reaching the server)', () => {
    const applicant = { ...teacherInput().applicant };
    expect(applicationSubjectErrors({ applicant }, teacher)).toEqual([]);
    const child = {
      iin: iin('2016-02-02', 900, 'male'),
      lastName: 'Нұрланов',
      firstName: 'Ерасыл',
      birthDate: '2016-02-02',
      sex: 'male' as const,
    };
    expect(applicationSubjectErrors({ applicant, child }, teacher).map((e) => e.code)).toEqual(['child.notForService']);
    const parent = { ...applicant, kind: 'parent' as const };
    expect(applicationSubjectErrors({ applicant: parent }, transfer).map((e) => `${e.field}:${e.code}`)).toEqual([
      'child:required',
    ]);
    expect(applicationSubjectErrors({ applicant: parent, child }, transfer)).toEqual([]);
  });

  it('has every new error code translated in both languages', () => {
    const errors = (l: Lang) =>
      JSON.parse(readFileSync(new URL(`../../locales/${l}/errors.json`, import.meta.url), 'utf8'));
    for (const l of ['kk', 'ru'] as const) {
      const e = errors(l);
      for (const [group, key] of [
        ['child', 'notForService'],
        ['applicant', 'kindNotForService'],
        ['applicant', 'principalSame'],
      ]) {
        expect(typeof e[group][key], `${l} ${group}.${key}`).toBe('string');
      }
    }
  });

  it('lets the record schema hold no child, and never refers a record without one', () => {
    const rec = { applicant: { kind: 'self', iin: TEACHER_IIN, lastName: 'Жұмабекова', firstName: 'Гүлшат' } };
    expect(ApplicationSchema.shape.child.safeParse(undefined).success).toBe(true);
    expect(subjectOf(rec)).toMatchObject({ kind: 'applicant', iin: TEACHER_IIN });
    const kg = {
      id: 'k1',
      number: '1',
      name: { kk: 'a', ru: 'a' },
      address: { kk: 'a', ru: 'a' },
      ageGroups: [{ id: 'g', name: { kk: 'g', ru: 'g' }, minAge: 0, maxAge: 7, freePlaces: 3 }],
    };
    expect(suggestDecision({ kindergartenIds: ['k1'] }, [kg as never], '2026-05-06')).toEqual({ kind: 'notification' });
  });
});

let clock = now;
let desk: DeskApi & { context: DeskContext };
let dbn = 0;

async function freshOffice(type: 'village' | 'districtEducation' = 'village') {
  desk = createDesk({ db: new DeskDb(`appl${++dbn}`), now: () => clock });
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
      { fullName: 'Жалғыз Нұрлан', login: 'solo', password: 'secret123', roles: ['clerk', 'head', 'executor'] },
    ],
  });
}

describe('a service about the applicant, through the desk', () => {
  beforeEach(async () => {
    clock = now;
    await freshOffice();
  });

  it('registers with no child, finds it by the applicant, and warns of a second open one', async () => {
    await desk.signIn('clerk', 'secret123');
    const app = await desk.register(teacherInput());
    expect(app.child).toBeUndefined();
    expect(app.applicant).toMatchObject({ kind: 'self', iin: TEACHER_IIN });
    expect(app.queueState).toBe('none');
    const row = await desk.context.db.applications.get(app.id);
    expect(row?.childIin).toBeUndefined();
    expect(row?.subjectIin).toBe(row?.applicantIin);
    expect((await desk.list({ text: TEACHER_IIN })).items.map((a) => a.id)).toEqual([app.id]);
    expect((await desk.list({ text: TEACHER_IIN.slice(0, 8) })).items.map((a) => a.id)).toEqual([app.id]);
    expect((await desk.list({ text: 'жұмабек гүлш' })).items.map((a) => a.id)).toEqual([app.id]);
    expect((await desk.list({})).items.map((a) => a.id)).toEqual([app.id]);
    await expect(desk.register(teacherInput())).rejects.toMatchObject({
      code: 'duplicate.open',
      params: { journalNo: app.journalNo },
    });
    expect((await desk.openApplicationsForSubject(TEACHER_IIN, 'teacher-attestation')).map((a) => a.id)).toEqual([
      app.id,
    ]);
    // Another service of the same person is not a duplicate.
    const other = await desk.register(teacherInput({ serviceCode: 'school-head-competition' }));
    expect(other.child).toBeUndefined();
    // A child given anyway is refused, not silently dropped.
    await expect(
      desk.register(teacherInput({ child: { iin: iin('2016-02-02', 900, 'male'), lastName: 'Ж', firstName: 'Е' } })),
    ).rejects.toMatchObject({ code: 'validation', fields: [{ field: 'child', code: 'child.notForService' }] });
    // Adopters register through the portal: a village akimat's desk does not take it in.
    await expect(desk.register(teacherInput({ serviceCode: 'adopter-registration' }))).rejects.toMatchObject({
      code: 'service.notForOffice',
    });
  });

  it("finds a proxy's application by whom they represent, and counts that person for duplicates", async () => {
    await freshOffice('districtEducation');
    await desk.signIn('clerk', 'secret123');
    const proxyIin = iin('1990-01-15', 320, 'male');
    const app = await desk.register(
      teacherInput({
        serviceCode: 'adopter-registration',
        applicant: {
          kind: 'proxy',
          iin: proxyIin,
          lastName: 'Сәрсенов',
          firstName: 'Мұрат',
          phone: '+7 702 000 11 22',
          address: 'Ақсу',
          powerOfAttorney: { number: '145', date: '2026-04-01', notary: 'Нотариус Әлиева' },
          principal: { iin: TEACHER_IIN, lastName: 'Жұмабекова', firstName: 'Гүлшат' },
        },
        documents: ['application', 'applicantId', 'powerOfAttorney'],
      }),
    );
    expect(app.applicant.principal).toEqual({ iin: TEACHER_IIN, lastName: 'Жұмабекова', firstName: 'Гүлшат' });
    expect((await desk.list({ text: TEACHER_IIN })).items.map((a) => a.id)).toEqual([app.id]);
    expect((await desk.list({ text: proxyIin })).items.map((a) => a.id)).toEqual([app.id]);
    expect((await desk.list({ text: 'жұмабекова' })).items.map((a) => a.id)).toEqual([app.id]);
    // The represented person then comes in person: the same subject, an open application.
    await expect(desk.register(teacherInput({ serviceCode: 'adopter-registration' }))).rejects.toMatchObject({
      code: 'duplicate.open',
    });
  });

  it('records a refusal to accept with no child', async () => {
    await desk.signIn('clerk', 'secret123');
    const r = await desk.refuseToAccept(
      teacherInput({ documents: ['application'], child: { iin: '', lastName: '', firstName: '' } }),
      ['applicantId'],
    );
    expect(r.child).toBeUndefined();
    expect(r.missingDocuments).toEqual(['applicantId']);
  });

  it('prints the application, receipt and result naming the applicant, with no child, in kk and ru', async () => {
    // Teacher attestation is decided by the education department or the school (F-20), not by a village akimat.
    await freshOffice('districtEducation');
    await desk.signIn('solo', 'secret123');
    const app = await desk.register(teacherInput());
    const solo = (await desk.staff()).find((s) => s.login === 'solo')!;
    await desk.resolve(app.id, solo.id);
    await desk.decide(app.id, { kind: 'result', text: 'Аттестаттауға құжаттар қабылданды.' });
    const signed = await desk.sign(app.id);
    const forms = printableForms(signed, teacher);
    expect(forms).toEqual(['generic-application', 'receipt', 'generic-result']);
    const office = await desk.office();
    const text = async (form: FormId, a: Application, lang: Lang) => {
      const data = recordFormData(form, a, { office, entry: teacher, staffName: 'Жалғыз Нұрлан', now: clock });
      return (await renderText(buildForm(form, data, lang))).text;
    };
    const kk = await text('generic-application', signed, 'kk');
    expect(kk).toContain('Жұмабекова Гүлшат Өмірзаққызы');
    expect(kk).toContain(`ЖСН ${TEACHER_IIN}`);
    expect(kk).toContain('аттестаттаудан өткізуге құжаттар қабылдау');
    expect(kk).not.toContain('Бала:');
    const ru = await text('generic-application', signed, 'ru');
    expect(ru).toContain('от Жұмабекова Гүлшат Өмірзаққызы');
    expect(ru).toContain('Прием документов для прохождения аттестации');
    expect(ru).not.toContain('Ребенок');
    const receiptKk = await text('receipt', signed, 'kk');
    expect(receiptKk).toContain('Жұмабекова Гүлшат Өмірзаққызы');
    expect(receiptKk).toContain(signed.journalNo);
    const receiptRu = await text('receipt', signed, 'ru');
    expect(receiptRu).toContain('Расписка о приеме документов');
    expect(receiptRu).toContain('Жұмабекова Гүлшат Өмірзаққызы');
    const resultKk = await text('generic-result', signed, 'kk');
    expect(resultKk).toContain('Кімге: Жұмабекова Гүлшат Өмірзаққызы');
    expect(resultKk).toContain('Аттестаттауға құжаттар қабылданды.');
    expect(resultKk).not.toContain('Бала:');
    const resultRu = await text('generic-result', signed, 'ru');
    expect(resultRu).toContain('Кому: Жұмабекова Гүлшат Өмірзаққызы');
    expect(resultRu).not.toContain('Ребенок');
    // The preschool application (Appendix 6) is about a child: it refuses such a record instead of printing blanks.
    expect(() =>
      formDataFor('application', {
        app: signed,
        office,
        kindergartens: [],
        entry: teacher,
        staffName: 'x',
        headName: 'y',
        now: clock,
      }),
    ).toThrow(FormDataError);
  });
});

describe('the desk database upgrade', () => {
  it("gives every older record its child's blind IIN as the subject key", async () => {
    const { default: Dexie } = await import('dexie');
    const name = `upgrade${++dbn}`;
    const old = new Dexie(name);
    old.version(4).stores({
      applications:
        'id, &sortKey, journalNo, journalSeq, journalYear, childIin, applicantIin, *iinKeys, *nameKeys, status, queueState, openDueAt, [status+sortKey], [serviceCode+childIin]',
    });
    await old.table('applications').add({
      id: 'a1',
      sortKey: 's1',
      serviceCode: 'preschool-queue',
      childIin: 'blind-child',
      applicantIin: 'blind-parent',
      iinKeys: [],
      nameKeys: [],
    });
    old.close();
    const db = new DeskDb(name);
    expect((await db.applications.get('a1'))?.subjectIin).toBe('blind-child');
    expect(
      (
        await db.applications.where('[serviceCode+subjectIin]').equals(['preschool-queue', 'blind-child']).toArray()
      ).map((r) => r.id),
    ).toEqual(['a1']);
    db.close();
  });
});
