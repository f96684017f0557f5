/**
 * The visits screen of a mobile centre offers the settlements the centre
 * already knows (issue #14): those its visits and its mobile-channel
 * applications were in, each once, while a new name can still be typed.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { ALL_DOCUMENTS, fillIntake, iinFor, openDesk, openIntake, setupDemo, signIn, switchUser } from './helpers/desk';

test.describe.configure({ mode: 'serial' });

let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  ({ context, page } = await openDesk(browser, testInfo));
  await setupDemo(page);
});

test.afterAll(async () => {
  await context?.close();
});

const offered = () =>
  page
    .getByTestId('visit-settlements')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

test('offers the settlements of its visits and applications, and takes a new one typed', async () => {
  await signIn(page, 'head');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('office-edit').click();
  await page.getByTestId('office-type').selectOption('mobileCentre');
  await page.getByTestId('office-save').click();
  await expect(page.getByTestId('office-save')).toHaveCount(0);

  // A first stay: nothing known yet, the name is typed.
  await switchUser(page, 'clerk');
  await page.getByTestId('nav-visits').click();
  await expect(page.getByTestId('visit-settlement')).toHaveAttribute('list', 'visit-settlements');
  expect(await offered()).toEqual([]);
  await page.getByTestId('visit-settlement').fill('Қоянды ауылы');
  await page.getByTestId('visit-start').click();
  await expect(page.getByTestId('visit-current-settlement')).toHaveText('Қоянды ауылы');
  await page.getByTestId('visit-end').click();
  await expect(page.getByTestId('visit-settlement')).toBeVisible();

  // An application taken in another settlement by the mobile channel, outside a visit.
  await openIntake(page);
  await page.getByTestId('intake-channel').selectOption('mobile');
  await page.getByTestId('intake-settlement').fill('Жаңатұрмыс');
  await fillIntake(page, {
    applicant: {
      iin: iinFor('1991-02-03', 'female', 8100),
      lastName: 'Сейітова',
      firstName: 'Гүлнұр',
      phone: '+7 701 333 44 55',
      address: 'Жаңатұрмыс ауылы, Абай көшесі, 3',
    },
    child: { iin: iinFor('2023-02-10', 'male', 8200), lastName: 'Сейітов', firstName: 'Әлихан' },
    kindergartens: ['2'],
    documents: ALL_DOCUMENTS,
    consent: true,
  });
  await page.getByTestId('register').click();
  await expect(page.getByTestId('application-page')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('app-settlement')).toHaveText('Жаңатұрмыс');

  // Both are offered, each once; a new one is still taken as typed.
  await page.getByTestId('nav-visits').click();
  await expect(page.getByTestId('visit-settlement')).toBeVisible();
  expect((await offered()).sort()).toEqual(['Жаңатұрмыс', 'Қоянды ауылы'].sort());
  await page.getByTestId('visit-settlement').fill('Ақсу ауылы');
  await page.getByTestId('visit-start').click();
  await expect(page.getByTestId('visit-current-settlement')).toHaveText('Ақсу ауылы');
});
