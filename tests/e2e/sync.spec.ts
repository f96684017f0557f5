/**
 * Sync with the district server, in the real UI: computers of two offices
 * enrolled through the first-run form register children with the network
 * cut, sync when it comes back, and the district sees both children in its
 * queue. Then two computers of one office take conflicting decisions on the
 * same application offline: the district sees both values and settles it.
 *
 * The district server runs inside the spec (in-memory database, free port).
 */
import { readFileSync } from 'node:fs';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  decide,
  fillIntake,
  iinFor,
  officeToday,
  openApplication,
  openIntake,
  register,
  resolveTo,
  signIn,
  switchUser,
  tableDate,
  type IntakeData,
} from './helpers/desk';
import { ui } from './helpers/locales';
import {
  demoOffice,
  enrolDesk,
  goOffline,
  goOnline,
  issueEnrolmentCode,
  openDistrictTab,
  reopenApplication,
  startDistrict,
  syncNow,
  type District,
} from './helpers/sync';

test.describe.configure({ mode: 'serial' });

const KARASU_EXECUTOR = 'Төлеуова Құралай Серікқызы';
const DISTRICT_USER = 'Әбдіғалиева Гүлшат Төреханқызы';

type Desk = { context: BrowserContext; page: Page };
let server: District;
let karasu: Desk;
let ushkonyr: Desk;
let district: Desk;
let karasu2: Desk | undefined;

// Both children are three, so they share one district queue group; Қарасу registers first and so comes first.
const karasuChild = {
  iin: iinFor(birthDateAged(3, 50), 'female', 9100),
  lastName: 'Бейсенова',
  firstName: 'Әйгерім',
  middleName: 'Ғалымқызы',
};
const ushkonyrChild = {
  iin: iinFor(birthDateAged(3, 80), 'male', 9200),
  lastName: 'Оспанов',
  firstName: 'Нұрәли',
  middleName: 'Дәуренұлы',
};
let karasuApp = { id: '', journalNo: '' };
let ushkonyrApp = { id: '', journalNo: '' };

const intake = (child: IntakeData['child'], parentIin: string, lastName: string, kg: string): IntakeData => ({
  applicant: {
    iin: parentIin,
    lastName,
    firstName: 'Гүлназ',
    middleName: 'Серікқызы',
    phone: '+7 701 555 44 33',
    address: 'Жамбыл ауданы, Бірлік көшесі, 9',
  },
  child,
  kindergartens: [kg],
  documents: ALL_DOCUMENTS,
  consent: true,
});

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  server = await startDistrict();
  karasu = await enrolDesk(browser, testInfo, server.url, demoOffice(server, 'karasu').code, 'Қарасу, кеңсе ноутбугі');
  ushkonyr = await enrolDesk(browser, testInfo, server.url, demoOffice(server, 'ushkonyr').code, 'Үшқоңыр, ноутбук');
  district = await enrolDesk(browser, testInfo, server.url, demoOffice(server, 'district').code, 'Аудан, білім бөлімі');
});

test.afterAll(async () => {
  for (const d of [karasu, ushkonyr, district, karasu2]) await d?.context.close();
  await server?.close();
});

/** Registers a child with the network off and checks what the desk says about the unsent record. */
async function registerOffline(
  d: Desk,
  data: IntakeData,
  officeCode: string,
): Promise<{ id: string; journalNo: string }> {
  const { page } = d;
  await goOffline(d.context, page);
  await openIntake(page);
  await fillIntake(page, data);
  const app = await register(page);
  // The number comes from the block the office leased from the district, under the office's own code.
  expect(app.journalNo).toMatch(new RegExp(`^${officeCode}-\\d{4}-\\d{4}$`));
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-status', 'offline');
  await expect(page.getByTestId('sync-pending')).toHaveText(/^[1-9]\d*$/);
  await expect(page.getByTestId('app-sync-pending')).toHaveAttribute('data-count', /^[1-9]\d*$/);
  // Not yet known to the district: no place, and the page says it comes with the next sync.
  await expect(page.getByTestId('app-queue-scope')).toHaveAttribute('data-scope', 'afterSync');
  await expect(page.getByTestId('app-queue-position')).toHaveText(ui('kk', 'common.dash'));
  return app;
}

/** The district's place as the page shows it after a sync: position, age group, group size. */
async function expectDistrictPlace(page: Page, position: number, total: number): Promise<void> {
  await expect(page.getByTestId('app-queue-scope')).toHaveAttribute('data-scope', 'district');
  await expect(page.getByTestId('app-queue-position')).toHaveText(String(position));
  const before = ui('kk', 'app.queueDistrict_other', { count: 3, total }).split('{{asOf}}')[0];
  await expect(page.getByTestId('app-queue-scope')).toContainText(before);
  // "As of" the last sync, which was today.
  await expect(page.getByTestId('app-queue-scope')).toContainText(tableDate(officeToday()));
  await expect(page.getByTestId('app-sync-pending')).toHaveCount(0);
}

test('two offices register offline, sync, and the district queue holds both children', async () => {
  await signIn(karasu.page, 'clerk');
  await signIn(ushkonyr.page, 'clerk');
  await expect(karasu.page.getByTestId('header-office')).toContainText('Қарасу');
  await expect(ushkonyr.page.getByTestId('header-office')).toContainText('Үшқоңыр');

  karasuApp = await registerOffline(
    karasu,
    intake(karasuChild, iinFor('1990-03-12', 'female', 9300), 'Бейсенова', '1'),
    'ҚРС',
  );
  ushkonyrApp = await registerOffline(
    ushkonyr,
    intake(ushkonyrChild, iinFor('1991-08-02', 'female', 9400), 'Оспанова', '3'),
    'ҮШҚ',
  );

  // Still offline: "sync now" waits, disabled, and says why; the work waits, counted in applications.
  await expect(karasu.page.getByTestId('sync-now')).toBeDisabled();
  await expect(karasu.page.getByTestId('sync-now')).toHaveAttribute('title', ui('kk', 'sync.nowOffline'));
  await expect(karasu.page.getByTestId('sync-indicator')).toHaveAttribute('data-status', 'offline');
  await expect(karasu.page.getByTestId('sync-pending')).toHaveText('1');
  await expect(karasu.page.getByTestId('sync-pending')).toHaveAttribute('data-changes', /^[1-9]\d*$/);
  await expect(karasu.page.getByTestId('app-sync-pending')).toHaveAttribute('data-count', /^[1-9]\d*$/);
  await expect(karasu.page.getByTestId('app-queue-scope')).toHaveAttribute('data-scope', 'afterSync');

  await goOnline(karasu.context, karasu.page);
  await syncNow(karasu.page);
  await expectDistrictPlace(karasu.page, 1, 1);

  await goOnline(ushkonyr.context, ushkonyr.page);
  await syncNow(ushkonyr.page);
  await expectDistrictPlace(ushkonyr.page, 2, 2);

  // Қарасу's place is the one of its last sync until it syncs again.
  await syncNow(karasu.page);
  await expectDistrictPlace(karasu.page, 1, 2);

  // The district education office's computer: its own desk sign-in, then the district's.
  await signIn(district.page, 'district');
  await openDistrictTab(district.page, 'queue', server.demo.password);
  await expect(district.page.getByTestId('district-user')).toHaveText(DISTRICT_USER);
  const group = district.page.getByTestId('queue-group').and(district.page.locator('[data-age="3"]'));
  await expect(group.getByTestId('district-queue-row')).toHaveCount(2);
  const rows = group.getByTestId('district-queue-row');
  await expect(rows.nth(0)).toHaveAttribute('data-id', karasuApp.id);
  await expect(rows.nth(0)).toContainText(karasuApp.journalNo);
  await expect(rows.nth(0)).toContainText('Бейсенова Әйгерім Ғалымқызы');
  await expect(rows.nth(1)).toHaveAttribute('data-id', ushkonyrApp.id);
  await expect(rows.nth(1)).toContainText(ushkonyrApp.journalNo);
  await expect(rows.nth(1)).toContainText('Оспанов Нұрәли Дәуренұлы');

  // The district's filters and search, on the server (in a POST body): positions stay the district's.
  const tab = district.page.getByTestId('district-queue');
  const all = tab.getByTestId('district-queue-row');
  await tab.getByTestId('district-queue-search').fill('оспанов нұрали');
  await tab.getByTestId('district-queue-search-go').click();
  await expect(all).toHaveCount(1);
  await expect(all.first()).toHaveAttribute('data-id', ushkonyrApp.id);
  await expect(all.first().locator('td').first()).toHaveText('2');
  await tab.getByTestId('district-queue-search').fill('');
  await tab.getByTestId('district-queue-search-go').click();
  await tab.getByTestId('district-queue-office').selectOption(demoOffice(server, 'karasu').officeId);
  await expect(all).toHaveCount(1);
  await expect(all.first()).toHaveAttribute('data-id', karasuApp.id);
  // The list as of now, exported as the console exports it: CSV with a byte-order mark, the office's rows.
  const [csv] = await Promise.all([
    district.page.waitForEvent('download'),
    tab.getByTestId('district-queue-file-csv').click(),
  ]);
  expect(csv.suggestedFilename()).toMatch(/^district-queue-\d{4}-\d{2}-\d{2}-kk\.csv$/);
  const bytes = readFileSync(await csv.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(bytes.toString('utf8')).toContain('Бейсенова Әйгерім Ғалымқызы');
  expect(bytes.toString('utf8')).not.toContain('Оспанов');
  await tab.getByTestId('district-queue-office').selectOption('');
  await expect(all).toHaveCount(2);
});

test('two computers of one office decide the same application offline: a flagged conflict with both values', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  test.skip(!karasuApp.id, 'needs the application registered by the first test');
  const { officeId } = demoOffice(server, 'karasu');
  karasu2 = await enrolDesk(
    browser,
    testInfo,
    server.url,
    await issueEnrolmentCode(server, officeId, 'Қарасу, 2-ноутбук'),
    'Қарасу, 2-ноутбук',
  );
  const a = karasu.page;
  const b = karasu2.page;

  // Online: the head names the executor on the first computer, and the second computer receives it.
  await switchUser(a, 'head');
  await openApplication(a, karasuApp.id);
  await resolveTo(a, KARASU_EXECUTOR);
  await syncNow(a);
  await switchUser(a, 'executor');
  await openApplication(a, karasuApp.id);
  await expect(a.getByTestId('action-decide')).toBeVisible();

  await signIn(b, 'executor');
  await syncNow(b);
  await openApplication(b, karasuApp.id);
  await expect(b.getByTestId('app-journal-no')).toHaveText(karasuApp.journalNo);
  await expect(b.getByTestId('step-resolution')).toHaveAttribute('data-done', 'true');
  await expect(b.getByTestId('action-decide')).toBeVisible();

  // Offline, each computer decides differently.
  await goOffline(karasu.context, a);
  await goOffline(karasu2.context, b);
  await decide(a, 'referral');
  await decide(b, 'notification');

  // The referral reaches the district first; the notification arrives on a record that has moved on.
  await goOnline(karasu.context, a);
  await syncNow(a);
  await goOnline(karasu2.context, b);
  await syncNow(b);
  await expect(b.getByTestId('app-conflict')).toBeVisible();
  await expect(b.getByTestId('app-conflict-notice')).toHaveText(ui('kk', 'app.conflictHint'));
  // The first computer learns of the flag with its next sync (automatic sync may already have brought it).
  await syncNow(a);
  await expect(a.getByTestId('app-conflict')).toBeVisible();

  // The district sees the record's decision twice: the server's referral, the device's notification.
  await syncNow(district.page);
  await openDistrictTab(district.page, 'conflicts', server.demo.password);
  const open = district.page.getByTestId('conflict-row');
  await expect(open).toHaveCount(1);
  const row = open.first();
  await expect(row).toHaveAttribute('data-status', 'open');
  await expect(row.getByTestId('record-link')).toContainText(karasuApp.journalNo);
  const decision = row.getByTestId('conflict-field').and(district.page.locator('[data-field="decision"]'));
  await expect(decision.getByTestId('conflict-server')).toContainText(ui('kk', 'decision.referral'));
  await expect(decision.getByTestId('conflict-device')).toHaveText(ui('kk', 'decision.notification'));
  const conflictId = (await row.getAttribute('data-id'))!;

  await row.getByTestId('conflict-keep-server').click();
  await expect(district.page.getByTestId('conflict-resolved')).toBeVisible();
  await expect(district.page.getByTestId('conflict-row')).toHaveCount(0);
  await district.page.getByTestId('conflicts-filter-all').click();
  const resolved = district.page.getByTestId('conflict-row').and(district.page.locator(`[data-id="${conflictId}"]`));
  await expect(resolved).toHaveAttribute('data-status', 'resolved');

  // The second computer's next sync clears the flag and brings the district's decision: the referral.
  await syncNow(b);
  await expect(b.getByTestId('app-conflict')).toHaveCount(0);
  await reopenApplication(b, karasuApp.id);
  await expect(b.getByTestId('decision-kind')).toHaveAttribute('data-kind', 'referral');
  await expect(b.getByTestId('app-conflict')).toHaveCount(0);
  // And the first computer's, with its next sync.
  await syncNow(a);
  await expect(a.getByTestId('app-conflict')).toHaveCount(0);
  await expect(a.getByTestId('app-conflict-notice')).toHaveCount(0);
});
