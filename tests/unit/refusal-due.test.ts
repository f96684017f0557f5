// Issue #15, R-01 and C-03 (../shared/brief/reviews/forms-and-rules.md): an over-age child and a
// missing consent are answered with a reasoned refusal, not with no paper at all. Seed 000 §5: the
// result is a referral, a notification or a reasoned refusal; §16 lists only two grounds for refusing
// the documents. Seed 003 Annex 2 §9 3): no consent is a ground of refusal, heard first (Annex 11 §10).
// The shared rules, then the desk's data layer over a real Dexie on fake-indexeddb, to the printed refusal.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import type { DeskApi } from '../../renderer/services/api';
import type { DeskContext } from '../../renderer/services/context';
import { renderText } from '../helpers/pdf';
import {
  Catalog,
  applicationRuleErrors,
  buildForm,
  checkCatalogEntry,
  defaultCatalog,
  dueRefusalErrors,
  fromLocal,
  intakeHints,
  makeIin,
  normalizeIntake,
  recordFormData,
  refusalsDue,
  validateIntake,
  type Application,
  type IntakeInput,
  type OfficeType,
  type ServiceEntry,
} from '../../shared';

const preschool = defaultCatalog.get('preschool-queue');
const camp = defaultCatalog.get('camp-referral');

const iin = (birth: string, serial: number, sex: 'male' | 'female' = 'female') => {
  for (let s = serial; ; s++) {
    const v = makeIin(birth, sex, s);
    if (v) return v;
  }
};

const TODAY = '2026-05-06';
// Six on 1 March 2026: over the preschool queue's limit (under 6) on the day of application.
const OVER_AGE = iin('2020-03-01', 700);
const UNDER_AGE = iin('2023-02-11', 710);

function preschoolInput(over: Partial<IntakeInput> = {}, child = OVER_AGE): IntakeInput {
  return {
    serviceCode: 'preschool-queue',
    lang: 'kk',
    applicant: {
      kind: 'parent',
      iin: iin('1990-05-04', 300),
      lastName: 'Әбілқасымова',
      firstName: 'Ұлжан',
      phone: '+7 701 123 45 67',
      address: 'Ақсу, Абай к. 5',
    },
    child: { iin: child, lastName: 'Әбілқасымова', firstName: 'Әлия' },
    priority: null,
    kindergartenIds: ['kg'],
    workplaces: {},
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
    ...over,
  };
}

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
    consent: false,
    fields: { schoolNumber: '2', classLetter: '5 «Ә»', schoolYear: '2025-2026' },
    statusCategory: 'targetedSocialAssistance',
    statusDocument: 'анықтама № 45',
    documents: ['application', 'applicantId', 'medicalCertificate', 'tsaCertificate'],
    ...over,
  };
}

const validate = (input: IntakeInput, entry: ServiceEntry) =>
  validateIntake(normalizeIntake(input), entry, fromLocal(TODAY, '10:00'));
/** The entry as a district might have kept it: no ground answering the facts. */
const withoutFacts = (e: ServiceEntry): ServiceEntry =>
  new Catalog(undefined, [{ ...e, refusalGrounds: e.refusalGrounds.map(({ fact: _f, ...g }) => g) }]).get(e.code);

describe('the catalog names the ground each fact is refused on (C-03)', () => {
  it('the preschool queue answers the age, the camp the missing consent; nothing else is a fact', () => {
    expect(preschool.refusalGrounds.filter((g) => g.fact)).toEqual([
      expect.objectContaining({ code: 'ageLimit', fact: 'overAge' }),
    ]);
    expect(camp.refusalGrounds.filter((g) => g.fact)).toEqual([
      expect.objectContaining({ code: 'noConsent', fact: 'noConsent' }),
    ]);
    // 000 §16's two grounds stay as they are; the age ground says it is not one of them.
    expect(preschool.refusalGrounds.find((g) => g.code === 'ageLimit')!.source).toMatch(/not a ground of §16/);
  });
  it('one ground per fact', () => {
    const twice = {
      ...preschool,
      refusalGrounds: [
        ...preschool.refusalGrounds,
        { code: 'again', text: { kk: 'а', ru: 'а' }, fact: 'overAge' as const },
      ],
    };
    expect(checkCatalogEntry(twice)).toMatchObject({ ok: false });
  });
});

describe('intake takes the application in, with a warning, where the entry answers the fact', () => {
  it('an over-age child: registered with the warning, not refused', () => {
    const r = validate(preschoolInput(), preschool);
    expect(r).toMatchObject({
      ok: true,
      warnings: [{ field: 'child.iin', code: 'refusal.dueOverAge', params: { limit: 6 }, groundCode: 'ageLimit' }],
    });
    // The form's early hint says the same: nothing blocks "Register".
    expect(intakeHints(normalizeIntake(preschoolInput()), preschool, TODAY)).toEqual([]);
    expect(validate(preschoolInput({}, UNDER_AGE), preschool)).toMatchObject({ ok: true, warnings: [] });
  });
  it('a camp application without consent: registered with the warning', () => {
    expect(validate(campInput(), camp)).toMatchObject({
      ok: true,
      warnings: [{ field: 'consent', code: 'refusal.dueNoConsent', groundCode: 'noConsent' }],
    });
  });
  it('an entry with no ground for the fact refuses at intake, as before', () => {
    const r = validate(preschoolInput(), withoutFacts(preschool));
    expect(r.ok ? [] : r.errors).toEqual([{ field: 'child.iin', code: 'child.overAge', params: { limit: 6 } }]);
    // The preschool queue has no consent ground (000 gives none): its intake still needs the consent.
    const n = validate(preschoolInput({ consent: false }, UNDER_AGE), preschool);
    expect(n.ok ? [] : n.errors).toEqual([{ field: 'consent', code: 'consent.required' }]);
  });
});

describe('a record reaching the server is held to the same rules', () => {
  const record = (entry: ServiceEntry, patch: Partial<Application>): Application =>
    ({
      serviceCode: entry.code,
      applicant: { kind: 'parent', iin: iin('1990-05-04', 300), lastName: 'Ә', firstName: 'Ұ', phone: '', address: '' },
      child: { iin: OVER_AGE, lastName: 'Ә', firstName: 'Н', birthDate: '2020-03-01', sex: 'female' },
      priority: null,
      consent: true,
      acceptedAt: fromLocal(TODAY, '10:00'),
      ...patch,
    }) as Application;

  it('takes the over-age child and the camp without consent in; not the preschool queue without consent', () => {
    expect(applicationRuleErrors(record(preschool, {}), preschool)).toEqual([]);
    expect(applicationRuleErrors(record(preschool, {}), withoutFacts(preschool)).map((e) => e.code)).toEqual([
      'child.overAge',
    ]);
    const c = record(camp, {
      consent: false,
      child: { iin: iin('2015-09-14', 500), lastName: 'С', firstName: 'Ә', birthDate: '2015-09-14', sex: 'female' },
    });
    expect(applicationRuleErrors(c, camp)).toEqual([]);
    expect(applicationRuleErrors(record(preschool, { consent: false }), preschool).map((e) => e.code)).toEqual([
      'consent.required',
    ]);
  });
  it('holds its decision to the refusal it owes', () => {
    const a = record(preschool, {});
    expect(refusalsDue(a, preschool).map((r) => r.groundCode)).toEqual(['ageLimit']);
    expect(dueRefusalErrors(a, { kind: 'notification' }, preschool)).toEqual([
      { field: 'decision', code: 'refusal.dueOverAge', params: { limit: 6 } },
    ]);
    expect(dueRefusalErrors(a, { kind: 'refusal', groundCode: 'incompleteDocuments' }, preschool)).toHaveLength(1);
    expect(dueRefusalErrors(a, { kind: 'refusal', groundCode: 'ageLimit' }, preschool)).toEqual([]);
    // The age counts on the day of acceptance: a child who turned six while waiting owes nothing.
    const young = record(preschool, {
      child: { iin: UNDER_AGE, lastName: 'Ә', firstName: 'Н', birthDate: '2023-02-11', sex: 'female' },
    });
    expect(dueRefusalErrors(young, { kind: 'notification' }, preschool)).toEqual([]);
  });
});

let clock = fromLocal(TODAY, '10:00');
let desk: DeskApi & { context: DeskContext };
let dbn = 0;

async function freshOffice(type: OfficeType) {
  desk = createDesk({ db: new DeskDb(`due${++dbn}`), now: () => clock });
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
    ],
    kindergartens: [
      {
        number: '7',
        name: { kk: '«Балапан»', ru: '«Балапан»' },
        address: { kk: 'Ақсу', ru: 'Аксу' },
        active: true,
        ageGroups: [
          { id: 'g5', name: { kk: 'Ересек топ', ru: 'Старшая группа' }, minAge: 4, maxAge: 7, freePlaces: 3 },
        ],
      },
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

async function printed(app: Application, entry: ServiceEntry): Promise<string> {
  const office = await desk.office();
  const data = recordFormData('refusal', app, {
    office,
    entry,
    staffName: 'Кеңсе Әйгерім',
    now: clock,
    staff: await desk.staff(),
  });
  return (await renderText(buildForm('refusal', data, 'kk'))).text;
}

describe('the desk: the application is registered and its decision is the reasoned refusal', () => {
  beforeEach(() => {
    clock = fromLocal(TODAY, '10:00');
  });

  it('an over-age child at a village akimat: referral and notification refused, the refusal on the age printed', async () => {
    await freshOffice('village');
    const kg = (await desk.kindergartens())[0];
    const app = await toDecision(preschoolInput({ kindergartenIds: [kg.id] }));
    // It is not a child the queue places: it does not wait in it while the refusal is decided.
    expect(app).toMatchObject({ status: 'registered', consent: true, queueState: 'none' });
    expect((await desk.queue()).map((a) => a.id)).not.toContain(app.id);
    for (const d of [
      { kind: 'notification' as const },
      { kind: 'referral' as const, kindergartenId: kg.id, ageGroupId: 'g5' },
      { kind: 'refusal' as const, groundCode: 'incompleteDocuments', reason: 'x' },
    ])
      await expect(desk.decide(app.id, d)).rejects.toMatchObject({
        code: 'validation',
        fields: [{ field: 'decision', code: 'refusal.dueOverAge', params: { limit: 6 } }],
      });
    // Nothing was taken: the place the referral would have used is still free.
    expect((await desk.kindergartens())[0].ageGroups[0].freePlaces).toBe(3);
    const decided = await desk.decide(app.id, {
      kind: 'refusal',
      groundCode: 'ageLimit',
      reason: 'Өтініш берілген күні бала 6 жасқа толған.',
    });
    expect(decided).toMatchObject({ status: 'decided', queueState: 'refused' });
    await desk.signIn('head', 'secret123');
    await desk.sign(app.id);
    await desk.signIn('clerk', 'secret123');
    const issued = await desk.issue(app.id);
    const text = await printed(issued, preschool);
    expect(text).toContain('Мемлекеттік қызмет көрсетуден бас тарту туралы дәлелді жауап');
    expect(text).toContain('Бас тарту негізі: Бала мектепке дейінгі жастан асқан.');
    expect(text).toContain('Себебі: Өтініш берілген күні бала 6 жасқа толған.');
  });

  it('a camp application without consent: the notice must name the ground, a hearing upholds it, the refusal follows', async () => {
    await freshOffice('districtEducation');
    const app = await toDecision(campInput());
    expect(app.consent).toBe(false);
    await expect(desk.decide(app.id, { kind: 'result', camp: { name: '«Балдәурен»' } })).rejects.toMatchObject({
      code: 'validation',
      fields: [{ field: 'decision', code: 'refusal.dueNoConsent' }],
    });
    // The ground is heard first (Annex 11 §10): no refusal on it without the hearing.
    await expect(
      desk.decide(app.id, { kind: 'refusal', groundCode: 'noConsent', reason: 'Келісім жоқ' }),
    ).rejects.toMatchObject({ code: 'hearing.required' });
    await expect(
      desk.preliminaryRefusal(app.id, {
        grounds: ['unreliableDocuments'],
        reason: 'Келісім жоқ',
        hearingAt: fromLocal('2026-05-13', '09:00'),
      }),
    ).rejects.toMatchObject({
      code: 'validation',
      fields: [{ field: 'hearing.grounds', code: 'refusal.dueNoConsent' }],
    });
    await desk.preliminaryRefusal(app.id, {
      grounds: ['noConsent'],
      reason: 'Дербес деректерге қол жеткізуге келісім берілмеді',
      hearingAt: fromLocal('2026-05-13', '09:00'),
    });
    clock = fromLocal('2026-05-13', '09:40');
    await desk.recordHearing(app.id, {
      startedAt: fromLocal('2026-05-13', '09:00'),
      endedAt: fromLocal('2026-05-13', '09:30'),
      participants: 'Басшы Ғалым',
      applicantPresent: false,
      outcome: 'refuse',
    });
    const decided = await desk.decide(app.id, {
      kind: 'refusal',
      groundCode: 'noConsent',
      reason: 'Дербес деректерге қол жеткізуге келісім берілмеді',
    });
    expect(decided.decision).toMatchObject({ kind: 'refusal', groundCode: 'noConsent' });
    const text = await printed(decided, camp);
    expect(text).toContain('Бас тарту негізі: «Дербес деректер және оларды қорғау туралы»');
    expect(text).toContain('тыңдаудың нәтижелері бойынша қабылданды');
  });

  it('a hearing that does not uphold the missing consent answers it: the result may be issued', async () => {
    await freshOffice('districtEducation');
    const app = await toDecision(campInput());
    await desk.preliminaryRefusal(app.id, {
      grounds: ['noConsent'],
      reason: 'Келісім жоқ',
      hearingAt: fromLocal('2026-05-13', '09:00'),
    });
    clock = fromLocal('2026-05-13', '09:40');
    await desk.recordHearing(app.id, {
      startedAt: fromLocal('2026-05-13', '09:00'),
      participants: 'Басшы Ғалым',
      applicantPresent: true,
      applicantPosition: 'Келісімімді тыңдауда жазбаша бердім',
      outcome: 'grant',
    });
    const decided = await desk.decide(app.id, { kind: 'result', camp: { name: '«Балдәурен»' } });
    expect(decided.decision).toMatchObject({ kind: 'result', form: 'camp-referral' });
  });
});
