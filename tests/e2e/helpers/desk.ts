/**
 * What the end-to-end specs do again and again in the real UI: a demo office,
 * signing in and out, the intake form, saving a form as PDF and reading it.
 * Everything goes through the screens and their data-testid attributes; the
 * only thing computed here is test data (IINs, expected dates).
 */
import { readFile } from 'node:fs/promises';
import {
  expect,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test';
import { formatKkDate, makeIin, localParts, shiftIsoDate, type KkDateForm, type Sex } from '../../../shared';
import { pdfPages, squash } from '../../helpers/pdf';

export const DEMO_PASSWORD = 'demo12345';

/** A context of its own per spec file (fresh IndexedDB and service worker), with the project's base URL. */
export async function openDesk(
  browser: Browser,
  testInfo: TestInfo,
  extra: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL,
    acceptDownloads: true,
    locale: 'kk-KZ',
    ...extra,
  });
  const page = await context.newPage();
  return { context, page };
}

// ---- dates and IINs ------------------------------------------------------

/** Today in the office (UTC+5), as the app computes it. */
export const officeToday = (): string => localParts(new Date().toISOString()).date;

/** A birth date `years` whole years and `days` more before today (office time). */
export function birthDateAged(years: number, days: number): string {
  const today = officeToday();
  const [y, m, d] = today.split('-').map(Number);
  const anniversary = `${y - years}-${String(m).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`;
  return shiftIsoDate(anniversary, -days);
}

/** A valid IIN for the date and sex; `seed` keeps different specs on different numbers. */
export function iinFor(birthDate: string, sex: Sex, seed: number): string {
  for (let s = seed; s < seed + 50; s++) {
    const iin = makeIin(birthDate, sex, s);
    if (iin) return iin;
  }
  throw new Error(`no IIN for ${birthDate}`);
}

/** The same number with a wrong check digit. */
export const breakCheckDigit = (iin: string): string => iin.slice(0, 11) + String((Number(iin[11]) + 1) % 10);

/** DD.MM.YYYY, as the screens show dates. */
export const tableDate = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

// Written out here, not taken from the app: the test is the second opinion on the official style.
const KK_MONTHS = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
];
const RU_MONTHS = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

/** "2025 жылғы 15 қаңтардағы" and the other cases of a Kazakh date in a sentence, from YYYY-MM-DD or DD.MM.YYYY. */
export function kkDate(date: string, form: KkDateForm): string {
  const iso = /^\d{2}\.\d{2}\.\d{4}$/.test(date) ? `${date.slice(6)}-${date.slice(3, 5)}-${date.slice(0, 2)}` : date;
  return formatKkDate(iso, form);
}

/** «15» қаңтар 2025 ж. / «15» января 2025 г. from YYYY-MM-DD or DD.MM.YYYY. */
export function officialDate(date: string, lang: 'kk' | 'ru'): string {
  const iso = /^\d{2}\.\d{2}\.\d{4}$/.test(date) ? `${date.slice(6)}-${date.slice(3, 5)}-${date.slice(0, 2)}` : date;
  const [y, m, d] = iso.split('-');
  const months = lang === 'kk' ? KK_MONTHS : RU_MONTHS;
  return `«${d}» ${months[Number(m) - 1]} ${y} ${lang === 'kk' ? 'ж.' : 'г.'}`;
}

// ---- first run and sign-in -------------------------------------------------

export type DemoLogin = { login: string; password: string; roles: string };

/** First run -> "demo office"; returns the logins the screen shows. */
export async function setupDemo(page: Page): Promise<DemoLogin[]> {
  await page.goto('/');
  await expect(page.getByTestId('first-run')).toBeVisible();
  await page.getByTestId('demo-setup').click();
  // Seconds of work: what is being done and how far is shown while it runs (issue #16 item 8) ...
  await expect(page.getByTestId('first-run').getByTestId('demo-progress')).toBeVisible();
  // Forty applications walked through the workflow, with PBKDF2 for each account: not instant on two cores.
  await expect(page.getByTestId('demo-done')).toBeVisible({ timeout: 90_000 });
  // ... and ends at done, every application counted.
  const progress = page.getByTestId('demo-done').getByTestId('demo-progress');
  await expect(progress).toHaveAttribute('data-phase', 'done');
  await expect(progress).toHaveAttribute('data-done', '40');
  const rows = page.getByTestId('demo-login-row');
  const out: DemoLogin[] = [];
  for (const row of await rows.all()) {
    out.push({
      login: (await row.getByTestId('demo-login').innerText()).trim(),
      password: (await row.getByTestId('demo-password').innerText()).trim(),
      roles: (await row.locator('td').nth(2).innerText()).trim(),
    });
  }
  await page.getByTestId('demo-continue').click();
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
  return out;
}

export async function signIn(page: Page, login: string, password = DEMO_PASSWORD): Promise<void> {
  const form = page.getByTestId('sign-in-form');
  await expect(form).toBeVisible();
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('header-user')).toBeVisible({ timeout: 20_000 });
}

export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-in-form')).toBeVisible();
}

/**
 * Reloads the tab. In a browser the record keys do not survive a reload, so
 * the same person lands on the lock screen and unlocks with their password.
 */
export async function reloadAndUnlock(page: Page, fullName: string, password = DEMO_PASSWORD) {
  const response = await page.reload();
  const lock = page.getByTestId('lock-screen');
  await expect(lock).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('lock-user')).toHaveText(fullName);
  // Locked means locked: no records behind the lock screen.
  await expect(page.getByTestId('header-user')).toHaveCount(0);
  await page.getByTestId('lock-secret').fill(password);
  await page.getByTestId('lock-submit').click();
  await expect(page.getByTestId('header-user')).toContainText(fullName, { timeout: 20_000 });
  return response;
}

/** Signs out whoever is at the desk and signs `login` in. */
export async function switchUser(page: Page, login: string): Promise<void> {
  if (await page.getByTestId('sign-out').isVisible()) await signOut(page);
  else if (await page.getByTestId('lock-switch-user').isVisible()) await page.getByTestId('lock-switch-user').click();
  await signIn(page, login);
}

// ---- navigation ------------------------------------------------------------

export async function openApplication(page: Page, id: string): Promise<Locator> {
  await page.evaluate((h) => {
    location.hash = h;
  }, `#/app/${id}`);
  const view = page.getByTestId('application-page');
  await expect(view).toHaveAttribute('data-id', id);
  return view;
}

export async function searchFor(page: Page, text: string): Promise<Locator> {
  await page.getByTestId('nav-search').click();
  await expect(page.getByTestId('search-page')).toBeVisible();
  await page.getByTestId('search-input').fill(text);
  await page.getByTestId('search-submit').click();
  return page.getByTestId('search-results').getByTestId('app-row');
}

// ---- intake ----------------------------------------------------------------

export type IntakeData = {
  paperLang?: 'kk' | 'ru';
  applicant: { iin: string; lastName: string; firstName: string; middleName?: string; phone: string; address: string };
  child: { iin: string; lastName: string; firstName: string; middleName?: string };
  /** Kindergarten numbers (№) in order of preference. */
  kindergartens: string[];
  documents: string[];
  consent: boolean;
};

export const ALL_DOCUMENTS = ['application', 'applicantId', 'birthCertificate', 'addressCertificate'];

/**
 * Opens intake. A form left half-typed earlier is kept as the person's draft
 * and offered back first (drafts.spec.ts): unless `keepDraft`, it is
 * discarded here, so the spec gets the empty form it expects.
 */
export async function openIntake(page: Page, opts: { keepDraft?: boolean } = {}): Promise<void> {
  const offer = page.getByTestId('draft-offer');
  // Already on intake (the address survives a change of person) with the offer in front of the menu.
  if (!opts.keepDraft && (await offer.isVisible())) await offer.getByTestId('draft-discard').click();
  await page.getByTestId('nav-intake').click();
  const intake = page.getByTestId('intake');
  await expect(intake).toBeVisible();
  if (opts.keepDraft) return;
  await expect(intake).toHaveAttribute('data-draft', /^(none|offered|restored)$/);
  if ((await intake.getAttribute('data-draft')) === 'offered') {
    await offer.getByTestId('draft-discard').click();
    await expect(intake).toHaveAttribute('data-draft', 'none');
  }
}

/** Fills the form as a clerk would type it (character by character for names, so input handlers run). */
export async function fillIntake(page: Page, d: IntakeData): Promise<void> {
  if (d.paperLang) await page.getByTestId('intake-lang').selectOption(d.paperLang);
  await page.getByTestId('applicant-iin').fill(d.applicant.iin);
  await page.getByTestId('applicant-phone').fill(d.applicant.phone);
  await page.getByTestId('applicant-last-name').pressSequentially(d.applicant.lastName);
  await page.getByTestId('applicant-first-name').pressSequentially(d.applicant.firstName);
  if (d.applicant.middleName) await page.getByTestId('applicant-middle-name').pressSequentially(d.applicant.middleName);
  await page.getByTestId('applicant-address').fill(d.applicant.address);
  await page.getByTestId('child-iin').fill(d.child.iin);
  await page.getByTestId('child-last-name').pressSequentially(d.child.lastName);
  await page.getByTestId('child-first-name').pressSequentially(d.child.firstName);
  if (d.child.middleName) await page.getByTestId('child-middle-name').pressSequentially(d.child.middleName);
  for (const no of d.kindergartens) {
    const select = page.getByTestId('kg-select');
    const value = await select.locator('option', { hasText: `№${no} ` }).getAttribute('value');
    expect(value, `kindergarten №${no} in the list`).toBeTruthy();
    await select.selectOption(value!);
    await page.getByTestId('kg-add').click();
  }
  for (const doc of d.documents) await page.getByTestId(`doc-${doc}`).check();
  if (d.consent) await page.getByTestId('consent').check();
}

/** Presses "Register" and waits for the application page; returns its id and journal number. */
export async function register(page: Page): Promise<{ id: string; journalNo: string }> {
  await page.getByTestId('register').click();
  const view = page.getByTestId('application-page');
  await expect(view).toBeVisible({ timeout: 20_000 });
  const id = (await view.getAttribute('data-id'))!;
  const journalNo = (await page.getByTestId('app-journal-no').textContent())!.trim();
  return { id, journalNo };
}

// ---- workflow --------------------------------------------------------------

export async function resolveTo(page: Page, executorName: string): Promise<void> {
  const select = page.getByTestId('action-executor');
  await select.selectOption({ label: executorName });
  await page.getByTestId('action-resolve').click();
  await expect(page.getByTestId('action-done')).toBeVisible();
  await expect(page.getByTestId('step-resolution')).toHaveAttribute('data-done', 'true');
}

export async function decide(page: Page, kind: 'referral' | 'notification'): Promise<void> {
  await page.getByTestId(`decision-${kind}`).check();
  await page.getByTestId('action-decide').click();
  await expect(page.getByTestId('action-done')).toBeVisible();
  await expect(page.getByTestId('step-decision')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('decision-kind')).toHaveAttribute('data-kind', kind);
}

export async function sign(page: Page): Promise<void> {
  await page.getByTestId('action-sign').click();
  await expect(page.getByTestId('action-done')).toBeVisible();
  await expect(page.getByTestId('step-signature')).toHaveAttribute('data-done', 'true');
}

export async function issue(page: Page): Promise<void> {
  await page.getByTestId('action-issue').click();
  await expect(page.getByTestId('action-done')).toBeVisible();
  await expect(page.getByTestId('step-issue')).toHaveAttribute('data-done', 'true');
}

// ---- printing --------------------------------------------------------------

export type SavedPdf = { fileName: string; pages: string[]; text: string };

/**
 * "Save as PDF" in web mode is a download: catch it, read the file and
 * return its text as pdfjs extracts it (whitespace squashed).
 */
export async function savePdf(
  page: Page,
  form: string,
  lang: 'kk' | 'ru',
  scope: Locator | Page = page,
): Promise<SavedPdf> {
  await scope.getByTestId(`print-lang-${lang}`).click();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 30_000 }),
    scope.getByTestId(`print-save-${form}`).click(),
  ]);
  expect(await download.failure()).toBeNull();
  const bytes = await readFile((await download.path())!);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pages = (await pdfPages(new Uint8Array(bytes))).map(squash);
  return { fileName: download.suggestedFilename(), pages, text: pages.join(' ') };
}

/** Number of rows in the application's prints log (0 when the log is empty). */
export function printLogRows(page: Page): Locator {
  return page.getByTestId('app-prints').getByTestId('print-log-row');
}
