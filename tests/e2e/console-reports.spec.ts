/**
 * Issue #14 in Chromium: a district specialist opens the reports of the real
 * district server (the demo district, in-memory PGlite, plain HTTP on
 * loopback), filters the dashboard by an office, clicks a bar through to the
 * applications it counts, exports the pivot as XLSX (read back with exceljs),
 * opens a kindergarten's free places as its groups (and their XLSX),
 * writes a narrative section of the annual report and prints the report (the
 * PDF's text read back, the section in it), and merges a duplicate
 * so the district queue loses one place.
 *
 * The applications are made by real desks in a child Node process over an
 * IndexedDB emulator (tests/e2e/support/seed-desks.ts), the same desk code the
 * browser runs, because typing them through the intake form would only repeat
 * what the desk specs already prove; the console is the build the server
 * serves (CONSOLE_DIR, else DIST_DIR, else dist/).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { expect, test, type Page } from '@playwright/test';
import { startServer, type RunningServer } from '../../server/main';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type DistrictQueue } from '../../shared';
import { pdfPages, squash } from '../helpers/pdf';
import { ui } from './helpers/locales';

const TEST_ITERATIONS = 100_000;
const CONSOLE_DIR = resolve(process.env.CONSOLE_DIR ?? process.env.DIST_DIR ?? 'dist');

let server: RunningServer;
let page: Page;
let signed: string[] = [];

async function districtToken(): Promise<string> {
  const r = await fetch(`${server.url}/v1/district/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    body: JSON.stringify({ login: server.demo!.districtLogin, password: server.demo!.password }),
  });
  return ((await r.json()) as { token: string }).token;
}
async function apiQueue(): Promise<DistrictQueue> {
  const r = await fetch(`${server.url}/v1/district/queue`, {
    headers: { authorization: `Bearer ${await districtToken()}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
  });
  return (await r.json()) as DistrictQueue;
}
const places = (q: DistrictQueue) => q.groups.reduce((n, g) => n + g.items.length, 0);

/** The centre of the largest shape of a colour in a chart's SVG: a bar, not its legend mark. */
async function clickBar(chart: ReturnType<Page['getByTestId']>, fill: string) {
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.evaluate((el, colour) => {
    let best: { x: number; y: number; area: number } | null = null;
    for (const p of el.querySelectorAll(`svg path[fill="${colour}" i]`)) {
      const r = p.getBoundingClientRect();
      const area = r.width * r.height;
      if (!best || area > best.area) best = { x: r.x + r.width / 2, y: r.y + r.height / 2, area };
    }
    return best;
  }, fill);
  expect(box).not.toBeNull();
  await page.mouse.click(box!.x, box!.y);
}

test.describe.serial('district reports in the console', () => {
  test.beforeAll(async ({ browser }) => {
    // The server serves the console from this build (server/http/consoleStatic.ts).
    process.env.CONSOLE_DIR = CONSOLE_DIR;
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      tls: false,
      dataDir: 'memory:',
      demo: true,
      logger: false,
      passwordIterations: TEST_ITERATIONS,
    });
    const code = (key: string) => server.demo!.codes.find((c) => c.officeKey === key)!.code;
    // Karasu: three children, two of them through to the signed notification; Ushkonyr: the same
    // child as Karasu's first (a duplicate the district will merge) and one more.
    const plan = {
      baseUrl: server.url,
      password: server.demo!.password,
      desks: [
        {
          key: 'karasu',
          code: code('karasu'),
          register: [{ serial: 8101, sign: true }, { serial: 8102, sign: true }, { serial: 8103 }],
        },
        {
          key: 'ushkonyr',
          code: code('ushkonyr'),
          register: [{ serial: 8101, acknowledgeDuplicate: true }, { serial: 8104 }],
        },
      ],
    };
    const dir = await mkdtemp(join(tmpdir(), 'akimat-seed-'));
    try {
      await writeFile(join(dir, 'plan.json'), JSON.stringify(plan));
      const { stdout } = await promisify(execFile)(
        'npx',
        ['tsx', 'tests/e2e/support/seed-desks.ts', join(dir, 'plan.json')],
        {
          maxBuffer: 1 << 20,
        },
      );
      signed = (JSON.parse(stdout) as { desks: Record<string, { signed: string[] }> }).desks.karasu.signed;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(signed).toHaveLength(2);
    page = await browser.newPage();
  });
  test.afterAll(async () => {
    await page?.close();
    await server?.close();
  });

  test('the dashboard: filtered by an office, a bar clicks through to its applications, the pivot exports', async () => {
    await page.goto(`${server.url}/console/`);
    await page.getByTestId('console-login').fill(server.demo!.districtLogin);
    await page.getByTestId('console-password').fill(server.demo!.password);
    await page.getByTestId('console-signin-submit').click();
    await page.getByTestId('console-nav-reports').click();
    await expect(page).toHaveURL(/#\/reports$/);
    const dash = page.getByTestId('report-dashboard');
    await expect(dash).toHaveAttribute('data-loading', 'false');
    await expect(page.getByTestId('report-card-accepted-value')).toHaveText('5');
    await expect(page.getByTestId('report-card-delivered-value')).toHaveText('2');

    const karasuId = server.demo!.codes.find((c) => c.officeKey === 'karasu')!.officeId;
    await page.getByTestId('report-office').selectOption(karasuId);
    await expect(page.getByTestId('report-card-accepted-value')).toHaveText('3');

    // The by-month chart: the provider's bar of this month, clicked, lists the two signed applications.
    const drill = page.getByTestId('report-drill');
    // The chart draws after its data arrives (and again on a resize): click until the list opens.
    await expect(async () => {
      await clickBar(page.getByTestId('chart-by-month-canvas'), '#0072B2');
      await expect(drill).toBeVisible({ timeout: 2_000 });
    }).toPass();
    await expect(drill).toHaveAttribute('data-loading', 'false');
    await expect(page.getByTestId('report-drill-total')).toHaveText('2');
    const rows = page.getByTestId('report-drill-table').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    for (const no of signed) await expect(page.getByTestId('report-drill-table')).toContainText(no);

    // Every chart is also a table: the office chart's table, its accepted figure clicked, lists three.
    await page.getByTestId('chart-by-office-as-table').click();
    await page.getByTestId('chart-by-office-table').locator('td[data-col="accepted"] button').click();
    await expect(page.getByTestId('report-drill-total')).toHaveText('3');

    // The pivot (office × service × month × channel) as XLSX, read back.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pivot-xlsx').click()]);
    expect(await download.failure()).toBeNull();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await readFile((await download.path())!)) as never);
    const sheet = wb.worksheets[0];
    const heading = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(heading.length).toBeGreaterThanOrEqual(6);
    const body = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2));
    const acceptedCol = heading.findIndex((h) => h === 'Қабылданды' || /қабылдан/i.test(h)) + 1;
    expect(acceptedCol).toBeGreaterThan(0);
    expect(body.reduce((n, r) => n + Number(r.getCell(acceptedCol).value), 0)).toBe(3);
    expect(body.map((r) => String(r.getCell(1).value))).toContain(
      server.demo!.codes.find((c) => c.officeKey === 'karasu')!.officeName,
    );

    // The queue by kindergarten: a kindergarten's free places open its groups, which add up to the
    // figure, and download as XLSX like every list behind a figure.
    await page.getByTestId('chart-queue-kg-as-table').click();
    const places = page.getByTestId('chart-queue-kg-table').locator('td[data-col="placesFree"] button').first();
    const figure = Number(await places.innerText());
    expect(figure).toBeGreaterThan(0);
    await places.click();
    await expect(page.getByTestId('report-places')).toHaveAttribute('data-loading', 'false');
    await expect(page.getByTestId('report-places-total')).toHaveText(String(figure));
    const groups = page.getByTestId('report-places-table').locator('td[data-col="freePlaces"]');
    const listed = (await groups.allInnerTexts()).map(Number);
    // Each group, then their total.
    expect(listed.slice(0, -1).reduce((n, x) => n + x, 0)).toBe(figure);
    expect(listed.at(-1)).toBe(figure);
    const [placesFile] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('report-places-xlsx').click(),
    ]);
    expect(await placesFile.failure()).toBeNull();
    const placesBook = new ExcelJS.Workbook();
    await placesBook.xlsx.load((await readFile((await placesFile.path())!)) as never);
    const placesSheet = placesBook.worksheets[0];
    expect(placesSheet.getRow(placesSheet.rowCount).getCell(3).value).toBe(figure);
    await page.getByTestId('report-places-close').click();
    await expect(page.getByTestId('report-places')).toHaveCount(0);
  });

  test('the annual report: a narrative section written, saved and printed in the official PDF', async () => {
    await page.getByTestId('reports-tab-annual').click();
    // The district's own report (the dashboard left the filter on an office, whose report leaves the
    // district's sections to the district's).
    await page.getByTestId('report-office').selectOption('');
    const annual = page.getByTestId('report-annual');
    await expect(annual).toHaveAttribute('data-loading', 'false');
    await expect(page.getByTestId('annual-summary')).toContainText('2');
    // Seed 004's part 2, item 1: where citizens find the procedure of the services.
    const written = 'Ақпарат аудан әкімдігінің сайтында және кеңселердегі стендтерде орналастырылған.';
    await page.getByTestId('annual-text-accessSources-kk').fill(written);
    await page.getByTestId('annual-texts-save').click();
    await expect(page.getByTestId('annual-texts-saved')).toBeVisible();
    await expect(page.getByTestId('annual-texts-save')).toBeDisabled();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('annual-pdf-kk').click()]);
    expect(await download.failure()).toBeNull();
    const text = (await pdfPages(new Uint8Array(await readFile((await download.path())!)))).map(squash).join(' ');
    const year = new Date().getFullYear();
    expect(text).toContain(`${year} жылы көрсетілген мемлекеттік қызметтер саны 2`);
    expect(text).toContain('Мектепке дейінгі');
    expect(text).toContain(
      `1) Мемлекеттік қызметтер көрсету тәртібі туралы ақпаратқа қол жеткізу көздері мен орындары туралы мәліметтер: ${written}`,
    );
    // A numbered item left empty prints as not entered, in its place.
    expect(text).toContain('нормативтік-құқықтық жетілдіру: мәліметтер енгізілмеген.');
  });

  test('merging a duplicate withdraws one place from the district queue', async () => {
    const before = places(await apiQueue());
    await page.getByTestId('console-nav-reconciliation').click();
    const pair = page.getByTestId('reconcile-duplicate').first();
    await expect(pair).toBeVisible();
    await pair.getByTestId('reconcile-duplicate-keep').first().click();
    await expect.poll(async () => places(await apiQueue()), { message: 'the queue after the merge' }).toBe(before - 1);
    await page.getByTestId('console-nav-queue').click();
    await expect(page.getByTestId('console-queue')).toHaveAttribute('data-loading', 'false');
    await expect(page.getByTestId('queue-table').locator('tbody tr')).toHaveCount(before - 1);
    expect(ui('kk', 'console.nav.reports')).toBe('Есептер');
  });
});
