/**
 * The dashboard's preschool queue by kindergarten through the real server
 * (issue #14: every figure clicks through to the list it counts), on PGlite and
 * (scripts/pg-test.sh) on PostgreSQL: a real desk refers children to
 * kindergartens last month, one child is enrolled, the other referrals expire
 * unused and their places come back. For every kindergarten the referrals
 * issued and expired equal the applications their drill lists (and its XLSX),
 * and the free places equal the sum of the kindergarten's groups as listed
 * (and as its XLSX says); an office reads the same of its own office.
 */
import 'fake-indexeddb/auto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  fromLocal,
  localParts,
  type DashboardResponse,
  type DrillResponse,
  type PlacesResponse,
} from '../../shared';
import { startTestServer, START_TIMEOUT_MS, type TestServer } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { advance, register, type DeskDevice } from '../helpers/desk-device';
import { fetchWorkbook } from '../helpers/workbook';

const now = localParts(new Date().toISOString()).date;
const thisMonth = now.slice(0, 7);
const prev = (() => {
  const [y, m] = thisMonth.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
})();
const range = `from=${prev}&to=${thisMonth}`;

let srv: TestServer;
let karasu: DeskDevice;
let district: DistrictClient;

beforeAll(async () => {
  srv = await startTestServer();
  karasu = await srv.desk('karasu', 'Karasu queue laptop');
  district = await srv.district();
}, START_TIMEOUT_MS);
afterAll(async () => srv?.stop());

const workbook = async (path: string) => (await fetchWorkbook(`${srv.url}${path}`, district.token)).worksheets[0];
/** A sheet's data rows (below the heading) as cell values. */
const bodyOf = (ws: ExcelJS.Worksheet) =>
  Array.from({ length: ws.rowCount - 1 }, (_, i) => (ws.getRow(i + 2).values as unknown[]).slice(1));

const get = async <T>(path: string): Promise<T> => {
  const r = await district.get(path);
  expect([path, r.status]).toEqual([path, 200]);
  return r.body as T;
};

describe('the queue by kindergarten: every figure is as long as its list', () => {
  const referred: Record<'enrolled' | 'expiredA' | 'expiredB' | 'other', string> = {
    enrolled: '',
    expiredA: '',
    expiredB: '',
    other: '',
  };
  let kg1 = '';
  let kg3 = '';

  it('counts referrals issued and expired and free places as their lists do', async () => {
    const kgs = await karasu.desk.kindergartens();
    kg1 = kgs.find((k) => k.number === '1')!.id;
    kg3 = kgs.find((k) => k.number === '3')!.id;
    // Referred on the 3rd of last month: every referral is past its validity today.
    karasu.setClock(Date.parse(fromLocal(`${prev}-03`, '10:00')) - Date.now());
    const refer = async (kindergartenId: string, ageGroupId: string) => {
      const a = await register(karasu);
      return (await advance(karasu, a.id, 'issued', { kind: 'referral', kindergartenId, ageGroupId })).id;
    };
    referred.enrolled = await refer(kg1, 'nursery');
    referred.expiredA = await refer(kg1, 'nursery');
    referred.expiredB = await refer(kg1, 'junior');
    referred.other = await refer(kg3, 'junior');
    // Two children wait with a notification, each for the kindergarten it asked for.
    for (let i = 0; i < 2; i++) await advance(karasu, (await register(karasu)).id, 'issued');
    karasu.setClock(0);
    await karasu.as('clerk');
    await karasu.desk.markEnrolled(referred.enrolled);
    await karasu.desk.markEnrolled(referred.other);
    expect(await karasu.desk.expireReferrals()).toBe(2);
    expect((await karasu.sync()).state).toMatchObject({ status: 'idle', pending: 0 });

    const dash = await get<DashboardResponse>(`/v1/district/reports/dashboard?${range}`);
    const byKg = new Map(dash.queue.byKindergarten.map((k) => [k.kindergartenId, k]));
    expect(byKg.get(kg1)).toMatchObject({ referralsIssued: 1, referralsExpired: 2 });
    expect(byKg.get(kg3)).toMatchObject({ referralsIssued: 1, referralsExpired: 0 });
    const journalNo = new Map(
      await Promise.all(
        Object.values(referred).map(async (id) => [id, (await karasu.desk.get(id))!.journalNo] as const),
      ),
    );
    const listOf = async (measure: string, kindergartenId: string) =>
      get<DrillResponse>(`/v1/district/reports/drill?${range}&measure=${measure}&kindergartenId=${kindergartenId}`);
    expect((await listOf('referralsIssued', kg1)).rows.map((r) => r.journalNo)).toEqual([
      journalNo.get(referred.enrolled),
    ]);
    expect((await listOf('referralsExpired', kg1)).rows.map((r) => r.journalNo).sort()).toEqual(
      [journalNo.get(referred.expiredA), journalNo.get(referred.expiredB)].sort(),
    );

    // Every kindergarten's every figure, against its list.
    for (const k of dash.queue.byKindergarten) {
      const issued = await listOf('referralsIssued', k.kindergartenId);
      const expired = await listOf('referralsExpired', k.kindergartenId);
      const places = await get<PlacesResponse>(`/v1/district/reports/places?kindergarten=${k.kindergartenId}`);
      expect([k.number, issued.total, issued.rows.length, expired.total, expired.rows.length]).toEqual([
        k.number,
        k.referralsIssued,
        k.referralsIssued,
        k.referralsExpired,
        k.referralsExpired,
      ]);
      expect([k.number, places.groups.reduce((n, g) => n + g.freePlaces, 0), places.total]).toEqual([
        k.number,
        k.placesFree,
        k.placesFree,
      ]);
    }
    // The expired referrals' places came back to kindergarten №1: 3 + 4 + 2 + 2 less the enrolled child's.
    expect(byKg.get(kg1)!.placesFree).toBe(10);
  });

  it('downloads each list as XLSX, as long as its figure', async () => {
    const expired = bodyOf(
      await workbook(`/v1/district/reports/drill.xlsx?${range}&measure=referralsExpired&kindergartenId=${kg1}&lang=ru`),
    );
    expect(expired).toHaveLength(2);
    const places = await workbook(`/v1/district/reports/places.xlsx?kindergarten=${kg1}&lang=kk`);
    const heading = (places.getRow(1).values as unknown[]).slice(1);
    expect(heading).toEqual(['Жас тобы', 'Жасы', 'Бос орындар']);
    const rows = bodyOf(places);
    // One row a group, then the total: the figure the bar shows.
    expect(rows.map((r) => r[0])).toEqual([
      'Бөбекжай тобы (1-2 жас)',
      'Кіші топ (3 жас)',
      'Ортаңғы топ (4 жас)',
      'Ересек топ (5 жас)',
      'Барлығы',
    ]);
    expect(rows.map((r) => r[2])).toEqual([2, 4, 2, 2, 10]);
    const csv = await fetch(`${srv.url}/v1/district/reports/places.csv?kindergarten=${kg1}&lang=ru`, {
      headers: { authorization: `Bearer ${district.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    });
    // text() would drop the byte-order mark Excel needs: read the bytes.
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('\ufeffВозрастная группа,Возраст,Свободных мест');
  });

  it('narrows to an office, refuses an unknown kindergarten, and an office laptop reads its own', async () => {
    const ushkonyr = srv.officeId('ushkonyr');
    const theirs = await get<DashboardResponse>(`/v1/district/reports/dashboard?${range}&office=${ushkonyr}`);
    const kg1Theirs = theirs.queue.byKindergarten.find((k) => k.kindergartenId === kg1)!;
    expect(kg1Theirs).toMatchObject({ referralsIssued: 0, referralsExpired: 0 });
    const none = await get<DrillResponse>(
      `/v1/district/reports/drill?${range}&office=${ushkonyr}&measure=referralsExpired&kindergartenId=${kg1}`,
    );
    expect(none.total).toBe(0);

    const unknown = await district.get('/v1/district/reports/places?kindergarten=no-such-kindergarten');
    expect([unknown.status, unknown.body.error]).toEqual([404, 'report.unknownKindergarten']);
    const missing = await district.get('/v1/district/reports/places');
    expect([missing.status, missing.body.error]).toEqual([400, 'query.invalid']);

    const own = await karasu.client.get(
      `/v1/office/reports/drill?${range}&measure=referralsExpired&kindergartenId=${kg1}`,
    );
    expect([own.status, own.body.total]).toEqual([200, 2]);
    const places = await karasu.client.get(`/v1/office/reports/places?kindergarten=${kg1}`);
    expect([places.status, places.body.total]).toEqual([200, 10]);
  });
});
