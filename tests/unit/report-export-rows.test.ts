/**
 * drill.xlsx and drill.csv with their rows made as the writer reads them (issue
 * #17, the server's memory): drillList gives the rows drillRows gives, as the
 * route mapped them, without a fact per row; xlsxOf and csvOf take such rows
 * (read once, from a generator) and write the same file as from an array, read
 * back with exceljs: values, widths sized from the first rows, formats; and the
 * hook xlsxOf waits on for exceljs's compressor is found in the exceljs installed.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  applicationsExportRows,
  applicationsExportTable,
  type ApplicationListRow,
  type Drill,
  type ExportRowsTable,
  type ExportTable,
  type ReportEvent,
} from '../../shared';
import { csvOf, sheetPipe, xlsxOf } from '../../server/reports/export';
import { ReportFacts, type AppFact } from '../../server/reports/facts';
import { drillList, drillRows, type PeriodResult } from '../../server/reports/reports';
import { officeName, serviceName } from '../helpers/reportFixture';

const NAMES = { office: officeName, service: serviceName };
const SERVICES = ['preschool-queue', 'school-meals', 'guardianship-certificate'];
const CHANNELS = ['office', 'mobile', 'stateCorporation', 'portal'] as const;
const N = 1_300;

/**
 * N applications over 2025, every third still open, some times kept as text (not as
 * toISOString writes them), and every 97th missing from the mirror (its row has no times).
 */
function period(): PeriodResult {
  const facts = new ReportFacts();
  const events: ReportEvent[] = [];
  for (let i = 0; i < N; i++) {
    const id = `app-${i}`;
    const officeId = i % 2 ? 'o1' : 'o2';
    const serviceCode = SERVICES[i % 3];
    const channel = CHANNELS[i % 4];
    const acceptedMs = Date.UTC(2025, 0, 1) + i * 6 * 3_600_000;
    const acceptedAt = i % 50 === 7 ? '2025-02-01T10:00:00+05:00' : new Date(acceptedMs).toISOString();
    const dueAt = new Date(acceptedMs + 5 * 86_400_000).toISOString();
    const readyAt = i % 3 ? new Date(acceptedMs + (i % 7 ? 2 : 9) * 86_400_000).toISOString() : undefined;
    const journalNo = `ҚРС-2025-${String(i).padStart(4, '0')}`;
    const month = acceptedAt.slice(0, 7);
    const fact: AppFact = {
      id,
      officeId,
      serviceCode,
      journalNo,
      acceptedAt,
      acceptedMs: Date.parse(acceptedAt),
      dueAt,
      status: readyAt ? 'signed' : 'registered',
      queueState: 'none',
      channel,
      arrivalAt: undefined,
      readyAt,
      decisionKind: undefined,
      birthDate: null,
      kindergartenIds: [],
      expiredReferrals: [],
    };
    if (i % 97 !== 5) facts.apps.set(fact);
    const head = { id, officeId, serviceCode, channel, n: 1, applicationId: id, journalNo };
    events.push({ ...head, kind: 'accepted', month });
    if (readyAt)
      events.push({
        ...head,
        kind: 'delivered',
        month: readyAt.slice(0, 7),
        outcome: i % 5 ? 'result' : 'refusal',
        onTime: readyAt <= dueAt,
        ...(i % 11 === 0 ? { lateFrom: month } : {}),
      });
  }
  events.push({
    kind: 'outside',
    id: 'o1/school-meals/2025-03/portal',
    month: '2025-03',
    officeId: 'o1',
    serviceCode: 'school-meals',
    channel: 'portal',
    n: 4,
  });
  const months = Array.from({ length: 12 }, (_, m) => `2025-${String(m + 1).padStart(2, '0')}`);
  return { events, months, closed: false, asOf: '2025-12-31T18:59:59.999Z', facts };
}

/** The rows the route built before (drillRows, mapped to the list's rows). */
const routeRowsBefore = (p: PeriodResult, d: Drill, limit: number): ApplicationListRow[] =>
  drillRows(p, {}, d, limit).rows.map((r) => ({
    journalNo: r.journalNo,
    officeId: r.officeId,
    serviceCode: r.serviceCode,
    channel: r.channel as ApplicationListRow['channel'],
    acceptedAt: r.acceptedAt,
    dueAt: r.dueAt,
    readyAt: r.readyAt ?? undefined,
  }));

/** Read once, as the route's generator is. */
function once<T>(rows: Iterable<T>): Iterable<T> {
  let read = false;
  return {
    [Symbol.iterator]() {
      expect(read).toBe(false);
      read = true;
      return rows[Symbol.iterator]();
    },
  };
}

async function sheetOf(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const rows: unknown[] = [];
  ws.eachRow({ includeEmpty: true }, (r) => rows.push(r.values));
  return {
    name: ws.name,
    rows,
    widths: ws.columns.map((c) => c.width),
    formats: ws.columns.map((c) => c.numFmt ?? null),
    views: ws.views,
    filter: ws.autoFilter,
  };
}

describe('the applications behind a figure, made as the file is written', () => {
  const p = period();
  const drills: Array<[Drill, number]> = [
    [{ measure: 'accepted' }, 100_000],
    [{ measure: 'delivered' }, 100_000],
    [{ measure: 'onTime', officeId: 'o1' }, 100_000],
    [{ measure: 'late', via: 'provider' }, 100_000],
    [{ measure: 'refusals', serviceCode: 'school-meals' }, 100_000],
    [{ measure: 'accepted', month: '2025-03' }, 50],
  ];

  it('gives the rows drillRows gives, in its order, with the same total', () => {
    for (const [d, limit] of drills) {
      const list = drillList(p, {}, d, limit);
      expect(list.total).toBe(drillRows(p, {}, d, limit).total);
      expect([...list.rows]).toEqual(routeRowsBefore(p, d, limit));
      // Read again, the same rows (a writer may read twice).
      expect([...list.rows]).toEqual([...list.rows]);
    }
    const all = [...drillList(p, {}, { measure: 'accepted' }, 100_000).rows];
    expect(all).toHaveLength(N);
    expect(all.filter((r) => r.acceptedAt === '')).toHaveLength(14);
    expect(all.some((r) => r.acceptedAt === '2025-02-01T10:00:00+05:00')).toBe(true);
    expect(drillList(p, { officeIds: ['o2'] }, { measure: 'accepted' }, 100_000).total).toBe(N / 2);
  });

  it('writes the same XLSX as the whole table did, from rows read once', async () => {
    for (const [d, limit] of drills.slice(0, 3)) {
      const before = await xlsxOf([applicationsExportTable(routeRowsBefore(p, d, limit), NAMES)], 'ru');
      const list = drillList(p, {}, d, limit);
      const after = await xlsxOf([applicationsExportRows(once(list.rows), NAMES)], 'ru');
      const [a, b] = [await sheetOf(after), await sheetOf(before)];
      expect(a).toEqual(b);
      expect(a.rows).toHaveLength(list.total + 1);
    }
  });

  it('writes the same CSV, byte for byte', () => {
    const d: Drill = { measure: 'delivered' };
    const before = csvOf(applicationsExportTable(routeRowsBefore(p, d, 100_000), NAMES), 'kk');
    const after = csvOf(applicationsExportRows(once(drillList(p, {}, d, 100_000).rows), NAMES), 'kk');
    expect(after.equals(before)).toBe(true);
  });
});

describe('xlsxOf and csvOf with rows made as they are read', () => {
  /** A column without a width: sized from the first 500 rows, whichever way they come. */
  const table: ExportTable = {
    title: { kk: 'Сынақ', ru: 'Проба' },
    columns: [
      { key: 'name', title: { kk: 'Атауы', ru: 'Название' }, type: 'text' },
      { key: 'n', title: { kk: 'Саны', ru: 'Количество' }, type: 'int' },
      { key: 'day', title: { kk: 'Күні', ru: 'Дата' }, type: 'date', width: 12 },
    ],
    rows: Array.from({ length: 1_700 }, (_, i) => ({
      // Longest within the first 500 rows at row 499; a longer one after them does not widen the column.
      name: i === 499 ? 'ұзын атау '.repeat(3).trim() : i === 900 ? 'x'.repeat(50) : `атау ${i}`,
      n: i,
      day: i % 4 ? `2025-03-${String((i % 28) + 1).padStart(2, '0')}` : null,
    })),
  };
  const generated = (t: ExportTable): ExportRowsTable => ({
    ...t,
    rows: once(
      (function* () {
        yield* t.rows;
      })(),
    ),
  });

  for (const length of [0, 1, 499, 500, 501, 1_700]) {
    it(`writes ${length} rows as the array would`, async () => {
      const t = { ...table, rows: table.rows.slice(0, length) };
      const [a, b] = [await sheetOf(await xlsxOf([generated(t)], 'kk')), await sheetOf(await xlsxOf([t], 'kk'))];
      expect(a).toEqual(b);
      expect(a.rows).toHaveLength(length + 1);
      expect(csvOf(generated(t), 'kk').equals(csvOf(t, 'kk'))).toBe(true);
    });
  }

  it('sizes a column by its first 500 rows only', async () => {
    const s = await sheetOf(await xlsxOf([generated(table)], 'kk'));
    expect(s.widths).toEqual(['ұзын атау ұзын атау ұзын атау'.length + 2, 6, 12]);
    expect(s.rows.at(-1)).toEqual([undefined, 'атау 1699', 1699, new Date(Date.UTC(2025, 2, 20))]);
  });

  it('finds the stream exceljs compresses a sheet from, to wait for it', () => {
    // Without it xlsxOf still writes the file, but holds a sheet's whole XML until it is compressed.
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough() });
    const pipe = sheetPipe(wb.addWorksheet('a'));
    expect(pipe).toBeDefined();
    expect(pipe?._writableState?.length).toBe(0);
  });
});
