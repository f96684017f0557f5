/**
 * Issue #14's leftovers through the real server, on PGlite and (by the file's
 * name, scripts/pg-test.sh) on PostgreSQL: the annual report's narrative
 * sections (saved per year with an audit entry, refused for a closed year and
 * for bad input with a clear code, written into the annual XLSX in the seed's
 * order), and the click-throughs: a channel's figure lists exactly what it
 * counts («by the provider» is the office and the mobile centre, nothing else),
 * and a complaint figure lists its complaints by number, never by name.
 */
import 'fake-indexeddb/auto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, fromLocal, localParts } from '../../shared';
import type { ComplaintInput } from '../../renderer/services/api';
import { startTestServer, START_TIMEOUT_MS, type TestServer } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { advance, register, type DeskDevice } from '../helpers/desk-device';
import { fetchWorkbook } from '../helpers/workbook';

const now = localParts(new Date().toISOString()).date;
const thisMonth = now.slice(0, 7);
const thisYear = Number(now.slice(0, 4));
const prev = (() => {
  const [y, m] = thisMonth.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
const prevYear = Number(prev.slice(0, 4));

let srv: TestServer;
let karasu: DeskDevice;
let mobile: DeskDevice;
let district: DistrictClient;
const put = (path: string, body: unknown) => district.request('PUT', path, body);

/** A laptop's clock at a local date-time of last month. */
const clockAt = (dev: DeskDevice, day: string, time: string) =>
  dev.setClock(Date.parse(fromLocal(`${prev}-${day}`, time)) - Date.now());

const workbook = (path: string) => fetchWorkbook(`${srv.url}${path}`, district.token);
const cellsOf = (ws: ExcelJS.Worksheet) =>
  Array.from({ length: ws.rowCount }, (_, i) => [ws.getRow(i + 1).getCell(1).value, ws.getRow(i + 1).getCell(2).value]);

beforeAll(async () => {
  srv = await startTestServer();
  karasu = await srv.desk('karasu', 'Karasu texts laptop');
  mobile = await srv.desk('mobile', 'Mobile texts laptop');
  district = await srv.district();
}, START_TIMEOUT_MS);
afterAll(async () => srv?.stop());

const TEXTS = {
  accessSources: {
    kk: 'Ақпарат аудан әкімдігінің сайтында орналастырылған.',
    ru: 'Информация размещена на сайте акимата района.',
  },
  publicMonitoring: { kk: 'Қоғамдық мониторинг жүргізілмеді.', ru: 'Общественный мониторинг не проводился.' },
};
const INFORMING = { kk: 'Ақпараттық стендтер орнатылған.', ru: 'Установлены информационные стенды.' };

describe('the annual report’s narrative sections', () => {
  it('are saved per year with an audit entry and read back', async () => {
    const empty = await district.get(`/v1/district/reports/texts/${thisYear}`);
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ year: thisYear, texts: {}, closed: false, updatedAt: null });

    const saved = await put(`/v1/district/reports/texts/${thisYear}`, { texts: TEXTS });
    expect(saved.status).toBe(200);
    expect(saved.body.texts).toEqual(TEXTS);
    expect(saved.body.updatedAt).toEqual(expect.any(String));
    expect((await district.get(`/v1/district/reports/texts/${thisYear}`)).body.texts).toEqual(TEXTS);
    // Another year is its own.
    expect((await district.get(`/v1/district/reports/texts/${thisYear - 1}`)).body.texts).toEqual({});

    // One side changed, one section emptied (removed): the audit names what changed, before and after.
    const changed = await put(`/v1/district/reports/texts/${thisYear}`, {
      texts: {
        accessSources: { ...TEXTS.accessSources, ru: 'Информация на сайте акимата района и на стендах.' },
        publicMonitoring: { kk: '', ru: '' },
        informing: INFORMING,
      },
    });
    expect(changed.status).toBe(200);
    expect(Object.keys(changed.body.texts).sort()).toEqual(['accessSources', 'informing']);
    const audit = await district.get(`/v1/district/audit?action=report.texts&target=${thisYear}`);
    expect(audit.status).toBe(200);
    const [last, first] = audit.body.entries;
    expect(first.after).toEqual(TEXTS);
    expect(last.before.publicMonitoring).toEqual(TEXTS.publicMonitoring);
    expect(last.after.publicMonitoring).toEqual({ kk: '', ru: '' });
    expect(last.after.accessSources.ru).toBe('Информация на сайте акимата района и на стендах.');
    // Saving the same again changes nothing and writes no entry.
    await put(`/v1/district/reports/texts/${thisYear}`, { texts: { informing: INFORMING } });
    expect((await district.get(`/v1/district/audit?action=report.texts`)).body.entries).toHaveLength(2);
  });

  it('refuses bad input with a clear code, a closed year, and office laptops', async () => {
    for (const [path, body, status, code] of [
      [`texts/${thisYear}`, { texts: { plans: { kk: 'x', ru: 'x' } } }, 400, 'body.invalid'],
      [`texts/${thisYear}`, { texts: { informing: { kk: 'x'.repeat(8001), ru: '' } } }, 400, 'body.invalid'],
      [`texts/${thisYear}`, { texts: { informing: { kk: 'x' } } }, 400, 'body.invalid'],
      [`texts/${thisYear}`, { texts: 'x' }, 400, 'body.invalid'],
      ['texts/abc', { texts: {} }, 400, 'query.invalid'],
      ['texts/1999', { texts: {} }, 400, 'query.invalid'],
    ] as const) {
      const r = await put(`/v1/district/reports/${path}`, body);
      expect([path, r.status, r.body.error]).toEqual([path, status, code]);
    }

    // A year with a month closed still takes texts; a year with all twelve closed does not.
    const old = thisYear - 3;
    expect((await district.post('/v1/district/reports/close', { from: `${old}-01`, to: `${old}-11` })).status).toBe(
      201,
    );
    expect((await put(`/v1/district/reports/texts/${old}`, { texts: TEXTS })).status).toBe(200);
    expect((await district.post('/v1/district/reports/close', { from: `${old}-12`, to: `${old}-12` })).status).toBe(
      201,
    );
    const refused = await put(`/v1/district/reports/texts/${old}`, {
      texts: { publicMonitoring: { kk: 'x', ru: 'y' } },
    });
    expect([refused.status, refused.body.error]).toEqual([409, 'report.yearClosed']);
    const kept = await district.get(`/v1/district/reports/texts/${old}`);
    expect(kept.body).toMatchObject({ closed: true, texts: TEXTS });

    expect((await karasu.client.get(`/v1/district/reports/texts/${thisYear}`)).status).toBe(403);
    expect((await karasu.client.request('PUT', `/v1/district/reports/texts/${thisYear}`, { texts: {} })).status).toBe(
      403,
    );
  });

  it('the annual XLSX opens with the report as text, the sections in the seed’s order, in the chosen language', async () => {
    for (const lang of ['kk', 'ru'] as const) {
      const wb = await workbook(`/v1/district/reports/annual.xlsx?year=${thisYear}&lang=${lang}`);
      expect(wb.worksheets.map((w) => w.name)[0]).toBe(lang === 'kk' ? 'Есептің мәтіні' : 'Текст отчёта');
      const cells = cellsOf(wb.worksheets[0]);
      const headings = cells.map((c) => c[0]);
      const texts = cells.map((c) => c[1]);
      const part2 = headings.indexOf(lang === 'kk' ? '2. Қызмет алушылармен жұмыс' : '2. Работа с услугополучателями');
      const part4 = headings.findIndex((h) => typeof h === 'string' && h.startsWith('4. '));
      const access = texts.indexOf(
        lang === 'kk' ? TEXTS.accessSources.kk : 'Информация на сайте акимата района и на стендах.',
      );
      expect(part2).toBeGreaterThan(0);
      expect(access).toBe(part2 + 1);
      // How people are informed: a paragraph of part 1, after the most demanded.
      const informing = texts.indexOf(INFORMING[lang]);
      expect(informing).toBeGreaterThan(
        texts.findIndex((x) => typeof x === 'string' && /сұранысқа|востребованные/.test(x)),
      );
      expect(informing).toBeLessThan(part2);
      // The section emptied prints "not entered" in its place, after the complaints of part 4.
      const monitoring = headings.findIndex((h) => typeof h === 'string' && h.startsWith('4) '));
      expect(monitoring).toBeGreaterThan(part4);
      expect(texts[monitoring]).toBe(lang === 'kk' ? 'мәліметтер енгізілмеген.' : 'сведения не внесены.');
      // The tables follow, the services first.
      expect(wb.worksheets.length).toBe(7);
      expect(wb.worksheets[1].getRow(1).getCell(2).value).toBe(
        lang === 'kk' ? 'Мемлекеттік қызметтің атауы' : 'Наименование государственной услуги',
      );
    }
  });
  it('a report of one office leaves the district’s sections to the district’s report, named for the office', async () => {
    const name = (await karasu.client.get('/v1/office/reports/context')).body.offices[0].name.kk as string;
    const file = await karasu.engine.officeReportFile(`annual.xlsx?year=${thisYear}&lang=kk`);
    const own = new ExcelJS.Workbook();
    await own.xlsx.load(Buffer.from(await file!.arrayBuffer()) as never);
    const narrowed = await workbook(
      `/v1/district/reports/annual.xlsx?year=${thisYear}&lang=kk&office=${srv.officeId('karasu')}`,
    );
    for (const [which, wb] of [
      ['own', own],
      ['narrowed', narrowed],
    ] as const) {
      const texts = cellsOf(wb.worksheets[0]).map((c) => c[1]);
      // Titled with the office, not with a dash (the laptop's reading lists no district office).
      expect([
        which,
        texts.some((x) => typeof x === 'string' && x.startsWith(`«${name}» мемлекеттік мекемесі`)),
      ]).toEqual([which, true]);
      expect(
        texts.filter((x) => x === 'Бұл бөлімнің мәліметтері аудан білім бөлімінің жылдық есебінде берілген.'),
      ).toHaveLength(2);
      expect(texts).toContain('3) және 4) тармақтардың мәліметтері аудан білім бөлімінің жылдық есебінде берілген.');
      for (const district of [TEXTS.accessSources.kk, INFORMING.kk, 'мәліметтер енгізілмеген.'])
        expect([which, texts.includes(district)]).toEqual([which, false]);
    }
  });
});

const complaint = (subject: string): ComplaintInput => ({
  complainant: { fullName: 'Жұмабаева Гүлнәр Серікқызы', address: 'Сәтбаев к. 12', phone: '+7 702 555 11 22' },
  against: 'Кеңсе қызметкері',
  subject,
});

describe('the click-through counts what the figure counts', () => {
  const signed: string[] = [];
  let viaCorp = '';
  let mobileNo = '';

  it('«by the provider» lists the office’s and the mobile centre’s applications, not the month’s whole', async () => {
    clockAt(karasu, '10', '10:00');
    for (let i = 0; i < 2; i++) signed.push((await advance(karasu, (await register(karasu)).id, 'signed')).journalNo);
    viaCorp = (await advance(karasu, (await register(karasu, { over: { channel: 'stateCorporation' } })).id, 'signed'))
      .journalNo;
    clockAt(mobile, '11', '11:00');
    mobileNo = (await advance(mobile, (await register(mobile)).id, 'signed')).journalNo;
    await karasu.sync();
    await mobile.sync();
    const saved = await put('/v1/district/reports/outside-counts', {
      counts: [
        { officeId: srv.officeId('karasu'), serviceCode: 'preschool-queue', month: prev, channel: 'portal', count: 5 },
      ],
    });
    expect(saved.status).toBe(200);

    const annual = await district.get(`/v1/district/reports/annual?year=${prevYear}`);
    const month = annual.body.data.byMonth.find((m: { month: string }) => m.month === prev);
    expect(month.delivered).toEqual({ total: 9, provider: 3, stateCorporation: 1, portal: 5 });

    const list = async (q: string) => {
      const r = await district.get(`/v1/district/reports/drill?from=${prev}&to=${prev}&measure=delivered&${q}`);
      expect([q, r.status]).toEqual([q, 200]);
      return {
        journals: r.body.rows.map((x: { journalNo: string }) => x.journalNo).sort(),
        total: r.body.total,
        outside: r.body.outside,
      };
    };
    const provider = await list(`month=${prev}&via=provider`);
    expect(provider).toEqual({ journals: [...signed, mobileNo].sort(), total: 3, outside: 0 });
    expect(await list(`month=${prev}&via=stateCorporation`)).toEqual({ journals: [viaCorp], total: 1, outside: 0 });
    // The portal's figure is all counted from outside: no applications, and the answer says how many.
    expect(await list(`month=${prev}&via=portal`)).toEqual({ journals: [], total: 0, outside: 5 });
    const whole = await list(`month=${prev}`);
    expect(whole.total + whole.outside).toBe(month.delivered.total);
    // `channel=` is the readings' filter (a list); it once crashed the drill's own channel with a 500.
    expect(await list('channel=portal,stateCorporation')).toEqual({ journals: [viaCorp], total: 1, outside: 5 });
    const bad = await district.get(`/v1/district/reports/drill?from=${prev}&to=${prev}&measure=delivered&via=fax`);
    expect([bad.status, bad.body.error]).toEqual([400, 'query.invalid']);
  });

  it('a complaint figure lists its complaints by number and office, no complainant, as the dashboard counts them', async () => {
    // Last month: one left open (now past its due time), one answered and found justified; this month one open,
    // not yet due. A laptop of its own: one that has synced before has learned the server's time and would move
    // the dates it stamps.
    const desk = await srv.desk('ushkonyr', 'Ushkonyr complaints laptop');
    clockAt(desk, '02', '10:00');
    await desk.as('clerk');
    const late = await desk.desk.registerComplaint(complaint('Құжаттарды қабылдамады'));
    const answered = await desk.desk.registerComplaint(complaint('Кезекте күтті'));
    await desk.as('head');
    await desk.desk.answerComplaint(answered.id, {
      text: 'Қаралды',
      date: `${prev}-03`,
      satisfied: 'fully',
      justified: true,
    });
    desk.setClock(0);
    await desk.as('clerk');
    const fresh = await desk.desk.registerComplaint(complaint('Анықтама берілмеді'));
    await desk.sync();

    const dash = await district.get(`/v1/district/reports/dashboard?from=${prev}&to=${thisMonth}`);
    expect(dash.body.data.complaints).toMatchObject({ received: 3, justified: 1, open: 2, overdueOpen: 1 });
    const list = async (measure: string) => {
      const r = await district.get(`/v1/district/reports/complaints?from=${prev}&to=${thisMonth}&measure=${measure}`);
      expect([measure, r.status]).toEqual([measure, 200]);
      expect(JSON.stringify(r.body)).not.toMatch(/Жұмабаева|Сәтбаев|қабылдамады|complainant|subject/);
      return r.body as { total: number; rows: Array<Record<string, unknown>> };
    };
    for (const m of ['received', 'justified', 'answered', 'answeredOnTime', 'open', 'overdueOpen'] as const) {
      const r = await list(m);
      expect([m, r.total, r.rows.length]).toEqual([m, dash.body.data.complaints[m], dash.body.data.complaints[m]]);
    }
    const overdue = await list('overdueOpen');
    expect(overdue.rows).toEqual([
      expect.objectContaining({
        id: late.id,
        incomingNo: late.incomingNo,
        officeId: srv.officeId('ushkonyr'),
        status: 'open',
        open: true,
        overdue: true,
      }),
    ]);
    expect((await list('open')).rows.map((r) => r.incomingNo)).toEqual([late.incomingNo, fresh.incomingNo]);
    expect((await list('justified')).rows).toEqual([
      expect.objectContaining({ incomingNo: answered.incomingNo, justified: true, open: false }),
    ]);
    // Filtered by another office: none.
    const other = await district.get(
      `/v1/district/reports/complaints?from=${prev}&to=${thisMonth}&measure=received&office=${srv.officeId('karasu')}`,
    );
    expect(other.body).toEqual({ total: 0, rows: [] });
    const bad = await district.get(`/v1/district/reports/complaints?from=${prev}&to=${thisMonth}&measure=names`);
    expect([bad.status, bad.body.error]).toEqual([400, 'query.invalid']);

    // The list as a file, every row (issue #14: any list exports): XLSX read back, CSV with the BOM.
    const wb = await workbook(`/v1/district/reports/complaints.xlsx?from=${prev}&to=${thisMonth}&measure=open&lang=ru`);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      'Входящий номер',
      'Услугодатель',
      'Наименование государственной услуги',
      'Дата поступления',
      'Срок рассмотрения',
      'Дата ответа',
      'Состояние',
      'Просрочена',
      'Обоснована',
    ]);
    const body = Array.from({ length: ws.rowCount - 1 }, (_, i) => ws.getRow(i + 2));
    expect(body.map((r) => r.getCell(1).value)).toEqual([late.incomingNo, fresh.incomingNo]);
    expect(body.map((r) => r.getCell(7).value)).toEqual(['На рассмотрении', 'На рассмотрении']);
    expect(body.map((r) => r.getCell(8).value)).toEqual(['Да', 'Нет']);
    expect(body[0].getCell(4).value).toBeInstanceOf(Date);
    expect(JSON.stringify(ws.getSheetValues())).not.toMatch(/Жұмабаева|Сәтбаев|қабылдамады/);
    const csv = await fetch(
      `${srv.url}/v1/district/reports/complaints.csv?from=${prev}&to=${thisMonth}&measure=received`,
      {
        headers: { authorization: `Bearer ${district.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      },
    );
    expect(csv.status).toBe(200);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).trim().split('\n')).toHaveLength(1 + 3);
  });
});
