/**
 * Services about the applicant (here teacher attestation): registered with the
 * network off by a mobile centre working in a settlement, with no child block
 * on the form; the receipt and the application saved as PDF name the teacher
 * and no child; the application is found again by the teacher's IIN and name,
 * and the search results show the settlement it was taken in.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  iinFor,
  openApplication,
  openDesk,
  openIntake,
  register,
  savePdf,
  searchFor,
  setupDemo,
  signIn,
  switchUser,
} from './helpers/desk';
import { form, ui } from './helpers/locales';

test.describe.configure({ mode: 'serial' });

const TEACHER_IIN = iinFor('1986-11-23', 'female', 9300);
const TEACHER = 'Жұмабекова Гүлшат Өмірзаққызы';
const SETTLEMENT = 'Қоянды ауылы';

let context: BrowserContext;
let page: Page;
let appId = '';
let journalNo = '';

test.beforeAll(async ({ browser }, testInfo) => {
  ({ context, page } = await openDesk(browser, testInfo));
  await setupDemo(page);
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 30_000 });
});

test.afterAll(async () => {
  await context?.close();
});

test('the office works as a mobile centre, now in a settlement', async () => {
  await signIn(page, 'head');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('office-edit').click();
  await page.getByTestId('office-type').selectOption('mobileCentre');
  await page.getByTestId('office-save').click();
  await expect(page.getByTestId('office-save')).toHaveCount(0);
  await switchUser(page, 'clerk');
  await page.getByTestId('nav-visits').click();
  await page.getByTestId('visit-settlement').fill(SETTLEMENT);
  await page.getByTestId('visit-start').click();
  await expect(page.getByTestId('visit-current-settlement')).toHaveText(SETTLEMENT);
});

test('network off: a teacher registers for attestation, with no child on the form', async () => {
  await context.setOffline(true);
  await expect(page.getByTestId('online-indicator')).toHaveAttribute('data-online', 'false');
  await openIntake(page);
  await page.getByTestId('intake-service').selectOption('teacher-attestation');
  // The form asks for no child; the teacher applies in person.
  await expect(page.getByTestId('child-iin')).toHaveCount(0);
  await expect(page.getByTestId('intake-no-child')).toHaveText(ui('kk', 'intake.noChild'));
  await expect(page.getByTestId('applicant-kind')).toHaveValue('self');
  const kinds = await page
    .getByTestId('applicant-kind')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(kinds).not.toContain('parent');

  // A proxy must name whom they represent: shown only for a proxy.
  await page.getByTestId('applicant-kind').selectOption('proxy');
  await expect(page.getByTestId('principal-iin')).toBeVisible();
  await page.getByTestId('applicant-kind').selectOption('self');
  await expect(page.getByTestId('principal-section')).toHaveCount(0);

  await page.getByTestId('applicant-iin').fill(TEACHER_IIN);
  await page.getByTestId('applicant-phone').fill('+7 701 222 33 44');
  await page.getByTestId('applicant-last-name').pressSequentially('Жұмабекова');
  await page.getByTestId('applicant-first-name').pressSequentially('Гүлшат');
  await page.getByTestId('applicant-middle-name').pressSequentially('Өмірзаққызы');
  await page.getByTestId('applicant-address').fill('Қоянды ауылы, Сәтбаев көшесі, 12');
  await page.getByTestId('doc-application').check();
  await page.getByTestId('doc-applicantId').check();
  await page.getByTestId('consent').check();
  await expect(page.getByTestId('missing-documents')).toHaveCount(0);
  ({ id: appId, journalNo } = await register(page));

  await expect(page.getByTestId('app-child')).toHaveCount(0);
  await expect(page.getByTestId('app-subject-name')).toContainText(TEACHER);
  await expect(page.getByTestId('app-subject-name')).toContainText(ui('kk', 'app.asApplicant'));
  await expect(page.getByTestId('app-applicant')).toContainText(ui('kk', 'applicantKind.self'));
  await expect(page.getByTestId('app-settlement')).toHaveText(SETTLEMENT);

  // The same teacher again for the same service: the desk shows the open application first.
  await openIntake(page);
  await page.getByTestId('intake-service').selectOption('teacher-attestation');
  await page.getByTestId('applicant-iin').fill(TEACHER_IIN);
  await page.getByTestId('applicant-phone').fill('+7 701 222 33 44');
  await page.getByTestId('applicant-last-name').fill('Жұмабекова');
  await page.getByTestId('applicant-first-name').fill('Гүлшат');
  await page.getByTestId('applicant-address').fill('Қоянды ауылы');
  await page.getByTestId('doc-application').check();
  await page.getByTestId('doc-applicantId').check();
  await page.getByTestId('consent').check();
  await page.getByTestId('register').click();
  const dialog = page.getByTestId('duplicates-dialog');
  await expect(dialog).toContainText(ui('kk', 'intake.duplicatesTitleSubject'));
  await expect(dialog.getByTestId('duplicates-list')).toContainText(journalNo);
  await expect(dialog.getByTestId('duplicates-list')).toContainText(TEACHER);
  await dialog.getByRole('button', { name: ui('kk', 'common.cancel') }).click();
  await expect(dialog).toBeHidden();
});

test('receipt (kk) and application (ru) as PDF name the teacher and no child', async () => {
  await openApplication(page, appId);
  const receipt = await savePdf(page, 'receipt', 'kk');
  expect(receipt.text).toContain(form('kk', 'receipt.title'));
  expect(receipt.text).toContain(`№ ${journalNo}`);
  expect(receipt.text).toContain(`${TEACHER}, тел. +7 701 222 33 44`);
  expect(receipt.text).toContain('аттестаттаудан өткізуге құжаттар қабылдау');
  expect(receipt.text).not.toMatch(/\{\{|undefined|null/);

  const application = await savePdf(page, 'generic-application', 'ru');
  expect(application.text).toContain(`от ${TEACHER}`);
  expect(application.text).toContain(`ИИН ${TEACHER_IIN}`);
  expect(application.text).toContain(
    'Прошу оказать государственную услугу «Прием документов для прохождения аттестации',
  );
  expect(application.text).not.toContain('Ребенок');
  expect(application.text).not.toMatch(/\{\{|undefined|null/);
});

test("found by the teacher's IIN and name, with the settlement in the results", async () => {
  await context.setOffline(false);
  for (const query of [TEACHER_IIN, 'жұмабек гүлш']) {
    const rows = await searchFor(page, query);
    await expect(rows, `search "${query}"`).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-id', appId);
    await expect(rows.first()).toContainText(journalNo);
    await expect(rows.first().getByTestId('app-subject')).toContainText(TEACHER);
    await expect(rows.first().getByTestId('app-subject')).toContainText(ui('kk', 'app.asApplicant'));
    await expect(rows.first().getByTestId('app-settlement')).toHaveText(SETTLEMENT);
  }
});
