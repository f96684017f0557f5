/**
 * A complaint through to its answer (seed 000 §20-25): the clerk registers a
 * complaint that came by post weeks ago and prints the ticket; it shows on the
 * desk as overdue; the head forwards it to the quality-control authority and
 * answers it; it leaves the overdue list.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { shiftIsoDate } from '../../shared';
import { officeToday, openDesk, savePdf, setupDemo, signIn, switchUser } from './helpers/desk';
import { ui } from './helpers/locales';

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

const COMPLAINANT = 'Жұмабаева Гүлнәр Серікқызы';
const CLERK = 'Жұмабаева Әйгерім Нұрланқызы';

test('a complaint through to its answer', async () => {
  test.setTimeout(120_000);
  await signIn(page, 'clerk');
  await page.getByTestId('nav-complaints').click();
  const form = page.getByTestId('complaint-form');
  await expect(form).toBeVisible();

  // Without the required fields nothing is registered, and each gap is named.
  await page.getByTestId('complaint-register').click();
  await expect(page.getByTestId('error-complainant.fullName')).toBeVisible();
  await expect(page.getByTestId('complaint-row')).toHaveCount(0);

  await page.getByTestId('complaint-fullName').fill(COMPLAINANT);
  await page.getByTestId('complaint-address').fill('Ақсу ауылы, Сәтбаев к. 12');
  await page.getByTestId('complaint-phone').fill('+7 702 555 11 22');
  await page.getByTestId('complaint-against').fill('Кеңсе қызметкері Жұмабаева Ә.');
  await page.getByTestId('complaint-subject').fill('Құжаттарды себепсіз қайтарды');
  // It came by post twenty days ago: the five working days are long gone.
  await page.getByTestId('complaint-received-date').fill(shiftIsoDate(officeToday(), -20));
  await page.getByTestId('complaint-received-time').fill('10:00');
  await page.getByTestId('complaint-register').click();

  const dialog = page.getByTestId('complaint-dialog');
  await expect(dialog.getByTestId('complaint-card')).toBeVisible();
  const year = shiftIsoDate(officeToday(), -20).slice(0, 4);
  const incomingNo = (await dialog.locator('h2').innerText()).split(' ').pop()!;
  expect(incomingNo).toMatch(new RegExp(`-Ш-${year}-0001$`));

  // The ticket (талон): number, the complainant, who received it, in Kazakh.
  const ticket = await savePdf(page, 'complaint-ticket', 'kk', dialog);
  expect(ticket.text).toContain('Шағымның қабылданғаны туралы талон');
  expect(ticket.text).toContain(incomingNo);
  expect(ticket.text).toContain(COMPLAINANT);
  expect(ticket.text).toContain(CLERK);
  // Seed 002: by when and where the answer is collected (issue #15, F-23): at the office that took it in.
  expect(ticket.text).toMatch(/Жауап беру мерзімі: \d{4} жылғы \d{1,2} [а-яәғқңөұүһі]+(ға|ге|қа|ке) дейін/);
  expect(ticket.text).toContain('Жауап алу орны: Қарасу ауылдық округі әкімінің аппараты');
  // The clerk may neither forward nor answer.
  await expect(dialog.getByTestId('complaint-forward')).toHaveCount(0);
  await expect(dialog.getByTestId('complaint-answer-form')).toHaveCount(0);
  await dialog.getByTestId('dialog-close').click();
  await expect(page.getByTestId('complaint-status')).toHaveText(ui('kk', 'complaints.status.open'));

  await page.getByTestId('nav-desk').click();
  const overdue = page.getByTestId('desk-overdue-complaints');
  await expect(overdue.getByTestId('overdue-complaint')).toHaveCount(1);
  await expect(overdue).toContainText(incomingNo);

  await switchUser(page, 'head');
  await page.getByTestId('nav-complaints').click();
  await expect(page.getByTestId('complaint-form')).toHaveCount(0);
  await page.getByTestId('complaint-open').click();
  await page.getByTestId('complaint-forward-to').fill('Сапаны бақылау комитеті');
  await page.getByTestId('complaint-forward-btn').click();
  await expect(dialog.getByTestId('complaint-forwarded')).toContainText('Сапаны бақылау комитеті');
  await page.getByTestId('complaint-answer-text').fill('Қызметкерге ескерту жасалды, құжаттар қабылданды');
  await page.getByTestId('complaint-satisfied-partly').check();
  // Whether it was justified has no default: the answer is refused until it says.
  await page.getByTestId('complaint-answer-btn').click();
  await expect(dialog.getByTestId('error-answer.justified')).toBeVisible();
  await page.getByTestId('complaint-justified-yes').check();
  await page.getByTestId('complaint-answer-btn').click();
  await expect(dialog.getByTestId('complaint-answer')).toContainText(ui('kk', 'complaints.satisfied.partly'));
  await expect(dialog.getByTestId('complaint-answer')).toContainText(ui('kk', 'complaints.justifiedYes'));
  await expect(dialog.getByTestId('complaint-answer-form')).toHaveCount(0);
  await dialog.getByTestId('dialog-close').click();
  await expect(page.getByTestId('complaint-status')).toHaveText(ui('kk', 'complaints.status.answered'));
  await expect(page.getByTestId('complaint-justified-cell')).toHaveText(ui('kk', 'complaints.justifiedYes'));

  await page.getByTestId('nav-desk').click();
  await expect(page.getByTestId('desk-overdue-complaints-count')).toHaveText('0');
  await expect(page.getByTestId('overdue-complaint')).toHaveCount(0);
});
