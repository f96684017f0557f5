/**
 * Issue #16 item 12 in Chromium against a real district server: on an enrolled
 * laptop, after a reload, a colleague who has never signed in there signs in
 * with nobody else present: an account the laptop brought at enrolment, and one
 * the district made afterwards (with a one-time password) that came by sync.
 * Before the fix both were refused with "Бұл компьютерде сізге арналған
 * деректер кілті әлі жоқ…" (vault.noKey). The unit proofs of the key wrapping
 * are tests/unit/staff-keys.test.ts.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { signIn, signOut } from './helpers/desk';
import { err } from './helpers/locales';
import { createStaff, demoOffice, enrolDesk, startDistrict, syncNow, type District } from './helpers/sync';

const NEWCOMER = { fullName: 'Жаңа Келген Қызметкер', login: 'newcomer', roles: ['executor'] };
const OWN = 'жаңа-құпиясөз-2026';

let server: District;
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  server = await startDistrict();
  ({ context, page } = await enrolDesk(
    browser,
    testInfo,
    server.url,
    demoOffice(server, 'karasu').code,
    'Қарасу, ортақ',
  ));
});

test.afterAll(async () => {
  await context?.close();
  await server?.close();
});

/** After a reload the laptop holds no key in memory: only what rests on it (sealed) and the person's password. */
async function reloadToSignIn(): Promise<void> {
  await page.reload();
  await expect(page.getByTestId('sign-in-form')).toBeVisible({ timeout: 20_000 });
}

test('colleagues who never signed in on this laptop sign in after a reload, nobody else present', async () => {
  // The clerk's first sign-in makes the laptop's data key.
  await signIn(page, 'clerk');
  await signOut(page);
  await reloadToSignIn();

  // The head came with the enrolment and has never signed in here.
  await signIn(page, 'head');
  await expect(page.getByText(err('kk', 'vault.noKey'))).toHaveCount(0);

  // The district makes an account after the laptop enrolled; it arrives with a sync.
  const otp = await createStaff(server, { officeId: demoOffice(server, 'karasu').officeId, ...NEWCOMER });
  await syncNow(page);
  await signOut(page);
  await reloadToSignIn();

  await page.getByTestId('signin-login').fill(NEWCOMER.login);
  await page.getByTestId('signin-password').fill(otp);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('change-password-form')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('change-password-next').fill(OWN);
  await page.getByTestId('change-password-repeat').fill(OWN);
  await page.getByTestId('change-password-submit').click();
  await expect(page.getByTestId('header-user')).toContainText(NEWCOMER.fullName);

  // Their new password opens the laptop after a reload too.
  await signOut(page);
  await reloadToSignIn();
  await signIn(page, NEWCOMER.login, OWN);
});
