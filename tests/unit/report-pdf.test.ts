/**
 * The printed reports (issue #14) rendered with the real pdfmake and the
 * shipped fonts, with charts drawn by ECharts' SVG renderer, and read back as
 * text: the annual report in seed 004's structure and the Appendix 7
 * indicators, in Kazakh and Russian; and the same input renders to the same
 * bytes, as a closed period's report must.
 */
import { describe, expect, it } from 'vitest';
import {
  annualReport,
  annualReportDoc,
  byChannelChart,
  byMonthChart,
  byOfficeChart,
  byServiceChart,
  complaintsChart,
  dashboard,
  defaultNorms,
  indicatorTable,
  indicatorsDoc,
  onTimeByOfficeChart,
  queueChart,
  type ChartSpec,
  type Lang,
  type ReportChart,
} from '../../shared';
import { chartSvg } from '../../renderer/charts/chartSvg';
import { renderPdf, renderText } from '../helpers/pdf';
import {
  CATALOG_ORDER,
  EVENTS,
  MONTHS_2025,
  OFFICES,
  SERVICES,
  officeName,
  serviceName,
} from '../helpers/reportFixture';

const data = annualReport(EVENTS, MONTHS_2025, CATALOG_ORDER);
const dash = dashboard(EVENTS, MONTHS_2025);
const indicators = indicatorTable(EVENTS, defaultNorms(), ['o1', 'o2']);
const PROVIDER = {
  name: { kk: 'Ақсу ауданының білім бөлімі', ru: 'Отдел образования Аксуского района' },
  parent: { kk: 'Абай облысы әкімдігі білім басқармасының', ru: 'управления образования акимата области Абай' },
};
// 10:00 UTC is 15:00 in the office: the printed date is the office's day.
const CREATED = '2026-01-15T10:00:00.000Z';
const WIDTH = 460;

/** Whitespace dropped: table cells and long sentences wrap anywhere, the words and numbers must still be there. */
const flat = (s: string) => s.replace(/[\s\u00a0]+/g, '');

const asChart = (spec: ChartSpec): ReportChart => ({
  caption: spec.table.title,
  svg: chartSvg(spec.option, { width: WIDTH, height: spec.height }),
  width: WIDTH,
  height: spec.height,
});

function annualCharts(lang: Lang): ReportChart[] {
  return [byMonthChart(data.byMonth, lang), byChannelChart(dash.byChannel, lang)].map(asChart);
}

const annualDoc = (lang: Lang) =>
  annualReportDoc(
    { provider: PROVIDER, year: '2025', data, services: SERVICES, charts: annualCharts(lang), createdAt: CREATED },
    lang,
  );

describe('annual report PDF (seed 004)', () => {
  it('in Kazakh: title, the channel sentence, the services, the most demanded, complaints, control, charts, date', async () => {
    const { text } = await renderText(annualDoc('kk'));
    const t = flat(text);
    expect(t).toContain(
      flat(
        'Абай облысы әкімдігі білім басқармасының «Ақсу ауданының білім бөлімі» мемлекеттік мекемесінің мемлекеттік қызметтер көрсету мәселелері жөніндегі қызметінің есебі',
      ),
    );
    expect(t).toContain(flat('2025 жыл'));
    expect(t).toContain(flat('1. Жалпы ережелер'));
    expect(t).toContain(flat('мемлекеттік көрсетілетін қызметтердің 3 түрін көрсетеді'));
    expect(t).toContain(
      flat(
        '2025 жылы көрсетілген мемлекеттік қызметтер саны 11 құрады, оның ішінде көрсетілетін қызметті беруші арқылы - 3, Мемлекеттік корпорация арқылы - 5, электрондық түрде - 3.',
      ),
    );
    // The table of services: every name, its ways and «Тегін», under seed 004's headings.
    expect(t).toContain(flat('Мемлекеттік қызметтің атауы'));
    expect(t).toContain(flat('Мемлекеттік қызмет көрсету тәсілі'));
    expect(t).toContain(flat('Ақылы / тегін'));
    for (const s of SERVICES) expect(t).toContain(flat(s.name.kk));
    expect(t).toContain(flat('Тегін'));
    expect(t).toContain(flat('«Азаматтарға арналған үкімет» мемлекеттік корпорациясы'));
    // Most demanded, with counts: preschool queue and guardianship certificates 5 each, school meals 1.
    expect(t).toContain(flat('Неғұрлым сұранысқа ие мемлекеттік көрсетілетін қызметтер:'));
    const demanded = data.mostDemanded.map(
      (m) => `${serviceName(m.code)!.kk} - 2025 жылы ${m.count} қызмет көрсетілді.`,
    );
    expect(data.mostDemanded.map((m) => m.count)).toEqual([5, 5, 1]);
    demanded.forEach((line, i) => expect(t).toContain(flat(`${i + 1}. ${line}`)));
    expect(t).toContain(
      flat(
        '1 шағым түсті, оның ішінде негізді деп танылғаны - 1; қаралды - 1 (оның ішінде белгіленген мерзімде - 1); қаралуда - 0',
      ),
    );
    expect(t).toContain(
      flat(
        'жүйеде 3 қызмет көрсетілді, оның ішінде белгіленген мерзімде - 2 (66,7 %), мерзімі бұзылып - 1; кезең соңында мерзімі өтіп, орындалмаған өтініштер - 1; дәлелді бас тартулар - 1; құжаттарды қабылдаудан бас тартулар - 1.',
      ),
    );
    expect(t).toContain(flat('кезең жабылғаннан кейін түскен және осы есепте ескерілген деректер: 1.'));
    // The charts: their captions, and their own labels drawn as text in the PDF.
    expect(t).toContain(flat('1-сурет. Айлар бойынша көрсетілген қызметтер'));
    expect(t).toContain(flat('2-сурет. Өтініш беру тәсілдері бойынша'));
    expect(t).toContain(flat('Көшпелі орталық'));
    expect(t).toContain(flat('Басып шығарылған күні: «15» қаңтар 2026 ж.'));
  });

  it('in Russian: the same structure and figures', async () => {
    const { text } = await renderText(annualDoc('ru'));
    const t = flat(text);
    expect(t).toContain(
      flat(
        'Отчёт о деятельности государственного учреждения «Отдел образования Аксуского района» управления образования акимата области Абай по вопросам оказания государственных услуг',
      ),
    );
    expect(t).toContain(flat('за 2025 год'));
    expect(t).toContain(
      flat(
        'В 2025 году количество оказанных государственных услуг составило 11, в том числе через услугодателя - 3, через Государственную корпорацию - 5, в электронном виде - 3.',
      ),
    );
    expect(t).toContain(flat('Платно / бесплатно'));
    for (const s of SERVICES) expect(t).toContain(flat(s.name.ru));
    expect(t).toContain(flat('Бесплатно'));
    data.mostDemanded.forEach((m, i) =>
      expect(t).toContain(flat(`${i + 1}. ${serviceName(m.code)!.ru} - в 2025 году оказано услуг: ${m.count}.`)),
    );
    expect(t).toContain(flat('поступило жалоб: 1, из них признано обоснованными: 1'));
    expect(t).toContain(
      flat('в системе оказано услуг: 3, из них в установленный срок: 2 (66,7 %), с нарушением срока: 1'),
    );
    expect(t).toContain(flat('Рисунок 1. Оказанные услуги по месяцам'));
    expect(t).toContain(flat('Дата печати: «15» января 2026 г.'));
  });

  it('says there were no complaints, and that all was on time, when so', async () => {
    const quiet = annualReport(
      EVENTS.filter((e) => e.kind !== 'complaint' && e.kind !== 'overdue' && e.onTime !== false),
      MONTHS_2025,
      CATALOG_ORDER,
    );
    const doc = annualReportDoc(
      { provider: { name: PROVIDER.name }, year: '2025', data: quiet, services: SERVICES, createdAt: CREATED },
      'kk',
    );
    const t = flat((await renderText(doc)).text);
    expect(t).toContain(flat('«Ақсу ауданының білім бөлімі» мемлекеттік мекемесінің'));
    expect(t).toContain(flat('шағымдары туралы ақпарат: шағымдар жоқ.'));
    expect(t).toContain(flat('Барлық мемлекеттік қызметтер белгіленген мерзімде көрсетілді.'));
  });

  it('renders to the same bytes twice, charts drawn anew each time', async () => {
    const a = await renderPdf(annualDoc('kk'));
    const b = await renderPdf(annualDoc('kk'));
    expect(a.length).toBeGreaterThan(10_000);
    expect(Buffer.compare(a, b)).toBe(0);
    // The creation date is the one given, not the time of rendering.
    expect(a.toString('latin1')).toContain('(D:20260115100000Z)');
  });
});

describe('indicators PDF (seed 000 Appendix 7)', () => {
  const charts = (lang: Lang) => [asChart(onTimeByOfficeChart(dash.byOffice, officeName, lang))];
  const doc = (lang: Lang) =>
    indicatorsDoc(
      {
        provider: PROVIDER,
        year: '2025',
        rows: indicators,
        officeNames: officeName,
        charts: charts(lang),
        createdAt: CREATED,
      },
      lang,
    );

  it('in Kazakh: the four columns of Appendix 7, every indicator with its values, per office', async () => {
    const t = flat((await renderText(doc('kk'))).text);
    expect(t).toContain(flat('Сапа және тиімділік көрсеткіштерінің мәні'));
    for (const h of [
      'Сапа және тиімділік көрсеткіштері',
      'Көрсеткіштің нормативтік мәні',
      'Көрсеткіштің келесі жылдағы нысаналы мәні',
      'Көрсеткіштің есепті жылдағы ағымдағы мәні',
    ])
      expect(t).toContain(flat(h));
    for (const r of indicators) expect(t).toContain(flat(r.name.kk));
    // On time: normative 100, target 100, the district 66,7 (2 of 3).
    expect(t).toContain(flat('Мемлекеттік қызметтерді белгіленген мерзімде көрсету үлесі % 100,0 100,0 66,7'));
    // Refusals to accept per 100 applications: no normative set (—), 1 of 5 attempts = 20,0.
    expect(t).toContain(flat('Құжаттарды қабылдаудан бас тартулар саны (100 өтінішке) 100 өтінішке — — 20,0'));
    // Per office, indicators as numbered columns: o1 on time 50,0, o2 100,0; o2 recorded no waiting (—).
    expect(t).toContain(flat(`${OFFICES.o1.kk} 50,0 50,0 0,0 — 33,3 50,0 60,0`));
    expect(t).toContain(flat(`${OFFICES.o2.kk} 100,0 — 16,7 100,0 0,0 0,0 0,0`));
    expect(t).toContain(flat('1-сурет. Мерзімінде көрсету, кеңселер бойынша'));
    expect(t).toContain(flat('Басып шығарылған күні: «15» қаңтар 2026 ж.'));
  });

  it('in Russian', async () => {
    const t = flat((await renderText(doc('ru'))).text);
    expect(t).toContain(flat('Значения показателей качества и эффективности'));
    expect(t).toContain(flat('Целевое значение показателя в последующем году'));
    expect(t).toContain(flat('Текущее значение показателя в отчётном году'));
    expect(t).toContain(flat('Доля государственных услуг, оказанных в установленный срок % 100,0 100,0 66,7'));
    expect(t).toContain(flat(`${OFFICES.o2.ru} 100,0 — 16,7 100,0 0,0 0,0 0,0`));
    expect(t).toContain(flat('Дата печати: «15» января 2026 г.'));
  });

  it('renders to the same bytes twice', async () => {
    expect(Buffer.compare(await renderPdf(doc('ru')), await renderPdf(doc('ru')))).toBe(0);
  });
});

describe('charts', () => {
  it('every builder gives an option without animation in Tinos, a table of the same figures, and an SVG', () => {
    const specs: ChartSpec[] = [
      byMonthChart(data.byMonth, 'kk'),
      byOfficeChart(dash.byOffice, officeName, 'kk'),
      byServiceChart(dash.byService, serviceName, 'kk'),
      byChannelChart(dash.byChannel, 'kk'),
      onTimeByOfficeChart(dash.byOffice, officeName, 'kk'),
      queueChart(
        [
          {
            key: 'g3',
            label: { kk: '3 жас', ru: '3 года' },
            waiting: 12,
            referralsIssued: 4,
            referralsExpired: 1,
            placesFree: 2,
          },
          {
            key: 'g4',
            label: { kk: '4 жас', ru: '4 года' },
            waiting: 7,
            referralsIssued: 2,
            referralsExpired: 0,
            placesFree: 0,
          },
        ],
        'ageGroup',
        'kk',
      ),
      complaintsChart(data.complaints, 'kk'),
    ];
    for (const s of specs) {
      expect(s.option.animation).toBe(false);
      expect(JSON.stringify(s.option.textStyle)).toContain('Tinos');
      expect(s.table.rows.length).toBe(s.keys.length);
      const svg = chartSvg(s.option, { width: WIDTH, height: s.height });
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).not.toMatch(/zr\d+-cls/);
    }
    // Figures and their table agree: March is 8 (5 State Corporation + 3 portal).
    const month = specs[0];
    expect(month.table.rows[2]).toEqual({ month: '2025-03', total: 8, provider: 0, stateCorporation: 5, portal: 3 });
    expect(chartSvg(month.option, { width: WIDTH, height: 280 })).toContain('Мемлекеттік корпорация арқылы');
  });

  it('a click on a bar or slice names the applications behind it', () => {
    const month = byMonthChart(data.byMonth, 'ru');
    expect(month.pick(2, 1)).toEqual({ measure: 'delivered', month: '2025-03', via: 'stateCorporation' });
    // «By the provider»: the office and the mobile centre, not the month's whole.
    expect(month.pick(0, 0)).toEqual({ measure: 'delivered', month: '2025-01', via: 'provider' });
    const offices = byOfficeChart(dash.byOffice, officeName, 'ru');
    expect(offices.pick(offices.keys.indexOf('o2'), 0)).toEqual({ measure: 'accepted', officeId: 'o2' });
    const channels = byChannelChart(dash.byChannel, 'ru');
    expect(channels.pick(channels.keys.indexOf('mobile'), 0)).toEqual({ measure: 'delivered', via: 'mobile' });
    expect(onTimeByOfficeChart(dash.byOffice, officeName, 'ru').pick(0, 0)).toMatchObject({ measure: 'onTime' });
    expect(month.pick(99, 0)).toBeUndefined();
  });
});
