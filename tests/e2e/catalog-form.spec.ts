/**
 * The head of a standalone demo office changes the preschool queue through
 * the catalog form, not JSON (issue #16 item 8): a blank term is named next
 * to its field in Kazakh and nothing is saved; then a seven-working-day term
 * and the address certificate made optional are saved, the JSON view shows the
 * same entry, and the clerk's intake marks the certificate optional, takes the
 * application without it and counts the new term.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { computeDue, fromLocal } from '../../shared';
import {
  birthDateAged,
  fillIntake,
  iinFor,
  openDesk,
  openIntake,
  register,
  setupDemo,
  signIn,
  switchUser,
  tableDate,
} from './helpers/desk';
import { err, ui } from './helpers/locales';

test.describe.configure({ mode: 'serial' });

const CODE = 'preschool-queue';
const DOC = 'addressCertificate';
const CHILD_IIN = iinFor(birthDateAged(3, 40), 'male', 9400);
const MOTHER_IIN = iinFor('1991-04-04', 'female', 9500);

let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  ({ context, page } = await openDesk(browser, testInfo));
  await setupDemo(page);
});
test.afterAll(async () => {
  await context?.close();
});

/** DD.MM.YYYY HH:MM as the application page shows it, back to an instant. */
const instantOf = (shown: string) => {
  const [d, time] = shown.trim().split(' ');
  return fromLocal(`${d.slice(6)}-${d.slice(3, 5)}-${d.slice(0, 2)}`, time);
};

test('the head changes a term and a document through the form; intake follows', async () => {
  test.setTimeout(150_000);
  // As shipped the certificate is required.
  await signIn(page, 'clerk');
  await openIntake(page);
  await expect(page.getByTestId(`doc-mark-${DOC}`)).toHaveText(ui('kk', 'doc.required'));

  await switchUser(page, 'head');
  await page.getByTestId('nav-settings').click();
  const section = page.getByTestId('settings-catalog');
  await expect(section).toHaveAttribute('data-managed-by', 'office');
  const row = section.locator(`[data-testid="catalog-row"][data-code="${CODE}"]`);
  await row.getByTestId('catalog-edit').click();

  // The form is what opens; the JSON stays behind a toggle.
  const formEl = section.getByTestId('catalog-form');
  await expect(formEl).toBeVisible();
  await expect(section.getByTestId('catalog-json')).toHaveCount(0);
  const value = formEl.getByTestId('cf-term.value');
  await expect(value).toHaveValue('3');
  await expect(formEl.getByTestId('cf-term.unit')).toHaveValue('workingDays');
  const docRow = formEl.locator(`[data-testid="cf-document"][data-code="${DOC}"]`);
  const requirement = docRow.locator('select[data-testid$=".requirement"]');
  await expect(requirement).toHaveValue('always');

  // A blank term: the shared check's problem, in Kazakh, under the field; nothing saved.
  await value.fill('');
  await section.getByTestId('catalog-save').click();
  await expect(formEl.locator('[data-testid="catalog-field-error"][data-field="term.value"]')).toHaveText(
    err('kk', 'catalog.schema.required'),
  );
  await expect(section.getByTestId('catalog-saved')).toHaveCount(0);
  await expect(row).toHaveAttribute('data-origin', 'builtIn');

  await value.fill('7');
  await requirement.selectOption('optional');
  await section.getByTestId('catalog-save').click();
  await expect(section.getByTestId('catalog-saved')).toHaveText(ui('kk', 'settings.catalogSaved', { code: CODE }));
  await expect(section.getByTestId('catalog-field-error')).toHaveCount(0);
  await expect(row).toHaveAttribute('data-origin', 'overridden');
  await expect(row).toContainText(ui('kk', 'catalogEditor.unit.workingDays', { n: 7 }));

  // The JSON view shows the entry the form made: the same change as typing it there.
  await section.getByTestId('catalog-mode-json').click();
  const entry = JSON.parse(await section.getByTestId('catalog-json').inputValue()) as {
    term: { value: number; unit: string };
    documents: Array<{ code: string; requirement: string }>;
  };
  expect(entry.term).toMatchObject({ unit: 'workingDays', value: 7 });
  expect(entry.documents.find((d) => d.code === DOC)?.requirement).toBe('optional');
  // ... and back to the form, untouched.
  await section.getByTestId('catalog-mode-form').click();
  await expect(formEl.getByTestId('cf-term.value')).toHaveValue('7');

  // The clerk's intake: the certificate is optional, the application goes in without it, due in seven working days.
  await switchUser(page, 'clerk');
  await openIntake(page);
  await expect(page.getByTestId(`doc-mark-${DOC}`)).toHaveText(ui('kk', 'doc.optional'));
  await fillIntake(page, {
    applicant: {
      iin: MOTHER_IIN,
      lastName: 'Нұрланова',
      firstName: 'Айгүл',
      middleName: 'Болатқызы',
      phone: '+7 705 333 44 55',
      address: 'Қарасу ауылы, Абай көшесі, 21',
    },
    child: { iin: CHILD_IIN, lastName: 'Нұрланов', firstName: 'Әлихан', middleName: 'Серікұлы' },
    kindergartens: ['1'],
    documents: ['application', 'applicantId', 'birthCertificate'],
    consent: true,
  });
  await register(page);
  const accepted = instantOf(await page.getByTestId('app-registered').innerText());
  const term = { unit: 'workingDays' as const, value: 7, acceptanceDayCounts: false };
  const seven = computeDue(accepted, term);
  expect(seven.dueDate).not.toBe(computeDue(accepted, { ...term, value: 3 }).dueDate);
  await expect(page.getByTestId('app-due')).toContainText(`${tableDate(seven.dueDate)} ${seven.dueTime}`);
});
