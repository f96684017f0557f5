/**
 * Issue #16 items 2 and 7 on one shared laptop: colleagues set their own PIN at
 * their first sign-in and then hand an application over in two clicks and a
 * PIN (sign out, their name, their PIN); too many wrong PINs and only the
 * password lets that person in; the language follows the person, not the
 * laptop: after the clerk switches to Russian, the head still gets Kazakh.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  fillIntake,
  iinFor,
  openApplication,
  openDesk,
  openIntake,
  register,
  resolveTo,
  setupDemo,
  signIn,
  signOut,
} from './helpers/desk';
import { err, ui } from './helpers/locales';

test.describe.configure({ mode: 'serial' });

const CLERK = 'Жұмабаева Әйгерім Нұрланқызы';
const HEAD = 'Сәрсенбаев Ғалым Өтегенұлы';
const EXECUTOR = 'Төлеуова Құралай Серікқызы';
const PINS: Record<string, string> = { [CLERK]: '2580', [HEAD]: '7391' };

let context: BrowserContext;
let page: Page;
let appId = '';

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  ({ context, page } = await openDesk(browser, testInfo));
  await setupDemo(page);
});

test.afterAll(async () => {
  await context?.close();
});

/** Two clicks and a PIN: sign out, the colleague's name, their PIN (Enter). */
async function handOver(to: string, pin = PINS[to]): Promise<void> {
  await signOut(page);
  await page.getByTestId('quick-person').filter({ hasText: to }).click();
  await page.getByTestId('quick-pin').fill(pin);
  await page.getByTestId('quick-pin').press('Enter');
  await expect(page.getByTestId('header-user')).toContainText(to);
}

async function setOwnPin(pin: string): Promise<void> {
  const offer = page.getByTestId('pin-offer');
  await expect(offer).toBeVisible();
  await offer.getByTestId('pin-offer-pin').fill(pin);
  await offer.getByTestId('pin-offer-save').click();
  await expect(offer).toHaveCount(0);
}

test('each sets a PIN at the first sign-in; the clerk registers and hands over to the head with a PIN', async () => {
  await signIn(page, 'clerk');
  await setOwnPin(PINS[CLERK]);
  await signOut(page);
  // Only people with a PIN here are offered.
  await expect(page.getByTestId('quick-person-name')).toHaveText([CLERK]);
  await signIn(page, 'head');
  await setOwnPin(PINS[HEAD]);

  // What waits for each colleague shows beside their name (the demo office's head has work waiting).
  const headWaiting = async () =>
    Number(
      (await page.getByTestId('quick-person').filter({ hasText: HEAD }).getByTestId('quick-waiting').textContent()) ??
        0,
    );
  await signOut(page);
  const before = await headWaiting();
  expect(before).toBeGreaterThan(0);
  await signIn(page, 'head');
  await handOver(CLERK);
  // Set once: not offered again.
  await expect(page.getByTestId('pin-offer')).toHaveCount(0);
  await openIntake(page);
  await fillIntake(page, {
    applicant: {
      iin: iinFor('1986-03-14', 'female', 9120),
      lastName: 'Бекмұратова',
      firstName: 'Гүлжан',
      phone: '+7 701 222 33 44',
      address: 'Қарасу ауылы, Абай көшесі, 3',
    },
    child: { iin: iinFor(birthDateAged(3, 40), 'male', 9130), lastName: 'Бекмұратов', firstName: 'Нұрсұлтан' },
    kindergartens: ['2'],
    documents: ALL_DOCUMENTS,
    consent: true,
  });
  ({ id: appId } = await register(page));
  // The new application waits for the head: one more beside their name.
  await signOut(page);
  await expect.poll(headWaiting).toBe(before + 1);
  await signIn(page, 'clerk');

  await handOver(HEAD);
  await openApplication(page, appId);
  await resolveTo(page, EXECUTOR);
});

test('wrong PINs: refused, then only the password lets that person in', async () => {
  await signOut(page);
  await page.getByTestId('quick-person').filter({ hasText: CLERK }).click();
  for (let i = 1; i <= 5; i++) {
    await page.getByTestId('quick-pin').fill('0000');
    await page.getByTestId('quick-pin').press('Enter');
    const code = i < 5 ? 'auth.badCredentials' : 'pin.usePassword';
    await expect(page.getByTestId('quick-error')).toContainText(err('kk', code));
  }
  // Off the list until the password is used.
  await expect(page.getByTestId('quick-person-name')).toHaveText([HEAD]);
  await signIn(page, 'clerk');
  await signOut(page);
  await expect(page.getByTestId('quick-person-name')).toHaveText([CLERK, HEAD]);
});

test('the language follows the person: the clerk’s Russian is not the head’s', async () => {
  const html = page.locator('html');
  await page.getByTestId('quick-person').filter({ hasText: CLERK }).click();
  await page.getByTestId('quick-pin').fill(PINS[CLERK]);
  await page.getByTestId('quick-pin').press('Enter');
  await expect(page.getByTestId('header-user')).toContainText(CLERK);
  await page.getByTestId('lang-ru').click();
  await expect(html).toHaveAttribute('lang', 'ru');

  await signOut(page);
  // The sign-in form is the laptop's language, not the clerk's.
  await expect(html).toHaveAttribute('lang', 'kk');
  await expect(page.getByTestId('signin-submit')).toHaveText(ui('kk', 'signIn.submit'));
  await page.getByTestId('quick-person').filter({ hasText: HEAD }).click();
  await page.getByTestId('quick-pin').fill(PINS[HEAD]);
  await page.getByTestId('quick-pin').press('Enter');
  await expect(page.getByTestId('header-user')).toContainText(HEAD);
  await expect(html).toHaveAttribute('lang', 'kk');

  await handOver(CLERK);
  await expect(html).toHaveAttribute('lang', 'ru');
  await expect(page.getByTestId('sign-out')).toHaveText(ui('ru', 'header.signOut'));
});
