/**
 * Personal data protection on one demo office: what a child's registration
 * leaves in IndexedDB when read past the app (no IIN, name, phone or address
 * in plaintext) while search still finds the child; the idle lock and the
 * lock after a reload; a clerk offered no head's signature; and an encrypted
 * backup restored into a fresh browser profile.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { searchFold } from '../../shared';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  decide,
  DEMO_PASSWORD,
  fillIntake,
  iinFor,
  openApplication,
  openDesk,
  openIntake,
  register,
  resolveTo,
  searchFor,
  setupDemo,
  sign,
  signIn,
  switchUser,
} from './helpers/desk';
import { err, ui } from './helpers/locales';
import { dumpIndexedDb } from './helpers/sync';

test.describe.configure({ mode: 'serial' });

const CLERK = 'Жұмабаева Әйгерім Нұрланқызы';
const HEAD = 'Сәрсенбаев Ғалым Өтегенұлы';
const EXECUTOR = 'Төлеуова Құралай Серікқызы';
const IDLE_KEY = 'akimat-desk.idleLockSeconds';

const CHILD_IIN = iinFor(birthDateAged(2, 120), 'female', 9600);
const APPLICANT_IIN = iinFor('1988-11-23', 'male', 9700);
const CHILD = { lastName: 'Сұлтанғазиева', firstName: 'Әсемгүл', middleName: 'Жандосқызы' };
const APPLICANT = { lastName: 'Сұлтанғазиев', firstName: 'Жандос', middleName: 'Мұратұлы' };
const PHONE = '+7 705 918 27 36';
const ADDRESS = 'Қарасу ауылы, Көкжиек көшесі, 47';

let context: BrowserContext;
let page: Page;
let appId = '';
let journalNo = '';
let backupPath = '';

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(150_000);
  ({ context, page } = await openDesk(browser, testInfo));
  await setupDemo(page);
  await signIn(page, 'clerk');
});

test.afterAll(async () => {
  await context?.close();
});

/** Every form a name or number could take in storage: as typed, lower case, folded for search, digits only. */
function secrets(): string[] {
  const words = [...Object.values(CHILD), ...Object.values(APPLICANT)];
  const out = new Set<string>([
    CHILD_IIN,
    APPLICANT_IIN,
    PHONE,
    PHONE.replace(/\D/g, ''),
    PHONE.replace(/\D/g, '').slice(1),
    '918 27 36',
    '9182736',
    'Көкжиек',
  ]);
  for (const w of words) {
    out.add(w);
    out.add(w.toLowerCase());
    out.add(searchFold(w));
  }
  // Six-letter stems too, in case prefixes for search were kept in the clear (short enough to be any index key, long enough not to be a staff name).
  for (const w of [CHILD.lastName, CHILD.firstName]) {
    out.add(w.toLowerCase().slice(0, 6));
    out.add(searchFold(w).slice(0, 6));
  }
  return [...out];
}

test('IndexedDB read past the app holds no IIN, name, phone or address; search still finds the child', async () => {
  await openIntake(page);
  await fillIntake(page, {
    applicant: { iin: APPLICANT_IIN, ...APPLICANT, phone: PHONE, address: ADDRESS },
    child: { iin: CHILD_IIN, ...CHILD },
    kindergartens: ['1'],
    documents: ALL_DOCUMENTS,
    consent: true,
  });
  ({ id: appId, journalNo } = await register(page));
  await expect(page.getByTestId('app-child')).toContainText(`${CHILD.lastName} ${CHILD.firstName} ${CHILD.middleName}`);
  await expect(page.getByTestId('app-applicant')).toContainText(PHONE);

  const dump = await dumpIndexedDb(page);
  // The dump really holds the office's records: the new application's row (id and clear journal number) and the demo's forty.
  expect(dump.stores['akimat-desk/applications']).toBeGreaterThanOrEqual(41);
  expect(dump.text).toContain(appId);
  expect(dump.text).toContain(journalNo);
  // A control from the same dump: staff names are not citizens' data and are kept readable, so the reader does see text.
  expect(dump.text).toContain(CLERK);
  for (const s of secrets()) expect(dump.text.includes(s), `"${s}" in IndexedDB`).toBe(false);
  // Nor in the page's other storage.
  const web = await page.evaluate(() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)]));
  for (const s of secrets()) expect(web.includes(s), `"${s}" in local/session storage`).toBe(false);

  // The app still finds the child: by either IIN, and by a name prefix.
  for (const q of [CHILD_IIN, APPLICANT_IIN, CHILD.lastName.slice(0, 7), CHILD.firstName.toLowerCase()]) {
    const rows = await searchFor(page, q);
    await expect(rows.and(page.locator(`[data-id="${appId}"]`)), `search "${q}"`).toHaveCount(1);
  }
  await expect(await searchFor(page, iinFor(birthDateAged(2, 121), 'male', 9800))).toHaveCount(0);
});

test('the idle lock engages, refuses a wrong password, unlocks; a reload lands on the lock screen again', async () => {
  test.setTimeout(90_000);
  await page.evaluate((k) => localStorage.setItem(k, '6'), IDLE_KEY);
  // The override is read at sign-in.
  await switchUser(page, 'clerk');
  await openApplication(page, appId);
  await expect(page.getByTestId('app-child')).toContainText(CHILD.lastName);

  const lock = page.getByTestId('lock-screen');
  await expect(lock).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('lock-user')).toHaveText(CLERK);
  // Locked: the record is gone from the screen along with the header.
  await expect(page.getByTestId('application-page')).toHaveCount(0);
  await expect(page.getByTestId('header-user')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(CHILD.lastName);

  await page.getByTestId('lock-secret').fill('wrong-password');
  await page.getByTestId('lock-submit').click();
  await expect(page.getByTestId('lock-error')).toHaveAttribute('data-code', 'auth.badCredentials');
  await expect(page.getByTestId('lock-error')).toContainText(err('kk', 'auth.badCredentials'));
  await expect(lock).toBeVisible();

  // Back to the office's own idle time before unlocking (the override is read at unlock too), so the next lock is the reload's.
  await page.evaluate((k) => localStorage.removeItem(k), IDLE_KEY);
  await page.getByTestId('lock-secret').fill(DEMO_PASSWORD);
  await page.getByTestId('lock-submit').click();
  await expect(page.getByTestId('header-user')).toContainText(CLERK);
  await expect(page.getByTestId('application-page')).toHaveAttribute('data-id', appId);
  await expect(page.getByTestId('app-child')).toContainText(CHILD.lastName);

  await page.reload();
  await expect(lock).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('lock-user')).toHaveText(CLERK);
  await expect(page.getByTestId('sign-in-form')).toHaveCount(0);
  await page.getByTestId('lock-secret').fill(DEMO_PASSWORD);
  await page.getByTestId('lock-submit').click();
  await expect(page.getByTestId('header-user')).toContainText(CLERK);
  await expect(page.getByTestId('application-page')).toHaveAttribute('data-id', appId);
  await expect(page.getByTestId('app-child')).toContainText(CHILD.lastName);
});

test('a clerk is offered no signature on a decided application; the head signs it', async () => {
  await switchUser(page, 'head');
  await openApplication(page, appId);
  await resolveTo(page, EXECUTOR);
  await switchUser(page, 'executor');
  await openApplication(page, appId);
  await decide(page, 'notification');

  await switchUser(page, 'clerk');
  await openApplication(page, appId);
  await expect(page.getByTestId('status-badge').first()).toHaveAttribute('data-status', 'decided');
  await expect(page.getByTestId('action-sign')).toHaveCount(0);
  await expect(page.getByTestId('action-waiting')).toContainText(
    ui('kk', 'action.waitingFor', { step: ui('kk', 'step.signature'), role: ui('kk', 'role.head') }),
  );
  await expect(page.getByTestId('action-waiting')).toContainText(err('kk', 'workflow.wrongRole'));
  await expect(page.getByTestId('step-signature')).toHaveAttribute('data-done', 'false');

  await switchUser(page, 'head');
  await openApplication(page, appId);
  await sign(page);
  await expect(page.getByTestId('step-signature')).toContainText(HEAD);
});

test('an encrypted backup made by the head restores into a fresh profile, and search finds the child there', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  await page.getByTestId('nav-settings').click();
  const section = page.getByTestId('backup-section');
  await expect(section).toBeVisible();
  const password = 'Қорғау-2025!';
  await page.getByTestId('backup-password').fill(password);
  await page.getByTestId('backup-confirm').fill(password);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByTestId('backup-create').click(),
  ]);
  expect(await download.failure()).toBeNull();
  expect(download.suggestedFilename()).toMatch(/\.akimatbackup$/);
  backupPath = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(backupPath);
  await expect(page.getByTestId('backup-done')).toBeVisible();
  // The file is encrypted as a whole: nothing personal, not even the staff list, reads from it.
  const bytes = (await readFile(backupPath)).toString('utf8');
  for (const s of [CHILD_IIN, APPLICANT_IIN, CHILD.lastName, searchFold(CHILD.lastName), CLERK])
    expect(bytes.includes(s), `"${s}" in the backup file`).toBe(false);

  const fresh = await openDesk(browser, testInfo);
  try {
    const p = fresh.page;
    await p.goto('/');
    await expect(p.getByTestId('first-run')).toBeVisible();
    const restore = p.getByTestId('restore-option');
    await restore.getByTestId('restore-file').setInputFiles(backupPath);
    await restore.getByTestId('restore-password').fill('not-the-password');
    await restore.getByTestId('restore-submit').click();
    await expect(restore.getByTestId('restore-error')).toHaveAttribute('data-code', 'backup.badPassword', {
      timeout: 30_000,
    });

    await restore.getByTestId('restore-password').fill(password);
    await restore.getByTestId('restore-submit').click();
    await expect(p.getByTestId('restore-done')).toBeVisible({ timeout: 60_000 });
    await p.getByTestId('restore-continue').click();
    await signIn(p, 'clerk');
    await expect(p.getByTestId('header-user')).toContainText(CLERK);

    const rows = await searchFor(p, CHILD_IIN);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-id', appId);
    await rows.first().getByTestId('app-link').click();
    await expect(p.getByTestId('application-page')).toHaveAttribute('data-id', appId);
    await expect(p.getByTestId('app-journal-no')).toHaveText(journalNo);
    await expect(p.getByTestId('app-child')).toContainText(`${CHILD.lastName} ${CHILD.firstName} ${CHILD.middleName}`);
    await expect(p.getByTestId('step-signature')).toContainText(HEAD);
  } finally {
    await fresh.context.close();
  }
});
