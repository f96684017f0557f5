/**
 * The office desk's side of issue #14 in Chromium, against a real district
 * server: an application the district withdrew (two of one child, merged)
 * leaves the other office's pending list and its page says why, with no step
 * offered; the Reports page downloads the office's reports as the XLSX and CSV
 * the server makes, and without a link says so and shows the figures kept from
 * the last reading, with the time they were fetched.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  fillIntake,
  iinFor,
  openApplication,
  openIntake,
  register,
  searchFor,
  signIn,
  switchUser,
  type IntakeData,
} from './helpers/desk';
import { ui } from './helpers/locales';
import { demoOffice, enrolDesk, goOffline, goOnline, startDistrict, syncNow, type District } from './helpers/sync';

test.describe.configure({ mode: 'serial' });

type Desk = { context: BrowserContext; page: Page };
let server: District;
let karasu: Desk;
let ushkonyr: Desk;

const child = { iin: iinFor(birthDateAged(3, 60), 'female', 9700), lastName: 'Әлімжанова', firstName: 'Ділназ' };
const intake = (parentIin: string, kg: string): IntakeData => ({
  applicant: {
    iin: parentIin,
    lastName: 'Әлімжанова',
    firstName: 'Сәуле',
    phone: '+7 701 555 44 33',
    address: 'Жамбыл ауданы, Бірлік көшесі, 9',
  },
  child,
  kindergartens: [kg],
  documents: ALL_DOCUMENTS,
  consent: true,
});

/** The district's API, signed in as the demo's district user (what the console would do). */
async function districtCall<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const call = async (p: string, b: unknown, token?: string) => {
    const res = await fetch(`${server.url}${p}`, {
      method: b === undefined ? 'GET' : 'POST',
      headers: {
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: b === undefined ? undefined : JSON.stringify(b),
    });
    expect(res.ok, `${p}: ${res.status}`).toBe(true);
    return res.json();
  };
  const { token } = await call('/v1/district/login', {
    login: server.demo.districtLogin,
    password: server.demo.password,
  });
  return call(path, method === 'GET' ? undefined : body, token) as Promise<T>;
}

async function openDeskHome(page: Page) {
  await page.getByTestId('nav-desk').click();
  await expect(page.getByTestId('desk-stats')).toBeVisible();
}

async function openReports(page: Page) {
  await page.getByTestId('nav-desk').click();
  await expect(page.getByTestId('desk-home')).toBeVisible();
  await page.getByTestId('nav-reports').click();
  await expect(page.getByTestId('reports-page')).toHaveAttribute('data-enrolled', 'true');
}

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  server = await startDistrict();
  karasu = await enrolDesk(browser, testInfo, server.url, demoOffice(server, 'karasu').code, 'Қарасу, ноутбук');
  ushkonyr = await enrolDesk(browser, testInfo, server.url, demoOffice(server, 'ushkonyr').code, 'Үшқоңыр, ноутбук');
});

test.afterAll(async () => {
  for (const d of [karasu, ushkonyr]) await d?.context.close();
  await server?.close();
});

test('a duplicate the district merged leaves the other office’s pending list; its page says why and offers no step', async () => {
  await signIn(karasu.page, 'clerk');
  await openIntake(karasu.page);
  await fillIntake(karasu.page, intake(iinFor('1992-04-10', 'female', 9710), '1'));
  const kept = await register(karasu.page);
  await syncNow(karasu.page);

  const page = ushkonyr.page;
  await signIn(page, 'clerk');
  await openIntake(page);
  await fillIntake(page, intake(iinFor('1992-04-10', 'female', 9720), '3'));
  const gone = await register(page);
  await syncNow(page);
  await switchUser(page, 'head');
  await openDeskHome(page);
  await expect(page.getByTestId('pending-head').locator(`[data-testid="app-row"][data-id="${gone.id}"]`)).toHaveCount(
    1,
  );

  const { duplicates } = await districtCall<{ duplicates: Array<{ id: string; applications: Array<{ id: string }> }> }>(
    'GET',
    '/v1/district/duplicates?status=open',
  );
  const pair = duplicates.find((d) => [kept.id, gone.id].every((id) => d.applications.some((a) => a.id === id)));
  expect(pair, 'the pair flagged by the district').toBeDefined();
  await districtCall('POST', `/v1/district/duplicates/${pair!.id}`, { status: 'merged', keep: kept.id });

  await syncNow(page);
  await page.getByTestId('nav-search').click();
  await openDeskHome(page);
  await expect(page.getByTestId('pending-head')).toBeVisible();
  await expect(page.getByTestId('desk-pending').locator(`[data-id="${gone.id}"]`)).toHaveCount(0);

  await openApplication(page, gone.id);
  const notice = page.getByTestId('app-withdrawn-notice');
  await expect(notice).toBeVisible();
  await expect(page.getByTestId('app-withdrawal-reason')).toHaveAttribute('data-reason', 'duplicate');
  await expect(page.getByTestId('app-withdrawal-reason')).toHaveText(
    ui('kk', 'app.withdrawalReason.duplicate', { kept: kept.journalNo }),
  );
  await expect(page.getByTestId('queue-badge')).toHaveText(ui('kk', 'queueState.withdrawn'));
  await expect(page.getByTestId('action-withdrawn')).toHaveText(ui('kk', 'action.withdrawn'));
  for (const id of ['action-resolve', 'action-executor', 'action-waiting', 'action-sign', 'action-issue'])
    await expect(page.getByTestId(id)).toHaveCount(0);
  await expect(page.getByTestId('due-badge')).toHaveCount(0);

  // Still found by its number.
  const rows = await searchFor(page, gone.journalNo);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-id', gone.id);
});

test('the Reports page saves the server’s XLSX and CSV, and without a link shows the kept figures with their time', async () => {
  const { context, page } = karasu;
  const year = new Date().getFullYear();
  await openReports(page);
  await expect(page.getByTestId('reports-summary')).toBeVisible();
  await expect(page.getByTestId('reports-no-link')).toHaveCount(0);

  const [annual] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reports-annual-xlsx').click()]);
  expect(annual.suggestedFilename()).toBe(`annual-report-${year}-kk.xlsx`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile((await annual.path())!)) as never);
  const delivered = wb.getWorksheet('Көрсетілген қызметтер');
  expect(delivered, wb.worksheets.map((w) => w.name).join(', ')).toBeDefined();
  expect(delivered!.getRow(1).getCell(2).value).toBe('Мемлекеттік қызметтің атауы');
  await expect(page.getByTestId('reports-file-saved')).toContainText(`annual-report-${year}-kk.xlsx`);

  const [pivot] = await Promise.all([page.waitForEvent('download'), page.getByTestId('reports-pivot-csv').click()]);
  expect(pivot.suggestedFilename()).toMatch(/^pivot-service-month-channel-.*-kk\.csv$/);
  const csv = await readFile((await pivot.path())!);
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

  // No link: the page says the reports need the district server and shows what it kept, from when.
  await goOffline(context, page);
  await openReports(page);
  await expect(page.getByTestId('reports-no-link')).toContainText(ui('kk', 'desk.reports.noLink'));
  await expect(page.getByTestId('reports-fetched-at')).toBeVisible();
  await expect(page.getByTestId('reports-summary')).toBeVisible();
  await page.getByTestId('reports-annual-xlsx').click();
  await expect(page.getByTestId('reports-file-error')).toHaveAttribute('data-code', 'sync.network');
  await goOnline(context, page);
});
