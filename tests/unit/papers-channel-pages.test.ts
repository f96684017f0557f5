/**
 * Issue #15, the review's remaining paper items (../shared/brief/reviews/forms-and-rules.md):
 * F-16 the camp refusal-to-accept receipt (003 Annex 3) by the refusal's channel,
 * F-19 the camp application's date line (003 Annex 1), F-29 the outgoing No. and
 * date under the referral's header, F-25 page numbers on multi-page papers, and
 * the district queue list's dates in the official style. Each paper is rendered
 * to a real PDF and read back; the expected words are the seeds'.
 */
import { describe, expect, it } from 'vitest';
import {
  AcceptRefusalSchema,
  ApplicationSchema,
  defaultCatalog,
  type AcceptRefusal,
  type AppChannel,
  type Application,
  type Lang,
} from '../../shared';
import {
  QUEUE_LIST_COLUMNS,
  buildForm,
  buildQueueList,
  formDataFor,
  queueListCells,
  type ContextFor,
  type FormId,
  type QueueListData,
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

const BLANK = '____________________';

async function text<F extends FormId>(form: F, lang: Lang, c: ContextFor<F>): Promise<string> {
  return (await renderText(buildForm(form, formDataFor(form, c), lang))).text;
}
async function pages<F extends FormId>(form: F, lang: Lang, c: ContextFor<F>): Promise<string[]> {
  return (await renderText(buildForm(form, formDataFor(form, c), lang))).pages;
}

const input = (entry: typeof CAMP, extra: unknown, now = '2025-05-16T05:30:00.000Z') =>
  ({ office, staffName: CLERK, headName: HEAD, executorName: EXECUTOR, now, entry, extra }) as never;

describe('F-16: the camp refusal to accept (003 Annex 3) names who refused by the refusal\u2019s channel', () => {
  const refusal = (channel?: AppChannel): AcceptRefusal =>
    AcceptRefusalSchema.parse({
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
      ...(channel ? { channel } : {}),
    });
  const receipt = (r: AcceptRefusal, lang: Lang) =>
    pages('camp-refusal-to-accept', lang, {
      office,
      staffName: CLERK,
      headName: HEAD,
      now: '2025-05-12T07:00:00.000Z',
      app: r,
      kindergartens: [],
      entry: CAMP,
    } as ContextFor<'camp-refusal-to-accept'>);

  it('kk: documents refused at a State Corporation counter: its department (as Annex 3 prints it) and its worker', async () => {
    const ps = await receipt(refusal('stateCorporation'), 'kk');
    expect(ps).toHaveLength(2);
    for (const p of ps) {
      expect(p).toContain(
        `«Азаматтарға арналған үкімет» Мемлекеттік корпорацияның коммерциялық емес қоғамы филиалының № ${BLANK} бөлімі ${BLANK} (мекенжайды көрсету)`,
      );
      expect(p).toContain(`Тегі, аты, әкесінің аты (бар болғанда) ${CLERK} (Мемлекеттік корпорацияның қызметкері)`);
      expect(p).not.toContain('көрсетілетін қызметті берушінің қызметкері');
      expect(p).not.toContain('Қарасу ауылдық округі әкімінің аппараты');
    }
  });
  it('ru: the same by the State Corporation', async () => {
    const [p] = await receipt(refusal('stateCorporation'), 'ru');
    expect(p).toContain(
      `отдел № ${BLANK} филиала некоммерческого акционерного общества «Государственная корпорация «Правительство для граждан»`,
    );
    expect(p).toContain('(работник Государственной корпорации)');
    expect(p).not.toContain('(работник услугодателя)');
  });
  it.each([['office'], ['mobile'], [undefined]] as const)(
    'the office\u2019s own refusal (channel %s): the office and the provider\u2019s worker',
    async (channel) => {
      const [kk] = await receipt(refusal(channel), 'kk');
      expect(kk).toContain(
        'Қарасу ауылдық округі әкімінің аппараты Қарасу ауылы, Абай көшесі, 12 (мекенжайды көрсету)',
      );
      expect(kk).toContain(`${CLERK} (көрсетілетін қызметті берушінің қызметкері)`);
      expect(kk).not.toContain('Мемлекеттік корпорацияның қызметкері');
    },
  );
});

describe('F-19: the camp application (003 Annex 1) ends with the date and "қолы" as the form has it', () => {
  const c = input(CAMP, {
    journalNo: 'ҚРҚ-2025-0031',
    acceptedAt: '2025-05-12T04:20:00.000Z',
    applicant: { name: MOTHER, iin: iin('1988-02-11', 'female'), address: HOME, phone: '+7 701 234 56 78' },
    child: { name: CHILD, birthDate: '2014-09-03', iin: iin('2014-09-03', 'male') },
    school: { number: '2', classLetter: '4 «Ә»', schoolYear: '2024-2025' },
    statusCategory: null,
    consent: true,
  });
  it('kk: «12» мамыр 2025 ж. … қолы, no "Күні" label of its own', async () => {
    const kk = await text('camp-application', 'kk', c);
    expect(kk).toMatch(/«12» мамыр 2025 ж\. қолы _{10,}/);
    expect(kk).not.toContain('Күні «12»');
    expect(kk).not.toContain('Қолы');
  });
  it('ru: the same order', async () => {
    const ru = await text('camp-application', 'ru', c);
    expect(ru).toMatch(/«12» мая 2025 г\. подпись _{10,}/);
    expect(ru).not.toContain('Дата «12»');
  });
});

const application = (patch: Partial<Application> = {}): Application =>
  ApplicationSchema.parse({
    id: 'app-1',
    officeId: office.id,
    serviceCode: PRESCHOOL.code,
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
    workplaces: {},
    consent: true,
    documents: ['application', 'applicantId', 'birthCertificate', 'addressCertificate'],
    status: 'issued',
    queueState: 'referred',
    acceptedAt: '2025-01-15T05:05:00.000Z',
    acceptedBy: 'staff-clerk',
    dueAt: '2025-01-20T13:00:00.000Z',
    decision: {
      kind: 'referral',
      kindergartenId: 'kg-1',
      ageGroupId: 'middle',
      referralNo: 'ҚРҚ-Ж-2025-004',
      issuedOn: '2025-03-03',
    },
    steps: [],
    prints: [],
    version: 1,
    updatedAt: '2025-01-15T05:05:00.000Z',
    ...patch,
  });
const ctx = (app: Application) => ({
  app,
  office,
  kindergartens,
  entry: PRESCHOOL,
  staffName: CLERK,
  headName: HEAD,
  executorName: EXECUTOR,
  now: '2025-03-03T04:30:00.000Z',
});

describe('F-29: the referral carries the outgoing No. and date under the body\u2019s name', () => {
  it('kk: "№ ____ «03» наурыз 2025 ж." between the header and the title', async () => {
    const kk = await text('referral', 'kk', ctx(application()));
    expect(kk).toContain(
      `Қарасу ауылдық округі әкімінің аппараты № ${BLANK} «03» наурыз 2025 ж. Баланы мектепке дейінгі ұйымға қабылдау үшін № ҚРҚ-Ж-2025-004 ЖОЛДАМА`,
    );
  });
  it('ru: "№ ____ от «03» марта 2025 г."', async () => {
    const ru = await text('referral', 'ru', ctx(application()));
    expect(ru).toContain(
      `Аппарат акима Карасуского сельского округа № ${BLANK} от «03» марта 2025 г. НАПРАВЛЕНИЕ № ҚРҚ-Ж-2025-004`,
    );
  });
});

describe('F-25: multi-page papers are numbered "n / m"; one-page papers and the two copies of a receipt are not', () => {
  const long = Array.from({ length: 9 }, (_, i) => ({
    who: i % 2 ? MOTHER_NAME : EXECUTOR,
    text: 'Ұсынылған анықтамада отбасының табысы көрсетілмеген, сондықтан мәртебе расталмады деп есептеймін. '.repeat(
      2,
    ),
  }));
  const record = (statements: Array<{ who: string; text: string }>) =>
    input(CAMP, {
      recordNo: 'ҚРҚ-ТХ-2025-002',
      startedAt: '2025-05-16T04:00:00.000Z',
      endedAt: '2025-05-16T04:30:00.000Z',
      application: { journalNo: 'ҚРҚ-2025-0031', acceptedAt: '2025-05-12T04:20:00.000Z' },
      notice: { noticeNo: 'ҚРҚ-АШ-2025-002', issuedOn: '2025-05-14' },
      chair: { name: HEAD },
      applicant: { name: MOTHER, present: true },
      grounds: ['noConsent'],
      statements,
      outcome: 'refuse',
    });

  it('the hearing record at realistic length: every page numbered, the signatures with the last lines', async () => {
    const ps = await pages('hearing-record', 'kk', record(long));
    expect(ps.length).toBe(2);
    ps.forEach((p, i) => expect(p.endsWith(`${i + 1} / ${ps.length}`), p.slice(-40)).toBe(true));
    expect(ps[1]).toContain('Тыңдау нәтижесі:');
    expect(ps[1]).toContain('Төрағалық етуші:');
    // More than the signature block goes to the last page.
    expect(ps[1].indexOf('Тыңдау нәтижесі:')).toBeGreaterThan(20);
  });
  it('a one-page paper has no number', async () => {
    const [p] = await pages('hearing-record', 'kk', record([]));
    expect(p).not.toMatch(/\d \/ \d$/);
    const [r] = await pages('referral', 'kk', ctx(application()));
    expect(r).not.toMatch(/\d \/ \d$/);
  });
  it('the receipt\u2019s two copies are copies, not pages: no "1 / 2"', async () => {
    const ps = await pages('refusalToAccept', 'kk', {
      ...ctx(application()),
      app: AcceptRefusalSchema.parse({
        id: 'ref-1',
        officeId: office.id,
        serviceCode: PRESCHOOL.code,
        at: '2025-01-15T06:40:00.000Z',
        by: 'staff-clerk',
        byName: CLERK,
        lang: 'kk',
        applicant: { kind: 'parent', ...MOTHER, iin: '', phone: '', address: HOME },
        missingDocuments: ['birthCertificate'],
        prints: [],
      }),
    });
    expect(ps).toHaveLength(2);
    for (const p of ps) expect(p).not.toMatch(/\d \/ \d$/);
  });
});

describe('the district queue list writes its dates as papers do: «15» қаңтар 2025 ж.', () => {
  const data: QueueListData = {
    asOf: '2025-03-11T09:30:00.000Z',
    filters: {},
    rows: [
      {
        position: 1,
        age: 3,
        officeName: office.name.kk,
        journalNo: 'ҚРҚ-2025-0012',
        childName: 'Сәрсенбаев Жәңгір',
        childIin: iin('2021-03-08', 'male'),
        birthDate: '2021-03-08',
        priority: null,
        acceptedAt: '2025-01-15T05:05:00.000Z',
        kindergartens: ['№1 «Балапан» бөбекжайы'],
      },
    ],
  };
  it.each([
    ['kk', '«08» наурыз 2021 ж.', '«15» қаңтар 2025 ж. 10:05'],
    ['ru', '«08» марта 2021 г.', '«15» января 2025 г. 10:05'],
  ] as const)('%s: the birth date and the registration in the PDF and the cells', async (lang, born, registered) => {
    const cells = queueListCells(data.rows[0], lang);
    expect(cells.birthDate).toBe(born);
    expect(cells.acceptedAt).toBe(registered);
    expect(Object.keys(cells)).toEqual([...QUEUE_LIST_COLUMNS]);
    const t = (await renderText(buildQueueList(data, lang))).text;
    expect(t).toContain(born);
    expect(t).toContain(registered);
    expect(t).not.toContain('08.03.2021');
    expect(t).not.toContain('15.01.2025');
  });
});
