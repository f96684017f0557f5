/**
 * The district queue narrowed, printed and exported "as of now" (issue #14):
 * filters by kindergarten, office and age, a search by IIN, by name (Kazakh
 * letters folded) or journal number, bad input a 400 with a code (never a
 * 500), and the same list as PDF (kk, ru: the official "as of" date), XLSX
 * (read back with exceljs: headings in both languages, typed cells) and CSV
 * (UTF-8 with a byte-order mark). Real desks make the applications.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOfficialDate, localParts, type Application, type DistrictQueue } from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DistrictClient } from '../support/client';
import { pdfPages, squash } from '../helpers/pdf';
import { FIRST_TURN, childAged, register, type DeskDevice } from '../helpers/desk-device';

let srv: TestServer;
let district: DistrictClient;
let karasu: DeskDevice;
let ushkonyr: DeskDevice;
const apps = new Map<string, Application>();
let kgIds: string[];

const today = () => localParts(new Date().toISOString()).date;

beforeAll(async () => {
  srv = await startTestServer();
  district = await srv.district();
  karasu = await srv.desk('karasu');
  ushkonyr = await srv.desk('ushkonyr');
  kgIds = (await karasu.desk.kindergartens()).map((k) => k.id);
  const plan = [
    { key: 'k3', dev: karasu, age: 3, last: 'Әбілқасымова', first: 'Әлия', kg: 0, first_turn: false },
    { key: 'u3', dev: ushkonyr, age: 3, last: 'Сұлтанова', first: 'Інжу', kg: 1, first_turn: true },
    { key: 'k4', dev: karasu, age: 4, last: 'Ғабдуллина', first: 'Ұлжан', kg: 1, first_turn: false },
    { key: 'u4', dev: ushkonyr, age: 4, last: 'Ким', first: 'Дана', kg: 0, first_turn: false },
  ];
  for (const [i, p] of plan.entries()) {
    const c = childAged(p.age, 5000 + i, today());
    const app = await register(p.dev, {
      over: {
        child: { iin: c.iin, lastName: p.last, firstName: p.first },
        kindergartenIds: [kgIds[p.kg]],
        ...(p.first_turn ? FIRST_TURN : {}),
      },
    });
    apps.set(p.key, app);
  }
  for (const d of [karasu, ushkonyr]) expect((await d.sync()).state).toMatchObject({ pending: 0, quarantined: 0 });
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const ids = (q: DistrictQueue) => q.groups.flatMap((g) => g.items.map((i) => i.applicationId));
const keyOf = (id: string) => [...apps].find(([, a]) => a.id === id)?.[0];
const keys = (q: DistrictQueue) => ids(q).map(keyOf).filter(Boolean).sort();
const get = async (query: string) => {
  const r = await district.get<DistrictQueue>(`/v1/district/queue?${query}`);
  expect(r.status).toBe(200);
  return r.body;
};

describe('filters and search', () => {
  it('narrows by office, kindergarten and age; positions and totals stay district-wide', async () => {
    const all = await get('');
    expect(keys(all)).toEqual(['k3', 'k4', 'u3', 'u4']);
    const byOffice = await get(`officeId=${srv.officeId('karasu')}`);
    expect(keys(byOffice)).toEqual(['k3', 'k4']);
    const pos = (q: DistrictQueue, key: string) =>
      q.groups.flatMap((g) => g.items).find((i) => i.applicationId === apps.get(key)!.id)!.position;
    expect(pos(byOffice, 'k3')).toBe(pos(all, 'k3'));
    // The first-turn child of Үшқоңыр stands ahead of Қарасу's in the age of 3.
    expect(pos(all, 'u3')).toBeLessThan(pos(all, 'k3'));
    expect(byOffice.groups.find((g) => g.age === 3)!.total).toBe(all.groups.find((g) => g.age === 3)!.total);
    expect(keys(await get(`kindergartenId=${kgIds[1]}`))).toEqual(['k4', 'u3']);
    expect(keys(await get('age=4'))).toEqual(['k4', 'u4']);
    expect((await get('age=4')).groups.map((g) => g.age)).toEqual([4]);
    expect(keys(await get(`age=3&kindergartenId=${kgIds[0]}&officeId=${srv.officeId('karasu')}`))).toEqual(['k3']);
    // Empty values are no filter (a form's blank select).
    expect(keys(await get('age=&officeId=&q='))).toEqual(['k3', 'k4', 'u3', 'u4']);
  });

  it('finds by IIN (6+ digits), by name folded as search folds it, or by journal number; by POST too', async () => {
    const k3 = apps.get('k3')!;
    expect(keys(await get(`q=${k3.child!.iin}`))).toEqual(['k3']);
    expect(keys(await get(`q=${k3.child!.iin.slice(0, 8)}`))).toContain('k3');
    // Russian spelling and Kazakh spelling find the same child.
    for (const q of ['Абилкасымова', 'әбілқасым', 'АЛИЯ абил', 'габдул улжан'])
      expect(keys(await get(`q=${encodeURIComponent(q)}`)), q).toEqual(q.startsWith('габ') ? ['k4'] : ['k3']);
    expect(keys(await get(`q=${encodeURIComponent(k3.journalNo)}`))).toEqual(['k3']);
    expect(keys(await get(`q=${encodeURIComponent('Жоқ')}`))).toEqual([]);
    // The search term in a body, off the URL.
    const posted = await district.post<DistrictQueue>('/v1/district/queue', { q: 'сұлтанова', age: 3 });
    expect(posted.status).toBe(200);
    expect(keys(posted.body)).toEqual(['u3']);
  });

  it('answers bad input 400 with a code, never 500', async () => {
    for (const [query, code] of [
      ['age=-1', 'query.invalid'],
      ['age=abc', 'query.invalid'],
      ['age=99', 'query.invalid'],
      ['officeId=x%27%3B--', 'query.invalid'],
      ['kindergartenId=' + 'a'.repeat(200), 'query.invalid'],
      ['q=' + 'я'.repeat(101), 'query.invalid'],
      ['lang=en', 'query.invalid'],
      ['q=%D0%B0', 'queue.searchShort'],
      ['q=%21%21', 'queue.searchShort'],
    ] as const) {
      const r = await district.get(`/v1/district/queue?${query}`);
      expect(r.status, query).toBe(400);
      expect(r.body.error, query).toBe(code);
      const f = await district.get(`/v1/district/queue.csv?${query}`);
      expect(f.status, `csv ${query}`).toBe(400);
    }
    // Five digits or fewer are a journal number's sequence now (#16: "0042" finds ...-0042): none here.
    const seq = await district.get('/v1/district/queue?q=12345');
    expect([seq.status, seq.body.matched]).toEqual([200, 0]);
    const body = await district.post('/v1/district/queue.pdf', { age: 'three' });
    expect(body.status).toBe(400);
    expect(body.body.error).toBe('query.invalid');
  });
});

/** The raw bytes of a download. */
async function download(path: string, init: RequestInit = {}): Promise<{ res: Response; bytes: Buffer }> {
  const res = await fetch(srv.url + path, {
    ...init,
    headers: {
      authorization: `Bearer ${district.token}`,
      'x-protocol-version': '1',
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('print and export', () => {
  it('prints the list as a PDF in kk and ru with the official "as of" date', async () => {
    const day = today();
    for (const [lang, title, asOf] of [
      ['kk', 'Мектепке дейінгі ұйымдарға орналастыру кезегі', 'жағдай бойынша'],
      ['ru', 'Очередь на направление в дошкольные организации', 'по состоянию на'],
    ] as const) {
      const { res, bytes } = await download(`/v1/district/queue.pdf?lang=${lang}&officeId=${srv.officeId('karasu')}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toContain(`district-queue-${day}-${lang}.pdf`);
      const text = squash((await pdfPages(bytes)).join(' '));
      expect(text).toContain(title);
      expect(text).toContain(asOf);
      expect(text).toContain(formatOfficialDate(day, lang));
      // Each row's dates in the same style (the child's birth date), never DD.MM.YYYY.
      expect(text).toContain(formatOfficialDate(apps.get('k3')!.child!.birthDate, lang));
      expect(text).not.toMatch(/\b\d\d\.\d\d\.\d{4}\b/);
      expect(text).toContain('Әбілқасымова Әлия');
      expect(text).toContain(apps.get('k3')!.journalNo);
      expect(text).not.toContain('Сұлтанова');
    }
  });

  it('exports XLSX with Kazakh and Russian headings and typed cells, read back with exceljs', async () => {
    const { res, bytes } = await download('/v1/district/queue.xlsx?lang=ru');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('Кезектегі орны');
    expect(ws.getRow(2).getCell(1).value).toBe('Место в очереди');
    expect(ws.getRow(2).getCell(6).value).toBe('ИИН');
    const rows = [];
    for (let n = 3; ws.getRow(n).getCell(4).value; n++) rows.push(ws.getRow(n));
    expect(rows).toHaveLength(4);
    const k3 = apps.get('k3')!;
    const row = rows.find((r) => r.getCell(4).value === k3.journalNo)!;
    expect(typeof row.getCell(1).value).toBe('number');
    expect(row.getCell(2).value).toBe(3);
    expect(row.getCell(5).value).toBe('Әбілқасымова Әлия');
    expect(row.getCell(6).value).toBe(k3.child!.iin);
    expect(row.getCell(7).value).toEqual(new Date(`${k3.child!.birthDate}T00:00:00Z`));
    // Dates kept as dates, shown as papers write a date standing alone: «08» марта 2021 г. (genitive months: FC19).
    expect(row.getCell(7).numFmt).toBe('[$-FC19]"«"dd"»" mmmm yyyy "г."');
    expect(row.getCell(9).value).toBeInstanceOf(Date);
    expect(row.getCell(9).numFmt).toBe('[$-FC19]"«"dd"»" mmmm yyyy "г." hh:mm');
    expect(row.getCell(3).value).toBe('Аппарат акима Карасуского сельского округа');
    expect(String(row.getCell(10).value)).toMatch(/^№/);
    expect(ws.getColumn(5).width).toBeGreaterThan(20);
    const u3 = rows.find((r) => r.getCell(4).value === apps.get('u3')!.journalNo)!;
    expect(u3.getCell(8).value).toBeTruthy();
    const kk = new ExcelJS.Workbook();
    await kk.xlsx.load((await download('/v1/district/queue.xlsx?lang=kk')).bytes as unknown as ArrayBuffer);
    expect(kk.worksheets[0].getRow(3).getCell(7).numFmt).toBe('[$-43F]"«"dd"»" mmmm yyyy "ж."');
  });

  it('exports CSV with a UTF-8 byte-order mark, by GET and by POST with the same filters', async () => {
    const { res, bytes } = await download(`/v1/district/queue.csv?kindergartenId=${kgIds[1]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0].split(';')[0]).toBe('Кезектегі орны');
    expect(lines).toHaveLength(3);
    expect(lines.join('\n')).toContain('Ғабдуллина Ұлжан');
    const posted = await download('/v1/district/queue.csv', {
      method: 'POST',
      body: JSON.stringify({ q: 'Ким', lang: 'ru' }),
    });
    expect(posted.res.status).toBe(200);
    const text = posted.bytes.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0].split(';')[0]).toBe('Место в очереди');
    expect(text).toContain('Ким Дана');
    expect(text).not.toContain('Әбілқасымова');
  });

  it('a district office laptop reads and exports the queue, searching by POST', async () => {
    const d = await srv.desk('district');
    const r = await d.client.post<DistrictQueue>('/v1/district/queue', { q: apps.get('u4')!.child!.iin });
    expect(r.status).toBe(200);
    expect(keys(r.body)).toEqual(['u4']);
    const f = await d.client.post('/v1/district/queue.xlsx', { age: 4 });
    expect(f.status).toBe(200);
  });
});
