/**
 * A standalone demo office working in Russian: the head raises the preschool
 * queue's age limit and lengthens its term in the settings (the 2012
 * standard's seven years, a five-working-day term), and the clerk's intake
 * follows at once; then the complaint ticket (талон) and the technical
 * problem protocol are saved as PDF and read back in Russian, with their
 * dates as «DD» месяца YYYY г.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { computeDue, fromLocal, shiftIsoDate } from '../../shared';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  fillIntake,
  iinFor,
  officeToday,
  officialDate,
  openDesk,
  openIntake,
  register,
  savePdf,
  setupDemo,
  signIn,
  switchUser,
  tableDate,
} from './helpers/desk';
import { err, form, ui } from './helpers/locales';

test.describe.configure({ mode: 'serial' });

const CLERK = 'Жұмабаева Әйгерім Нұрланқызы';
const HEAD = 'Сәрсенбаев Ғалым Өтегенұлы';
const OFFICE_RU = 'Аппарат акима Карасуского сельского округа';
const SIX = birthDateAged(6, 60);
const CHILD_IIN = iinFor(SIX, 'female', 9100);
const MOTHER_IIN = iinFor('1990-03-03', 'female', 9200);

let context: BrowserContext;
let page: Page;

test.beforeAll(async ({ browser }, testInfo) => {
  ({ context, page } = await openDesk(browser, testInfo));
  await setupDemo(page);
  await page.getByTestId('lang-ru').click();
  await expect(page.getByTestId('signin-submit')).toHaveText(ui('ru', 'signIn.submit'));
});
test.afterAll(async () => {
  await context?.close();
});

/** DD.MM.YYYY HH:MM as the application page shows it, back to an instant. */
const instantOf = (shown: string) => {
  const [d, time] = shown.trim().split(' ');
  return fromLocal(`${d.slice(6)}-${d.slice(3, 5)}-${d.slice(0, 2)}`, time);
};

async function openCatalogSettings() {
  await page.getByTestId('nav-settings').click();
  const section = page.getByTestId('settings-catalog');
  await expect(section).toBeVisible();
  await expect(section).toHaveAttribute('data-managed-by', 'office');
  return section;
}

test('the head changes the preschool queue in the settings; intake follows at once', async () => {
  test.setTimeout(120_000);
  await signIn(page, 'clerk');
  // The clerk neither sees the catalog in the settings nor may change it.
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-page')).toBeVisible();
  await expect(page.getByTestId('settings-catalog')).toHaveCount(0);

  // As shipped, a six-year-old is over the age limit: taken in all the same, owing the reasoned refusal.
  await openIntake(page);
  await page.getByTestId('child-iin').fill(CHILD_IIN);
  await expect(page.getByTestId('warn-child.iin')).toHaveText(err('ru', 'refusal.dueOverAge', { limit: 6 }));
  await expect(page.getByTestId('error-child.iin')).toHaveCount(0);

  await switchUser(page, 'head');
  const section = await openCatalogSettings();
  await expect(section.locator('h2')).toHaveText(ui('ru', 'settings.catalog'));
  const row = section.locator('[data-testid="catalog-row"][data-code="preschool-queue"]');
  await expect(row).toHaveAttribute('data-origin', 'builtIn');
  await expect(row).toContainText(ui('ru', 'catalogEditor.unit.workingDays', { n: 3 }));
  await row.getByTestId('catalog-edit').click();
  // The form opens first; this test drives the JSON view kept for experts.
  await expect(section.getByTestId('catalog-form')).toBeVisible();
  await section.getByTestId('catalog-mode-json').click();
  const json = section.getByTestId('catalog-json');
  const entry = JSON.parse(await json.inputValue()) as { childAgeLimitYears: number; term: { value: number } };
  expect(entry.childAgeLimitYears).toBe(6);

  // Broken JSON, then a schema error: each named in Russian, nothing saved.
  await json.fill('{ "code": "preschool-queue",');
  await section.getByTestId('catalog-save').click();
  await expect(section.getByTestId('catalog-issues')).toContainText('Неверный JSON');
  await json.fill(JSON.stringify({ ...entry, term: { ...entry.term, value: 'пять' } }, null, 2));
  await section.getByTestId('catalog-save').click();
  await expect(section.getByTestId('catalog-issues')).toHaveText(
    `term.value: ${err('ru', 'catalog.schema.type.number')}`,
  );
  await expect(row).toHaveAttribute('data-origin', 'builtIn');

  await json.fill(JSON.stringify({ ...entry, childAgeLimitYears: 7, term: { ...entry.term, value: 5 } }, null, 2));
  await section.getByTestId('catalog-save').click();
  await expect(section.getByTestId('catalog-saved')).toHaveText(
    ui('ru', 'settings.catalogSaved', { code: 'preschool-queue' }),
  );
  await expect(section.getByTestId('catalog-issues')).toHaveCount(0);
  await expect(row).toHaveAttribute('data-origin', 'overridden');
  await expect(row.getByTestId('catalog-mark')).toHaveText(ui('ru', 'catalogEditor.mark.overridden'));
  await expect(row).toContainText(HEAD);
  await expect(row).toContainText(ui('ru', 'catalogEditor.unit.workingDays', { n: 5 }));
  await section.getByTestId('catalog-changes').locator('summary').click();
  await expect(section.getByTestId('catalog-change').first()).toContainText(
    `${HEAD} · ${ui('ru', 'settings.catalogAction.save')} · preschool-queue`,
  );

  // The clerk's intake now takes the six-year-old, and the term is five working days.
  await switchUser(page, 'clerk');
  await openIntake(page);
  await fillIntake(page, {
    applicant: {
      iin: MOTHER_IIN,
      lastName: 'Оспанова',
      firstName: 'Гүлмира',
      middleName: 'Қайратқызы',
      phone: '+7 705 222 33 44',
      address: 'село Карасу, улица Жамбыла, 8',
    },
    child: { iin: CHILD_IIN, lastName: 'Оспанова', firstName: 'Әйгерім', middleName: 'Серікқызы' },
    kindergartens: ['1'],
    documents: ALL_DOCUMENTS,
    consent: true,
  });
  await expect(page.getByTestId('error-child.iin')).toHaveCount(0);
  await expect(page.getByTestId('warn-child.iin')).toHaveCount(0);
  await register(page);
  const accepted = instantOf(await page.getByTestId('app-registered').innerText());
  const term = { unit: 'workingDays' as const, value: 5, acceptanceDayCounts: false };
  const five = computeDue(accepted, term);
  const three = computeDue(accepted, { ...term, value: 3 });
  expect(five.dueDate).not.toBe(three.dueDate);
  await expect(page.getByTestId('app-due')).toContainText(`${tableDate(five.dueDate)} ${five.dueTime}`);

  // Back to the shipped entry: the limit is six again.
  await switchUser(page, 'head');
  const again = await openCatalogSettings();
  const row2 = again.locator('[data-testid="catalog-row"][data-code="preschool-queue"]');
  await row2.getByTestId('catalog-revert').click();
  await expect(again.getByTestId('catalog-saved')).toHaveText(
    ui('ru', 'settings.catalogReverted', { code: 'preschool-queue' }),
  );
  await expect(row2).toHaveAttribute('data-origin', 'builtIn');
  await switchUser(page, 'clerk');
  await openIntake(page);
  await page.getByTestId('child-iin').fill(iinFor(SIX, 'male', 9300));
  await expect(page.getByTestId('warn-child.iin')).toHaveText(err('ru', 'refusal.dueOverAge', { limit: 6 }));
});

test('the complaint ticket (талон) in Russian', async () => {
  await page.getByTestId('nav-complaints').click();
  await expect(page.getByTestId('complaint-form')).toBeVisible();
  const received = shiftIsoDate(officeToday(), -2);
  await page.getByTestId('complaint-fullName').fill('Оспанова Гүлмира Қайратқызы');
  await page.getByTestId('complaint-address').fill('село Карасу, улица Жамбыла, 8');
  await page.getByTestId('complaint-phone').fill('+7 705 222 33 44');
  await page.getByTestId('complaint-against').fill('Специалист аппарата акима Жұмабаева Ә.');
  await page.getByTestId('complaint-subject').fill('Не выдали расписку о приёме документов');
  await page.getByTestId('complaint-received-date').fill(received);
  await page.getByTestId('complaint-received-time').fill('10:15');
  await page.getByTestId('complaint-register').click();

  const dialog = page.getByTestId('complaint-dialog');
  await expect(dialog.getByTestId('complaint-card')).toBeVisible();
  const incomingNo = (await dialog.locator('h2').innerText()).split(' ').pop()!;
  const due = (await dialog.getByTestId('complaint-due').innerText()).trim().slice(0, 10);

  const pdf = await savePdf(page, 'complaint-ticket', 'ru', dialog);
  const t = pdf.text;
  expect(t).toContain(OFFICE_RU);
  expect(t).toContain(form('ru', 'complaintTicket.title'));
  expect(t).toContain(`Входящий номер: № ${incomingNo}`);
  expect(t).toContain(`Дата и время принятия жалобы: ${officialDate(received, 'ru')}, 10:15`);
  expect(t).toContain(`Фамилия, имя, отчество лица, принявшего жалобу: ${CLERK}`);
  expect(t).toContain('Заявитель: Оспанова Гүлмира Қайратқызы, село Карасу, улица Жамбыла, 8, тел. +7 705 222 33 44');
  expect(t).toContain('Суть жалобы: Не выдали расписку о приёме документов');
  expect(t).toContain('Жалоба рассматривается в течение 5 рабочих дней со дня ее регистрации.');
  expect(t).toContain(`Срок ответа: до ${officialDate(due, 'ru')} включительно`);
  expect(t).toContain('рассматривается в течение 15 рабочих дней');
  expect(t).toContain(`Жалобу принял(-а): ${CLERK}`);
  // Russian through and through: no Kazakh wording, no Kazakh date style.
  expect(t).not.toContain('Шағым');
  expect(t).not.toContain(' ж.');
  await dialog.getByTestId('dialog-close').click();
});

test('the technical problem protocol in Russian', async () => {
  await page.getByTestId('nav-techProtocol').click();
  await expect(page.getByTestId('tech-protocol-form')).toBeVisible();
  const since = shiftIsoDate(officeToday(), -1);
  await page.getByTestId('tp-system').fill('Государственная база данных «Е-лицензирование»');
  await page.getByTestId('tp-failure').fill('Нет соединения с сервером, заявления не вносятся');
  await page.getByTestId('tp-since-date').fill(since);
  await page.getByTestId('tp-since-time').fill('09:40');
  await page.getByTestId('tp-detected').fill(CLERK);
  await page.getByTestId('tp-recorded').fill('Ахметов Ерлан Маратұлы');
  await page.getByTestId('tp-save').click();

  const row = page.getByTestId('tech-protocol-row');
  await expect(row).toHaveCount(1);
  const protocolNo = (await row.locator('strong').innerText()).trim();
  const pdf = await savePdf(page, 'technical-problem-protocol', 'ru', row);
  const t = pdf.text;
  expect(t).toContain(form('ru', 'technicalProtocol.title'));
  expect(t).toContain(`№ ${protocolNo}`);
  expect(t).toContain(`Дата и время составления: ${officialDate(officeToday(), 'ru')}`);
  expect(t).toContain(`Место составления: ${OFFICE_RU}`);
  expect(t).toContain(
    'Информационная система, в которой произошел сбой: Государственная база данных «Е-лицензирование»',
  );
  expect(t).toContain('Описание технической проблемы: Нет соединения с сервером, заявления не вносятся');
  expect(t).toContain(`Дата и время выявления проблемы: ${officialDate(since, 'ru')}, 09:40`);
  expect(t).toContain(`Проблему выявил(-а): ${CLERK}`);
  expect(t).toContain('На момент составления протокола работа системы не восстановлена.');
  expect(t).toContain('Ахметов Ерлан Маратұлы');
  expect(t).toMatch(/Услугодатель: .+ ____________ \(подпись\)/);
  expect(t).not.toContain(' ж.');
  expect(t).not.toContain('хаттама');
});
