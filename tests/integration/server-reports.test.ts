/**
 * The district's reports through the real server (issue #14), on PGlite and
 * (scripts/pg-test.sh) on PostgreSQL: real desks register and sign
 * applications last month and sync; the district enters the portal's counts,
 * reads the annual report, the dashboard, the indicators with its norms and
 * the applications behind a figure; closes last month; a laptop that was
 * offline brings last month's work after the close, and the closed month's
 * figures stay as they were while the late work counts this month.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, fromLocal, localParts } from '../../shared';
import { startTestServer, START_TIMEOUT_MS, type TestServer } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { advance, register, type DeskDevice } from '../helpers/desk-device';

const now = localParts(new Date().toISOString()).date;
const thisMonth = now.slice(0, 7);
const prev = (() => {
  const [y, m] = thisMonth.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
const prevYear = Number(prev.slice(0, 4));
const thisYear = Number(thisMonth.slice(0, 4));

let srv: TestServer;
let karasu: DeskDevice;
let mobile: DeskDevice;
let district: DistrictClient;
const put = (path: string, body: unknown) => district.request('PUT', path, body);

/** Sets a laptop's clock to a local date-time in last month. */
const clockAt = (dev: DeskDevice, day: string, time: string) =>
  dev.setClock(Date.parse(fromLocal(`${prev}-${day}`, time)) - Date.now());

beforeAll(async () => {
  srv = await startTestServer();
  karasu = await srv.desk('karasu', 'Karasu reports laptop');
  mobile = await srv.desk('mobile', 'Mobile reports laptop');
  district = await srv.district();
}, START_TIMEOUT_MS);
afterAll(async () => srv?.stop());

describe('district reports over real desks', () => {
  const signed: string[] = [];
  let lateJournalNo = '';

  it('counts what the desks delivered last month, with the counts entered from the portal', async () => {
    clockAt(karasu, '10', '10:00');
    const a1 = await register(karasu);
    const a2 = await register(karasu);
    await register(karasu);
    for (const a of [a1, a2]) signed.push((await advance(karasu, a.id, 'signed')).journalNo);
    await karasu.sync();
    // The mobile centre works offline: its laptop does not sync before the close.
    clockAt(mobile, '12', '11:00');
    const m1 = await register(mobile);
    lateJournalNo = (await advance(mobile, m1.id, 'signed')).journalNo;

    const saved = await put('/v1/district/reports/outside-counts', {
      counts: [
        { officeId: srv.officeId('karasu'), serviceCode: 'preschool-queue', month: prev, channel: 'portal', count: 5 },
      ],
    });
    expect(saved.status).toBe(200);

    const annual = await district.get(`/v1/district/reports/annual?year=${prevYear}`);
    expect(annual.status).toBe(200);
    const month = annual.body.data.byMonth.find((m: { month: string }) => m.month === prev);
    expect(month.delivered).toEqual({ total: 7, provider: 2, stateCorporation: 0, portal: 5 });
    expect(annual.body.data.control).toMatchObject({ delivered: 2, onTime: 2, late: 0, onTimeShare: 1 });
    expect(annual.body.data.mostDemanded[0].code).toBe('preschool-queue');

    // The figure clicks through to exactly the applications it counts (numbers only, no names).
    const drill = await district.get(
      `/v1/district/reports/drill?from=${prev}&to=${prev}&measure=delivered&office=${srv.officeId('karasu')}`,
    );
    expect(drill.status).toBe(200);
    expect(drill.body.rows.map((r: { journalNo: string }) => r.journalNo).sort()).toEqual([...signed].sort());
    expect(JSON.stringify(drill.body)).not.toMatch(/lastName|iin/i);
  });

  it('the indicators carry the norms the district set for the year', async () => {
    const norms = await put(`/v1/district/reports/norms/${prevYear}`, {
      norms: { onTimeShare: { normative: 100, target: 98 } },
    });
    expect(norms.status).toBe(200);
    const r = await district.get(`/v1/district/reports/indicators?year=${prevYear}&office=${srv.officeId('karasu')}`);
    expect(r.status).toBe(200);
    const onTime = r.body.rows.find((x: { code: string }) => x.code === 'onTimeShare');
    expect([onTime.normativeValue, onTime.target, onTime.current]).toEqual([100, 98, 100]);
    expect(onTime.byOffice).toEqual([{ officeId: srv.officeId('karasu'), value: 100 }]);
  });

  it('a closed month keeps its figures; a late laptop counts in this month', async () => {
    const before = await district.get(`/v1/district/reports/dashboard?from=${prev}&to=${prev}`);
    expect(before.status).toBe(200);

    const close = await district.post('/v1/district/reports/close', { from: prev, to: prev });
    expect([close.status, close.body.closed]).toEqual([201, [prev]]);
    const again = await district.post('/v1/district/reports/close', { from: prev, to: prev });
    expect([again.status, again.body.already]).toEqual([200, [prev]]);
    const notOver = await district.post('/v1/district/reports/close', { from: thisMonth, to: thisMonth });
    expect([notOver.status, notOver.body.error]).toEqual([409, 'report.periodNotOver']);

    // The offline laptop comes back with last month's application.
    mobile.setClock(0);
    await mobile.sync();

    const after = await district.get(`/v1/district/reports/dashboard?from=${prev}&to=${prev}`);
    expect(after.body.closed).toBe(true);
    expect(after.body.data).toEqual(before.body.data);
    const annualPrev = await district.get(
      `/v1/district/reports/annual?year=${prevYear}&office=${srv.officeId('mobile')}`,
    );
    expect(annualPrev.body.data.byMonth.find((m: { month: string }) => m.month === prev).delivered.total).toBe(0);

    const current = await district.get(`/v1/district/reports/annual?year=${thisYear}&office=${srv.officeId('mobile')}`);
    expect(current.body.data.lateArrivals).toBe(2);
    expect(current.body.data.byMonth.find((m: { month: string }) => m.month === thisMonth).delivered.provider).toBe(1);
    const drill = await district.get(
      `/v1/district/reports/drill?from=${thisMonth}&to=${thisMonth}&measure=delivered&office=${srv.officeId('mobile')}`,
    );
    expect(drill.body.rows).toEqual([expect.objectContaining({ journalNo: lateJournalNo, late: true })]);

    const refused = await put('/v1/district/reports/outside-counts', {
      counts: [
        { officeId: srv.officeId('karasu'), serviceCode: 'preschool-queue', month: prev, channel: 'portal', count: 9 },
      ],
    });
    expect([refused.status, refused.body.error]).toEqual([409, 'report.monthClosed']);
  });

  it('exports the annual report as XLSX and any list as XLSX or CSV, read back as a person would open them', async () => {
    const res = await fetch(`${srv.url}/v1/district/reports/annual.xlsx?year=${prevYear}&lang=kk`, {
      headers: { authorization: `Bearer ${district.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    // The report as text first (seed 004's order), then its tables: services by channel is a sheet of its own.
    expect(wb.worksheets[0].name).toBe('Есептің мәтіні');
    const sheet = wb.getWorksheet('Көрсетілген қызметтер')!;
    expect(sheet.getRow(1).getCell(2).value).toBe('Мемлекеттік қызметтің атауы');
    // The last row is the total; the last month's portal count and the two signed applications are in it, as numbers.
    const total = sheet.getRow(sheet.rowCount);
    expect(total.getCell(2).value).toBe('Барлығы');
    expect(typeof total.getCell(3).value).toBe('number');
    // Columns: №, service, total, by the provider, State Corporation, portal.
    expect(Number(total.getCell(6).value)).toBeGreaterThanOrEqual(5);
    expect(Number(total.getCell(3).value)).toBeGreaterThanOrEqual(7);

    const csv = await fetch(
      `${srv.url}/v1/district/reports/drill.csv?from=${prev}&to=${prev}&measure=delivered&office=${srv.officeId('karasu')}&lang=ru`,
      { headers: { authorization: `Bearer ${district.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } },
    );
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(1 + signed.length);
    for (const no of signed) expect(lines.some((l) => l.includes(no))).toBe(true);
  });

  it('refuses bad input with a clear code and office laptops altogether', async () => {
    for (const q of [
      'annual?year=abc',
      'dashboard?from=2025-13&to=2025-12',
      'dashboard?from=2025-05&to=2025-01',
      'pivot?from=2025-01&to=2025-02&dims=colour',
    ]) {
      const r = await district.get(`/v1/district/reports/${q}`);
      expect([q, r.status, r.body.error]).toEqual([q, 400, 'query.invalid']);
    }
    const bad = await put('/v1/district/reports/outside-counts', {
      counts: [
        { officeId: srv.officeId('karasu'), serviceCode: 'no-such', month: thisMonth, channel: 'portal', count: 1 },
      ],
    });
    expect([bad.status, bad.body.error]).toEqual([400, 'report.unknownService']);
    const laptop = await karasu.client.get(`/v1/district/reports/annual?year=${thisYear}`);
    expect(laptop.status).toBe(403);
  });

  it('an office laptop reads the reports of its own office and nothing of another', async () => {
    // Asking for the mobile centre changes nothing: the laptop sees Karasu only.
    const own = await karasu.client.get(`/v1/office/reports/annual?year=${prevYear}&office=${srv.officeId('mobile')}`);
    expect(own.status).toBe(200);
    const month = own.body.data.byMonth.find((m: { month: string }) => m.month === prev);
    expect(month.delivered).toEqual({ total: 7, provider: 2, stateCorporation: 0, portal: 5 });
    const ctx = await karasu.client.get('/v1/office/reports/context');
    expect(ctx.body.offices.map((o: { id: string }) => o.id)).toEqual([srv.officeId('karasu')]);
    const drill = await karasu.client.get(
      `/v1/office/reports/drill?from=${thisMonth}&to=${thisMonth}&measure=delivered&office=${srv.officeId('mobile')}`,
    );
    expect(drill.body.rows).toEqual([]);
  });
});
