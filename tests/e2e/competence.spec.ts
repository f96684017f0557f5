/**
 * Review F-20 (issue #15) in Chromium against a real district server: a
 * village akimat takes in the documents of a guardianship certificate, which
 * only the district education department issues (seed 002). The akimat's
 * receipt names the department as the issuer, under its head; the akimat is
 * offered no step of it. Synced, the application reaches the department's
 * laptop, whose people resolve, decide, sign and issue it, and the
 * certificate prints under the department and its head. The akimat then sees
 * it issued.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  iinFor,
  openApplication,
  openIntake,
  register,
  resolveTo,
  savePdf,
  sign,
  issue,
  signIn,
  switchUser,
} from './helpers/desk';
import { ui } from './helpers/locales';
import { demoOffice, enrolDesk, startDistrict, syncNow, type District } from './helpers/sync';

test.describe.configure({ mode: 'serial' });

type Desk = { context: BrowserContext; page: Page };
let server: District;
let village: Desk;
let department: Desk;
let appId = '';

const DEPARTMENT_KK = 'Жамбыл ауданының білім бөлімі';
const DEPARTMENT_HEAD = 'Әбдіғалиева Гүлшат Төреханқызы';
const METHODIST = 'Құрманғалиев Ерболат Сүйіндікұлы';
const AKIMAT_HEAD = 'Сәрсенбаев Ғалым Өтегенұлы';

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  server = await startDistrict();
  village = await enrolDesk(browser, testInfo, server.url, demoOffice(server, 'karasu').code, 'Қарасу, ноутбук');
  department = await enrolDesk(browser, testInfo, server.url, demoOffice(server, 'district').code, 'Білім бөлімі');
});

test.afterAll(async () => {
  for (const d of [village, department]) await d?.context.close();
  await server?.close();
});

test('the akimat takes the documents in; the receipt names the department as issuer; no step is offered here', async () => {
  const { page } = village;
  await signIn(page, 'clerk');
  // The department's record (name, head) comes with the first sync.
  await syncNow(page);
  await openIntake(page);
  await page.getByTestId('intake-service').selectOption('guardianship-certificate');
  await expect(page.getByTestId('intake-routed')).toHaveText(ui('kk', 'intake.routedNote'));
  await page.getByTestId('applicant-iin').fill(iinFor('1975-02-11', 'male', 9810));
  await page.getByTestId('applicant-phone').fill('+7 702 000 11 22');
  await page.getByTestId('applicant-last-name').fill('Омаров');
  await page.getByTestId('applicant-first-name').fill('Бауыржан');
  await page.getByTestId('applicant-address').fill('Қарасу ауылы, Абай көшесі, 5');
  await page.getByTestId('child-iin').fill(iinFor('2014-04-03', 'female', 9820));
  await page.getByTestId('child-last-name').fill('Омарова');
  await page.getByTestId('child-first-name').fill('Дана');
  await page.getByTestId('doc-application').check();
  await page.getByTestId('doc-applicantId').check();
  await page.getByTestId('consent').check();
  ({ id: appId } = await register(page));

  const receipt = await savePdf(page, 'receipt', 'kk');
  expect(receipt.text).toContain(DEPARTMENT_KK);
  expect(receipt.text).not.toContain('әкімінің аппараты');
  await expect(page.getByTestId('action-routed')).toHaveText(ui('kk', 'action.routed'));

  // The akimat's head has nothing to resolve: no step, and the home list does not hold it.
  await switchUser(page, 'head');
  await openApplication(page, appId);
  await expect(page.getByTestId('action-routed')).toBeVisible();
  for (const id of ['action-resolve', 'action-executor', 'action-waiting'])
    await expect(page.getByTestId(id)).toHaveCount(0);
  await syncNow(page);
});

test('the department resolves, decides, signs and issues it; the certificate names the department and its head', async () => {
  const { page } = department;
  await signIn(page, 'district');
  await syncNow(page);
  await openApplication(page, appId);
  await expect(page.getByTestId('action-routed')).toHaveCount(0);
  await resolveTo(page, METHODIST);
  await switchUser(page, 'methodist');
  await openApplication(page, appId);
  await page.getByTestId('basis-body').fill(DEPARTMENT_KK);
  await page.getByTestId('basis-number').fill('17');
  await page.getByTestId('basis-date').fill('2025-11-03');
  await page.getByTestId('action-decide').click();
  await expect(page.getByTestId('decision-kind')).toHaveAttribute('data-kind', 'result');
  await switchUser(page, 'district');
  await openApplication(page, appId);
  await sign(page);
  await switchUser(page, 'registrar');
  await openApplication(page, appId);
  await issue(page);
  const cert = await savePdf(page, 'guardianship-certificate', 'kk');
  expect(cert.text).toContain(DEPARTMENT_KK);
  expect(cert.text).toContain(DEPARTMENT_HEAD);
  expect(cert.text).toContain('Омарова Дана');
  expect(cert.text).not.toContain(AKIMAT_HEAD);
  expect(cert.text).not.toContain('Әкім');
  await syncNow(page);
});

test('the akimat sees it issued by the department', async () => {
  const { page } = village;
  await syncNow(page);
  // Away and back: the page reads the record afresh.
  await page.getByTestId('nav-desk').click();
  await expect(page.getByTestId('application-page')).toHaveCount(0);
  await openApplication(page, appId);
  await expect(page.getByTestId('action-routed')).toHaveText(ui('kk', 'action.routedIssued'));
  await expect(page.getByTestId('step-issue')).toHaveAttribute('data-done', 'true');
});
