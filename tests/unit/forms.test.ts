/**
 * Every printed form, in Kazakh and Russian, rendered to a real PDF with the
 * shipped fonts and read back as text: the official wording, the names with
 * all Kazakh letters, dates in official style and the numbers must be on paper.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AcceptRefusalSchema,
  ApplicationSchema,
  KindergartenSchema,
  OfficeSchema,
  defaultCatalog,
  makeIin,
  type AcceptRefusal,
  type Application,
  type Lang,
} from '../../shared';
import {
  PRESCHOOL_FORM_IDS,
  FormDataError,
  buildForm,
  formDataFor,
  formOffice,
  printableForms,
  recordFormData,
  type FormContext,
  type FormId,
} from '../../shared/forms/index';
import kkForms from '../../locales/kk/forms.json';
import ruForms from '../../locales/ru/forms.json';
import { renderText } from '../helpers/pdf';

const entry = defaultCatalog.get('preschool-queue');
// Catalog texts are data the district may change; the forms' own wording is pinned below.
const SERVICE = entry.name;
const doc = (code: string) => entry.documents.find((d) => d.code === code)!.name;
const LARGE_FAMILY = entry.priorityCategories.find((c) => c.code === 'largeFamily')!;
const AGE_GROUND = entry.refusalGrounds.find((g) => g.code === 'ageLimit')!.text;

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

const kindergartens = [
  KindergartenSchema.parse({
    id: 'kg-1',
    number: '1',
    name: { kk: '«Балапан» бөбекжайы', ru: 'Ясли-сад «Балапан»' },
    address: { kk: 'Қарасу ауылы, Төле би көшесі, 5', ru: 'село Карасу, улица Толе би, 5' },
    ageGroups: [
      {
        id: 'middle',
        name: { kk: 'Ортаңғы топ (4 жас)', ru: 'Средняя группа (4 года)' },
        minAge: 4,
        maxAge: 4,
        freePlaces: 2,
      },
    ],
    updatedAt: '2024-12-01T04:00:00.000Z',
  }),
  KindergartenSchema.parse({
    id: 'kg-3',
    number: '3',
    name: { kk: '«Құлыншақ» шағын орталығы', ru: 'Мини-центр «Кулыншак»' },
    address: { kk: 'Үшқоңыр ауылы, Мектеп көшесі, 3', ru: 'село Ушконыр, улица Мектеп, 3' },
    ageGroups: [],
    updatedAt: '2024-12-01T04:00:00.000Z',
  }),
];

const MOTHER = { lastName: 'Сәрсенбаева', firstName: 'Әйгерім', middleName: 'Жаңғырқызы' };
const CHILD = { lastName: 'Сәрсенбаев', firstName: 'Жәңгір', middleName: 'Ғалымұлы' };
const CLERK = 'Жұмабаева Гүлнұр Өмірзаққызы';
const EXECUTOR = 'Төлеуова Құралай Серікқызы';
const HEAD = 'Сәрсенбаев Ғалым Өтегенұлы';

function application(patch: Partial<Application> = {}): Application {
  return ApplicationSchema.parse({
    id: 'app-1',
    officeId: office.id,
    serviceCode: entry.code,
    journalYear: 2025,
    journalSeq: 12,
    journalNo: 'ҚРҚ-2025-0012',
    lang: 'kk',
    applicant: {
      kind: 'parent',
      ...MOTHER,
      iin: iin('1992-05-14', 'female'),
      phone: '+7 701 234 56 78',
      address: 'Қарасу ауылы, Жиһаншаев көшесі, 7',
    },
    child: { ...CHILD, iin: iin('2021-03-08', 'male'), birthDate: '2021-03-08', sex: 'male' },
    priority: 'largeFamily',
    priorityDoc: 'анықтама № 45',
    kindergartenIds: ['kg-1', 'kg-3'],
    workplaces: { mother: 'Қарасу орта мектебі, мұғалім', father: '«Шаһар құрылыс» ЖШС, инженер' },
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'priorityProof', 'addressCertificate'],
    status: 'registered',
    queueState: 'waiting',
    // 10:05 and 18:00 office time (UTC+5)
    acceptedAt: '2025-01-15T05:05:00.000Z',
    acceptedBy: 'staff-clerk',
    dueAt: '2025-01-20T13:00:00.000Z',
    steps: [
      {
        step: 'accept',
        by: 'staff-clerk',
        byName: CLERK,
        role: 'clerk',
        startedAt: '2025-01-15T05:00:00.000Z',
        at: '2025-01-15T05:05:00.000Z',
        normDueAt: '2025-01-15T05:05:00.000Z',
        late: false,
      },
    ],
    prints: [],
    version: 1,
    updatedAt: '2025-01-15T05:05:00.000Z',
    ...patch,
  });
}

const refusalToAccept: AcceptRefusal = AcceptRefusalSchema.parse({
  id: 'ref-1',
  officeId: office.id,
  serviceCode: entry.code,
  at: '2025-01-15T06:40:00.000Z',
  by: 'staff-clerk',
  byName: CLERK,
  lang: 'kk',
  applicant: {
    kind: 'parent',
    ...MOTHER,
    iin: iin('1992-05-14', 'female'),
    phone: '+7 701 234 56 78',
    address: 'Қарасу ауылы, Жиһаншаев көшесі, 7',
  },
  child: { ...CHILD },
  missingDocuments: ['birthCertificate', 'addressCertificate'],
  prints: [],
});

const ctx = (app: Application | AcceptRefusal, extra: Partial<FormContext> = {}): FormContext => ({
  app,
  office,
  kindergartens,
  entry,
  staffName: CLERK,
  headName: HEAD,
  executorName: EXECUTOR,
  queuePosition: 17,
  queueAsOf: '2025-01-16T03:00:00.000Z',
  now: '2025-01-16T04:30:00.000Z',
  ...extra,
});

// The executor's words, with every Kazakh letter in both cases and the signs official papers use.
const REASON = 'Бала 2025 жылғы 8 наурызда 6 жасқа толады (әғқңөұүһі ӘҒҚҢӨҰҮҺІ № «»).';

const referralApp = application({
  status: 'decided',
  queueState: 'referred',
  decision: {
    kind: 'referral',
    kindergartenId: 'kg-1',
    ageGroupId: 'middle',
    referralNo: 'ҚРҚ-Ж-2025-004',
    issuedOn: '2025-01-16',
    validUntil: '2025-01-21',
  },
});
const refusalApp = application({
  status: 'decided',
  queueState: 'refused',
  decision: { kind: 'refusal', groundCode: 'ageLimit', reason: REASON },
});

// The forms of the other services are sampled in forms-services.test.ts.
type PreschoolFormId = (typeof PRESCHOOL_FORM_IDS)[number];
const SAMPLES: Record<PreschoolFormId, FormContext> = {
  application: ctx(application()),
  receipt: ctx(application()),
  refusalToAccept: ctx(refusalToAccept),
  notification: ctx(application()),
  referral: ctx(referralApp),
  refusal: ctx(refusalApp),
};

async function textOf(form: PreschoolFormId, lang: Lang, c: FormContext = SAMPLES[form]) {
  return renderText(buildForm(form, formDataFor(form, c), lang));
}

/** Asserts each phrase appears, reporting the first one that does not. */
function expectAll(text: string, phrases: string[]) {
  for (const p of phrases) expect(text, `missing: ${p}`).toContain(p);
}

const MOTHER_NAME = 'Сәрсенбаева Әйгерім Жаңғырқызы';
const BLANK = '____________________';
// Appendices 4-6 cite the 2012 standard by its own title (issue #15, F-01).
const STANDARD = {
  kk: '«Мектепке дейінгі балалар ұйымдарына жіберу үшін мектепке дейінгі (7 жасқа дейін) жастағы балаларды кезекке қою» мемлекеттік қызмет стандартына',
  ru: 'к стандарту государственной услуги «Постановка на очередь детей дошкольного возраста (до 7 лет) для направления в детские дошкольные организации»',
};
const CHILD_NAME = 'Сәрсенбаев Жәңгір Ғалымұлы';

describe('application (Appendix 6)', () => {
  it('kk: addressee, applicant, request with preschool numbers, priority, workplaces, consent, date', async () => {
    const { text, pages } = await textOf('application', 'kk');
    expect(pages).toHaveLength(1);
    expectAll(text, [
      `${STANDARD.kk} 6-қосымша`,
      'Қарасу ауылдық округінің әкіміне',
      `Қарасу ауылы, Жиһаншаев көшесі, 7 мекен-жайында тұратын ${MOTHER_NAME} (аты-жөні)`,
      `ЖСН ${SAMPLES.application.app.applicant.iin}`,
      'тел. +7 701 234 56 78',
      'Өтініш',
      `Мектепке дейінгі ұйымнан орын алу үшін № 1, 3, менің баламды ${CHILD_NAME} (ЖСН ${(SAMPLES.application.app as Application).child!.iin}), туылған күні «08» наурыз 2021 ж., кезекке қойуыңызды сұраймын.`,
      `Мектепке дейінгі ұйымға бірінші кезектік жолдамаға құқығын растайтын құжаттарға қосамын: ${LARGE_FAMILY.name.kk} — ${LARGE_FAMILY.proof.kk} — анықтама № 45`,
      `Ата-ананың жұмыс орны: анасы-Қарасу орта мектебі, мұғалім әкесі-«Шаһар құрылыс» ЖШС, инженер ${BLANK}`,
      'Ақпараттық жүйелердегі «Дербес деректер және оларды қорғау туралы» Қазақстан Республикасының Заңымен қорғалатын құпия мәліметтерді қолдануға келісім беремін.',
      'Күні «15» қаңтар 2025 ж.',
      'Қолы',
      'Тіркеу журналындағы № ҚРҚ-2025-0012, «15» қаңтар 2025 ж.',
    ]);
  });

  it('ru: the same fields in the official Russian wording', async () => {
    const { text } = await textOf('application', 'ru');
    expectAll(text, [
      `Приложение 6 ${STANDARD.ru}`,
      'Акиму Карасуского сельского округа',
      `от ${MOTHER_NAME} (Ф.И.О.) проживающего(-ей) по адресу: Қарасу ауылы, Жиһаншаев көшесі, 7`,
      'Заявление',
      `Прошу поставить на очередь моего ребенка ${CHILD_NAME} (ИИН ${(SAMPLES.application.app as Application).child!.iin}), дата рождения «08» марта 2021 г., для получения места в дошкольной организации № 1, 3.`,
      `Прилагаю документы, подтверждающие право на первоочередное получение направления в дошкольную организацию: ${LARGE_FAMILY.name.ru} — ${LARGE_FAMILY.proof.ru} — анықтама № 45`,
      'Место работы родителей: мать – Қарасу орта мектебі, мұғалім отец – «Шаһар құрылыс» ЖШС, инженер',
      'Согласен(-на) на использование сведений, составляющих охраняемую Законом Республики Казахстан «О персональных данных и их защите» тайну',
      'Дата «15» января 2025 г.',
      'Подпись',
      'Зарегистрировано в журнале под № ҚРҚ-2025-0012',
    ]);
  });

  it('without priority prints a dash, without workplaces blanks; a proxy names the parent and the power of attorney', async () => {
    const app = application({
      priority: null,
      priorityDoc: undefined,
      workplaces: {},
      applicant: {
        kind: 'proxy',
        lastName: 'Омарова',
        firstName: 'Ұлжан',
        middleName: 'Бекқызы',
        iin: iin('1970-02-02', 'female'),
        phone: '+7 705 111 22 33',
        address: 'Қарасу ауылы, Абай көшесі, 40',
        principal: { ...MOTHER },
        powerOfAttorney: { number: '1-234', date: '2025-01-10', notary: 'Нотариус Әбілқасымова Ф.' },
      },
    });
    const { text } = await textOf('application', 'kk', ctx(app));
    expectAll(text, [
      'құжаттарға қосамын: —',
      `анасы-${BLANK} әкесі-${BLANK} ${BLANK}`,
      `(${MOTHER_NAME} атынан, Нотариус Әбілқасымова Ф. куәландырған 2025 жылғы 10 қаңтардағы № 1-234 сенімхат бойынша)`,
      'Омарова Ұлжан Бекқызы',
    ]);
  });
});

describe('receipt (seed 000 §14)', () => {
  it('kk: journal No. and time of acceptance, service, the documents presented, when and where the result is issued, who accepted', async () => {
    const { text, pages } = await textOf('receipt', 'kk');
    expect(pages).toHaveLength(1);
    expectAll(text, [
      'Құжаттардың қабылданғаны туралы қолхат',
      '1. Сұраныстың нөмірі мен қабылданған күні: № ҚРҚ-2025-0012, «15» қаңтар 2025 ж., сағ. 10:05',
      `2. Сұраныс жасалған мемлекеттік қызмет түрі: ${SERVICE.kk}`,
      '3. Қосымша берілген құжаттар саны мен атаулары: барлығы 5 ' +
        `1) ${doc('application').kk}; 2) ${doc('applicantId').kk}; 3) ${doc('birthCertificate').kk}; ` +
        `4) ${doc('priorityProof').kk}; 5) ${doc('addressCertificate').kk}.`,
      '4. Құжаттарды беру күні (уақыты) мен орны: «20» қаңтар 2025 ж., сағ. 18:00, Қарасу ауылдық округі әкімінің аппараты, Қарасу ауылы, Абай көшесі, 12',
      `5. Құжаттарды ресімдеуге сұранысты қабылдаған қызметкердің тегі, аты, әкесінің аты: ${CLERK}`,
      `6. Мемлекеттік қызметті алушының тегі, аты, әкесінің аты, байланыс телефоны: ${MOTHER_NAME}, тел. +7 701 234 56 78`,
      '7. Уәкілетті өкілдің тегі, аты, әкесінің аты, байланыс телефоны: —',
    ]);
    expect(text).not.toContain(doc('powerOfAttorney').kk);
  });

  it('ru: the same items in Russian', async () => {
    const { text } = await textOf('receipt', 'ru');
    expectAll(text, [
      'Расписка о приеме документов',
      'Номер и дата приема запроса: № ҚРҚ-2025-0012, «15» января 2025 г., 10:05',
      `Количество и название приложенных документов: всего 5 1) ${doc('application').ru};`,
      `3) ${doc('birthCertificate').ru};`,
      'Дата (время) и место выдачи документов: «20» января 2025 г., 18:00, Аппарат акима Карасуского сельского округа, село Карасу, улица Абая, 12',
      `Фамилия, имя, отчество работника, принявшего заявление на оформление документов: ${CLERK}`,
      `Фамилия, имя, отчество получателя государственной услуги, контактный телефон: ${MOTHER_NAME}, тел. +7 701 234 56 78`,
    ]);
  });

  it('a proxy: the parent is the recipient, the proxy the representative with the phone', async () => {
    const app = application({
      documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate', 'powerOfAttorney'],
      applicant: {
        kind: 'proxy',
        lastName: 'Омарова',
        firstName: 'Ұлжан',
        middleName: 'Бекқызы',
        iin: iin('1970-02-02', 'female'),
        phone: '+7 705 111 22 33',
        address: 'Қарасу ауылы, Абай көшесі, 40',
        principal: { ...MOTHER },
      },
    });
    const { text } = await textOf('receipt', 'kk', ctx(app));
    expectAll(text, [
      `байланыс телефоны: ${MOTHER_NAME} 7.`,
      'Уәкілетті өкілдің тегі, аты, әкесінің аты, байланыс телефоны: Омарова Ұлжан Бекқызы, тел. +7 705 111 22 33',
      `5) ${doc('powerOfAttorney').kk}.`,
      'Қолхатты алдым: Омарова Ұлжан Бекқызы',
    ]);
  });
});

describe('refusalToAccept (seed 000 §16, two copies)', () => {
  for (const [lang, mark1, mark2, phrases] of [
    [
      'kk',
      '1-дана',
      '2-дана',
      [
        'Құжаттарды қабылдаудан бас тарту туралы қолхат',
        '«Мемлекеттік көрсетілетін қызметтер туралы» Қазақстан Республикасы Заңының 20-бабының 2-тармағын басшылыққа алып, Қарасу ауылдық округі әкімінің аппараты (Қарасу ауылы, Абай көшесі, 12)',
        `Сіз ұсынған құжаттар топтамасының толық болмауына байланысты «${SERVICE.kk}» мемлекеттік қызмет көрсетуге құжаттарды қабылдаудан бас тартады, атап айтқанда:`,
        `Жоқ құжаттардың атауы: 1) ${doc('birthCertificate').kk}; 2) ${doc('addressCertificate').kk}. Осы қолхат`,
        'Осы қолхат әр тарапқа біреуден 2 данада жасалды.',
        // Annex 3's signature lines (F-14).
        `Тегі, аты, әкесінің аты (бар болғанда) ${CLERK} (көрсетілетін қызметті берушінің қызметкері)`,
        `Қабылдаушының тегі, аты, әкесінің аты (бар болғанда) ${MOTHER_NAME}`,
        '(көрсетілетін қызметті алушының қолы) «15» қаңтар 2025 ж., сағ. 11:40',
      ],
    ],
    [
      'ru',
      'Экземпляр 1',
      'Экземпляр 2',
      [
        'Расписка об отказе в приеме документов',
        'Руководствуясь пунктом 2 статьи 20 Закона Республики Казахстан «О государственных услугах», Аппарат акима Карасуского сельского округа (село Карасу, улица Абая, 12) отказывает в приеме документов',
        `Наименование отсутствующих документов: 1) ${doc('birthCertificate').ru}; 2) ${doc('addressCertificate').ru}. Настоящая`,
        'Настоящая расписка составлена в 2 экземплярах, по одному для каждой стороны.',
        `Фамилия, имя, отчество (при его наличии) получателя ${MOTHER_NAME}`,
        '(подпись услугополучателя) «15» января 2025 г., 11:40',
      ],
    ],
  ] as const) {
    it(`${lang}: lists exactly the missing documents, on two pages marked as copies 1 and 2`, async () => {
      const { pages } = await textOf('refusalToAccept', lang);
      expect(pages).toHaveLength(2);
      expect(pages[0]).toContain(mark1);
      expect(pages[0]).not.toContain(mark2);
      expect(pages[1]).toContain(mark2);
      expect(pages[1]).not.toContain(mark1);
      for (const page of pages) {
        expectAll(page, [...phrases]);
        // presented documents are not listed as missing
        expect(page).not.toMatch(/3\) /);
        expect(page).not.toContain(doc('applicantId')[lang]);
      }
    });
  }
});

describe('notification (Appendix 5)', () => {
  it('kk: parent, child, journal date and number, queue position as of a date, the follow sentence, specialist', async () => {
    const { text } = await textOf('notification', 'kk');
    expectAll(text, [
      `${STANDARD.kk} 5-қосымша`,
      'Баланы тіркеу туралы хабарлама',
      `Осы хабарлама ${MOTHER_NAME} (ата-ананың аты-жөні) ${CHILD_NAME} (баланың аты-жөні) берілді.`,
      'Мектепке дейінгі балалар ұйымына жіберу үшін мектепке дейінгі жастағы балаларды тіркеу журналына 2025 жылғы 15 қаңтар № ҚРҚ-2025-0012 нөмірімен кезекке қойылды.',
      '2025 жылғы 16 қаңтардағы жағдай бойынша кеңсе кезегіндегі реттік нөмірі: 17.',
      'Мектепке дейінгі ұйымнан орын алу үшін кезекте тұрған тұтынушы жұмыс кестесіне сәйкес, сонымен қатар электрондық портал арқылы өз кезегінің жылжуын бақылауды жүзеге асыруға мүмкіндігі бар.',
      `${EXECUTOR} ____________ (әкім аппаратының маманы)`,
    ]);
  });

  it('ru: wording, and no position line when the position is unknown', async () => {
    const { text } = await textOf('notification', 'ru', ctx(application(), { queuePosition: null }));
    expectAll(text, [
      'Уведомление о регистрации ребенка',
      `Настоящее уведомление выдано ${MOTHER_NAME} (Ф.И.О. родителя) на ребенка ${CHILD_NAME} (Ф.И.О. ребенка).`,
      'Поставлен на очередь в журнале регистрации детей дошкольного возраста для направления в детские дошкольные организации «15» января 2025 г. под № ҚРҚ-2025-0012.',
      'имеет возможность отслеживать движение своей очереди согласно графику работы, а также через электронный портал.',
      `${EXECUTOR} ____________ (специалист аппарата акима)`,
    ]);
    expect(text).not.toContain('по состоянию на');
  });
});

describe('referral (Appendix 4)', () => {
  it('kk: issuer, referral No., preschool No. and address, child, 5 days, valid until, issue date, head, seal place', async () => {
    const { text, pages } = await textOf('referral', 'kk');
    expect(pages).toHaveLength(1);
    expectAll(text, [
      `${STANDARD.kk} 4-қосымша`,
      'Баланы мектепке дейінгі ұйымға қабылдау үшін № ҚРҚ-Ж-2025-004 ЖОЛДАМА',
      'Қарасу ауылдық округі әкімінің аппараты Қарасу ауылы, Төле би көшесі, 5 мекен-жайы бойынша орналасқан № 1 мектепке дейінгі ұйымға («Балапан» бөбекжайы) жолдама береді.',
      `Баланың тегі, аты, әкесінің аты: ${CHILD_NAME}`,
      'Туылған күні: «08» наурыз 2021 ж.',
      'Баланың үйінің мекен-жайы: Қарасу ауылы, Жиһаншаев көшесі, 7',
      'Жас тобы: Ортаңғы топ (4 жас)',
      'Жолдама мектепке дейінгі ұйымға берілген күннен бастап 5 күн ішінде тапсырылуы тиіс.',
      'Жолдама 2025 жылғы 21 қаңтарға дейін жарамды.',
      'Жолдама «16» қаңтар 2025 ж. берілді',
      `Әкім: ${HEAD}`,
      'Мөр',
    ]);
  });

  it('ru: wording; validity computed from the issue day when the decision lacks it', async () => {
    const app = application({
      status: 'decided',
      queueState: 'referred',
      decision: { kind: 'referral', kindergartenId: 'kg-1', ageGroupId: 'middle', referralNo: 'ҚРҚ-Ж-2025-005' },
    });
    const { text } = await textOf('referral', 'ru', ctx(app, { now: '2025-01-27T19:30:00.000Z' })); // 28 Jan, 00:30 office time
    expectAll(text, [
      'НАПРАВЛЕНИЕ № ҚРҚ-Ж-2025-005 для зачисления ребенка в дошкольную организацию',
      'Аппарат акима Карасуского сельского округа выдает направление в дошкольную организацию № 1 (Ясли-сад «Балапан»), расположенную по адресу: село Карасу, улица Толе би, 5.',
      `Фамилия, имя, отчество ребенка: ${CHILD_NAME}`,
      'Дата рождения: «08» марта 2021 г.',
      'Домашний адрес ребенка: Қарасу ауылы, Жиһаншаев көшесі, 7',
      'Направление должно быть предоставлено в дошкольную организацию в течение 5 дней со дня выдачи.',
      // Five days from 28 Jan end on Sunday 2 Feb: the referral lasts to Monday (K-01).
      'Направление действительно до «03» февраля 2025 г. включительно.',
      'Направление выдано «28» января 2025 г.',
      `Аким: ${HEAD}`,
      'М.П.',
    ]);
  });
});

describe('refusal (reasoned refusal)', () => {
  it('kk: applicant, application No. and date, child, service, ground from the catalog, executor reason, head', async () => {
    const { text } = await textOf('refusal', 'kk');
    expectAll(text, [
      'Мемлекеттік қызмет көрсетуден бас тарту туралы дәлелді жауап',
      `Кімге: ${MOTHER_NAME}, Қарасу ауылы, Жиһаншаев көшесі, 7`,
      `Сіздің 2025 жылғы 15 қаңтардағы № ҚРҚ-2025-0012 өтінішіңіз бойынша (бала: ${CHILD_NAME}, туылған күні «08» наурыз 2021 ж.) «${SERVICE.kk}» мемлекеттік қызметін көрсетуден бас тартылады.`,
      `Бас тарту негізі: ${AGE_GROUND.kk.replace(/\.$/, '')}.`,
      `Себебі: ${REASON}`,
      'сотқа жүгінуге сотқа дейінгі тәртіппен шағым жасалғаннан кейін жол беріледі.',
      `Орындаушы: ${EXECUTOR}`,
      `№ ${BLANK} «16» қаңтар 2025 ж.`,
      `Әкім: ${HEAD}`,
    ]);
  });

  it('ru: wording', async () => {
    const { text } = await textOf('refusal', 'ru');
    expectAll(text, [
      'Мотивированный ответ об отказе в оказании государственной услуги',
      `По Вашему заявлению от «15» января 2025 г. № ҚРҚ-2025-0012 (ребенок: ${CHILD_NAME}, дата рождения «08» марта 2021 г.) в оказании государственной услуги «${SERVICE.ru}» отказано.`,
      `Основание отказа: ${AGE_GROUND.ru.replace(/\.$/, '')}.`,
      `Причина: ${REASON}`,
      `Исполнитель: ${EXECUTOR}`,
      `Аким: ${HEAD}`,
      'М.П.',
    ]);
  });
});

describe('every form in both languages', () => {
  it.each(PRESCHOOL_FORM_IDS.flatMap((f) => (['kk', 'ru'] as const).map((l) => [f, l] as const)))(
    '%s/%s: no unfilled placeholder, Tinos embedded, Kazakh letters survive',
    async (form, lang) => {
      const { text, pdf } = await textOf(form, lang);
      // FORMS_PDF_DIR=/tmp/forms keeps the samples for a look with a PDF viewer or pdftoppm.
      if (process.env.FORMS_PDF_DIR) writeFileSync(join(process.env.FORMS_PDF_DIR, `${form}-${lang}.pdf`), pdf);
      expect(text).not.toMatch(/\{\{|\}\}|undefined|null|NaN|\[object/);
      const raw = pdf.toString('latin1');
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Tinos-Regular/);
      expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+Tinos-Bold/);
      // every sample prints names holding these Kazakh letters; they must come back as the same code points
      for (const ch of 'әғқңұі') expect(text.toLowerCase(), `letter ${ch}`).toContain(ch);
    },
  );
});

describe('form data from records (formDataFor)', () => {
  it('names the office on paper from a full official name or from a bare place name', () => {
    expect(formOffice(office)).toMatchObject({
      body: { kk: 'Қарасу ауылдық округі әкімінің аппараты', ru: 'Аппарат акима Карасуского сельского округа' },
      addressee: { kk: 'Қарасу ауылдық округінің әкіміне', ru: 'Акиму Карасуского сельского округа' },
      headTitle: { kk: 'Әкім', ru: 'Аким' },
    });
    const bare = { ...office, name: { kk: 'Ақсу', ru: 'Аксу' }, district: { kk: 'Бәйтерек', ru: 'Байтерек' } };
    expect(formOffice(bare).addressee).toEqual({
      kk: 'Ақсу ауылдық округінің әкіміне',
      ru: 'Акиму сельского округа Аксу',
    });
    expect(formOffice({ ...bare, type: 'village' }).body).toEqual({
      kk: 'Ақсу ауылы әкімінің аппараты',
      ru: 'Аппарат акима села Аксу',
    });
    expect(formOffice({ ...bare, type: 'districtEducation' })).toMatchObject({
      body: { kk: 'Бәйтерек ауданының білім бөлімі', ru: 'Отдел образования района Байтерек' },
      headTitle: { kk: 'Білім бөлімінің басшысы', ru: 'Руководитель отдела образования' },
    });
    // a mobile centre only takes documents: the district department decides and is addressed
    expect(
      formOffice({ ...office, type: 'mobileCentre', name: { kk: 'Көшпелі орталық', ru: 'Мобильный центр' } }),
    ).toMatchObject({
      body: { kk: 'Жамбыл ауданының білім бөлімі', ru: 'Отдел образования Жамбылского района' },
      addressee: {
        kk: 'Жамбыл ауданының білім беру бөлімінің бастығына',
        ru: 'Начальнику отдела образования Жамбылского района',
      },
    });
  });

  it('uses office-local dates: an evening acceptance in UTC is the next day in the village', () => {
    const app = application({ acceptedAt: '2025-01-15T20:30:00.000Z', steps: [] });
    const r = formDataFor('receipt', ctx(app));
    expect(r.acceptedAt).toEqual({ date: '2025-01-16', time: '01:30' });
    expect(r.acceptedBy).toBe(CLERK); // no accept step recorded: who prints
    expect(formDataFor('notification', ctx(app)).registeredOn).toBe('2025-01-16');
  });

  it('lists presented documents in catalog order and keeps codes the catalog no longer knows', () => {
    const app = application({ documents: ['addressCertificate', 'oldForm', 'application'] });
    expect(formDataFor('receipt', ctx(app)).documents.map((d) => d.kk)).toEqual([
      doc('application').kk,
      doc('addressCertificate').kk,
      'oldForm',
    ]);
  });

  it('refuses records that do not fit the form', () => {
    expect(() => formDataFor('referral', ctx(application()))).toThrow(FormDataError);
    expect(() => formDataFor('refusal', ctx(referralApp))).toThrow(/no refusal decision/);
    expect(() => formDataFor('refusalToAccept', ctx(application()))).toThrow(FormDataError);
    expect(() => formDataFor('receipt', ctx(refusalToAccept))).toThrow(FormDataError);
    const lost = application({
      decision: { kind: 'referral', kindergartenId: 'gone', ageGroupId: 'x', referralNo: '1' },
    });
    expect(() => formDataFor('referral', ctx(lost))).toThrow(/unknown kindergarten/);
  });

  it('builds plain data: the definition survives structured cloning and JSON, and the input is not changed', () => {
    const data = formDataFor('referral', SAMPLES.referral);
    const before = JSON.stringify(data);
    const doc = buildForm('referral', data, 'kk');
    expect(JSON.stringify(data)).toBe(before);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(structuredClone(doc));
    expect(doc).toMatchObject({
      pageSize: 'A4',
      pageOrientation: 'portrait',
      defaultStyle: { font: 'Tinos' },
      language: 'kk-KZ',
    });
    expect(() => buildForm('nope' as FormId, data, 'kk')).toThrow(RangeError);
  });
});

// One print pipeline: what the record says once prints one way, whichever form carries it.
describe('papers from the record (shared/forms/fromRecord.ts)', () => {
  // A proxy with a notarised power of attorney of 10 January 2025, for the same person on two services.
  const PROXY = {
    kind: 'proxy' as const,
    lastName: 'Омарова',
    firstName: 'Ұлжан',
    middleName: 'Бекқызы',
    iin: iin('1970-02-02', 'female'),
    phone: '+7 705 111 22 33',
    address: 'Қарасу ауылы, Абай көшесі, 40',
    principal: { ...MOTHER, iin: iin('1992-05-14', 'female') },
    powerOfAttorney: { number: '1-234', date: '2025-01-10', notary: 'Нотариус Әбілқасымова Ф.' },
  };
  const teacher = defaultCatalog.get('teacher-attestation');
  const preschoolApp = application({ applicant: PROXY });
  const teacherApp = application({
    serviceCode: teacher.code,
    applicant: PROXY,
    child: undefined,
    priority: null,
    priorityDoc: undefined,
    kindergartenIds: [],
    workplaces: {},
    documents: ['application'],
    queueState: 'none',
  });
  const printed = async (form: FormId, app: Application, lang: Lang) =>
    (
      await renderText(
        buildForm(
          form,
          recordFormData(form, app, {
            office,
            entry: defaultCatalog.get(app.serviceCode),
            staffName: CLERK,
            now: '2025-01-16T04:30:00.000Z',
          }),
          lang,
        ),
      )
    ).text;

  it('the papers of an application are the ones its catalog entry names', () => {
    expect(printableForms(preschoolApp, entry)).toEqual(['application', 'receipt']);
    expect(printableForms(teacherApp, teacher)).toEqual(['generic-application', 'receipt']);
    expect(printableForms(referralApp, entry)).toEqual(['application', 'receipt', 'referral']);
  });

  it.each(['kk', 'ru'] as const)(
    '%s: the power of attorney prints the same on the preschool and on a generic application',
    async (lang) => {
      for (const text of [
        await printed('application', preschoolApp, lang),
        await printed('generic-application', teacherApp, lang),
      ]) {
        expect(text).toContain(
          lang === 'kk'
            ? 'Нотариус Әбілқасымова Ф. куәландырған 2025 жылғы 10 қаңтардағы № 1-234 сенімхат бойынша'
            : 'по доверенности от «10» января 2025 г. № 1-234, удостоверенной: Нотариус Әбілқасымова Ф.',
        );
        expect(text).not.toContain('2025-01-10');
      }
    },
  );

  it('gives the preschool forms what they read before: the executor by the staff list, the queue place as handed over', () => {
    const app = { ...preschoolApp, executorId: 'staff-exec' };
    const sources = {
      office,
      entry,
      kindergartens,
      staffName: CLERK,
      now: '2025-01-16T04:30:00.000Z',
      staff: [{ id: 'staff-exec', fullName: EXECUTOR }],
      queuePosition: 17,
      queueAsOf: '2025-01-16T03:00:00.000Z',
    };
    expect(recordFormData('notification', app, sources)).toEqual(formDataFor('notification', ctx(app)));
    expect(recordFormData('referral', referralApp, sources)).toEqual(formDataFor('referral', ctx(referralApp)));
  });
});

describe('locales/{kk,ru}/forms.json', () => {
  const leaves = (o: unknown, path = ''): Array<[string, string]> =>
    typeof o === 'string'
      ? [[path, o]]
      : typeof o === 'boolean'
        ? []
        : Object.entries(o as object).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  const holes = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
  const byKey = (json: object, arraysAsOne: boolean) => {
    const m = new Map<string, string[]>();
    for (const [p, s] of leaves(json)) {
      const key = arraysAsOne ? p.replace(/\.\d+(?=\.|$)/g, '.*') : p;
      m.set(key, [...(m.get(key) ?? []), ...holes(s)].sort());
    }
    return m;
  };

  it('have the same keys and the same placeholders in each template', () => {
    // Line arrays (sender, heading) may be ordered differently per language: compare them as a whole.
    const kk = byKey(kkForms, true);
    const ru = byKey(ruForms, true);
    expect([...ru.keys()].sort()).toEqual([...kk.keys()].sort());
    for (const [k, h] of kk) expect(ru.get(k), k).toEqual(h);
  });
});
