/**
 * Issue #15: the official papers word for word. One test per deviation of
 * the forms review (../shared/brief/reviews/forms-and-rules.md, F-, C-, K-),
 * each paper rendered to a real PDF and read back, the expected words taken
 * from the seeds (000 Appendices 4-6, 002, 003 Annexes 1 and 3, 003 §14) or,
 * where the seeds give no template, from the review's correction.
 */
import { describe, expect, it } from 'vitest';
import {
  AcceptRefusalSchema,
  ApplicationSchema,
  ComplaintSchema,
  OfficeSchema,
  defaultCatalog,
  type AcceptRefusal,
  type Application,
  type Lang,
  type ServiceEntry,
} from '../../shared';
import {
  buildForm,
  complaintTicketFormData,
  formDataFor,
  formOffice,
  type ContextFor,
  type FormContext,
  type FormId,
} from '../../shared/forms/index';
import { renderText } from '../helpers/pdf';
import {
  CHILD,
  CLERK,
  EXECUTOR,
  HEAD,
  HOME,
  MOTHER,
  MOTHER_NAME,
  iin,
  kindergartens,
  office,
} from '../helpers/formFixtures';

const PRESCHOOL = defaultCatalog.get('preschool-queue');
const CAMP = defaultCatalog.get('camp-referral');
const GUARDIANSHIP = defaultCatalog.get('guardianship-certificate');
const DUPLICATE = defaultCatalog.get('school-certificate-duplicate');
const EXTERNAL = defaultCatalog.get('external-study-permission');

const department = OfficeSchema.parse({
  ...office,
  id: 'office-2',
  type: 'districtEducation',
  code: 'ЖБ',
  name: { kk: 'Жамбыл ауданының білім бөлімі', ru: 'Отдел образования Жамбылского района' },
});

const BLANK = '____________________';

function application(entry: ServiceEntry, patch: Partial<Application> = {}): Application {
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
      address: HOME,
    },
    child: { ...CHILD, iin: iin('2021-03-08', 'male'), birthDate: '2021-03-08', sex: 'male' },
    priority: null,
    kindergartenIds: ['kg-1'],
    workplaces: { mother: 'Қарасу орта мектебі, мұғалім', father: '«Шаһар құрылыс» ЖШС, инженер' },
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
    status: 'registered',
    queueState: 'waiting',
    acceptedAt: '2025-01-15T05:05:00.000Z', // 10:05 office time
    acceptedBy: 'staff-clerk',
    dueAt: '2025-01-20T13:00:00.000Z',
    steps: [],
    prints: [],
    version: 1,
    updatedAt: '2025-01-15T05:05:00.000Z',
    ...patch,
  });
}

const ctx = (app: Application | AcceptRefusal, extra: Partial<FormContext> = {}): FormContext => ({
  app,
  office,
  kindergartens,
  entry: PRESCHOOL,
  staffName: CLERK,
  headName: HEAD,
  executorName: EXECUTOR,
  queuePosition: 17,
  queueAsOf: '2025-01-16T03:00:00.000Z',
  now: '2025-01-16T04:30:00.000Z',
  ...extra,
});

async function text<F extends FormId>(form: F, lang: Lang, c: ContextFor<F>): Promise<string> {
  return (await renderText(buildForm(form, formDataFor(form, c), lang))).text;
}
async function pages<F extends FormId>(form: F, lang: Lang, c: ContextFor<F>): Promise<string[]> {
  return (await renderText(buildForm(form, formDataFor(form, c), lang))).pages;
}

function expectAll(t: string, phrases: string[]) {
  for (const p of phrases) expect(t, `missing: ${p}`).toContain(p);
}

const referral = (decision: Partial<Extract<Application['decision'], { kind: 'referral' }>> = {}) =>
  application(PRESCHOOL, {
    status: 'issued',
    queueState: 'referred',
    decision: {
      kind: 'referral',
      kindergartenId: 'kg-1',
      ageGroupId: 'middle',
      referralNo: 'ҚРҚ-Ж-2025-004',
      issuedOn: '2025-03-03',
      ...decision,
    },
  });

// The inputs are typed by the form they go to (inputs.ts); a sample is a plain object here.
const input = (entry: ServiceEntry, extra: unknown, now = '2025-05-16T05:30:00.000Z') =>
  ({ office, staffName: CLERK, headName: HEAD, executorName: EXECUTOR, now, entry, extra }) as never;

const APP_REF = { journalNo: 'ҚРҚ-2025-0031', acceptedAt: '2025-05-12T04:20:00.000Z' }; // 12 May 2025, 09:20
const PUPIL = { lastName: 'Сәрсенбаев', firstName: 'Жәңгір', middleName: 'Ғалымұлы' };
const PUPIL_IIN = iin('2014-09-03', 'male');

/** A Kazakh date inside a sentence in the «…» … ж. style: never after the fix (F-02). */
const STANDALONE_IN_SENTENCE =
  /ж\.,? (дейін|бастап|жағдай|№|өткізілген|өткізіледі|аяқталады|сағ\. \d\d:\d\d өткізіледі)/;

describe('F-01: the appendix note cites the 2012 standard by its own title', () => {
  const KK =
    '«Мектепке дейінгі балалар ұйымдарына жіберу үшін мектепке дейінгі (7 жасқа дейін) жастағы балаларды кезекке қою» мемлекеттік қызмет стандартына';
  const RU =
    'к стандарту государственной услуги «Постановка на очередь детей дошкольного возраста (до 7 лет) для направления в детские дошкольные организации»';
  it.each([
    ['application', '6'],
    ['notification', '5'],
    ['referral', '4'],
  ] as const)('%s: appendix %s', async (form, n) => {
    const c = form === 'referral' ? ctx(referral()) : ctx(application(PRESCHOOL));
    const kk = await text(form, 'kk', c);
    expect(kk).toContain(`${KK} ${n}-қосымша`);
    expect(kk).not.toContain('(6 жасқа дейін)');
    const ru = await text(form, 'ru', c);
    expect(ru).toContain(`Приложение ${n} ${RU}`);
    expect(ru).not.toContain('(до 6 лет)');
  });
});

describe('F-02 and K-01: the referral', () => {
  it('kk: valid until the next working day, in the dative; ru: the same day; the issue date stands alone', async () => {
    // Issued Mon 3 Mar 2025: five days end Sat 8 Mar (Women's Day, moved to Mon 10 Mar): valid to Tue 11 Mar.
    const kk = await text('referral', 'kk', ctx(referral()));
    expectAll(kk, ['Жолдама 2025 жылғы 11 наурызға дейін жарамды.', 'Жолдама «03» наурыз 2025 ж. берілді']);
    expect(kk).not.toMatch(STANDALONE_IN_SENTENCE);
    const ru = await text('referral', 'ru', ctx(referral()));
    expect(ru).toContain('Направление действительно до «11» марта 2025 г. включительно.');
  });
  it('a last day stored on a day off before the fix prints as the next working day', async () => {
    const kk = await text('referral', 'kk', ctx(referral({ validUntil: '2025-03-08' })));
    expect(kk).toContain('Жолдама 2025 жылғы 11 наурызға дейін жарамды.');
  });
});

describe('F-03, F-04, F-06: the referral as Appendix 4 words it', () => {
  it('kk: "мекен-жайы" as in the seed, "Мөр" for the seal', async () => {
    const kk = await text('referral', 'kk', ctx(referral()));
    expectAll(kk, [
      'Қарасу ауылы, Төле би көшесі, 5 мекен-жайы бойынша орналасқан № 1 мектепке дейінгі ұйымға («Балапан» бөбекжайы) жолдама береді.',
      `Баланың үйінің мекен-жайы: ${HOME}`,
      'Мөр',
    ]);
    expect(kk).not.toContain('М.О.');
  });
  it('ru: issues a referral, as the Kazakh says', async () => {
    const ru = await text('referral', 'ru', ctx(referral()));
    expect(ru).toContain(
      'Аппарат акима Карасуского сельского округа выдает направление в дошкольную организацию № 1 (Ясли-сад «Балапан»), расположенную по адресу: село Карасу, улица Толе би, 5.',
    );
    expect(ru).not.toContain('направляет ребенка');
  });
});

describe('F-02, F-07, F-08, F-09: the notification (Appendix 5)', () => {
  it('kk: the journal date as the template orders it, the position as of a date with the age it is counted among, the specialist', async () => {
    const kk = await text('notification', 'kk', ctx(application(PRESCHOOL), { queueAge: 3 }));
    expectAll(kk, [
      'тіркеу журналына 2025 жылғы 15 қаңтар № ҚРҚ-2025-0012 нөмірімен кезекке қойылды.',
      '2025 жылғы 16 қаңтардағы жағдай бойынша аудан кезегіндегі реттік нөмірі (бір жастағы балалар арасында, толық жасы: 3): 17.',
      `${EXECUTOR} ____________ (әкім аппаратының маманы)`,
    ]);
    expect(kk).not.toMatch(STANDALONE_IN_SENTENCE);
    expect(kk).not.toContain('Маман:');
  });
  it('ru: the age in the position line; an office’s own queue says so; the department’s specialist', async () => {
    const ru = await text('notification', 'ru', ctx(application(PRESCHOOL), { queueAge: 3 }));
    expect(ru).toContain(
      'Номер в очереди района среди детей одного возраста (полных лет: 3) по состоянию на «16» января 2025 г.: 17.',
    );
    expect(ru).toContain(`${EXECUTOR} ____________ (специалист аппарата акима)`);
    const own = await text('notification', 'kk', ctx(application(PRESCHOOL), { office: department }));
    expectAll(own, [
      '2025 жылғы 16 қаңтардағы жағдай бойынша кеңсе кезегіндегі реттік нөмірі: 17.',
      `${EXECUTOR} ____________ (білім бөлімінің маманы)`,
    ]);
  });
});

describe('F-10: the addressee of an office stored under its full name', () => {
  it('keeps the genitive and the seed\u2019s "бастығына" / "Начальнику"', () => {
    expect(formOffice(office).addressee).toEqual({
      kk: 'Қарасу ауылдық округінің әкіміне',
      ru: 'Акиму Карасуского сельского округа',
    });
    expect(formOffice(department).addressee).toEqual({
      kk: 'Жамбыл ауданының білім бөлімінің бастығына',
      ru: 'Начальнику отдела образования Жамбылского района',
    });
    const village = {
      ...office,
      type: 'village' as const,
      name: { kk: 'Ақсу ауылы әкімінің аппараты', ru: 'Аппарат акима села Аксу' },
    };
    expect(formOffice(village).addressee.kk).toBe('Ақсу ауылының әкіміне');
    // The bare name gives the same words.
    const bare = { ...office, name: { kk: 'Қарасу', ru: 'Карасу' } };
    expect(formOffice(bare).addressee.kk).toBe('Қарасу ауылдық округінің әкіміне');
  });
});

describe('F-03, F-11, F-12, F-28: the application (Appendix 6)', () => {
  it('kk: the seed\u2019s words, the workplaces as blanks with a third line, a power of attorney in words', async () => {
    const kk = await text('application', 'kk', ctx(application(PRESCHOOL)));
    expectAll(kk, [
      `${HOME} мекен-жайында тұратын`,
      'кезекке қойуыңызды сұраймын.',
      'Мектепке дейінгі ұйымға бірінші кезектік жолдамаға құқығын растайтын құжаттарға қосамын:',
      'Ата-ананың жұмыс орны: анасы-Қарасу орта мектебі, мұғалім әкесі-«Шаһар құрылыс» ЖШС, инженер ____________________',
    ]);
    const proxy = application(PRESCHOOL, {
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
        powerOfAttorney: { number: '1-234', date: '2025-01-10', notary: 'нотариус Әбілқасымова Ф.' },
      },
    });
    const p = await text('application', 'kk', ctx(proxy));
    expectAll(p, [
      `(${MOTHER_NAME} атынан, нотариус Әбілқасымова Ф. куәландырған 2025 жылғы 10 қаңтардағы № 1-234 сенімхат бойынша)`,
      `анасы-${BLANK} әкесі-${BLANK} ${BLANK}`,
    ]);
    expect(p).not.toContain('10.01.2025');
    const ru = await text('application', 'ru', ctx(proxy));
    expect(ru).toContain(
      `(действующего(-ей) от имени ${MOTHER_NAME} по доверенности от «10» января 2025 г. № 1-234, удостоверенной: нотариус Әбілқасымова Ф.)`,
    );
  });
});

describe('F-02, F-24, F-29: the reasoned refusal', () => {
  const refused = application(PRESCHOOL, {
    status: 'decided',
    queueState: 'refused',
    decision: { kind: 'refusal', groundCode: 'ageLimit', reason: 'Бала 7 жасқа толды.' },
  });
  it('kk: the application of a date, the outgoing No. and date under the header, the pre-trial complaint first', async () => {
    const kk = await text('refusal', 'kk', ctx(refused));
    expectAll(kk, [
      'Қарасу ауылдық округі әкімінің аппараты № ____________________ «16» қаңтар 2025 ж.',
      'Сіздің 2025 жылғы 15 қаңтардағы № ҚРҚ-2025-0012 өтінішіңіз бойынша',
      'көрсетілетін қызметті берушінің басшысына (шағым тіркелген күнінен бастап 5 жұмыс күні ішінде қаралады)',
      'мемлекеттік қызмет көрсету сапасын бағалау және бақылау жөніндегі уәкілетті органға (15 жұмыс күні ішінде қаралады)',
      'Егер заңда өзгеше көзделмесе, сотқа жүгінуге сотқа дейінгі тәртіппен шағым жасалғаннан кейін жол беріледі.',
    ]);
    expect(kk).not.toMatch(STANDALONE_IN_SENTENCE);
    expect(kk).not.toContain('Күні:');
  });
  it('ru: the same', async () => {
    const ru = await text('refusal', 'ru', ctx(refused));
    expectAll(ru, [
      'Аппарат акима Карасуского сельского округа № ____________________ от «16» января 2025 г.',
      'руководителю услугодателя (жалоба рассматривается в течение 5 рабочих дней со дня регистрации)',
      'в уполномоченный орган по оценке и контролю за качеством оказания государственных услуг (в течение 15 рабочих дней)',
      'Если иное не предусмотрено законом, обращение в суд допускается после обжалования в досудебном порядке.',
    ]);
  });
  it('kk: after a hearing, the hearing\u2019s date in the attributive', async () => {
    const camp = application(CAMP, {
      status: 'decided',
      queueState: 'none',
      decision: { kind: 'refusal', groundCode: 'noConsent', reason: 'Келісім жоқ.' },
    });
    const kk = await text('refusal', 'kk', {
      ...ctx(camp),
      entry: CAMP,
      extra: { hearing: { heldOn: '2025-05-15', recordNo: 'ҚРҚ-ТХ-2025-002' } },
    } as ContextFor<'refusal'>);
    expect(kk).toContain(
      'Бас тарту туралы шешім 2025 жылғы 15 мамырдағы тыңдаудың нәтижелері бойынша қабылданды (тыңдау хаттамасы № ҚРҚ-ТХ-2025-002).',
    );
  });
});

describe('F-02: the camp referral, the preliminary notice, the hearing record, the generic result', () => {
  it('camp referral (kk)', async () => {
    const kk = await text(
      'camp-referral',
      'kk',
      input(CAMP, {
        referralNo: 'ҚРҚ-Л-2025-007',
        issuedOn: '2025-05-16',
        application: APP_REF,
        child: { name: PUPIL, birthDate: '2014-09-03', iin: PUPIL_IIN },
        school: { number: '2', classLetter: '4 «Ә»' },
        camp: { name: '«Балдәурен»' },
        period: { from: '2025-06-05', to: '2025-06-18' },
        validUntil: '2025-06-05',
      }),
    );
    expectAll(kk, [
      'Демалыс мерзімі: 2025 жылғы 5 маусымнан бастап 2025 жылғы 18 маусымға дейін',
      'Негіздеме: 2025 жылғы 12 мамырдағы № ҚРҚ-2025-0031 өтініш',
      'Жолдама 2025 жылғы 5 маусымға дейін жарамды.',
      'Жолдама «16» мамыр 2025 ж. берілді',
    ]);
    expect(kk).not.toMatch(STANDALONE_IN_SENTENCE);
  });

  it('preliminary refusal notice (kk)', async () => {
    const kk = await text(
      'preliminary-refusal-notice',
      'kk',
      input(CAMP, {
        noticeNo: 'ҚРҚ-АШ-2025-002',
        issuedOn: '2025-05-14',
        application: APP_REF,
        applicant: { name: MOTHER, address: HOME },
        grounds: ['noConsent'],
        reason: 'Келісім жоқ.',
        hearing: { at: '2025-05-16T04:00:00.000Z' },
        termEndsOn: '2025-05-19',
      }),
    );
    expectAll(kk, [
      'Сіздің 2025 жылғы 12 мамырдағы № ҚРҚ-2025-0031 өтінішіңізді қарау қорытындысы бойынша',
      'Мемлекеттік қызметті көрсету мерзімі 2025 жылғы 19 мамырда аяқталады.',
      'тыңдау 2025 жылғы 16 мамырда, сағат 09:00 өткізіледі.',
    ]);
    expect(kk).not.toMatch(STANDALONE_IN_SENTENCE);
  });

  it('hearing record (kk), F-25: the outcome goes with the signatures', async () => {
    const long = Array.from({ length: 9 }, (_, i) => ({
      who: i % 2 ? MOTHER_NAME : EXECUTOR,
      text: 'Ұсынылған анықтамада отбасының табысы көрсетілмеген, сондықтан мәртебе расталмады деп есептеймін. '.repeat(
        2,
      ),
    }));
    const ps = await pages(
      'hearing-record',
      'kk',
      input(CAMP, {
        recordNo: 'ҚРҚ-ТХ-2025-002',
        startedAt: '2025-05-16T04:00:00.000Z',
        endedAt: '2025-05-16T04:30:00.000Z',
        application: APP_REF,
        notice: { noticeNo: 'ҚРҚ-АШ-2025-002', issuedOn: '2025-05-14' },
        chair: { name: HEAD },
        applicant: { name: MOTHER, present: true },
        grounds: ['noConsent'],
        statements: long,
        outcome: 'refuse',
      }),
    );
    const all = ps.join(' ');
    expectAll(all, [
      'Қаралатын мәселе: 2025 жылғы 12 мамырдағы № ҚРҚ-2025-0031 өтініш бойынша',
      'Алдын ала шешім және тыңдау туралы хабарлама: 2025 жылғы 14 мамырдағы № ҚРҚ-АШ-2025-002',
    ]);
    expect(all).not.toMatch(STANDALONE_IN_SENTENCE);
    expect(ps.length).toBeGreaterThan(1);
    // The signatures never stand alone on the last page: the outcome and the result term go with them.
    expect(ps.at(-1)).toContain('Тыңдау нәтижесі:');
    expect(ps.at(-1)).toContain('Төрағалық етуші:');
  });

  it('generic result (kk)', async () => {
    const kk = await text(
      'generic-result',
      'kk',
      input(EXTERNAL, {
        documentNo: 'ҚРҚ-Б-2025-003',
        issuedOn: '2025-05-16',
        application: APP_REF,
        recipient: { name: MOTHER },
        body: 'Рұқсат етілді.',
        validUntil: '2025-06-20',
      }),
    );
    expectAll(kk, [
      'Негіздеме: 2025 жылғы 12 мамырдағы № ҚРҚ-2025-0031 өтініш',
      '2025 жылғы 20 маусымға дейін жарамды.',
    ]);
    expect(kk).not.toMatch(STANDALONE_IN_SENTENCE);
  });
});

describe('F-14: the generic refusal to accept documents', () => {
  const refusal = (entry: ServiceEntry, missing: string[]) =>
    AcceptRefusalSchema.parse({
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
        address: HOME,
      },
      child: { ...CHILD },
      missingDocuments: missing,
      prints: [],
    });
  it('kk: a service under the 003 rules names their requirements, the preschool one the standard; Annex 3\u2019s signature lines', async () => {
    const g = await text('refusalToAccept', 'kk', {
      ...ctx(refusal(GUARDIANSHIP, ['application'])),
      entry: GUARDIANSHIP,
    });
    expect(g).toContain(
      'мемлекеттік көрсетілетін қызмет мемлекеттік қызмет көрсетуге қойылатын талаптарында көзделген тізбеге сәйкес',
    );
    const p = await text('refusalToAccept', 'kk', ctx(refusal(PRESCHOOL, ['birthCertificate'])));
    expect(p).toContain('мемлекеттік қызмет стандартында көзделген тізбеге сәйкес');
    expectAll(p, [
      `Тегі, аты, әкесінің аты (бар болғанда) ${CLERK} (көрсетілетін қызметті берушінің қызметкері) ____________ (қолы)`,
      `Орындаушының тегі, аты, әкесінің аты (бар болғанда) ${BLANK}`,
      `Қабылдаушының тегі, аты, әкесінің аты (бар болғанда) ${MOTHER_NAME}`,
      '____________ (көрсетілетін қызметті алушының қолы) «15» қаңтар 2025 ж., сағ. 11:40',
    ]);
    const ru = await text('refusalToAccept', 'ru', {
      ...ctx(refusal(GUARDIANSHIP, ['application'])),
      entry: GUARDIANSHIP,
    });
    expect(ru).toContain('согласно перечню, предусмотренному требованиями к оказанию государственной услуги');
  });
});

describe('F-15: the camp refusal to accept (Annex 3)', () => {
  it('the service name without quotes before its caption, and a blank executor line when none is named', async () => {
    const r = AcceptRefusalSchema.parse({
      id: 'ref-7',
      officeId: office.id,
      serviceCode: CAMP.code,
      at: '2025-05-12T06:40:00.000Z',
      by: 'staff-clerk',
      byName: CLERK,
      lang: 'kk',
      applicant: {
        kind: 'parent',
        ...MOTHER,
        iin: iin('1992-05-14', 'female'),
        phone: '+7 701 234 56 78',
        address: HOME,
      },
      child: { ...CHILD },
      missingDocuments: ['medicalCertificate'],
      prints: [],
    });
    const kk = await text('camp-refusal-to-accept', 'kk', {
      office,
      staffName: CLERK,
      headName: HEAD,
      now: '2025-05-12T07:00:00.000Z',
      app: r,
      kindergartens: [],
      entry: CAMP,
    } as ContextFor<'camp-refusal-to-accept'>);
    expect(kk).toContain(`байланысты ${CAMP.name.kk} (мемлекеттік көрсетілетін қызметтің атауы)`);
    expect(kk).toContain(`Орындаушының тегі, аты, әкесінің аты (бар болғанда) ${BLANK}`);
  });
});

describe('F-17, F-18: the camp application (Annex 1)', () => {
  const c = input(CAMP, {
    journalNo: APP_REF.journalNo,
    acceptedAt: APP_REF.acceptedAt,
    applicant: { name: MOTHER, iin: iin('1988-02-11', 'female'), address: HOME, phone: '+7 701 234 56 78' },
    child: { name: PUPIL, birthDate: '2014-09-03', iin: PUPIL_IIN },
    school: { number: '2', classLetter: '4 «Ә»', schoolYear: '2024-2025' },
    statusCategory: null,
    consent: true,
  });
  it('kk: "… басшысына (органның атауы)", the school and class in the case "оқитын" needs', async () => {
    const kk = await text('camp-application', 'kk', c);
    expectAll(kk, [
      'Қарасу ауылдық округі әкімінің аппаратының басшысына (органның атауы)',
      '№ 2 мектептің 4 «Ә» сыныбында (мектеп № және сынып литерін көрсету) оқитын балам',
    ]);
  });
  it('ru: the same', async () => {
    const ru = await text('camp-application', 'ru', c);
    expectAll(ru, [
      'Акиму Карасуского сельского округа (наименование органа)',
      'обучающегося в 4 «Ә» классе школы № 2 (указать № школы и литер класса)',
    ]);
  });
});

describe('F-21: a duplicate (and a school order) is the blank itself: the desk prints a record of its issue', () => {
  it.each([
    [
      'duplicate',
      DUPLICATE,
      'Телнұсқаның берілгені туралы есепке алу парағы',
      'Учетный лист о выдаче дубликата',
      'ТЕЛНҰСҚА',
    ],
    ['order', EXTERNAL, 'Бұйрықтың берілгені туралы есепке алу парағы', 'Учетный лист о выдаче приказа', 'БҰЙРЫҚ'],
  ] as const)('%s', async (kind, entry, kkTitle, ruTitle, old) => {
    const c = input(entry, {
      resultKind: kind,
      documentNo: 'ҚРҚ-Т-2025-3',
      issuedOn: '2025-05-16',
      application: APP_REF,
      recipient: { name: MOTHER },
      body: 'Негізгі орта білім туралы куәліктің телнұсқасы, бланк № 0012345.',
    });
    const kk = await text('generic-result', 'kk', c);
    expectAll(kk, [`№ ҚРҚ-Т-2025-3 ${kkTitle}`, 'осы парақ оның берілгенін есепке алу үшін жасалды', 'Алдым:']);
    expect(kk).not.toContain(`№ ҚРҚ-Т-2025-3 ${old}`);
    const ru = await text('generic-result', 'ru', c);
    expect(ru).toContain(`${ruTitle} № ҚРҚ-Т-2025-3`);
  });
});

describe('F-22: the guardianship certificate', () => {
  const c = input(GUARDIANSHIP, {
    certificateNo: 'ҚҚ-2025-015',
    issuedAt: '2025-03-03T06:12:00.000Z',
    guardian: { name: 'Есенова Бибігүл Маратқызы' },
    role: 'guardianship',
    children: [{ name: PUPIL, birthDate: '2014-09-03' }],
    decision: {
      body: { kk: 'Сырым ауданы әкімдігінің қаулысы', ru: 'постановление акимата Сырымского района' },
      number: '118',
      date: '2024-10-02',
    },
  });
  it('kk: the guardian in the genitive, the decision\u2019s date in the attributive', async () => {
    const kk = await text('guardianship-certificate', 'kk', c);
    expectAll(kk, [
      'Осы анықтама Есенова Бибігүл Маратқызының төменде көрсетілген кәмелетке толмаған баланың (балалардың) қорғаншысы болып табылатынын растайды.',
      'Сырым ауданы әкімдігінің қаулысы, 2024 жылғы 2 қазандағы № 118',
    ]);
    expect(kk).not.toMatch(STANDALONE_IN_SENTENCE);
  });
  it('ru: no stray comma before "от"', async () => {
    const ru = await text('guardianship-certificate', 'ru', c);
    expect(ru).toContain('постановление акимата Сырымского района от «02» октября 2024 г. № 118');
  });
});

describe('F-02, F-23: the complaint ticket says by when and where the answer is collected', () => {
  const complaint = ComplaintSchema.parse({
    id: 'c-1',
    officeId: office.id,
    journalYear: 2025,
    journalSeq: 3,
    incomingNo: 'ҚРҚ-Ш-2025-003',
    lang: 'kk',
    receivedAt: '2025-05-20T09:47:00.000Z',
    receivedBy: 'staff-clerk',
    receivedByName: CLERK,
    complainant: { fullName: MOTHER_NAME, address: HOME, phone: '+7 701 234 56 78' },
    against: `${CLERK}, кеңсе қызметкері`,
    subject: 'Лагерьге жолдама беру мерзімі бұзылды.',
    serviceCode: CAMP.code,
    providerWorkingDays: 5,
    authorityWorkingDays: 15,
    dueAt: '2025-05-27T13:00:00.000Z',
    forwardBy: '2025-05-23T09:47:00.000Z',
    status: 'open',
    prints: [],
    updatedAt: '2025-05-20T09:47:00.000Z',
  });
  it('kk and ru, from the record as the desk prints it', async () => {
    const data = complaintTicketFormData(complaint, {
      office,
      staffName: CLERK,
      now: '2025-05-20T09:50:00.000Z',
      entry: CAMP,
    });
    const kk = (await renderText(buildForm('complaint-ticket', data, 'kk'))).text;
    expectAll(kk, [
      `Шағымды қабылдаған адамның тегі мен аты-жөні: ${CLERK}`,
      'Жауап беру мерзімі: 2025 жылғы 27 мамырға дейін',
      'Жауап алу орны: Қарасу ауылдық округі әкімінің аппараты, Қарасу ауылы, Абай көшесі, 12',
    ]);
    expect(kk).not.toMatch(STANDALONE_IN_SENTENCE);
    const ru = (await renderText(buildForm('complaint-ticket', data, 'ru'))).text;
    expect(ru).toContain(
      'Место получения ответа: Аппарат акима Карасуского сельского округа, село Карасу, улица Абая, 12',
    );
  });
});

describe('catalog against the seeds (C-01, C-02, C-05, C-08)', () => {
  it('C-01: the duplicate\u2019s resolution and signature take "1 (бір) күн", a day, not a working day', () => {
    const norm = (step: string) => DUPLICATE.steps.find((s) => s.step === step)!.norm;
    expect(norm('resolution')).toMatchObject({ unit: 'calendarDays', value: 1 });
    expect(norm('signature')).toMatchObject({ unit: 'calendarDays', value: 1 });
  });
  it('C-02: family consultation gives a conclusion (қорытынды), as 001 §3 names it', () => {
    const fc = defaultCatalog.get('family-consultation');
    expect(fc.results[0]).toMatchObject({ kind: 'conclusion' });
  });
  it('C-05: the camp birth certificate names the portal\u2019s case of a child born abroad', () => {
    const doc = CAMP.documents.find((d) => d.code === 'birthCertificate')!;
    expect(doc.name.kk).toContain('Қазақстан Республикасынан тыс жерде туылған');
    expect(doc.name.ru).toContain('за пределами Республики Казахстан');
  });
  it('C-08: patronat cites 003 §1 5), repealed in 2023, and says the district must confirm its basis', () => {
    const p = defaultCatalog.get('patronat-placement');
    expect(p.legalSource.find((s) => s.seed === '003')!.paragraph).toMatch(/5\).*№ 188.*күші жойылған/);
    expect(p.unknown.some((u) => u.startsWith('legalSource:'))).toBe(true);
  });
});
