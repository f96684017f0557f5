/**
 * Scenarios 5 and 6, one demo office: what the intake refuses.
 * - A required document missing: no registration, a recorded refusal to
 *   accept whose receipt (two copies) names exactly the missing documents.
 * - Invalid input (bad IIN check digit, an IIN with a future birth date, an
 *   empty required field): translated errors next to the fields and nothing
 *   saved. The same form then registers once fixed, so the refusals above
 *   are not a form that can never succeed.
 * - A child over the age limit is not refused at intake (issue #15, R-01):
 *   a warning, the application registered, and its decision the reasoned
 *   refusal on the age, printed.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  breakCheckDigit,
  fillIntake,
  iinFor,
  issue,
  officeToday,
  officialDate,
  openApplication,
  openDesk,
  openIntake,
  register,
  resolveTo,
  savePdf,
  searchFor,
  setupDemo,
  sign,
  signIn,
  switchUser,
  type IntakeData,
} from './helpers/desk';
import { err, form, ui } from './helpers/locales';
import { shiftIsoDate } from '../../shared';

test.describe.configure({ mode: 'serial' });

const CLERK = 'Жұмабаева Әйгерім Нұрланқызы';
const EXECUTOR = 'Төлеуова Құралай Серікқызы';
const DOC = {
  application: 'Белгіленген нысандағы өтініш (6-қосымша)',
  applicantId: 'Өтініш берушінің (заңды өкілдерінің бірінің) жеке басын куәландыратын құжат',
  birthCertificate: 'Баланың туу туралы куәлігі',
  addressCertificate: 'Мекенжайы туралы анықтама немесе тұратын жерін растайтын басқа да құжат',
};

let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  ({ context, page } = await openDesk(browser, testInfo));
  await setupDemo(page);
  await signIn(page, 'clerk');
});

test.afterAll(async () => {
  await context?.close();
});

async function stat(name: string): Promise<number> {
  await page.getByTestId('nav-desk').click();
  const tile = page.getByTestId(`stat-${name}`);
  await expect(tile).toBeVisible();
  return Number((await tile.locator('.tile-value').innerText()).trim());
}

test('missing documents: registration refused, refusal to accept recorded and printed in two copies', async () => {
  const refusalsBefore = await stat('refusalsToAccept');
  const monthBefore = await stat('refusalsThisMonth');
  const yearBefore = await stat('applicationsThisYear');

  const childIin = iinFor(birthDateAged(2, 100), 'male', 7300);
  const applicantIin = iinFor('1988-11-03', 'male', 7400);
  await openIntake(page);
  await fillIntake(page, {
    applicant: {
      iin: applicantIin,
      lastName: 'Нұрғалиев',
      firstName: 'Әділет',
      middleName: 'Қайратұлы',
      phone: '+7 705 111 22 33',
      address: 'Қарасу ауылы, Мектеп көшесі, 4',
    },
    child: { iin: childIin, lastName: 'Нұрғалиев', firstName: 'Өркен', middleName: 'Әділетұлы' },
    kindergartens: ['1'],
    // No birth certificate, no address certificate.
    documents: ['application', 'applicantId'],
    consent: true,
  });
  const missing = page.getByTestId('missing-documents');
  await expect(missing).toContainText(DOC.birthCertificate);
  await expect(missing).toContainText(DOC.addressCertificate);
  await expect(missing).not.toContainText(DOC.applicantId);
  await expect(page.getByTestId('register')).toBeDisabled();
  await expect(page.getByTestId('refuse-to-accept')).toBeEnabled();

  await page.getByTestId('refuse-to-accept').click();
  // Confirmed first (issue #16): an official, counted record.
  await page.getByTestId('refuse-confirm').click();
  const dialog = page.getByTestId('refusal-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('ul.plain-list li')).toHaveText([DOC.birthCertificate, DOC.addressCertificate]);
  await expect(dialog).toContainText(ui('kk', 'print.twoCopies'));

  const pdf = await savePdf(page, 'refusalToAccept', 'kk', dialog);
  expect(pdf.pages).toHaveLength(2);
  for (const [i, p] of pdf.pages.entries()) {
    expect(p).toContain(form('kk', 'common.copyMark', { n: i + 1 }));
    expect(p).toContain(form('kk', 'refusalToAccept.title'));
    expect(p).toContain('Нұрғалиев Әділет Қайратұлы');
    expect(p).toContain(`ЖСН ${applicantIin}`);
    expect(p).toContain(form('kk', 'refusalToAccept.copies'));
    // Exactly the missing documents, in the checklist's order, and nothing else.
    const list = p
      .slice(
        p.indexOf(form('kk', 'refusalToAccept.missingTitle')) + form('kk', 'refusalToAccept.missingTitle').length,
        p.indexOf(form('kk', 'refusalToAccept.copies')),
      )
      .trim();
    expect(list).toBe(`1) ${DOC.birthCertificate}; 2) ${DOC.addressCertificate}.`);
    // Annex 3's receiver line carries the date (issue #15, F-14).
    expect(p).toMatch(
      new RegExp(
        `\\(көрсетілетін қызметті алушының қолы\\) ${officialDate(officeToday(), 'kk')}, сағ\\. \\d{2}:\\d{2}`,
      ),
    );
    expect(p).toContain(CLERK);
  }
  await page.getByTestId('refusal-done').click();
  await expect(dialog).toBeHidden();

  // Not registered: the child is nowhere in the applications.
  await expect(await searchFor(page, childIin)).toHaveCount(0);
  // Counted on the desk and listed on the refusals page with its print.
  expect(await stat('refusalsToAccept')).toBe(refusalsBefore + 1);
  expect(await stat('refusalsThisMonth')).toBe(monthBefore + 1);
  expect(await stat('applicationsThisYear')).toBe(yearBefore);
  await page.getByTestId('nav-refusals').click();
  const rows = page.getByTestId('refusal-row');
  await expect(rows).toHaveCount(refusalsBefore + 1);
  const row = rows.filter({ hasText: 'Нұрғалиев Әділет Қайратұлы' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`${DOC.birthCertificate}; ${DOC.addressCertificate}`);
  await expect(row).toContainText(CLERK);
  await expect(row.locator('td.num')).toHaveText('1');

  // Reprint from the refusals page: the same two-copy receipt.
  await row.getByTestId('refusal-reprint').click();
  const reprint = await savePdf(page, 'refusalToAccept', 'kk', page.getByTestId('refusal-reprint-dialog'));
  expect(reprint.pages).toHaveLength(2);
  expect(reprint.text).toContain(DOC.addressCertificate);
  await page.getByTestId('refusal-reprint-dialog').getByTestId('dialog-close').click();
  await expect(row.locator('td.num')).toHaveText('2');
});

test('invalid input: translated errors next to the fields, nothing saved; the fixed form registers', async () => {
  const yearBefore = await stat('applicationsThisYear');
  const waitingBefore = await stat('waiting');

  const good = iinFor(birthDateAged(4, 30), 'male', 7500);
  const badCheck = breakCheckDigit(good);
  const overAge = iinFor(birthDateAged(6, 10), 'male', 7600);
  const future = iinFor(shiftIsoDate(officeToday(), 30), 'female', 7700);
  const data: IntakeData = {
    applicant: {
      iin: iinFor('1990-02-20', 'female', 7800),
      lastName: 'Бекмұханова',
      firstName: 'Гүлжаһан',
      phone: '+7 707 555 44 33',
      address: 'Үшқоңыр ауылы, Мектеп көшесі, 9',
    },
    child: { iin: badCheck, lastName: 'Бекмұханов', firstName: 'Нұрбол' },
    kindergartens: ['1', '3'],
    documents: ALL_DOCUMENTS,
    consent: true,
  };
  await openIntake(page);
  await fillIntake(page, data);

  const childIin = page.getByTestId('child-iin');
  const iinError = page.getByTestId('error-child.iin');
  const attempt = async () => {
    await page.getByTestId('register').click();
    await expect(page.getByTestId('intake-errors')).toBeVisible();
    await expect(page.getByTestId('application-page')).toHaveCount(0);
  };

  // 1. Bad check digit: shown as soon as 12 digits are typed, and again when "Register" is pressed.
  await expect(iinError).toHaveText(err('kk', 'iin.checksum'));
  await expect(page.getByTestId('child-birth-date')).toHaveCount(0);
  await attempt();
  await expect(iinError).toHaveText(err('kk', 'iin.checksum'));
  await expect(page.locator('[data-testid="intake-error-item"][data-field="child.iin"]')).toContainText(
    err('kk', 'iin.checksum'),
  );

  // 2. Over the age limit (6 years and 10 days old): no error, a warning (the next test registers one).
  await childIin.fill(overAge);
  await expect(iinError).toHaveCount(0);
  await expect(page.getByTestId('warn-child.iin')).toHaveText(err('kk', 'refusal.dueOverAge', { limit: 6 }));
  await expect(page.getByTestId('refusal-due')).toContainText(err('kk', 'refusal.dueOverAge', { limit: 6 }));

  // 3. An IIN whose birth date is a month ahead.
  await childIin.fill(future);
  await expect(iinError).toHaveText(err('kk', 'child.birthDateFuture'));
  await attempt();
  await expect(iinError).toHaveText(err('kk', 'child.birthDateFuture'));

  // 4. A valid IIN but an empty required field (the child's first name).
  await childIin.fill(good);
  await expect(iinError).toHaveCount(0);
  await page.getByTestId('child-first-name').fill('');
  await attempt();
  await expect(page.getByTestId('error-child.firstName')).toHaveText(err('kk', 'required'));
  await expect(page.locator('[data-testid="intake-error-item"][data-field="child.firstName"]')).toHaveCount(1);
  await expect(page.getByTestId('intake-error-item')).toHaveCount(1);

  // Nothing was saved by any attempt.
  for (const iin of [badCheck, overAge, future, good]) await expect(await searchFor(page, iin), iin).toHaveCount(0);
  expect(await stat('applicationsThisYear')).toBe(yearBefore);
  expect(await stat('waiting')).toBe(waitingBefore);

  // The same data, fixed, registers: the refusals above were about the bad fields only.
  await openIntake(page);
  await fillIntake(page, { ...data, child: { ...data.child, iin: good } });
  const { journalNo } = await register(page);
  expect(journalNo).toMatch(/^ҚРҚ-\d{4}-\d{4}$/);
  expect(await stat('applicationsThisYear')).toBe(yearBefore + 1);
  await expect(await searchFor(page, good)).toHaveCount(1);
});

test('a child over the age limit: registered with a warning, then only the reasoned refusal on the age, printed', async () => {
  const overAge = iinFor(birthDateAged(6, 20), 'female', 7900);
  await openIntake(page);
  await fillIntake(page, {
    applicant: {
      iin: iinFor('1989-07-14', 'female', 8000),
      lastName: 'Тұрсынова',
      firstName: 'Әлия',
      phone: '+7 702 333 22 11',
      address: 'Қарасу ауылы, Бейбітшілік көшесі, 3',
    },
    child: { iin: overAge, lastName: 'Тұрсынова', firstName: 'Інжу' },
    kindergartens: ['1'],
    documents: ALL_DOCUMENTS,
    consent: true,
  });
  await expect(page.getByTestId('error-child.iin')).toHaveCount(0);
  await expect(page.getByTestId('refusal-due')).toContainText(err('kk', 'refusal.dueOverAge', { limit: 6 }));
  const { id } = await register(page);

  await switchUser(page, 'head');
  await openApplication(page, id);
  await resolveTo(page, EXECUTOR);

  // The executor is offered the refusal on the age only, its reason filled in in the paper's language.
  await switchUser(page, 'executor');
  await openApplication(page, id);
  await expect(page.getByTestId('refusal-due')).toBeVisible();
  await expect(page.getByTestId('refusal-due').locator('li')).toHaveAttribute('data-ground', 'ageLimit');
  await expect(page.getByTestId('decision-referral')).toBeDisabled();
  await expect(page.getByTestId('decision-notification')).toBeDisabled();
  await expect(page.getByTestId('decision-refusal')).toBeChecked();
  await expect(page.getByTestId('decision-ground')).toHaveValue('ageLimit');
  await expect(page.getByTestId('decision-reason')).toHaveValue(ui('kk', 'decision.dueReason.overAge', { limit: 6 }));
  await page.getByTestId('action-decide').click();
  await expect(page.getByTestId('step-decision')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('decision-kind')).toHaveAttribute('data-kind', 'refusal');

  await switchUser(page, 'head');
  await openApplication(page, id);
  await sign(page);
  await switchUser(page, 'clerk');
  await openApplication(page, id);
  await issue(page);
  const pdf = await savePdf(page, 'refusal', 'kk');
  expect(pdf.text).toContain(form('kk', 'refusal.title'));
  expect(pdf.text).toContain('Бас тарту негізі: Бала мектепке дейінгі жастан асқан.');
  expect(pdf.text).toContain(`Себебі: ${ui('kk', 'decision.dueReason.overAge', { limit: 6 })}`);
});
