/**
 * The office desk's side of issue #14, against a real district server
 * (tests/support/harness.ts; PostgreSQL through scripts/pg-test.sh) with real
 * desks (tests/helpers/desk-device.ts):
 * - the district merges two applications of one child; the office whose one
 *   was withdrawn pulls it, and it leaves that desk's pending and deadline
 *   lists and counts, no step is taken on it, search still finds it;
 * - the desk's sync client reads its office's reports, downloads them as the
 *   server makes them (XLSX read back with exceljs, CSV with its byte-order
 *   mark), keeps the readings for a desk without a link, and says nothing is
 *   there on a computer that was never enrolled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import {
  annualReportTables,
  cellText,
  indicatorsExportTable,
  localParts,
  pivotExportTable,
  type Application,
  type ExportTable,
  type IntakeInput,
} from '../../shared';
import { startTestServer, type TestServer, START_TIMEOUT_MS } from '../support/harness';
import type { DistrictClient as TestDistrict } from '../support/client';
import { advance, childAged, register, type DeskDevice } from '../helpers/desk-device';
import { createDesk } from '../../renderer/services/desk';
import { DeskDb } from '../../renderer/db/schema';
import { SyncEngine } from '../../renderer/sync/engine';
import { createSyncClient, type SyncClient } from '../../renderer/sync/client';
import { DistrictClient } from '../../renderer/sync/district';
import { createOfficeReports } from '../../renderer/sync/officeReports';
import { SyncHttpError } from '../../renderer/sync/transport';

let srv: TestServer;
let district: TestDistrict;
let karasu: DeskDevice;
let ushkonyr: DeskDevice;

beforeAll(async () => {
  srv = await startTestServer();
  district = await srv.district();
  karasu = await srv.desk('karasu', 'Karasu office laptop');
  ushkonyr = await srv.desk('ushkonyr', 'Ushkonyr office laptop');
}, START_TIMEOUT_MS);
afterAll(async () => {
  await srv?.stop();
});

const today = () => localParts(new Date().toISOString()).date;
const year = () => Number(today().slice(0, 4));

async function synced(d: DeskDevice) {
  const run = await d.sync();
  expect(run.state).toMatchObject({ status: 'idle', pending: 0, quarantined: 0 });
  return run;
}

const clientOf = (d: DeskDevice): SyncClient => createSyncClient(d.desk.context, d.engine, new DistrictClient());

async function workbook(blob: Blob | null): Promise<ExcelJS.Workbook> {
  expect(blob).not.toBeNull();
  expect(blob!.type).toMatch(/spreadsheetml/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await blob!.arrayBuffer()) as never);
  return wb;
}

/** A sheet's cells from the heading row on, as text (numbers as numbers). */
function sheetRows(wb: ExcelJS.Workbook, name: string): Array<Array<string | number>> {
  const ws = wb.getWorksheet(name);
  expect(ws, `sheet ${name} in ${wb.worksheets.map((w) => w.name).join(', ')}`).toBeDefined();
  const out: Array<Array<string | number>> = [];
  ws!.eachRow((row) => {
    const cells: Array<string | number> = [];
    for (let i = 1; i <= row.cellCount; i++) {
      const v = row.getCell(i).value;
      cells.push(typeof v === 'number' ? v : v === null || v === undefined ? '' : String(v));
    }
    out.push(cells);
  });
  return out;
}

/** What a table says in `lang`, as the sheet should: the headings, then each row. */
function tableRows(t: ExportTable, lang: 'kk' | 'ru'): Array<Array<string | number>> {
  return [
    t.columns.map((c) => c.title[lang]),
    ...t.rows.map((r) =>
      t.columns.map((c) => {
        const v = r[c.key] ?? null;
        return typeof v === 'number' ? v : cellText(v, lang);
      }),
    ),
  ];
}

describe('an application the district withdrew, on its office desk', () => {
  let kept: Application;
  let gone: Application;

  beforeAll(async () => {
    const c = childAged(3, 4100, today());
    const over: Partial<IntakeInput> = { child: { iin: c.iin, lastName: 'Төлеуова', firstName: 'Інжу' } };
    karasu.setClock(-60_000);
    kept = await register(karasu, { over });
    karasu.setClock(0);
    await synced(karasu);
    gone = await register(ushkonyr, { over });
    await synced(ushkonyr);
  });

  it('leaves the pending lists and counts once pulled, offers no step, and is still found', async () => {
    await ushkonyr.as('head');
    const before = await ushkonyr.desk.pendingFor('head');
    expect(before.map((a) => a.id)).toContain(gone.id);
    const waitingBefore = (await ushkonyr.desk.stats()).waiting;

    const pair = (await district.duplicates('open')).find((d) =>
      [kept.id, gone.id].every((id) => d.applications.some((a) => a.id === id)),
    );
    expect(pair).toBeDefined();
    const res = await district.post(`/v1/district/duplicates/${pair!.id}`, { status: 'merged', keep: kept.id });
    expect(res.status).toBe(200);

    await synced(ushkonyr);
    const held = await ushkonyr.desk.get(gone.id);
    expect(held).toMatchObject({
      queueState: 'withdrawn',
      withdrawal: { reason: 'duplicate', keptApplicationId: kept.id, keptJournalNo: kept.journalNo },
    });
    expect((await ushkonyr.desk.pendingFor('head')).map((a) => a.id)).not.toContain(gone.id);
    expect((await ushkonyr.desk.stats()).waiting).toBe(waitingBefore - 1);
    for (const due of ['overdue', 'dueToday', 'atRisk', 'onTime'] as const)
      expect((await ushkonyr.desk.list({ due, limit: 200 })).items.map((a) => a.id)).not.toContain(gone.id);
    expect((await ushkonyr.desk.list({ text: gone.journalNo })).items.map((a) => a.id)).toEqual([gone.id]);

    // No step on it: refused on the desk, nothing to send.
    const executor = (await ushkonyr.desk.staff()).find((s) => s.roles.includes('executor'))!;
    await expect(ushkonyr.desk.resolve(gone.id, executor.id)).rejects.toMatchObject({ code: 'workflow.wrongState' });
    expect(await ushkonyr.desk.context.db.outbox.count()).toBe(0);
    // The kept one is untouched on its own desk, still open work there.
    await synced(karasu);
    await karasu.as('head');
    expect((await karasu.desk.pendingFor('head')).map((a) => a.id)).toContain(kept.id);
  });
});

describe("the office's reports through the desk's sync client", () => {
  let signed: string[] = [];

  beforeAll(async () => {
    const a = await register(karasu);
    const b = await register(karasu);
    await register(karasu);
    signed = [(await advance(karasu, a.id, 'signed')).journalNo, (await advance(karasu, b.id, 'signed')).journalNo];
    await synced(karasu);
  });

  it('downloads the annual report and the indicators as the XLSX the server makes, the same figures as read', async () => {
    const sync = clientOf(karasu);
    const ctx = (await sync.reports.context())!;
    expect(ctx.cached).toBe(false);
    // Its own office only.
    expect(ctx.value.offices.map((o) => o.id)).toEqual([srv.officeId('karasu')]);
    const annual = (await sync.reports.annual(year()))!;
    expect(annual.value.data.delivered.total).toBeGreaterThanOrEqual(2);

    const wb = await workbook(await sync.reports.annualFile(year(), 'kk'));
    const tables = annualReportTables({ data: annual.value.data, services: ctx.value.services });
    expect(sheetRows(wb, tables.delivered.title.kk)).toEqual(tableRows(tables.delivered, 'kk'));
    expect(sheetRows(wb, tables.control.title.kk)).toEqual(tableRows(tables.control, 'kk'));

    const indicators = (await sync.reports.indicators(year()))!;
    const ru = await workbook(await sync.reports.indicatorsFile(year(), 'ru'));
    const offices = new Map(ctx.value.offices.map((o) => [o.id, o.name]));
    const table = indicatorsExportTable(indicators.value.rows, (id) => offices.get(id));
    const rows = sheetRows(ru, table.title.ru);
    expect(rows[0]).toEqual(table.columns.map((c) => c.title.ru));
    // Each indicator by its Russian name, in the table's order.
    const nameAt = table.columns.findIndex((c) => c.key === 'indicator');
    expect(rows.slice(1).map((r) => r[nameAt])).toEqual(indicators.value.rows.map((r) => r.name.ru));
  });

  it("downloads a figure's applications and the year's pivot as XLSX and CSV, of this office only", async () => {
    const sync = clientOf(karasu);
    const from = `${year()}-01`;
    const to = `${year()}-12`;
    const accepted = (await sync.reports.drill(from, to, { measure: 'accepted' }))!;
    expect(accepted.rows.every((r) => r.officeId === srv.officeId('karasu'))).toBe(true);

    const csv = (await sync.reports.drillFile('csv', from, to, { measure: 'delivered' }, 'ru'))!;
    expect(csv.type).toMatch(/text\/csv/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    for (const no of signed) expect(lines.some((l) => l.includes(no))).toBe(true);
    // Nothing of Үшқоңыр's: its withdrawn application was accepted this year too.
    const theirs = (await ushkonyr.desk.list({ limit: 200 })).items.map((a) => a.journalNo);
    expect(theirs.length).toBeGreaterThan(0);
    for (const no of theirs) expect(lines.some((l) => l.includes(no))).toBe(false);

    const list = await workbook(await sync.reports.drillFile('xlsx', from, to, { measure: 'accepted' }, 'kk'));
    const journalNos = list.worksheets[0].getColumn(1).values.slice(2).map(String);
    expect(journalNos.sort()).toEqual(accepted.rows.map((r) => r.journalNo).sort());

    const dims = ['service', 'month', 'channel'] as const;
    const pivot = await workbook(await sync.reports.pivotFile('xlsx', from, to, [...dims], 'kk'));
    const shape = pivotExportTable([], dims, { office: () => undefined, service: () => undefined });
    const sheet = sheetRows(pivot, shape.title.kk);
    expect(sheet[0]).toEqual(shape.columns.map((c) => c.title.kk));
    // The accepted column sums to the applications the drill lists: the same office, the same year.
    const at = shape.columns.findIndex((c) => c.key === 'accepted');
    expect(sheet.slice(1).reduce((n, r) => n + Number(r[at]), 0)).toBe(accepted.total);
    const pivotCsv = (await sync.reports.pivotFile('csv', from, to, [...dims], 'kk'))!;
    expect([...Buffer.from(await pivotCsv.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('keeps the last readings for a desk without a link, saying when they were fetched, and files need the link', async () => {
    const fresh = (await clientOf(karasu).reports.annual(year()))!;
    const offline = new SyncEngine(karasu.desk.context, {
      sleep: async () => {},
      random: () => 0,
      fetch: async () => {
        throw new TypeError('fetch failed');
      },
    });
    const reports = createOfficeReports(karasu.desk.context, offline);
    const kept = (await reports.annual(year()))!;
    expect(kept).toMatchObject({ cached: true, fetchedAt: fresh.fetchedAt });
    expect(kept.value).toEqual(fresh.value);
    expect((await reports.context())!.cached).toBe(true);
    // A year never read on this desk: the failure itself, as a lost link.
    const never = await reports.annual(year() - 3).catch((e: unknown) => e);
    expect(never).toBeInstanceOf(SyncHttpError);
    expect((never as SyncHttpError).code).toBe('sync.network');
    await expect(reports.annualFile(year(), 'kk')).rejects.toMatchObject({ code: 'sync.network' });
    // A refusal is not a lost link: a bad year is the server's answer, not the kept one.
    await expect(clientOf(karasu).reports.annual(1)).rejects.toMatchObject({ code: 'sync.invalid' });
  });

  it('has nothing on a computer never enrolled: the reports live on the district server', async () => {
    const desk = createDesk({ db: new DeskDb(`standalone-reports-${process.pid}`) });
    const engine = new SyncEngine(desk.context, { sleep: async () => {}, random: () => 0 });
    const sync = createSyncClient(desk.context, engine, new DistrictClient());
    expect(await sync.reports.context()).toBeNull();
    expect(await sync.reports.annual(year())).toBeNull();
    expect(await sync.reports.annualFile(year(), 'kk')).toBeNull();
    expect(await sync.reports.drillFile('csv', '2026-01', '2026-12', { measure: 'accepted' }, 'kk')).toBeNull();
  });
});
