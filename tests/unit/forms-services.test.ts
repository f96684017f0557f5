/**
 * The forms of the services other than the preschool queue, in Kazakh and
 * Russian, rendered to real PDFs and read back as text: the official wording
 * (seed 003 Annex 11 Annexes 1 and 3 verbatim, seed 000 §25, seed 002), the
 * data typed in, office-local dates and times, two copies where the rules
 * want them; and the inputs formDataFor refuses.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AcceptRefusalSchema,
  ApplicationSchema,
  OfficeSchema,
  ServiceEntrySchema,
  defaultCatalog,
  makeIin,
  type AcceptRefusal,
  type Application,
  type Lang,
  type ServiceEntry,
} from '../../shared';
import {
  FORM_IDS,
  FormDataError,
  PRESCHOOL_FORM_IDS,
  SERVICE_FORM_IDS,
  buildForm,
  formDataFor,
  isFormId,
  type CampApplicationInput,
  type CampReferralInput,
  type ComplaintTicketInput,
  type ContextFor,
  type GenericApplicationInput,
  type GenericResultInput,
  type GuardianshipCertificateInput,
  type HearingRecordInput,
  type PreliminaryRefusalNoticeInput,
  type TechnicalProblemProtocolInput,
} from '../../shared/forms/index';
import { renderText } from '../helpers/pdf';

const CAMP = defaultCatalog.get('camp-referral');
const GUARDIANSHIP = defaultCatalog.get('guardianship-certificate');
const PMPC = defaultCatalog.get('pmpc-examination');
const ATTESTATION = defaultCatalog.get('teacher-attestation');
const EXTERNAL = defaultCatalog.get('external-study-permission');
const campDoc = (code: string) => CAMP.documents.find((d) => d.code === code)!.name;
const campGround = (code: string) => CAMP.refusalGrounds.find((g) => g.code === code)!.text;
const TSA = CAMP.statusCategories!.find((c) => c.code === 'targetedSocialAssistance')!;

const iin = (birthDate: string, sex: 'male' | 'female') => {
  for (let s = 1; ; s++) {
    const v = makeIin(birthDate, sex, s);
    if (v) return v;
  }
};

const office = OfficeSchema.parse({
  id: 'office-1',
  type: 'ruralDistrict',
  code: 'ҚРҚ',
  name: { kk: 'Қарасу ауылдық округі әкімінің аппараты', ru: 'Аппарат акима Карасуского сельского округа' },
  district: { kk: 'Жамбыл ауданы', ru: 'Жамбылский район' },
  address: { kk: 'Қарасу ауылы, Абай көшесі, 12', ru: 'село Карасу, улица Абая, 12' },
  headName: 'Сәрсенбаев Ғалым Өтегенұлы',
  phone: '+7 727 702 14 15',
  hours: { start: '09:00', end: '18:00', lunchStart: '13:00', lunchEnd: '14:00' },
  createdAt: '2024-12-01T04:00:00.000Z',
});

const MOTHER = { lastName: 'Сәрсенбаева', firstName: 'Әйгерім', middleName: 'Жаңғырқызы' };
const MOTHER_NAME = 'Сәрсенбаева Әйгерім Жаңғырқызы';
const MOTHER_IIN = iin('1988-02-11', 'female');
const PUPIL = { lastName: 'Сәрсенбаев', firstName: 'Жәңгір', middleName: 'Ғалымұлы' };
const PUPIL_NAME = 'Сәрсенбаев Жәңгір Ғалымұлы';
const PUPIL_IIN = iin('2014-09-03', 'male');
const HOME = 'Қарасу ауылы, Жиһаншаев көшесі, 7';
const PHONE = '+7 701 234 56 78';
const CLERK = 'Жұмабаева Гүлнұр Өмірзаққызы';
const EXECUTOR = 'Төлеуова Құралай Серікқызы';
const HEAD = 'Сәрсенбаев Ғалым Өтегенұлы';
// The executor's words, with every Kazakh letter in both cases and the signs official papers use.
const REASON = 'Отбасының табысы күнкөріс деңгейінен жоғары (әғқңөұүһі ӘҒҚҢӨҰҮҺІ № «»).';

const APP_REF = { journalNo: 'ҚРҚ-2025-0031', acceptedAt: '2025-05-12T04:20:00.000Z' }; // 09:20 office time

const base = { office, staffName: CLERK, headName: HEAD, executorName: EXECUTOR, now: '2025-05-16T05:30:00.000Z' };
function input<F extends keyof SampleInputs>(form: F, extra: SampleInputs[F], entry?: ServiceEntry): ContextFor<F> {
  return { ...base, entry, extra } as unknown as ContextFor<F>;
}

const campApplication: CampApplicationInput = {
  journalNo: APP_REF.journalNo,
  acceptedAt: APP_REF.acceptedAt,
  applicant: { name: MOTHER, iin: MOTHER_IIN, address: HOME, phone: PHONE },
  child: { name: PUPIL, birthDate: '2014-09-03', iin: PUPIL_IIN },
  school: { number: '2', classLetter: '4 «Ә»', schoolYear: '2024-2025' },
  statusCategory: 'targetedSocialAssistance',
  statusDocument: 'анықтама № 118, 05.05.2025',
  consent: true,
};

const campReferral: CampReferralInput = {
  referralNo: 'ҚРҚ-Л-2025-007',
  issuedOn: '2025-05-16',
  application: APP_REF,
  parent: MOTHER,
  child: { name: PUPIL, birthDate: '2014-09-03', iin: PUPIL_IIN },
  school: { number: '2', classLetter: '4 «Ә»', schoolYear: '2024-2025' },
  statusCategory: 'targetedSocialAssistance',
  camp: {
    name: { kk: '«Балдәурен» сауықтыру лагері', ru: 'Оздоровительный лагерь «Балдәурен»' },
    address: { kk: 'Талғар ауданы, Қызылқайрат ауылы', ru: 'Талгарский район, село Кызылкайрат' },
    kind: 'outOfTown',
  },
  season: { kk: '2025 жылғы жаз, 2-ауысым', ru: 'лето 2025 года, 2-я смена' },
  period: { from: '2025-06-20', to: '2025-07-03' },
  validUntil: '2025-06-20',
};

const notice: PreliminaryRefusalNoticeInput = {
  noticeNo: 'ҚРҚ-АШ-2025-002',
  issuedOn: '2025-05-13',
  application: APP_REF,
  applicant: { name: MOTHER, address: HOME },
  child: { name: PUPIL, birthDate: '2014-09-03' },
  grounds: ['decree64Mismatch'],
  reason: REASON,
  hearing: { at: '2025-05-15T05:00:00.000Z' }, // 10:00 office time, at the office
  termEndsOn: '2025-05-19',
};

const hearing: HearingRecordInput = {
  recordNo: 'ҚРҚ-ТХ-2025-002',
  startedAt: '2025-05-15T05:00:00.000Z',
  endedAt: '2025-05-15T05:25:00.000Z',
  application: APP_REF,
  notice: { noticeNo: 'ҚРҚ-АШ-2025-002', issuedOn: '2025-05-13' },
  chair: { name: HEAD, position: { kk: 'ауылдық округ әкімі', ru: 'аким сельского округа' } },
  secretary: { name: CLERK },
  applicant: { name: MOTHER, present: true },
  others: [{ name: EXECUTOR, role: { kk: 'жауапты орындаушы', ru: 'ответственный исполнитель' } }],
  grounds: ['decree64Mismatch'],
  statements: [
    { who: EXECUTOR, text: 'Ұсынылған анықтамада отбасы табысы көрсетілмеген.' },
    { who: MOTHER_NAME, text: 'Атаулы әлеуметтік көмек 2025 жылғы сәуірде тағайындалды.' },
  ],
  applicantPosition: 'Алдын ала шешіммен келіспеймін, жаңа анықтама ұсынамын.',
  documentsSubmitted: ['Ауданның жұмыспен қамту бөлімінің 14.05.2025 № 212 анықтамасы'],
  outcome: 'grant',
};

const certificate: GuardianshipCertificateInput = {
  certificateNo: 'ҚҚ-2025-015',
  issuedAt: '2025-03-03T06:12:00.000Z', // 11:12 office time
  guardian: {
    name: 'Омарова Ұлжан Жаңабекқызы',
    iin: iin('1970-02-02', 'female'),
    address: 'Қарасу ауылы, Абай көшесі, 40',
  },
  role: 'guardianship',
  children: [
    {
      name: { lastName: 'Омаров', firstName: 'Әділет', middleName: 'Нұрланұлы' },
      birthDate: '2016-04-21',
      iin: iin('2016-04-21', 'male'),
    },
    { name: { lastName: 'Омарова', firstName: 'Айгүл', middleName: 'Нұрланқызы' }, birthDate: '2018-10-02' },
  ],
  decision: {
    body: { kk: 'Жамбыл ауданы әкімдігінің қаулысы', ru: 'постановление акимата Жамбылского района' },
    number: '214',
    date: '2024-11-20',
  },
};

// External study with two application fields added by a district override: fields print in catalog order.
const EXTERNAL_WITH_FIELDS = ServiceEntrySchema.parse({
  ...EXTERNAL,
  applicationFields: [
    { code: 'school', name: { kk: 'Білім беру ұйымы', ru: 'Организация образования' }, type: 'text', required: true },
    { code: 'grade', name: { kk: 'Сынып', ru: 'Класс' }, type: 'integer', required: true },
  ],
});
const genericApplication: GenericApplicationInput = {
  journalNo: 'ҚРҚ-2025-0040',
  acceptedAt: '2025-05-14T10:10:00.000Z', // 15:10 office time
  applicant: { name: MOTHER, iin: MOTHER_IIN, address: HOME, phone: PHONE },
  child: { name: PUPIL, birthDate: '2014-09-03', iin: PUPIL_IIN },
  request:
    'Баламның денсаулығына байланысты 2025-2026 оқу жылында экстернат нысанында оқуына рұқсат беруіңізді сұраймын.',
  fields: { grade: 5, school: 'Қарасу орта мектебі' },
  documents: ['applicantId', 'application'],
  consent: true,
};

const pmpcResult: GenericResultInput = {
  resultKind: 'recommendation',
  documentNo: 'ПМПК-2025-118',
  issuedOn: '2025-05-16',
  application: APP_REF,
  recipient: { name: MOTHER, address: HOME },
  child: { name: PUPIL, birthDate: '2014-09-03' },
  body: 'Баланы логопедпен аптасына екі рет сабаққа жіберу ұсынылады.\n\nҚайта тексеру: 2026 жылғы мамыр.',
  signatures: [
    { title: { kk: 'ПМПК төрағасы', ru: 'Председатель ПМПК' }, name: 'Мұқанова Гүлжан Әбдіқызы' },
    { title: { kk: 'ПМПК мүшесі', ru: 'Член ПМПК' }, name: 'Исаев Қайрат Ұланұлы' },
  ],
};

const complaint: ComplaintTicketInput = {
  incomingNo: 'ҚРҚ-Ш-2025-003',
  acceptedAt: '2025-05-20T09:47:00.000Z', // 14:47 office time
  complainant: { name: MOTHER, address: HOME, phone: PHONE },
  subject: 'Лагерьге жолдама беру мерзімі бұзылды.',
  against: `${CLERK}, кеңсе қызметкері`,
  answerBy: '2025-05-27',
  answerPlace: {
    kk: 'Қарасу ауылдық округі әкімінің аппараты, кеңсе',
    ru: 'Аппарат акима Карасуского сельского округа, канцелярия',
  },
};

const protocol: TechnicalProblemProtocolInput = {
  protocolNo: 'ТП-2025-01',
  drawnAt: '2025-05-20T06:30:00.000Z', // 11:30 office time
  system: {
    kk: 'Мемлекеттік қызметтер көрсету мониторингінің ақпараттық жүйесі',
    ru: 'Информационная система мониторинга оказания государственных услуг',
  },
  failure: 'Серверге қосылу мүмкін емес, жүйе 503 қатесін қайтарады.',
  since: '2025-05-20T04:05:00.000Z',
  detectedBy: CLERK,
  notifiedAt: '2025-05-20T04:15:00.000Z',
  affected: ['ҚРҚ-2025-0031', 'ҚРҚ-2025-0032'],
  measures: 'Өтініштер қағаз журналға тіркелді.',
  recordedBy: {
    name: 'Жаңабаев Нұрсұлтан Ерболатұлы',
    position: { kk: 'бас маман (АКТ)', ru: 'главный специалист (ИКТ)' },
  },
};

/** Which sample stands for which form's inputs (a type: `input()` takes one of these per form). */
type SampleInputs = {
  'camp-application': typeof campApplication;
  'camp-referral': typeof campReferral;
  'preliminary-refusal-notice': typeof notice;
  'hearing-record': typeof hearing;
  'guardianship-certificate': typeof certificate;
  'generic-application': typeof genericApplication;
  'generic-result': typeof pmpcResult;
  'complaint-ticket': typeof complaint;
  'technical-problem-protocol': typeof protocol;
};

const campRefusal: AcceptRefusal = AcceptRefusalSchema.parse({
  id: 'ref-7',
  officeId: office.id,
  serviceCode: CAMP.code,
  at: '2025-05-12T06:40:00.000Z',
  by: 'staff-clerk',
  byName: CLERK,
  lang: 'kk',
  applicant: { kind: 'parent', ...MOTHER, iin: MOTHER_IIN, phone: PHONE, address: HOME },
  child: { ...PUPIL },
  missingDocuments: ['medicalCertificate', 'tsaCertificate'],
  prints: [],
});
const SC_ADDRESS = 'Жамбыл ауданы, Ұзынағаш ауылы, Райымбек көшесі, 18';
const campRefusalCtx = (
  extra?: ContextFor<'camp-refusal-to-accept'>['extra'],
): ContextFor<'camp-refusal-to-accept'> => ({ ...base, app: campRefusal, kindergartens: [], entry: CAMP, extra });

function application(entry: ServiceEntry, patch: Partial<Application> = {}): Application {
  return ApplicationSchema.parse({
    id: 'app-9',
    officeId: office.id,
    serviceCode: entry.code,
    journalYear: 2025,
    journalSeq: 31,
    journalNo: APP_REF.journalNo,
    lang: 'kk',
    applicant: { kind: 'parent', ...MOTHER, iin: MOTHER_IIN, phone: PHONE, address: HOME },
    child: { ...PUPIL, iin: PUPIL_IIN, birthDate: '2014-09-03', sex: 'male' },
    priority: null,
    kindergartenIds: [],
    workplaces: {},
    consent: true,
    documents: ['application', 'applicantId'],
    status: 'decided',
    queueState: 'none',
    acceptedAt: APP_REF.acceptedAt,
    acceptedBy: 'staff-clerk',
    dueAt: '2025-05-19T13:00:00.000Z',
    steps: [],
    prints: [],
    version: 1,
    updatedAt: APP_REF.acceptedAt,
    ...patch,
  });
}

const SAMPLES: { [F in (typeof SERVICE_FORM_IDS)[number]]: ContextFor<F> } = {
  'camp-application': input('camp-application', campApplication, CAMP),
  'camp-referral': input('camp-referral', campReferral, CAMP),
  'camp-refusal-to-accept': campRefusalCtx({ stateCorporation: { branchNo: '4', address: SC_ADDRESS } }),
  'preliminary-refusal-notice': input('preliminary-refusal-notice', notice, CAMP),
  'hearing-record': input('hearing-record', hearing, CAMP),
  'guardianship-certificate': input('guardianship-certificate', certificate, GUARDIANSHIP),
  'generic-application': input('generic-application', genericApplication, EXTERNAL_WITH_FIELDS),
  'generic-result': input('generic-result', pmpcResult, PMPC),
  'complaint-ticket': input('complaint-ticket', complaint, CAMP),
  'technical-problem-protocol': input('technical-problem-protocol', protocol, CAMP),
};

type ServiceFormId = (typeof SERVICE_FORM_IDS)[number];
async function textOf<F extends ServiceFormId>(form: F, lang: Lang, c: ContextFor<F> = SAMPLES[form]) {
  return renderText(buildForm(form, formDataFor(form, c), lang));
}

/** Asserts each phrase appears, reporting the first one that does not. */
function expectAll(text: string, phrases: string[]) {
  for (const p of phrases) expect(text, `missing: ${p}`).toContain(p);
}

describe('camp-application (seed 003 Annex 11, Annex 1)', () => {
  it('kk: the annex wording verbatim, filled with the applicant, the pupil, school, class and year, status and consent', async () => {
    const { text, pages } = await textOf('camp-application', 'kk');
    expect(pages).toHaveLength(1);
    expectAll(text, [
      `«${CAMP.name.kk}» мемлекеттік қызметті көрсету қағидаларына 1-қосымша Нысан`,
      'Қарасу ауылдық округі әкімінің аппаратының басшысына (органның атауы)',
      `${HOME}, тел. ${PHONE} (елді мекен атауы, тұрғылықты мекенжайы, телефоны) мекенжайы бойынша тұратын ` +
        `${MOTHER_NAME}, ЖСН ${MOTHER_IIN} (өтініш берушінің тегі, аты, әкесінің аты (бар болғанда) және жеке сәйкестендіру нөмірі)`,
      'Өтініш',
      `Менің кәмелет жасқа толмаған ${PUPIL_NAME}, «03» қыркүйек 2014 ж., ЖСН ${PUPIL_IIN} ` +
        '(тегі, аты, әкесінің аты (бар болғанда) туған күні және жеке сәйкестендіру нөмірі) ' +
        '№ 2 мектептің 4 «Ә» сыныбында (мектеп № және сынып литерін көрсету) оқитын балам 2024-2025 оқу жылы (оқу жылын көрсету) ' +
        'қала сыртындағы және мектеп жанындағы лагерьлерге жолдамамен қамтамасыз етілетін білім алушылар мен тәрбиеленушілердің тізіміне қосуды сұраймын.',
      `Баланың санаты: ${TSA.name.kk}.`,
      `Мәртебесін растайтын құжаттың көшірмесі қоса беріледі: ${TSA.proof.kk} — анықтама № 118, 05.05.2025.`,
      'Ақпараттық жүйелердегі «Дербес деректер және оларды қорғау туралы» Қазақстан Республикасының Заңымен қорғалатын құпия мәліметтерді қолдануға келісім беремін.',
      // Annex 1 ends '"___" 20 жыл қолы': the date alone, then the signature (F-19).
      '«12» мамыр 2025 ж. қолы',
      'Тіркеу журналындағы № ҚРҚ-2025-0031, «12» мамыр 2025 ж.',
    ]);
  });

  it('ru: the same fields in Russian', async () => {
    const { text } = await textOf('camp-application', 'ru');
    expectAll(text, [
      `Приложение 1 к Правилам оказания государственной услуги «${CAMP.name.ru}» Форма`,
      'Акиму Карасуского сельского округа (наименование органа)',
      `от ${MOTHER_NAME}, ИИН ${MOTHER_IIN} (фамилия, имя, отчество (при его наличии) и индивидуальный идентификационный номер заявителя)`,
      `проживающего(-ей) по адресу: ${HOME}, тел. ${PHONE} (наименование населенного пункта, адрес места проживания, телефон)`,
      'Заявление',
      `Прошу включить моего несовершеннолетнего ребенка ${PUPIL_NAME}, «03» сентября 2014 г., ИИН ${PUPIL_IIN}`,
      'обучающегося в 4 «Ә» классе школы № 2 (указать № школы и литер класса), ' +
        'в список обучающихся и воспитанников, обеспечиваемых направлением в загородные и пришкольные лагеря, на 2024-2025 учебный год (указать учебный год).',
      `Категория ребенка: ${TSA.name.ru}.`,
      `Прилагается копия документа, подтверждающего статус: ${TSA.proof.ru} — анықтама № 118, 05.05.2025.`,
      'Согласен(-на) на использование сведений, составляющих охраняемую Законом Республики Казахстан «О персональных данных и их защите» тайну',
      '«12» мая 2025 г. подпись',
    ]);
  });

  it('without a status, consent or journal number those lines are not printed; a proxy is named', async () => {
    const c = input(
      'camp-application',
      {
        ...campApplication,
        statusCategory: null,
        consent: false,
        journalNo: undefined,
        applicant: {
          ...campApplication.applicant,
          name: 'Омарова Ұлжан Жаңабекқызы',
          proxy: {
            principal: MOTHER,
            powerOfAttorney: { kk: '2025 жылғы 10 мамырдағы № 1-234 сенімхат', ru: 'от «10» мая 2025 г. № 1-234' },
          },
        },
      },
      CAMP,
    );
    const { text } = await textOf('camp-application', 'kk', c);
    expect(text).not.toContain('Баланың санаты');
    expect(text).not.toContain('келісім беремін');
    expect(text).not.toContain('Тіркеу журналындағы');
    expect(text).toContain(`(${MOTHER_NAME} атынан, 2025 жылғы 10 мамырдағы № 1-234 сенімхат бойынша)`);
  });
});

describe('camp-referral (result; no template in the seeds)', () => {
  it('kk: issuer, No., pupil, school and class, category, camp, season and dates, basis, validity, head, seal place', async () => {
    const { text, pages } = await textOf('camp-referral', 'kk');
    expect(pages).toHaveLength(1);
    expectAll(text, [
      'Қарасу ауылдық округі әкімінің аппараты',
      'Қала сыртындағы және мектеп жанындағы лагерьлерде демалу үшін № ҚРҚ-Л-2025-007 ЖОЛДАМА',
      'Қарасу ауылдық округі әкімінің аппараты төменде көрсетілген білім алушыға лагерьде демалу үшін жолдама береді.',
      `Білім алушының тегі, аты, әкесінің аты: ${PUPIL_NAME}`,
      'Туған күні: «03» қыркүйек 2014 ж.',
      `ЖСН: ${PUPIL_IIN}`,
      'Мектеп, сынып: № 2 мектеп, 4 «Ә» сынып',
      'Оқу жылы: 2024-2025',
      `Санаты: ${TSA.name.kk}`,
      `Ата-анасы (заңды өкілі): ${MOTHER_NAME}`,
      'Лагерь: «Балдәурен» сауықтыру лагері',
      'Лагерь түрі: қала сыртындағы лагерь',
      'Лагерьдің мекенжайы: Талғар ауданы, Қызылқайрат ауылы',
      'Маусым (ауысым): 2025 жылғы жаз, 2-ауысым',
      'Демалыс мерзімі: 2025 жылғы 20 маусымнан бастап 2025 жылғы 3 шілдеге дейін',
      'Негіздеме: 2025 жылғы 12 мамырдағы № ҚРҚ-2025-0031 өтініш',
      'Жолдама 2025 жылғы 20 маусымға дейін жарамды.',
      'Жолдама «16» мамыр 2025 ж. берілді',
      `Әкім: ${HEAD}`,
      'М.О.',
    ]);
  });

  it('ru: wording; optional lines vanish, the issue day defaults to the day of printing', async () => {
    const c = input(
      'camp-referral',
      {
        referralNo: 'ҚРҚ-Л-2025-008',
        child: { name: PUPIL, birthDate: '2014-09-03' },
        school: { number: '2', classLetter: '4 «Ә»' },
        camp: { name: 'Мектеп жанындағы «Шұғыла» лагері', kind: 'school' },
      },
      CAMP,
    );
    const { text } = await textOf('camp-referral', 'ru', c);
    expectAll(text, [
      'НАПРАВЛЕНИЕ № ҚРҚ-Л-2025-008 на отдых в загородных и пришкольных лагерях',
      'Аппарат акима Карасуского сельского округа выдает направление на отдых в лагере нижеуказанному обучающемуся.',
      `Фамилия, имя, отчество обучающегося: ${PUPIL_NAME}`,
      'Школа, класс: школа № 2, класс 4 «Ә»',
      'Лагерь: Мектеп жанындағы «Шұғыла» лагері',
      'Тип лагеря: пришкольный лагерь',
      'Направление выдано «16» мая 2025 г.',
      `Аким: ${HEAD}`,
    ]);
    for (const absent of ['ИИН', 'Учебный год', 'Категория', 'Срок отдыха', 'Основание', 'действительно до'])
      expect(text).not.toContain(absent);
  });
});

describe('camp-refusal-to-accept (seed 003 Annex 11, Annex 3; two copies)', () => {
  for (const [lang, mark1, mark2, phrases] of [
    [
      'kk',
      '1-дана',
      '2-дана',
      [
        `«${CAMP.name.kk}» мемлекеттік қызметті көрсету қағидаларына 3-қосымша Нысан`,
        'Құжаттарды қабылдаудан бас тарту туралы қолхат',
        '«Мемлекеттік көрсетілетін қызметтер туралы» Қазақстан Республикасы Заңының 20-бабының 2-тармағын басшылыққа алып, ' +
          `«Азаматтарға арналған үкімет» Мемлекеттік корпорацияның коммерциялық емес қоғамы филиалының № 4 бөлімі ${SC_ADDRESS} (мекенжайды көрсету) ` +
          'мемлекеттік көрсетілетін қызмет мемлекеттік қызмет көрсетуге қойылатын талаптарында көзделген тізбеге сәйкес Сіз ұсынған құжаттар топтамасының толық болмауына байланысты ' +
          `${CAMP.name.kk} (мемлекеттік көрсетілетін қызметтің атауы) мемлекеттік қызмет көрсетуге құжаттарды қабылдаудан бас тартады, атап айтқанда:`,
        `Жоқ құжаттардың атауы: 1) ${campDoc('medicalCertificate').kk}; 2) ${campDoc('tsaCertificate').kk}. Осы қолхат`,
        'Осы қолхат әр тарапқа біреуден 2 данада жасалды.',
        `Тегі, аты, әкесінің аты (бар болғанда) ${CLERK} (Мемлекеттік корпорацияның қызметкері) ____________ (қолы)`,
        // No executor named: a blank to fill by hand, not the worker again (F-15).
        'Орындаушының тегі, аты, әкесінің аты (бар болғанда) ____________________',
        `Қабылдаушының тегі, аты, әкесінің аты (бар болғанда) ${MOTHER_NAME}`,
        '(көрсетілетін қызметті алушының қолы) «12» мамыр 2025 ж.',
      ],
    ],
    [
      'ru',
      'Экземпляр 1',
      'Экземпляр 2',
      [
        `Приложение 3 к Правилам оказания государственной услуги «${CAMP.name.ru}» Форма`,
        'Расписка об отказе в приеме документов',
        'Руководствуясь пунктом 2 статьи 20 Закона Республики Казахстан «О государственных услугах», ' +
          `отдел № 4 филиала некоммерческого акционерного общества «Государственная корпорация «Правительство для граждан» ${SC_ADDRESS} (указать адрес) ` +
          `отказывает в приеме документов на оказание государственной услуги ${CAMP.name.ru} (наименование государственной услуги) ` +
          'ввиду представления Вами неполного пакета документов согласно перечню, предусмотренному требованиями к оказанию государственной услуги, а именно:',
        `Наименование отсутствующих документов: 1) ${campDoc('medicalCertificate').ru}; 2) ${campDoc('tsaCertificate').ru}.`,
        'Настоящая расписка составлена в 2 экземплярах, по одному для каждой стороны.',
        `(работник Государственной корпорации)`,
        `Фамилия, имя, отчество (при его наличии) получателя ${MOTHER_NAME}`,
        '(подпись услугополучателя) «12» мая 2025 г.',
      ],
    ],
  ] as const) {
    it(`${lang}: the State Corporation's department, exactly the missing documents, on two pages marked as copies 1 and 2`, async () => {
      const { pages } = await textOf('camp-refusal-to-accept', lang);
      expect(pages).toHaveLength(2);
      expect(pages[0]).toContain(mark1);
      expect(pages[0]).not.toContain(mark2);
      expect(pages[1]).toContain(mark2);
      expect(pages[1]).not.toContain(mark1);
      for (const page of pages) {
        expectAll(page, [...phrases]);
        expect(page).not.toMatch(/3\) /);
        expect(page).not.toContain(campDoc('applicantId')[lang]);
      }
    });
  }

  it("without a State Corporation department the office refuses, and its worker signs as the provider's", async () => {
    const { pages } = await textOf('camp-refusal-to-accept', 'kk', campRefusalCtx({ executorName: EXECUTOR }));
    expect(pages).toHaveLength(2);
    expectAll(pages[1], [
      'басшылыққа алып, Қарасу ауылдық округі әкімінің аппараты Қарасу ауылы, Абай көшесі, 12 (мекенжайды көрсету)',
      `${CLERK} (көрсетілетін қызметті берушінің қызметкері)`,
      `Орындаушының тегі, аты, әкесінің аты (бар болғанда) ${EXECUTOR}`,
    ]);
    expect(pages[1]).not.toContain('Мемлекеттік корпорацияның');
  });
});

describe('preliminary-refusal-notice (seed 003 Annex 11 §10; АӘПК art. 73)', () => {
  it('kk: the application, the grounds from the catalog, the facts, when and where the hearing is, the right to object, what follows', async () => {
    const { text, pages } = await textOf('preliminary-refusal-notice', 'kk');
    expect(pages).toHaveLength(1);
    expectAll(text, [
      'Мемлекеттік қызметті көрсетуден бас тарту туралы алдын ала шешім және тыңдау туралы хабарлама',
      '№ ҚРҚ-АШ-2025-002, «13» мамыр 2025 ж.',
      `Кімге: ${MOTHER_NAME}, ${HOME}`,
      `Сіздің 2025 жылғы 12 мамырдағы № ҚРҚ-2025-0031 өтінішіңізді қарау қорытындысы бойынша «${CAMP.name.kk}» мемлекеттік қызметін көрсетуден бас тарту үшін негіз анықталды.`,
      `Бала: ${PUPIL_NAME}, туған күні «03» қыркүйек 2014 ж.`,
      'Қазақстан Республикасы Әкімшілік рәсімдік-процестік кодексінің 73-бабына сәйкес Сізді мемлекеттік қызметті көрсетуден бас тарту туралы алдын ала шешім туралы хабардар етеміз.',
      `Бас тарту негіздері: 1) ${campGround('decree64Mismatch').kk}.`,
      `Анықталған мән-жайлар: ${REASON}`,
      'Алдын ала шешім бойынша ұстанымыңызды білдіруге мүмкіндік беру үшін тыңдау 2025 жылғы 15 мамырда, сағат 10:00 өткізіледі. ' +
        'Өткізілетін орны: Қарасу ауылдық округі әкімінің аппараты, Қарасу ауылы, Абай көшесі, 12.',
      'алдын ала шешімге қарсылықты осы хабарламаны алған күннен бастап 2 жұмыс күнінен кешіктірмей жазбаша немесе ауызша беруге',
      `Тыңдау нәтижелері бойынша 1 жұмыс күні ішінде Сізге мемлекеттік қызмет көрсету нәтижесі (${CAMP.results[0].name.kk}) не мемлекеттік қызметті көрсетуден дәлелді бас тарту жолданады.`,
      'Мемлекеттік қызметті көрсету мерзімі 2025 жылғы 19 мамырда аяқталады.',
      `Орындаушы: ${EXECUTOR}`,
      `Әкім: ${HEAD}`,
      `Хабарламаны алдым: ${MOTHER_NAME}`,
    ]);
  });

  it('ru: wording with Russian plurals of working days, still on one page with the longest camp ground', async () => {
    const { text, pages } = await textOf('preliminary-refusal-notice', 'ru');
    expect(pages).toHaveLength(1);
    expectAll(text, [
      'Уведомление о предварительном решении об отказе в оказании государственной услуги и о заслушивании',
      `По результатам рассмотрения Вашего заявления от «12» мая 2025 г. № ҚРҚ-2025-0031 установлены основания для отказа в оказании государственной услуги «${CAMP.name.ru}».`,
      'В соответствии со статьей 73 Административного процедурно-процессуального кодекса Республики Казахстан уведомляем Вас о предварительном решении',
      `Основания отказа: 1) ${campGround('decree64Mismatch').ru}.`,
      'заслушивание состоится «15» мая 2025 г., в 10:00. Место проведения: Аппарат акима Карасуского сельского округа, село Карасу, улица Абая, 12.',
      'представить или высказать возражение на предварительное решение не позднее 2 рабочих дней со дня получения настоящего уведомления',
      `По результатам заслушивания в течение 1 рабочего дня Вам направляется результат оказания государственной услуги (${CAMP.results[0].name.ru})`,
      'Срок оказания государственной услуги истекает «19» мая 2025 г.',
      'Уведомление получил(-а):',
    ]);
  });

  it('refuses grounds that need no hearing (incomplete documents, §8) and grounds the catalog does not know', () => {
    const ctx = (grounds: string[]) => input('preliminary-refusal-notice', { ...notice, grounds }, CAMP);
    expect(() => formDataFor('preliminary-refusal-notice', ctx(['incompleteDocuments']))).toThrow(
      /refused without a hearing/,
    );
    expect(() => formDataFor('preliminary-refusal-notice', ctx(['noSuchGround']))).toThrow(/unknown refusal ground/);
    expect(() => formDataFor('preliminary-refusal-notice', ctx([]))).toThrow(FormDataError);
    const early = input('preliminary-refusal-notice', { ...notice, hearing: { at: '2025-05-12T05:00:00.000Z' } }, CAMP);
    expect(() => formDataFor('preliminary-refusal-notice', early)).toThrow(/before the notice/);
  });
});

describe('hearing-record (АӘПК art. 74)', () => {
  it('kk: date, start and end, place, body, chair and secretary, participants, matter, what was said, position, outcome, signatures', async () => {
    const { text } = await textOf('hearing-record', 'kk');
    expectAll(text, [
      'Тыңдау хаттамасы № ҚРҚ-ТХ-2025-002',
      'Өткізілген күні: «15» мамыр 2025 ж.',
      'Басталған уақыты: 10:00, аяқталған уақыты: 10:25',
      'Өткізілген орны: Қарасу ауылдық округі әкімінің аппараты, Қарасу ауылы, Абай көшесі, 12',
      'Әкімшілік орган: Қарасу ауылдық округі әкімінің аппараты',
      `Төрағалық етуші: ${HEAD}, ауылдық округ әкімі`,
      `Хатшы: ${CLERK}`,
      `Әкімшілік рәсімге қатысушы (көрсетілетін қызметті алушы): ${MOTHER_NAME}`,
      `Тыңдауға қатысқан өзге де адамдар: 1) ${EXECUTOR}, жауапты орындаушы.`,
      `Қаралатын мәселе: 2025 жылғы 12 мамырдағы № ҚРҚ-2025-0031 өтініш бойынша «${CAMP.name.kk}» мемлекеттік қызметін көрсетуден бас тарту туралы алдын ала шешім.`,
      'Алдын ала шешім және тыңдау туралы хабарлама: 2025 жылғы 13 мамырдағы № ҚРҚ-АШ-2025-002',
      `Алдын ала шешімнің негіздері: 1) ${campGround('decree64Mismatch').kk}.`,
      `Қатысушылардың түсініктемелері, сұрақтары мен жауаптары, сөйлеген сөздері: ${EXECUTOR}: Ұсынылған анықтамада отбасы табысы көрсетілмеген. ` +
        `${MOTHER_NAME}: Атаулы әлеуметтік көмек 2025 жылғы сәуірде тағайындалды.`,
      'Көрсетілетін қызметті алушының алдын ала шешім бойынша ұстанымы: Алдын ала шешіммен келіспеймін, жаңа анықтама ұсынамын.',
      'Тыңдау кезінде ұсынылған құжаттар: 1) Ауданның жұмыспен қамту бөлімінің 14.05.2025 № 212 анықтамасы.',
      `Тыңдау нәтижесі: алдын ала шешімнен бас тартылды, мемлекеттік қызмет көрсетіледі (${CAMP.results[0].name.kk}).`,
      'Нәтиже көрсетілетін қызметті алушыға 1 жұмыс күні ішінде жолданады.',
      `Төрағалық етуші: ${HEAD} ____________ (қолы)`,
      `Хатшы: ${CLERK} ____________ (қолы)`,
      `Хаттамамен таныстым: ${MOTHER_NAME}`,
    ]);
    expect(text).not.toContain('тыңдауға келмеді');
  });

  it('ru: an absent applicant, no end time yet (a blank to fill), the preliminary decision upheld', async () => {
    const c = input(
      'hearing-record',
      {
        ...hearing,
        endedAt: undefined,
        secretary: undefined,
        statements: [],
        documentsSubmitted: [],
        applicant: { name: MOTHER, present: false },
        applicantPosition: 'не должна печататься',
        outcome: 'refuse',
      },
      CAMP,
    );
    const { text } = await textOf('hearing-record', 'ru', c);
    expectAll(text, [
      'Протокол заслушивания',
      'Время начала: 10:00, время окончания: ____________________',
      'Секретарь: ____________________',
      'Услугополучатель, извещенный о времени и месте заслушивания, на заслушивание не явился.',
      `Рассматриваемый вопрос: предварительное решение об отказе в оказании государственной услуги «${CAMP.name.ru}» по заявлению от «12» мая 2025 г. № ҚРҚ-2025-0031.`,
      'Результат заслушивания: предварительное решение оставлено без изменения, направляется мотивированный отказ в оказании государственной услуги.',
      'Результат направляется услугополучателю в течение 1 рабочего дня.',
      `Председательствующий: ${HEAD} ____________ (подпись)`,
    ]);
    expect(text).not.toContain('не должна печататься');
    expect(text).not.toContain('Объяснения, вопросы');
  });
});

describe('guardianship-certificate (seed 002)', () => {
  it('kk: No., the result as the catalog names it, the guardian, the children, the decision, where presented, issue time, head', async () => {
    const { text, pages } = await textOf('guardianship-certificate', 'kk');
    expect(pages).toHaveLength(1);
    expectAll(text, [
      `№ ҚҚ-2025-015 АНЫҚТАМА ${GUARDIANSHIP.results[0].name.kk}`,
      'Осы анықтама Омарова Ұлжан Жаңабекқызының төменде көрсетілген кәмелетке толмаған баланың (балалардың) қорғаншысы болып табылатынын растайды.',
      `Қорғаншының (қамқоршының) ЖСН: ${certificate.guardian.iin}`,
      'Тұратын мекенжайы: Қарасу ауылы, Абай көшесі, 40',
      `Бала (балалар): 1) Омаров Әділет Нұрланұлы, туған күні «21» сәуір 2016 ж., ЖСН ${certificate.children[0].iin}; ` +
        '2) Омарова Айгүл Нұрланқызы, туған күні «02» қазан 2018 ж. Қорғаншылықты',
      'Қорғаншылықты (қамқоршылықты) белгілеу туралы шешім: Жамбыл ауданы әкімдігінің қаулысы, 2024 жылғы 20 қарашадағы № 214',
      'Анықтама ұсынылатын орын: талап ету орны бойынша',
      'Берілген күні мен уақыты: «03» наурыз 2025 ж., сағ. 11:12',
      'Анықтама электрондық форматта ресімделіп, қағазға басып шығарылды және көрсетілетін қызметті беруші басшысының қолымен расталды.',
      `Әкім: ${HEAD}`,
      'М.О.',
    ]);
  });

  it('ru: wording; without a role both words print; issued now when no time is given', async () => {
    const c = input(
      'guardianship-certificate',
      { ...certificate, role: undefined, issuedAt: undefined, presentTo: 'в школу № 2' },
      GUARDIANSHIP,
    );
    const { text } = await textOf('guardianship-certificate', 'ru', c);
    expectAll(text, [
      `СПРАВКА № ҚҚ-2025-015 ${GUARDIANSHIP.results[0].name.ru}`,
      'Настоящая справка подтверждает, что Омарова Ұлжан Жаңабекқызы является опекуном (попечителем) нижеуказанного несовершеннолетнего ребенка (детей).',
      'Ребенок (дети): 1) Омаров Әділет Нұрланұлы, дата рождения «21» апреля 2016 г.',
      'Решение об установлении опеки (попечительства): постановление акимата Жамбылского района от «20» ноября 2024 г. № 214',
      'Справка выдана для представления: в школу № 2',
      'Дата и время выдачи: «16» мая 2025 г., 10:30',
    ]);
  });
});

describe('generic-application', () => {
  it("kk: addressee, applicant, the service by its catalog name, child, the entry's fields, request, documents in catalog order", async () => {
    const { text, pages } = await textOf('generic-application', 'kk');
    expect(pages).toHaveLength(1);
    expectAll(text, [
      'Қарасу ауылдық округінің әкіміне',
      `${HOME} мекенжайында тұратын ${MOTHER_NAME} (аты-жөні)`,
      `ЖСН ${MOTHER_IIN}`,
      'Өтініш',
      `«${EXTERNAL.name.kk}» мемлекеттік қызметін көрсетуіңізді сұраймын.`,
      `Бала: ${PUPIL_NAME}, туған күні «03» қыркүйек 2014 ж., ЖСН ${PUPIL_IIN}`,
      'Білім беру ұйымы: Қарасу орта мектебі Сынып: 5',
      'Өтініштің мазмұны: Баламның денсаулығына байланысты',
      `Қоса беріліп отырған құжаттар: 1) ${EXTERNAL.documents[0].name.kk}; 2) ${EXTERNAL.documents[1].name.kk}.`,
      'Қазақстан Республикасының Заңымен қорғалатын құпия мәліметтерді қолдануға келісім беремін.',
      'Күні «14» мамыр 2025 ж.',
      'Тіркеу журналындағы № ҚРҚ-2025-0040, «14» мамыр 2025 ж.',
    ]);
  });

  it('ru: wording; a service about the applicant takes no child', async () => {
    const c = input(
      'generic-application',
      { ...genericApplication, child: undefined, fields: undefined, request: undefined, documents: ['application'] },
      ATTESTATION,
    );
    const { text } = await textOf('generic-application', 'ru', c);
    expectAll(text, [
      'Акиму Карасуского сельского округа',
      `от ${MOTHER_NAME} (Ф.И.О.) проживающего(-ей) по адресу: ${HOME}`,
      'Заявление',
      `Прошу оказать государственную услугу «${ATTESTATION.name.ru}».`,
      `Прилагаемые документы: 1) ${ATTESTATION.documents[0].name.ru}.`,
      'Дата «14» мая 2025 г.',
    ]);
    expect(text).not.toContain('Ребенок');
    expect(text).not.toContain('Содержание заявления');
  });
});

describe('generic-result', () => {
  it("kk: titled by its kind with the catalog's name, recipient, child, service, basis, the executor's paragraphs, signatures", async () => {
    const { text, pages } = await textOf('generic-result', 'kk');
    expect(pages).toHaveLength(1);
    const recommendation = PMPC.results.find((r) => r.kind === 'recommendation')!.name;
    expectAll(text, [
      `№ ПМПК-2025-118 ҰСЫНЫМ ${recommendation.kk}`,
      `Кімге: ${MOTHER_NAME}, ${HOME}`,
      `Бала: ${PUPIL_NAME}, туған күні «03» қыркүйек 2014 ж.`,
      `Мемлекеттік қызмет: «${PMPC.name.kk}»`,
      'Негіздеме: 2025 жылғы 12 мамырдағы № ҚРҚ-2025-0031 өтініш',
      'Баланы логопедпен аптасына екі рет сабаққа жіберу ұсынылады. Қайта тексеру: 2026 жылғы мамыр.',
      `Орындаушы: ${EXECUTOR}`,
      'Берілген күні: «16» мамыр 2025 ж.',
      'ПМПК төрағасы: Мұқанова Гүлжан Әбдіқызы ____________ (қолы)',
      'ПМПК мүшесі: Исаев Қайрат Ұланұлы ____________ (қолы)',
    ]);
  });

  it('ru: the first generic result by default (a conclusion), signed by the head', async () => {
    const c = input(
      'generic-result',
      { ...pmpcResult, resultKind: undefined, signatures: undefined, validUntil: '2026-05-31' },
      PMPC,
    );
    const { text } = await textOf('generic-result', 'ru', c);
    expectAll(text, [
      `ЗАКЛЮЧЕНИЕ № ПМПК-2025-118 ${PMPC.results[0].name.ru}`,
      `Кому: ${MOTHER_NAME}, ${HOME}`,
      `Государственная услуга: «${PMPC.name.ru}»`,
      'Основание: заявление от «12» мая 2025 г. № ҚРҚ-2025-0031',
      'Действительно до «31» мая 2026 г. включительно.',
      'Дата выдачи: «16» мая 2025 г.',
      `Аким: ${HEAD}`,
      'М.П.',
    ]);
  });

  it('a result of kind "other" is titled by its catalog name; a kind the service does not give is refused', async () => {
    const other = input(
      'generic-result',
      { ...pmpcResult, resultKind: undefined, child: undefined, signatures: undefined },
      ATTESTATION,
    );
    const { text } = await textOf('generic-result', 'kk', other);
    expect(text).toContain(`${ATTESTATION.results[0].name.kk} № ПМПК-2025-118`);
    expect(text).not.toContain('Бала:');
    expect(() =>
      formDataFor('generic-result', input('generic-result', { ...pmpcResult, resultKind: 'order' }, PMPC)),
    ).toThrow(/not a result of pmpc-examination/);
    expect(() =>
      formDataFor('generic-result', input('generic-result', { ...pmpcResult, body: ' \n\n ' }, PMPC)),
    ).toThrow(/no text/);
  });
});

describe('complaint-ticket (seed 000 §25; seed 003 §14)', () => {
  it('kk: incoming No., date and time of acceptance, receiver, what and whom, the answer term and how it comes', async () => {
    const { text, pages } = await textOf('complaint-ticket', 'kk');
    expect(pages).toHaveLength(1);
    expectAll(text, [
      'Шағымның қабылданғаны туралы талон',
      'Кіріс нөмірі: № ҚРҚ-Ш-2025-003',
      'Шағымның қабылданған күні мен уақыты: «20» мамыр 2025 ж., сағ. 14:47',
      `Шағымды қабылдаған адамның тегі мен аты-жөні: ${CLERK}`,
      `Шағым беруші: ${MOTHER_NAME}, ${HOME}, тел. ${PHONE}`,
      `Мемлекеттік қызмет: «${CAMP.name.kk}»`,
      'Шағымның мәні: Лагерьге жолдама беру мерзімі бұзылды.',
      `Шешіміне, әрекетіне (әрекетсіздігіне) шағым жасалған лауазымды адам (орган): ${CLERK}, кеңсе қызметкері`,
      'Шағым тіркелген күнінен бастап 5 жұмыс күні ішінде қаралады.',
      'Жауап беру мерзімі: 2025 жылғы 27 мамырға дейін',
      'Жауап алу орны: Қарасу ауылдық округі әкімінің аппараты, кеңсе',
      'Шағымды қарау нәтижелері туралы өтініш берушіге жазбаша түрде пошта арқылы хабарланады.',
      'оның атына келіп түскен шағым тіркелген күнінен бастап 15 жұмыс күні ішінде қаралады.',
      `Шағымды қабылдаған: ${CLERK}`,
    ]);
  });

  it("ru: wording; about no particular service the seeds' terms still print", async () => {
    const c = input('complaint-ticket', {
      ...complaint,
      against: undefined,
      answerBy: undefined,
      answerPlace: undefined,
      receiverName: EXECUTOR,
    });
    const { text } = await textOf('complaint-ticket', 'ru', c);
    expectAll(text, [
      'Талон о принятии жалобы',
      'Входящий номер: № ҚРҚ-Ш-2025-003',
      'Дата и время принятия жалобы: «20» мая 2025 г., 14:47',
      `Фамилия, имя, отчество лица, принявшего жалобу: ${EXECUTOR}`,
      'Суть жалобы: Лагерьге жолдама беру мерзімі бұзылды.',
      'Жалоба рассматривается в течение 5 рабочих дней со дня ее регистрации.',
      'О результатах рассмотрения жалобы заявителю сообщается в письменном виде по почте.',
      'рассматривается в течение 15 рабочих дней со дня регистрации.',
    ]);
    for (const absent of ['Государственная услуга', 'Срок ответа', 'Должностное лицо'])
      expect(text).not.toContain(absent);
  });
});

describe('technical-problem-protocol (seed 003 Annex 11 §13-1)', () => {
  it('kk: No., when and where drawn up, what failed, since when, who found it, what was not entered, signatures', async () => {
    const { text, pages } = await textOf('technical-problem-protocol', 'kk');
    expect(pages).toHaveLength(1);
    expectAll(text, [
      'Техникалық проблема туралы хаттама № ТП-2025-01',
      'Жасалған күні мен уақыты: «20» мамыр 2025 ж., сағ. 11:30',
      'Жасалған орны: Қарасу ауылдық округі әкімінің аппараты, Қарасу ауылы, Абай көшесі, 12',
      'ақпараттық-коммуникациялық инфрақұрылымға жауапты қызметкер осы хаттаманы жасады; хаттамаға көрсетілетін қызметті беруші қол қояды.',
      `Мемлекеттік қызмет: «${CAMP.name.kk}»`,
      'Істен шыққан ақпараттық жүйе: Мемлекеттік қызметтер көрсету мониторингінің ақпараттық жүйесі',
      'Техникалық проблеманың сипаттамасы: Серверге қосылу мүмкін емес, жүйе 503 қатесін қайтарады.',
      'Проблема анықталған күні мен уақыты: «20» мамыр 2025 ж., сағ. 09:05',
      `Проблеманы анықтаған қызметкер: ${CLERK}`,
      'хабардар етілген күні мен уақыты: «20» мамыр 2025 ж., сағ. 09:15',
      'деректері ақпараттық жүйеге енгізілмеген өтініштер: 1) ҚРҚ-2025-0031; 2) ҚРҚ-2025-0032.',
      'Қабылданған шаралар: Өтініштер қағаз журналға тіркелді.',
      'Хаттама жасалған сәтте жүйенің жұмысы қалпына келтірілмеген.',
      'Хаттаманы жасаған ақпараттық-коммуникациялық инфрақұрылымға жауапты қызметкер: Жаңабаев Нұрсұлтан Ерболатұлы, бас маман (АКТ)',
      `Көрсетілетін қызметті беруші: Әкім ${HEAD} ____________ (қолы)`,
    ]);
  });

  it('ru: wording; restoration time when known, the protocol about no service, drawn up now by default', async () => {
    const c = input('technical-problem-protocol', {
      ...protocol,
      drawnAt: undefined,
      restoredAt: '2025-05-20T08:40:00.000Z',
      affected: [],
      measures: undefined,
    });
    const { text } = await textOf('technical-problem-protocol', 'ru', c);
    expectAll(text, [
      'Протокол о технической проблеме № ТП-2025-01',
      'Дата и время составления: «16» мая 2025 г., 10:30',
      'Информационная система, в которой произошел сбой: Информационная система мониторинга оказания государственных услуг',
      'Дата и время выявления проблемы: «20» мая 2025 г., 09:05',
      'Дата и время восстановления работы: «20» мая 2025 г., 13:40',
      'Протокол составил(-а) работник, ответственный за информационно-коммуникационную инфраструктуру: Жаңабаев Нұрсұлтан Ерболатұлы, главный специалист (ИКТ)',
      `Услугодатель: Аким ${HEAD} ____________ (подпись)`,
    ]);
    for (const absent of ['Государственная услуга', 'не восстановлена', 'Заявления, сведения'])
      expect(text).not.toContain(absent);
    expect(() =>
      formDataFor(
        'technical-problem-protocol',
        input('technical-problem-protocol', { ...protocol, restoredAt: '2025-05-20T03:00:00.000Z' }),
      ),
    ).toThrow(/before the failure/);
  });
});

describe('refusal for every service', () => {
  it('a service about the applicant names no child', async () => {
    const app = application(ATTESTATION, {
      decision: { kind: 'refusal', groundCode: 'incompleteDocuments', reason: REASON },
    });
    const { text } = await renderText(
      buildForm('refusal', formDataFor('refusal', { ...base, app, kindergartens: [], entry: ATTESTATION }), 'kk'),
    );
    expectAll(text, [
      `Сіздің 2025 жылғы 12 мамырдағы № ҚРҚ-2025-0031 өтінішіңіз бойынша «${ATTESTATION.name.kk}» мемлекеттік қызметін көрсетуден бас тартылады.`,
      `Бас тарту негізі: ${ATTESTATION.refusalGrounds[0].text.kk.replace(/\.$/, '')}.`,
    ]);
    expect(text).not.toContain(PUPIL_NAME);
  });

  it('a camp refusal after a hearing says so, with the record number', async () => {
    const app = application(CAMP, { decision: { kind: 'refusal', groundCode: 'decree64Mismatch', reason: REASON } });
    const c = {
      ...base,
      app,
      kindergartens: [],
      entry: CAMP,
      extra: { hearing: { heldOn: '2025-05-15', recordNo: 'ҚРҚ-ТХ-2025-002' } },
    };
    const kk = (await renderText(buildForm('refusal', formDataFor('refusal', c), 'kk'))).text;
    const ru = (await renderText(buildForm('refusal', formDataFor('refusal', c), 'ru'))).text;
    expectAll(kk, [
      `(бала: ${PUPIL_NAME}, туылған күні «03» қыркүйек 2014 ж.)`,
      'Бас тарту туралы шешім 2025 жылғы 15 мамырдағы тыңдаудың нәтижелері бойынша қабылданды (тыңдау хаттамасы № ҚРҚ-ТХ-2025-002).',
    ]);
    expect(ru).toContain(
      'Решение об отказе принято по результатам заслушивания, проведенного «15» мая 2025 г. (протокол заслушивания № ҚРҚ-ТХ-2025-002).',
    );
  });
});

describe('every service form in both languages', () => {
  it.each(SERVICE_FORM_IDS.flatMap((f) => (['kk', 'ru'] as const).map((l) => [f, l] as const)))(
    '%s/%s: no unfilled placeholder, Tinos embedded, Kazakh letters survive',
    async (form, lang) => {
      const { text, pdf } = await textOf(form, lang);
      // FORMS_PDF_DIR=/tmp/forms keeps the samples for a look with a PDF viewer or pdftoppm.
      if (process.env.FORMS_PDF_DIR) writeFileSync(join(process.env.FORMS_PDF_DIR, `${form}-${lang}.pdf`), pdf);
      expect(text).not.toMatch(/\{\{|\}\}|undefined|null|NaN|\[object/);
      const raw = pdf.toString('latin1');
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Tinos-Regular/);
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Tinos-Bold/);
      for (const ch of 'әғқңұі') expect(text.toLowerCase(), `letter ${ch}`).toContain(ch);
    },
  );
});

describe('form ids and inputs', () => {
  it('every form the catalog names is registered, and every registered form is sampled by one of the two form tests', () => {
    const named = defaultCatalog
      .all()
      .flatMap((e) => [
        e.forms.application,
        e.forms.receipt,
        e.forms.refusalToAccept,
        ...e.results.map((r) => r.form),
        ...(e.interimForms ?? []).map((f) => f.id),
        ...(e.hearing ? [e.hearing.noticeForm, e.hearing.recordForm] : []),
      ]);
    expect([...new Set(named)].filter((f) => !isFormId(f))).toEqual([]);
    expect([...FORM_IDS].sort()).toEqual([...PRESCHOOL_FORM_IDS, ...Object.keys(SAMPLES)].sort());
  });

  it('refuses a missing input, a missing entry, bad dates and instants, naming the field', () => {
    const noInput = { ...base, entry: CAMP } as unknown as ContextFor<'camp-referral'>;
    expect(() => formDataFor('camp-referral', noInput)).toThrow(/needs its input in ctx.extra/);
    const noEntry = { ...base, extra: campReferral } as unknown as ContextFor<'camp-referral'>;
    expect(() => formDataFor('camp-referral', noEntry)).toThrow(/needs the service entry/);
    expect(() =>
      formDataFor('camp-referral', input('camp-referral', { ...campReferral, validUntil: '20.06.2025' }, CAMP)),
    ).toThrow(/validUntil: not a YYYY-MM-DD date/);
    expect(() =>
      formDataFor(
        'camp-referral',
        input('camp-referral', { ...campReferral, period: { from: '2025-07-03', to: '2025-06-20' } }, CAMP),
      ),
    ).toThrow(/ends before/);
    expect(() =>
      formDataFor('complaint-ticket', input('complaint-ticket', { ...complaint, acceptedAt: '2025-05-20' })),
    ).toThrow(/acceptedAt: not an ISO instant/);
    expect(() =>
      formDataFor(
        'guardianship-certificate',
        input('guardianship-certificate', { ...certificate, children: [] }, GUARDIANSHIP),
      ),
    ).toThrow(/at least one child/);
    expect(() => formDataFor('camp-refusal-to-accept', { ...campRefusalCtx(), app: application(CAMP) })).toThrow(
      /needs a refusal to accept/,
    );
  });

  it('uses office-local time: an evening acceptance in UTC is the next morning in the village', () => {
    const late = input('complaint-ticket', { ...complaint, acceptedAt: '2025-05-20T20:30:00.000Z' });
    expect(formDataFor('complaint-ticket', late).acceptedAt).toEqual({ date: '2025-05-21', time: '01:30' });
    const app = formDataFor(
      'camp-application',
      input('camp-application', { ...campApplication, acceptedAt: '2025-05-11T19:10:00.000Z' }, CAMP),
    );
    expect(app.acceptedOn).toBe('2025-05-12');
  });

  it('resolves codes through the catalog: status category, documents in catalog order, fields left blank when not given', () => {
    const app = formDataFor('camp-application', SAMPLES['camp-application']);
    expect(app.status?.category).toEqual(TSA.name);
    const generic = formDataFor(
      'generic-application',
      input(
        'generic-application',
        { ...genericApplication, fields: { school: 'Қарасу орта мектебі', extraNote: 'x' } },
        EXTERNAL_WITH_FIELDS,
      ),
    );
    expect(generic.documents.map((d) => d.kk)).toEqual([EXTERNAL.documents[0].name.kk, EXTERNAL.documents[1].name.kk]);
    expect(generic.fields.map((f) => [f.name.kk, f.value])).toEqual([
      ['Білім беру ұйымы', 'Қарасу орта мектебі'],
      ['Сынып', ''],
      ['extraNote', 'x'],
    ]);
    const notice = formDataFor('preliminary-refusal-notice', SAMPLES['preliminary-refusal-notice']);
    expect(notice).toMatchObject({
      objectionWorkingDays: 2,
      resultWorkingDays: CAMP.hearing!.finalDecisionWorkingDays,
      grounds: [campGround('decree64Mismatch')],
    });
  });
});
