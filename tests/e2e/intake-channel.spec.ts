/**
 * How an application came and when its applicant arrived (issue #14), on the
 * intake form and the application page, with the page clock fixed: a village
 * akimat's application through the State Corporation with its arrival and
 * ticket (an arrival after the acceptance refused by its field), and a mobile
 * centre in a settlement taking applications there by default.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { fromLocal } from '../../shared';
import { ALL_DOCUMENTS, fillIntake, iinFor, openDesk, openIntake, setupDemo, signIn, switchUser } from './helpers/desk';
import { err, ui } from './helpers/locales';

test.describe.configure({ mode: 'serial' });

// Wednesday 6 May 2026, 10:00 in the office.
const T0 = fromLocal('2026-05-06', '10:00');

let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  ({ context, page } = await openDesk(browser, testInfo));
  await page.clock.setFixedTime(new Date(T0));
  await setupDemo(page);
});

test.afterAll(async () => {
  await context?.close();
});

async function fill(serial: number) {
  await fillIntake(page, {
    applicant: {
      iin: iinFor('1990-04-12', 'female', 9100 + serial),
      lastName: 'Жақыпова',
      firstName: 'Әсел',
      phone: '+7 701 222 33 44',
      address: 'Қарасу ауылы, Абай көшесі, 9',
    },
    child: { iin: iinFor('2023-01-10', 'male', 9200 + serial), lastName: 'Жақыпов', firstName: 'Нұрлан' },
    kindergartens: ['2'],
    documents: ALL_DOCUMENTS,
    consent: true,
  });
}

const channels = () =>
  page
    .getByTestId('intake-channel')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

test('a village akimat: at its counter by default; through the State Corporation with the arrival and ticket', async () => {
  await signIn(page, 'clerk');
  await openIntake(page);
  await expect(page.getByTestId('intake-channel')).toHaveValue('office');
  // Only a mobile centre works by the mobile channel.
  expect(await channels()).toEqual(['office', 'stateCorporation', 'portal']);
  await expect(page.getByTestId('intake-settlement')).toHaveCount(0);
  // Nobody arrives through the portal: no arrival, no ticket.
  await page.getByTestId('intake-channel').selectOption('portal');
  await expect(page.getByTestId('intake-arrival-time')).toHaveCount(0);
  await expect(page.getByTestId('intake-ticket-no')).toHaveCount(0);

  await page.getByTestId('intake-channel').selectOption('stateCorporation');
  await fill(1);
  await page.getByTestId('intake-arrival-time').fill('10:30');
  await page.getByTestId('register').click();
  await expect(page.getByTestId('error-arrivalAt')).toHaveText(err('kk', 'arrival.afterAcceptance'));
  await expect(page.getByTestId('application-page')).toHaveCount(0);

  await page.getByTestId('intake-arrival-time').fill('09:20');
  await expect(page.getByTestId('error-arrivalAt')).toHaveCount(0);
  await page.getByTestId('intake-ticket-no').fill('Б-12');
  await page.getByTestId('register').click();
  await expect(page.getByTestId('application-page')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('app-channel')).toHaveAttribute('data-channel', 'stateCorporation');
  await expect(page.getByTestId('app-channel')).toHaveText(ui('kk', 'intake.channel.stateCorporation'));
  await expect(page.getByTestId('app-waited')).toHaveAttribute('data-minutes', '40');
  await expect(page.getByTestId('app-ticket-no')).toContainText('Б-12');
  await expect(page.getByTestId('app-settlement')).toHaveCount(0);
});

test('a mobile centre in a settlement takes applications there unless the clerk says otherwise', async () => {
  await switchUser(page, 'head');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('office-edit').click();
  await page.getByTestId('office-type').selectOption('mobileCentre');
  await page.getByTestId('office-save').click();
  await expect(page.getByTestId('office-save')).toHaveCount(0);
  // The header names the laptop's own office, not the department its papers go out under (#16 item 6).
  await expect(page.getByTestId('header-office')).toContainText('Қарасу');
  await expect(page.getByTestId('header-office')).not.toContainText('білім бөлімі');

  await switchUser(page, 'clerk');
  await page.getByTestId('nav-visits').click();
  await page.getByTestId('visit-settlement').fill('Қоянды ауылы');
  await page.getByTestId('visit-start').click();
  await expect(page.getByTestId('visit-current-settlement')).toHaveText('Қоянды ауылы');

  await openIntake(page);
  await expect(page.getByTestId('intake-channel')).toHaveValue('mobile');
  await expect(page.getByTestId('intake-settlement')).toHaveValue('Қоянды ауылы');
  expect(await channels()).toEqual(['office', 'mobile', 'stateCorporation', 'portal']);
  await fill(2);
  await page.getByTestId('register').click();
  await expect(page.getByTestId('application-page')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('app-channel')).toHaveAttribute('data-channel', 'mobile');
  await expect(page.getByTestId('app-settlement')).toHaveText('Қоянды ауылы');
  await expect(page.getByTestId('app-waited')).toHaveCount(0);

  // The settlement is asked of the mobile channel: emptied, the registration is refused by its field.
  await openIntake(page);
  await page.getByTestId('intake-settlement').fill('');
  await fill(3);
  await page.getByTestId('register').click();
  await expect(page.getByTestId('error-settlement')).toHaveText(err('kk', 'channel.settlementRequired'));
});
