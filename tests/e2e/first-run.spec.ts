/**
 * Scenario 1: a new computer. The demo office is created from the first-run
 * screen, its logins are shown once, and the clerk signs in with them (a
 * wrong password is refused first). The enrolment card guesses no address,
 * takes address and code from the code sheet's line, and tells a wrong
 * address from a missing network (#16 item 9).
 */
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, reloadAndUnlock, setupDemo, signIn } from './helpers/desk';
import { err, ui } from './helpers/locales';

test('first run: demo office, its logins, sign-in as clerk', async ({ page }) => {
  const logins = await setupDemo(page);
  expect(logins).toEqual([
    { login: 'clerk', password: DEMO_PASSWORD, roles: ui('kk', 'role.clerk') },
    { login: 'head', password: DEMO_PASSWORD, roles: ui('kk', 'role.head') },
    { login: 'executor', password: DEMO_PASSWORD, roles: ui('kk', 'role.executor') },
    { login: 'olga', password: DEMO_PASSWORD, roles: `${ui('kk', 'role.clerk')}, ${ui('kk', 'role.executor')}` },
  ]);
  // "Continue" pre-fills the first login.
  await expect(page.getByTestId('signin-login')).toHaveValue('clerk');

  await page.getByTestId('signin-password').fill('not-the-password');
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('signin-error')).toContainText(err('kk', 'auth.badCredentials'));
  await expect(page.getByTestId('header-user')).toHaveCount(0);

  await signIn(page, 'clerk', logins[0].password);
  await expect(page.getByTestId('header-user')).toContainText('Жұмабаева Әйгерім Нұрланқызы');
  await expect(page.getByTestId('header-user')).toContainText(ui('kk', 'role.clerk'));
  await expect(page.getByTestId('header-office')).toContainText('Қарасу ауылдық округі әкімінің аппараты');
  await expect(page.getByTestId('desk-home')).toBeVisible();
  // The demo office comes with its history: forty applications, some waiting in the queue.
  await expect(page.getByTestId('stat-waiting').locator('.tile-value')).not.toHaveText('0');
  await expect(page.getByTestId('pending-clerk')).toBeVisible();

  // The office is set up for good: a reload never shows the first-run screen again.
  await reloadAndUnlock(page, 'Жұмабаева Әйгерім Нұрланқызы');
  await expect(page.getByTestId('first-run')).toHaveCount(0);
  await expect(page.getByTestId('header-user')).toContainText('Жұмабаева Әйгерім Нұрланқызы');
  await expect(page.getByTestId('stat-waiting').locator('.tile-value')).not.toHaveText('0');
});

test('enrolment: no guessed address; the code sheet line fills address and code; a wrong address is told from no network', async ({
  page,
}) => {
  await page.goto('/');
  const form = page.getByTestId('enrol-form');
  await expect(form).toBeVisible();
  // No address proposed (it used to be 127.0.0.1:8787, right for nobody).
  await expect(form.getByTestId('enrol-url')).toHaveValue('');
  // The line printed under the sheet's QR code: address and code in one.
  await form.getByTestId('enrol-url').fill('http://127.0.0.1:9/#enrol=ABCD-EFGH-JKMN');
  await expect(form.getByTestId('enrol-url')).toHaveValue('http://127.0.0.1:9');
  await expect(form.getByTestId('enrol-code')).toHaveValue('ABCD-EFGH-JKMN');
  await expect(form.getByTestId('enrol-from-sheet')).toHaveText(ui('kk', 'enrol.fromSheet'));
  // Nothing listens on port 9 and the network is up: the address is wrong, not the link.
  await form.getByTestId('enrol-submit').click();
  await expect(form.getByTestId('enrol-error')).toContainText(err('kk', 'enrol.unreachable'), { timeout: 30_000 });
});
