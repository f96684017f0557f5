/**
 * Report tables written as XLSX and CSV (issue #14) and read back: a hand-built
 * district's annual report, indicators, pivot and a list of applications go
 * through the real exceljs writer, and the workbook exceljs reads back must hold
 * numbers as numbers, percents and dates as such, Kazakh letters intact, the
 * widths, the frozen heading row and the filter. CSV: BOM, RFC 4180 quoting,
 * CRLF, no formula injection.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  annualReport,
  annualReportTables,
  applicationsExportTable,
  defaultNorms,
  indicatorTable,
  indicatorsExportTable,
  pivot,
  pivotExportTable,
  type ApplicationListRow,
  type ExportTable,
} from '../../shared';
import { csvOf, sheetNames, xlsxOf } from '../../server/reports/export';
import { CATALOG_ORDER, EVENTS, MONTHS_2025, SERVICES, officeName, serviceName } from '../helpers/reportFixture';

const NAMES = { office: officeName, service: serviceName };
const data = annualReport(EVENTS, MONTHS_2025, CATALOG_ORDER);
const tables = annualReportTables({ data, services: SERVICES });

async function readBack(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** A sheet's data rows as {heading: value}, by the heading row. */
function rowsOf(ws: ExcelJS.Worksheet): Array<Record<string, ExcelJS.CellValue>> {
  const head = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const out: Array<Record<string, ExcelJS.CellValue>> = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    out.push(Object.fromEntries(head.map((h, i) => [h, row.getCell(i + 1).value])));
  }
  return out;
}

const sheet = (wb: ExcelJS.Workbook, name: string) => {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  return ws;
};

describe('annual report tables', () => {
  it('hold the channel split, the table of services and the most demanded as the events add up', () => {
    expect(data.delivered).toEqual({ total: 11, provider: 3, stateCorporation: 5, portal: 3 });
    const total = tables.delivered.rows.at(-1)!;
    expect(total).toMatchObject({ total: 11, provider: 3, stateCorporation: 5, portal: 3 });
    expect(tables.services.rows.map((r) => r.service)).toEqual(SERVICES.map((s) => s.name));
    const guardianship = tables.services.rows.find((r) => r.service === serviceName('guardianship-certificate'))!;
    // The catalog lists it by the State Corporation and the portal only, and free.
    expect(guardianship.ways).toEqual({
      kk: '«Азаматтарға арналған үкімет» мемлекеттік корпорациясы, «Электрондық үкіметтің» веб-порталы',
      ru: 'Государственная корпорация «Правительство для граждан», Веб-портал «электронного правительства»',
    });
    expect(guardianship.free).toEqual({ kk: 'Тегін', ru: 'Бесплатно' });
    expect(tables.mostDemanded.rows.map((r) => r.count)).toEqual([5, 5, 1]);
    expect(tables.control.rows[0]).toMatchObject({ delivered: 3, onTime: 2, late: 1, refusals: 1, lateArrivals: 1 });
  });
});

describe('XLSX', () => {
  it('writes every annual table as a typed sheet, headings in Kazakh, read back intact', async () => {
    const wb = await readBack(await xlsxOf(Object.values(tables), 'kk'));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Мемлекеттік қызметтер',
      'Көрсетілген қызметтер',
      'Неғұрлым сұранысқа ие қызметтер',
      'Айлар бойынша',
      'Шағымдар',
      'Ішкі бақылау',
    ]);

    const services = sheet(wb, 'Мемлекеттік қызметтер');
    expect(services.getRow(1).getCell(2).value).toBe('Мемлекеттік қызметтің атауы');
    expect(services.getRow(1).getCell(4).value).toBe('Ақылы / тегін');
    expect(services.getRow(1).font?.bold ?? services.getCell('A1').font?.bold).toBe(true);
    expect(services.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(services.autoFilter).toBe('A1:D1');
    expect(services.getColumn(2).width).toBe(70);
    const first = rowsOf(services)[0];
    expect(first['№']).toBe(1);
    expect(first['Мемлекеттік қызметтің атауы']).toBe(SERVICES[0].name.kk);
    expect(first['Ақылы / тегін']).toBe('Тегін');
    // Kazakh letters survive the round trip.
    expect(String(first['Мемлекеттік қызметтің атауы'])).toMatch(/[әғқңөұүһі]/);

    const delivered = rowsOf(sheet(wb, 'Көрсетілген қызметтер'));
    const totalRow = delivered.at(-1)!;
    expect(totalRow['Мемлекеттік қызметтің атауы']).toBe('Барлығы');
    expect(totalRow['№']).toBeNull();
    expect(totalRow['Барлығы']).toBe(11);
    expect(totalRow['Көрсетілетін қызметті беруші арқылы']).toBe(3);
    expect(totalRow['Мемлекеттік корпорация арқылы']).toBe(5);
    expect(totalRow['Электрондық түрде']).toBe(3);
    expect(sheet(wb, 'Көрсетілген қызметтер').getCell('C2').numFmt).toBe('0');

    const months = sheet(wb, 'Айлар бойынша');
    expect(months.rowCount).toBe(13);
    const march = months.getCell('A4');
    expect(march.value).toEqual(new Date(Date.UTC(2025, 2, 1)));
    expect(march.numFmt).toBe('mm.yyyy');
    expect(months.getCell('B4').value).toBe(8);

    const control = sheet(wb, 'Ішкі бақылау');
    const share = control.getCell('D2');
    expect(share.value).toBeCloseTo(2 / 3, 10);
    expect(share.numFmt).toBe('0.0%');
  });

  it('writes headings and names in Russian when asked', async () => {
    const wb = await readBack(await xlsxOf([tables.delivered], 'ru'));
    const ws = sheet(wb, 'Оказанные услуги');
    expect(ws.getRow(1).getCell(2).value).toBe('Наименование государственной услуги');
    expect(rowsOf(ws).at(-1)!['Наименование государственной услуги']).toBe('Итого');
    expect(rowsOf(ws)[0]['Наименование государственной услуги']).toBe(SERVICES[0].name.ru);
  });

  it('writes the indicators with their values per office as numbers', async () => {
    const rows = indicatorTable(EVENTS, defaultNorms(), ['o1', 'o2']);
    const t = indicatorsExportTable(rows, officeName);
    const wb = await readBack(await xlsxOf([t], 'kk'));
    const ws = sheet(wb, 'Сапа және тиімділік (7-қосымша)');
    const head = (ws.getRow(1).values as string[]).slice(1);
    expect(head).toEqual([
      '№',
      'Сапа және тиімділік көрсеткіштері',
      'Өлшем бірлігі',
      'Көрсеткіштің нормативтік мәні',
      'Көрсеткіштің келесі жылдағы нысаналы мәні',
      'Көрсеткіштің есепті жылдағы ағымдағы мәні',
      'Ақсу ауылдық округі әкімінің аппараты',
      'Көктөбе ауылы әкімінің аппараты',
    ]);
    const byName = Object.fromEntries(rowsOf(ws).map((r) => [r['Сапа және тиімділік көрсеткіштері'] as string, r]));
    const onTime = byName['Мемлекеттік қызметтерді белгіленген мерзімде көрсету үлесі'];
    expect(onTime).toMatchObject({
      'Өлшем бірлігі': '%',
      'Көрсеткіштің нормативтік мәні': 100,
      'Көрсеткіштің есепті жылдағы ағымдағы мәні': 66.7,
      'Ақсу ауылдық округі әкімінің аппараты': 50,
      'Көктөбе ауылы әкімінің аппараты': 100,
    });
    const refusals = byName['Құжаттарды қабылдаудан бас тартулар саны (100 өтінішке)'];
    expect(refusals['Өлшем бірлігі']).toBe('100 өтінішке');
    expect(refusals['Көрсеткіштің нормативтік мәні']).toBeNull();
    expect(refusals['Көрсеткіштің есепті жылдағы ағымдағы мәні']).toBe(20);
    expect(refusals['Ақсу ауылдық округі әкімінің аппараты']).toBeCloseTo(33.3, 5);
    // Waiting was recorded only at o1: o2's value is an empty cell, not a zero.
    const wait = byName['Кезекте күтудің рұқсат етілген ең ұзақ уақытынан артық күтпеген қызмет алушылардың үлесі'];
    expect(wait['Ақсу ауылдық округі әкімінің аппараты']).toBe(50);
    expect(wait['Көктөбе ауылы әкімінің аппараты']).toBeNull();
    expect(ws.getCell('F2').numFmt).toBe('0.0');
  });

  it('writes a pivot office × month × channel with channel names and the on-time share', async () => {
    const t = pivotExportTable(pivot(EVENTS, ['office', 'month', 'channel']), ['office', 'month', 'channel'], NAMES);
    const wb = await readBack(await xlsxOf([t], 'ru'));
    const rows = rowsOf(sheet(wb, 'Сводная таблица'));
    const jan = rows.find(
      (r) =>
        r['Услугодатель'] === 'Аппарат акима Аксуского сельского округа' &&
        (r['Месяц'] as Date).getTime() === Date.UTC(2025, 0, 1) &&
        r['Способ обращения'] === 'В офисе',
    )!;
    expect(jan).toMatchObject({ Принято: 1, Оказано: 1, 'В срок': 1, 'Доля в срок': 1, 'Отказы в приёме': 1 });
    const portal = rows.find((r) => r['Способ обращения'] === 'Портал «электронного правительства»')!;
    expect(portal['Оказано']).toBe(3);
    // Nothing delivered in the system: no share, an empty cell.
    expect(portal['Доля в срок']).toBeNull();
  });

  it('writes a list of applications with office-local dates as real dates', async () => {
    const list: ApplicationListRow[] = [
      {
        journalNo: 'АҚ-2025-001',
        officeId: 'o1',
        serviceCode: 'preschool-queue',
        channel: 'mobile',
        // 20:00 UTC on 31 January is 1 February in the office (UTC+5).
        acceptedAt: '2025-01-31T20:00:00.000Z',
        dueAt: '2025-02-07T12:00:00.000Z',
        readyAt: '2025-02-06T09:30:00.000Z',
      },
      {
        journalNo: '=1+1',
        officeId: 'o2',
        serviceCode: 'school-meals',
        channel: 'office',
        acceptedAt: '2025-03-03T04:00:00.000Z',
        dueAt: '2025-03-10T12:00:00.000Z',
      },
    ];
    const wb = await readBack(await xlsxOf([applicationsExportTable(list, NAMES)], 'kk'));
    const ws = sheet(wb, 'Өтініштер');
    const [a, b] = rowsOf(ws);
    expect(a).toMatchObject({
      'Журнал нөмірі': 'АҚ-2025-001',
      'Көрсетілетін қызметті беруші': 'Ақсу ауылдық округі әкімінің аппараты',
      'Өтініш беру тәсілі': 'Көшпелі орталық',
      Мерзімінде: 'Иә',
    });
    expect(a['Қабылданған күні']).toEqual(new Date(Date.UTC(2025, 1, 1)));
    expect(a['Орындау мерзімі']).toEqual(new Date(Date.UTC(2025, 1, 7)));
    expect(a['Дайын болған күні']).toEqual(new Date(Date.UTC(2025, 1, 6)));
    expect(ws.getCell('E2').numFmt).toBe('dd.mm.yyyy');
    // Open: no ready date and no verdict yet. A journal number that looks like a formula stays text.
    expect(b['Дайын болған күні']).toBeNull();
    expect(b['Мерзімінде']).toBeNull();
    expect(b['Журнал нөмірі']).toBe('=1+1');
    expect(ws.getCell('A3').type).toBe(ExcelJS.ValueType.String);
  });

  it('gives every sheet a valid, unique name of at most 31 characters', () => {
    const names = sheetNames([
      'Мемлекеттік қызметтерді белгіленген мерзімде көрсету үлесі',
      'a/b:c*d?[e]',
      "'quoted'",
      'Same',
      'same',
      '',
    ]);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(31);
      expect(n).not.toMatch(/[\\/?*[\]:]|^'|'$/);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names[1]).toBe('a b c d e');
    expect(names[4]).toBe('same (2)');
  });

  it('writes 60,000 applications within the budget (< 10 s) and all of them come back', async () => {
    const list: ApplicationListRow[] = Array.from({ length: 60_000 }, (_, i) => ({
      journalNo: `AK-2025-${i}`,
      officeId: i % 2 ? 'o1' : 'o2',
      serviceCode: SERVICES[i % 3].code,
      channel: 'office',
      acceptedAt: '2025-03-01T05:00:00.000Z',
      dueAt: '2025-03-10T12:00:00.000Z',
      readyAt: i % 3 ? '2025-03-05T05:00:00.000Z' : undefined,
    }));
    const started = performance.now();
    const buf = await xlsxOf([applicationsExportTable(list, NAMES)], 'kk');
    expect(performance.now() - started).toBeLessThan(10_000);
    const ws = (await readBack(buf)).worksheets[0];
    expect(ws.rowCount).toBe(60_001);
    expect(ws.getCell('A60001').value).toBe('AK-2025-59999');
  });
});

describe('CSV', () => {
  const table: ExportTable = {
    title: { kk: 'Сынақ', ru: 'Проба' },
    columns: [
      { key: 'name', title: { kk: 'Атауы', ru: 'Название' }, type: 'text' },
      { key: 'n', title: { kk: 'Саны', ru: 'Количество' }, type: 'int' },
      { key: 'share', title: { kk: 'Үлесі, %', ru: 'Доля, %' }, type: 'percent' },
      { key: 'day', title: { kk: 'Күні', ru: 'Дата' }, type: 'date' },
    ],
    rows: [
      {
        name: { kk: 'Балабақша «Күншуақ», №2', ru: 'Детский сад «Куншуак», №2' },
        n: 12,
        share: 0.5,
        day: '2025-01-15',
      },
      { name: 'Ол "жақсы" деді\nекінші жол', n: -3, share: null, day: null },
      { name: '=HYPERLINK("http://x")', n: 0, share: 1, day: '2025-12-31' },
      { name: '+7 701 000 00 00', n: 1, share: 0, day: null },
      { name: '@SUM(A1)', n: 2, share: 0.25, day: null },
    ],
  };

  it('starts with the BOM, quotes per RFC 4180, ends lines with CRLF, and defuses formulas', () => {
    const buf = csvOf(table, 'kk');
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString('utf8').slice(1);
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Атауы,Саны,"Үлесі, %",Күні');
    expect(lines[1]).toBe('"Балабақша «Күншуақ», №2",12,0.5,2025-01-15');
    // A quote doubled, the line break kept inside the quoted field (not a CRLF: it stays one record).
    expect(lines[2]).toBe('"Ол ""жақсы"" деді\nекінші жол",-3,,');
    expect(lines[3]).toBe('"\'=HYPERLINK(""http://x"")",0,1,2025-12-31');
    expect(lines[4]).toBe("'+7 701 000 00 00,1,0,");
    expect(lines[5]).toBe("'@SUM(A1),2,0.25,");
    expect(lines).toHaveLength(7);
    expect(csvOf(table, 'ru').toString('utf8')).toContain('"Детский сад «Куншуак», №2"');
  });
});
