/**
 * Scenario 1: a new computer. The demo office is created from the first-run
 * screen, its logins are shown once, and the clerk signs in with them (a
 * wrong password is refused first).
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
