/**
 * The annual report's narrative sections (issue #14, seed 004): the texts the
 * district writes print in the PDF, in Kazakh and in Russian, in the seed's
 * order between the computed sections (real pdfmake, read back with pdfjs); an
 * empty numbered item prints "not entered", an empty paragraph that only adds to
 * a computed item is left out; the XLSX's first sheet is the same report as text,
 * read back with exceljs. An office's own report leaves the district's sections
 * out and says, in each part that has them, that the district's report does.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  annualOutline,
  annualOutlineTable,
  annualReport,
  annualReportDoc,
  REPORT_TEXT_SECTIONS,
  ReportTextsSchema,
  type Lang,
  type ReportTexts,
} from '../../shared';
import { xlsxOf } from '../../server/reports/export';
import { pdfPages, renderPdf } from '../helpers/pdf';
import { CATALOG_ORDER, EVENTS, MONTHS_2025, SERVICES } from '../helpers/reportFixture';

const data = annualReport(EVENTS, MONTHS_2025, CATALOG_ORDER);
const PROVIDER = { name: { kk: 'Ақсу ауданының білім бөлімі', ru: 'Отдел образования Аксуского района' } };
const CREATED = '2026-01-15T10:00:00.000Z';

/** Some sections written, in both languages (the second paragraph of one on a line of its own); others left empty. */
const TEXTS: ReportTexts = {
  informing: {
    kk: 'Ақпарат akimat.kz сайтында және ақпараттық стендтерде орналастырылған.',
    ru: 'Информация размещена на сайте akimat.kz и на информационных стендах.',
  },
  accessSources: {
    kk: 'Білім бөлімінің сайтындағы «Мемлекеттік қызметтер» бөлімі.\nБөлімнің 2-қабатындағы фойе.',
    ru: 'Раздел «Государственные услуги» на сайте отдела образования.\nФойе второго этажа отдела.',
  },
  staffTraining: {
    kk: 'Қызметкерлер үшін екі семинар өткізілді.',
    ru: 'Для работников проведены два семинара.',
  },
  complaintMeasures: {
    kk: 'Негізді шағым бойынша жауапты маманға ескерту жасалды.',
    ru: 'По обоснованной жалобе ответственному специалисту сделано замечание.',
  },
  externalControl: { kk: 'Уәкілетті орган тексеру жүргізген жоқ.', ru: 'Уполномоченный орган проверок не проводил.' },
  // Written in Kazakh only: the Russian report prints "not entered" for it.
  publicMonitoring: { kk: 'Қоғамдық мониторинг жүргізілмеді.', ru: '' },
};

const flat = (s: string) => s.replace(/[\s\u00a0]+/g, '');

async function pdfText(lang: Lang, texts: ReportTexts = TEXTS): Promise<string> {
  const doc = annualReportDoc(
    { provider: PROVIDER, year: '2025', data, services: SERVICES, texts, createdAt: CREATED },
    lang,
  );
  return flat((await pdfPages(await renderPdf(doc))).join('\n'));
}

/** Each of `parts` found in `text`, in this order. */
function inOrder(text: string, parts: readonly string[]) {
  let at = -1;
  for (const p of parts) {
    const i = text.indexOf(flat(p), at + 1);
    expect([p, i > at]).toEqual([p, true]);
    at = i;
  }
}

describe('the narrative sections in the annual report PDF', () => {
  it('in Kazakh: seed 004’s parts and items in its order, the district’s texts between the computed ones', async () => {
    const t = await pdfText('kk');
    inOrder(t, [
      '1. Жалпы ережелер',
      '2025 жылы көрсетілген мемлекеттік қызметтер саны 11 құрады',
      'Неғұрлым сұранысқа ие мемлекеттік көрсетілетін қызметтер:',
      TEXTS.informing!.kk,
      '2. Қызмет алушылармен жұмыс',
      '1) Мемлекеттік қызметтер көрсету тәртібі туралы ақпаратқа қол жеткізу көздері мен орындары туралы мәліметтер:',
      'Білім бөлімінің сайтындағы «Мемлекеттік қызметтер» бөлімі.',
      'Бөлімнің 2-қабатындағы фойе.',
      '2) Мемлекеттік қызметтер көрсету тәртібін айқындайтын заңға тәуелді нормативтік құқықтық актілердің жобаларын жария талқылау туралы ақпарат: мәліметтер енгізілмеген.',
      '3) Мемлекеттік қызметтер көрсету процесінің ашықтығын қамтамасыз етуге бағытталған іс-шаралар',
      'мәліметтер енгізілмеген.',
      '3. Мемлекеттік қызметтер көрсету сапасын арттыру жөніндегі қызмет',
      '1) Мемлекеттік қызметтер көрсету саласындағы қызметкерлердің біліктілігін арттыруға бағытталған іс-шаралар: Қызметкерлер үшін екі семинар өткізілді.',
      '2) Мемлекеттік қызметтер көрсету процестерін нормативтік-құқықтық жетілдіру: мәліметтер енгізілмеген.',
      '4. Мемлекеттік қызмет көрсету сапасын бақылау',
      '1) Көрсетілетін қызметті алушылардың мемлекеттік қызметтер көрсету мәселелері бойынша шағымдары туралы ақпарат: 1 шағым түсті',
      TEXTS.complaintMeasures!.kk,
      '2) Мемлекеттік қызметтер көрсету сапасын ішкі бақылау нәтижелері: жүйеде 3 қызмет көрсетілді',
      '3) Мемлекеттік қызметтер көрсету сапасын бағалау және бақылау жөніндегі уәкілетті орган жүргізген мемлекеттік қызметтер көрсету сапасын бақылау нәтижелері: Уәкілетті орган тексеру жүргізген жоқ.',
      '4) Мемлекеттік қызметтер көрсету сапасына қоғамдық мониторинг нәтижелері: Қоғамдық мониторинг жүргізілмеді.',
      'Басып шығарылған күні:',
    ]);
    // An empty paragraph that only adds to a computed item is left out, not printed as "not entered".
    expect(t).not.toContain(flat('Ішкі бақылау нәтижелері бойынша қосымша мәліметтер'));
    expect(t.split(flat('мәліметтер енгізілмеген.')).length - 1).toBe(3);
  });

  it('in Russian: the same order, the Russian texts, and the section written only in Kazakh as not entered', async () => {
    const t = await pdfText('ru');
    inOrder(t, [
      '1. Общие положения',
      'В 2025 году количество оказанных государственных услуг составило 11',
      TEXTS.informing!.ru,
      '2. Работа с услугополучателями',
      '1) Сведения об источниках и местах доступа к информации о порядке оказания государственных услуг: Раздел «Государственные услуги» на сайте отдела образования.',
      'Фойе второго этажа отдела.',
      '2) Информация о публичных обсуждениях проектов подзаконных нормативных правовых актов, определяющих порядок оказания государственных услуг: сведения не внесены.',
      '3. Деятельность по повышению качества оказания государственных услуг',
      '1) Мероприятия, направленные на повышение квалификации работников в сфере оказания государственных услуг: Для работников проведены два семинара.',
      '4. Контроль за качеством оказания государственных услуг',
      'поступило жалоб: 1',
      TEXTS.complaintMeasures!.ru,
      'в системе оказано услуг: 3',
      '3) Результаты контроля за качеством оказания государственных услуг, проведённого уполномоченным органом по оценке и контролю за качеством оказания государственных услуг: Уполномоченный орган проверок не проводил.',
      '4) Результаты общественного мониторинга качества оказания государственных услуг: сведения не внесены.',
    ]);
    expect(t).not.toContain(flat(TEXTS.publicMonitoring!.kk));
  });

  it('without any text every numbered item still prints, as not entered', async () => {
    const t = await pdfText('kk', {});
    const notEntered = REPORT_TEXT_SECTIONS.filter(
      (s) => !['informing', 'complaintMeasures', 'internalControl'].includes(s),
    ).length;
    expect(notEntered).toBe(7);
    expect(t.split(flat('мәліметтер енгізілмеген.')).length - 1).toBe(notEntered);
  });

  it('the outline keeps one order in both languages', () => {
    const shape = (lang: Lang) =>
      annualOutline({ providerName: 'X', year: '2025', data, services: SERVICES, texts: TEXTS }, lang)
        .filter((b) => b.kind !== 'para' || b.section)
        .map((b) => (b.kind === 'para' ? b.section : b.kind));
    // A side left empty is a placeholder at the same place, not a gap: the two papers match item by item.
    expect(shape('ru')).toEqual(shape('kk'));
  });
});

describe('an office’s own annual report', () => {
  const OFFICE = {
    name: { kk: 'Қарасу ауылдық округі әкімінің аппараты', ru: 'Аппарат акима Карасуского сельского округа' },
  };
  /** The district's texts are given too: an office's report must leave them out all the same. */
  async function officePdf(lang: Lang): Promise<string> {
    const doc = annualReportDoc(
      {
        provider: OFFICE,
        year: '2025',
        data,
        services: SERVICES,
        texts: TEXTS,
        officeReport: true,
        createdAt: CREATED,
      },
      lang,
    );
    return flat((await pdfPages(await renderPdf(doc))).join('\n'));
  }
  const written = (lang: Lang) =>
    Object.values(TEXTS)
      .flatMap((t) => t[lang].split('\n'))
      .filter(Boolean);

  it('in Kazakh: the district’s sections left out, each part saying the district’s report has them', async () => {
    const t = await officePdf('kk');
    const elsewhere = 'Бұл бөлімнің мәліметтері аудан білім бөлімінің жылдық есебінде берілген.';
    inOrder(t, [
      '«Қарасу ауылдық округі әкімінің аппараты» мемлекеттік мекемесінің мемлекеттік қызметтер көрсету мәселелері жөніндегі қызметінің есебі',
      '1. Жалпы ережелер',
      '2025 жылы көрсетілген мемлекеттік қызметтер саны 11 құрады',
      '2. Қызмет алушылармен жұмыс',
      elsewhere,
      '3. Мемлекеттік қызметтер көрсету сапасын арттыру жөніндегі қызмет',
      elsewhere,
      '4. Мемлекеттік қызмет көрсету сапасын бақылау',
      '1) Көрсетілетін қызметті алушылардың мемлекеттік қызметтер көрсету мәселелері бойынша шағымдары туралы ақпарат: 1 шағым түсті',
      '2) Мемлекеттік қызметтер көрсету сапасын ішкі бақылау нәтижелері: жүйеде 3 қызмет көрсетілді',
      '3) және 4) тармақтардың мәліметтері аудан білім бөлімінің жылдық есебінде берілген.',
      'Басып шығарылған күні:',
    ]);
    expect(t).not.toContain(flat('мәліметтер енгізілмеген'));
    for (const w of written('kk')) expect([w, t.includes(flat(w))]).toEqual([w, false]);
    // No numbered item of the district's stands empty in the office's report.
    expect(t).not.toContain(flat('1) Мемлекеттік қызметтер көрсету тәртібі туралы ақпаратқа қол жеткізу'));
    expect(t).not.toContain(flat('4) Мемлекеттік қызметтер көрсету сапасына қоғамдық мониторинг нәтижелері'));
  });

  it('in Russian: the same, in Russian', async () => {
    const t = await officePdf('ru');
    const elsewhere = 'Сведения этого раздела приведены в годовом отчёте отдела образования района.';
    inOrder(t, [
      'Отчёт о деятельности государственного учреждения «Аппарат акима Карасуского сельского округа»',
      '2. Работа с услугополучателями',
      elsewhere,
      '3. Деятельность по повышению качества оказания государственных услуг',
      elsewhere,
      '4. Контроль за качеством оказания государственных услуг',
      'поступило жалоб: 1',
      'в системе оказано услуг: 3',
      'Сведения пунктов 3) и 4) приведены в годовом отчёте отдела образования района.',
    ]);
    expect(t).not.toContain(flat('сведения не внесены'));
    for (const w of written('ru')) expect([w, t.includes(flat(w))]).toEqual([w, false]);
  });

  it('its XLSX text says the same in the same places', async () => {
    const input = {
      providerName: OFFICE.name.kk,
      year: '2025',
      data,
      services: SERVICES,
      texts: TEXTS,
      officeReport: true,
    };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsxOf([annualOutlineTable(input, 'kk')], 'kk')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const rows = Array.from({ length: ws.rowCount - 1 }, (_, i) => [
      ws.getRow(i + 2).getCell(1).value ?? null,
      ws.getRow(i + 2).getCell(2).value ?? null,
    ]);
    const at = (heading: string) => rows.findIndex((r) => r[0] === heading);
    const elsewhere = 'Бұл бөлімнің мәліметтері аудан білім бөлімінің жылдық есебінде берілген.';
    expect(rows[at('2. Қызмет алушылармен жұмыс') + 1]).toEqual([null, elsewhere]);
    expect(rows[at('3. Мемлекеттік қызметтер көрсету сапасын арттыру жөніндегі қызмет') + 1]).toEqual([
      null,
      elsewhere,
    ]);
    expect(rows.at(-1)).toEqual([
      null,
      '3) және 4) тармақтардың мәліметтері аудан білім бөлімінің жылдық есебінде берілген.',
    ]);
    const texts = rows.map((r) => r[1]).join('\n');
    expect(texts).not.toContain('мәліметтер енгізілмеген');
    for (const w of written('kk')) expect([w, texts.includes(w)]).toEqual([w, false]);
  });
});

describe('the texts a save accepts', () => {
  it('trims, limits each side, and knows only the seed’s sections', () => {
    expect(ReportTextsSchema.parse({ informing: { kk: '  а  ', ru: '' } })).toEqual({ informing: { kk: 'а', ru: '' } });
    expect(ReportTextsSchema.safeParse({ informing: { kk: 'x'.repeat(8001), ru: '' } }).success).toBe(false);
    expect(ReportTextsSchema.safeParse({ plans: { kk: 'x', ru: 'x' } }).success).toBe(false);
    expect(ReportTextsSchema.safeParse({ informing: { kk: 'x' } }).success).toBe(false);
  });
});

describe('the narrative sections in the annual report XLSX', () => {
  it('the first sheet is the report as text in the seed’s order, wrapped, in the chosen language', async () => {
    const input = { providerName: PROVIDER.name.ru, year: '2025', data, services: SERVICES, texts: TEXTS };
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsxOf([annualOutlineTable(input, 'ru')], 'ru')) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('Текст отчёта');
    expect([ws.getRow(1).getCell(1).value, ws.getRow(1).getCell(2).value]).toEqual(['Раздел', 'Текст']);
    const rows = Array.from({ length: ws.rowCount - 1 }, (_, i) => {
      const r = ws.getRow(i + 2);
      return [r.getCell(1).value ?? null, r.getCell(2).value ?? null] as const;
    });
    const headings = rows.map((r) => r[0]);
    const texts = rows.map((r) => r[1]);
    // Parts in order, each a row of its own.
    const parts = [
      '1. Общие положения',
      '2. Работа с услугополучателями',
      '3. Деятельность по повышению качества оказания государственных услуг',
      '4. Контроль за качеством оказания государственных услуг',
    ].map((p) => headings.indexOf(p));
    expect(parts.every((p, i) => p >= 0 && (i === 0 || p > parts[i - 1]))).toBe(true);
    // The informing paragraph in part 1, after the most demanded; the Russian texts where written.
    const informing = texts.indexOf(TEXTS.informing!.ru);
    expect(informing).toBeGreaterThan(parts[0]);
    expect(informing).toBeLessThan(parts[1]);
    expect(rows).toContainEqual([
      '1) Сведения об источниках и местах доступа к информации о порядке оказания государственных услуг:',
      'Раздел «Государственные услуги» на сайте отдела образования.',
    ]);
    expect(rows).toContainEqual([
      '4) Результаты общественного мониторинга качества оказания государственных услуг:',
      'сведения не внесены.',
    ]);
    // The computed sentences are there too, between them.
    const complaints = texts.findIndex((x) => typeof x === 'string' && x.startsWith('поступило жалоб: 1'));
    expect(complaints).toBeGreaterThan(parts[3]);
    expect(texts.indexOf(TEXTS.complaintMeasures!.ru)).toBe(complaints + 1);
    expect(ws.getColumn(2).alignment).toMatchObject({ wrapText: true, vertical: 'top' });
    expect(ws.getRow(2 + informing).getCell(2).alignment).toMatchObject({ wrapText: true });
  });
});
