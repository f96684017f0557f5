/**
 * Issue #16, items 4 and 5, one demo office:
 * - The duplicate and the age checks run as soon as the child's IIN is
 *   complete: an open application for the same child and the over-age
 *   warning show before anything else is typed, nothing registered.
 * - A refusal to accept is confirmed in a dialog naming the citizen and the
 *   missing documents (cancel records nothing); once made it can be undone
 *   for a minute: the refusals page keeps it, marked withdrawn.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  fillIntake,
  iinFor,
  openDesk,
  openIntake,
  register,
  setupDemo,
  signIn,
} from './helpers/desk';
import { err, ui } from './helpers/locales';

test.describe.configure({ mode: 'serial' });

const DOC = {
  birthCertificate: 'Баланың туу туралы куәлігі',
  addressCertificate: 'Мекенжайы туралы анықтама немесе тұратын жерін растайтын басқа да құжат',
};

let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  ({ context, page } = await openDesk(browser, testInfo));
  await setupDemo(page);
  await signIn(page, 'clerk');
});

test.afterAll(async () => {
  await context?.close();
});

test('an open application for the same child shows as soon as its IIN is typed, before Register', async () => {
  const childIin = iinFor(birthDateAged(3, 40), 'female', 8100);
  await openIntake(page);
  await fillIntake(page, {
    applicant: {
      iin: iinFor('1991-04-12', 'female', 8200),
      lastName: 'Бекенова',
      firstName: 'Әсел',
      phone: '+7 705 222 33 44',
      address: 'Қарасу ауылы, Бірлік көшесі, 9',
    },
    child: { iin: childIin, lastName: 'Бекенова', firstName: 'Ақбөпе' },
    kindergartens: ['1'],
    documents: ALL_DOCUMENTS,
    consent: true,
  });
  const first = await register(page);

  await openIntake(page);
  await expect(page.getByTestId('duplicates-early')).toHaveCount(0);
  // Only the child's IIN: the rest of the form is still empty.
  await page.getByTestId('child-iin').fill(childIin.slice(0, 11));
  await expect(page.getByTestId('duplicates-early')).toHaveCount(0);
  await page.getByTestId('child-iin').fill(childIin);
  const early = page.getByTestId('duplicates-early');
  await expect(early).toBeVisible();
  await expect(early).toContainText(ui('kk', 'intake.duplicatesTitle'));
  await expect(early).toContainText(ui('kk', 'intake.duplicatesText'));
  await expect(early.getByTestId('duplicates-early-list')).toContainText(first.journalNo);
  await expect(early.getByTestId('duplicates-early-list')).toContainText('Бекенова Ақбөпе');
  await expect(page.getByTestId('applicant-last-name')).toHaveValue('');
  await expect(page.getByTestId('intake')).toBeVisible();
  // Another child: the notice goes.
  await page.getByTestId('child-iin').fill(iinFor(birthDateAged(3, 41), 'male', 8300));
  await expect(early).toHaveCount(0);
});

test('an over-age child is warned about as soon as the IIN is typed, before Register', async () => {
  await openIntake(page);
  await page.getByTestId('child-iin').fill(iinFor(birthDateAged(8, 15), 'male', 8400));
  const warning = err('kk', 'refusal.dueOverAge', { limit: 6 });
  await expect(page.getByTestId('warn-child.iin')).toHaveText(warning);
  await expect(page.getByTestId('refusal-due')).toContainText(warning);
  await expect(page.getByTestId('applicant-last-name')).toHaveValue('');
});

test('a refusal to accept is confirmed with the missing documents, cancel records nothing, undo withdraws it', async () => {
  await page.getByTestId('nav-refusals').click();
  await expect(page.getByTestId('refusals-page')).toBeVisible();
  const before = await page.getByTestId('refusal-row').count();

  await openIntake(page);
  await fillIntake(page, {
    applicant: {
      iin: iinFor('1987-09-21', 'male', 8500),
      lastName: 'Жақыпов',
      firstName: 'Ерлан',
      phone: '+7 705 333 44 55',
      address: 'Қарасу ауылы, Абай көшесі, 12',
    },
    child: { iin: iinFor(birthDateAged(2, 60), 'male', 8600), lastName: 'Жақыпов', firstName: 'Нұрасыл' },
    kindergartens: ['1'],
    documents: ['application', 'applicantId'],
    consent: true,
  });
  await page.getByTestId('refuse-to-accept').click();
  const confirm = page.getByTestId('refuse-confirm-dialog');
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText(ui('kk', 'intake.refuseConfirmTitle'));
  await expect(confirm.getByTestId('refuse-confirm-name')).toContainText('Жақыпов Ерлан');
  await expect(confirm.getByTestId('refuse-confirm-name')).toContainText('Жақыпов Нұрасыл');
  await expect(confirm.getByTestId('refuse-confirm-missing').locator('li')).toHaveText([
    DOC.birthCertificate,
    DOC.addressCertificate,
  ]);
  await confirm.getByTestId('refuse-confirm-cancel').click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('refusal-dialog')).toBeHidden();
  await expect(page.getByTestId('applicant-last-name')).toHaveValue('Жақыпов');

  await page.getByTestId('refuse-to-accept').click();
  await confirm.getByTestId('refuse-confirm').click();
  const done = page.getByTestId('refusal-dialog');
  await expect(done).toBeVisible();
  const undo = done.getByTestId('refusal-undo');
  await expect(undo).toBeVisible();
  await expect(undo).toHaveText(/\(\d{1,2} с\)$/);
  await undo.click();
  await expect(done).toBeHidden();
  await expect(page.getByTestId('refusal-withdrawn')).toContainText(ui('kk', 'intake.refusalWithdrawnTitle'));
  // The typed form is back, to finish once the documents are brought.
  await expect(page.getByTestId('applicant-last-name')).toHaveValue('Жақыпов');

  await page.getByTestId('nav-refusals').click();
  const rows = page.getByTestId('refusal-row');
  await expect(rows).toHaveCount(before + 1);
  const row = rows.filter({ hasText: 'Жақыпов Ерлан' });
  await expect(row).toHaveCount(1);
  await expect(row).toHaveAttribute('data-withdrawn', 'true');
  await expect(row.getByTestId('refusal-withdrawn-mark')).toContainText(
    ui('kk', 'refusals.withdrawn', { at: '', who: '' }).split(':')[0],
  );
  await expect(row).toContainText(`${DOC.birthCertificate}; ${DOC.addressCertificate}`);
});
