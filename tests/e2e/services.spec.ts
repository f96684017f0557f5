/**
 * Services other than the preschool queue, with the page clock fixed so the
 * working-day calendar is known: a camp referral (seed 003 Annex 11) refused
 * after a preliminary decision and a hearing, its refusal-to-accept receipt in
 * two copies and an uncollected result handed back; a guardianship
 * certificate (seed 002) printed at once; a generic service (school transfer).
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { fromLocal } from '../../shared';
import {
  iinFor,
  openApplication,
  openDesk,
  register,
  resolveTo,
  savePdf,
  setupDemo,
  sign,
  issue,
  signIn,
  switchUser,
} from './helpers/desk';
import { err, ui } from './helpers/locales';

test.describe.configure({ mode: 'serial' });

const EXECUTOR = 'Төлеуова Құралай Серікқызы';
// Wednesday 6 May 2026, 10:00 in the office. 7 May (Defender's Day) and 11 May (Victory Day
// moved from Saturday 9 May) are days off, so 5 working days end on Friday 15 May at 10:00.
const T0 = fromLocal('2026-05-06', '10:00');

let context: BrowserContext;
let page: Page;

const at = async (date: string, time: string) => page.clock.setFixedTime(new Date(fromLocal(date, time)));
/** Opens the record afresh, so what the page computed from today is computed again. */
async function reopen(id: string) {
  await page.evaluate(() => {
    location.hash = '#/';
  });
  await expect(page.getByTestId('application-page')).toHaveCount(0);
  await openApplication(page, id);
}

test.beforeAll(async ({ browser }, testInfo) => {
  ({ context, page } = await openDesk(browser, testInfo));
  await page.clock.setFixedTime(new Date(T0));
  await setupDemo(page);
});

test.afterAll(async () => {
  await context?.close();
});

async function intakeFor(service: string) {
  await page.getByTestId('nav-intake').click();
  await expect(page.getByTestId('intake')).toBeVisible();
  await page.getByTestId('intake-service').selectOption(service);
}

type Person = { iin: string; lastName: string; firstName: string };
async function fillPeople(applicant: Person & { phone: string; address: string }, child: Person) {
  await page.getByTestId('applicant-iin').fill(applicant.iin);
  await page.getByTestId('applicant-phone').fill(applicant.phone);
  await page.getByTestId('applicant-last-name').fill(applicant.lastName);
  await page.getByTestId('applicant-first-name').fill(applicant.firstName);
  await page.getByTestId('applicant-address').fill(applicant.address);
  await page.getByTestId('child-iin').fill(child.iin);
  await page.getByTestId('child-last-name').fill(child.lastName);
  await page.getByTestId('child-first-name').fill(child.firstName);
}

const tick = async (docs: string[]) => {
  for (const d of docs) await page.getByTestId(`doc-${d}`).check();
};

/** Office type in Settings (the head of a standalone office may change it). */
async function setOfficeType(type: string) {
  await switchUser(page, 'head');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('office-edit').click();
  await page.getByTestId('office-type').selectOption(type);
  await page.getByTestId('office-save').click();
  await expect(page.getByTestId('office-save')).toHaveCount(0);
}

const offered = async () =>
  page
    .getByTestId('intake-service')
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));

test('intake offers the services an office of its type takes in, the queue first and chosen', async () => {
  await signIn(page, 'clerk');
  await page.getByTestId('nav-intake').click();
  const select = page.getByTestId('intake-service');
  await expect(select).toHaveValue('preschool-queue');
  const codes = await offered();
  expect(codes[0]).toBe('preschool-queue');
  // A village akimat takes in for the education department what the department decides (F-20): a camp
  // referral, a guardianship certificate (seed 002), a teacher's attestation, without a child block
  // (applicant-services.spec.ts); not what only a school, the PMPC or a rehabilitation centre provides.
  expect(codes).toEqual(expect.arrayContaining(['camp-referral', 'guardianship-certificate', 'teacher-attestation']));
  for (const theirs of ['school-transfer', 'school-certificate-duplicate', 'pmpc-examination', 'rehabilitation'])
    expect(codes).not.toContain(theirs);
  // The queue is the akimat's own; what goes on to the department says so above the form.
  await expect(page.getByTestId('kg-select')).toBeVisible();
  await expect(page.getByTestId('intake-routed')).toHaveCount(0);
  await select.selectOption('camp-referral');
  await expect(page.getByTestId('intake-routed')).toHaveText(ui('kk', 'intake.routedNote'));
  await expect(page.getByTestId('kg-select')).toHaveCount(0);
  await expect(page.getByTestId('field-schoolNumber')).toBeVisible();
});

const MOTHER = {
  iin: iinFor('1988-03-02', 'female', 8100),
  lastName: 'Сейітқалиева',
  firstName: 'Гүлнұр',
  phone: '+7 701 555 44 33',
  address: 'Қарасу ауылы, Жамбыл көшесі, 3',
};
const PUPIL = { iin: iinFor('2015-09-14', 'male', 8200), lastName: 'Сейітқали', firstName: 'Әлішер' };
let campId = '';

test('camp: a missing status proof gives the Annex 3 receipt in two copies', async () => {
  await intakeFor('camp-referral');
  await fillPeople(MOTHER, PUPIL);
  await page.getByTestId('field-schoolNumber').fill('2');
  await page.getByTestId('field-classLetter').fill('5 «Ә»');
  await page.getByTestId('field-schoolYear').fill('2025-2026');
  await page.getByTestId('status-category').selectOption('targetedSocialAssistance');
  await page.getByTestId('not-in-registry-marriageCertificate').check();
  await tick(['application', 'applicantId', 'medicalCertificate']);
  await page.getByTestId('consent').check();
  await expect(page.getByTestId('doc-mark-tsaCertificate')).toHaveText(ui('kk', 'doc.requiredNow'));
  await expect(page.getByTestId('doc-mark-marriageCertificate')).toHaveText(ui('kk', 'doc.requiredNow'));
  await expect(page.getByTestId('doc-mark-birthCertificate')).toHaveText(ui('kk', 'doc.conditional'));
  await page.getByTestId('refuse-to-accept').click();
  // Confirmed first (issue #16): an official, counted record.
  await page.getByTestId('refuse-confirm').click();
  const dialog = page.getByTestId('refusal-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(ui('kk', 'print.twoCopies'));
  const pdf = await savePdf(page, 'camp-refusal-to-accept', 'kk', dialog);
  expect(pdf.text).toContain('Сейітқалиева Гүлнұр');
  expect(pdf.text).toContain('атаулы әлеуметтік көмекті');
  await page.getByTestId('refusal-done').click();
});

test('camp: registered with its fields, due date and completeness check on the calendar', async () => {
  // The education department decides camp referrals (seed 003 Annex 2 §1; F-20): the office is the department from here.
  await setOfficeType('districtEducation');
  await switchUser(page, 'clerk');
  await intakeFor('camp-referral');
  await expect(page.getByTestId('intake-routed')).toHaveCount(0);
  await fillPeople(MOTHER, PUPIL);
  await page.getByTestId('field-schoolNumber').fill('2');
  await page.getByTestId('field-classLetter').fill('5 «Ә»');
  await page.getByTestId('field-schoolYear').fill('2025-2026');
  await page.getByTestId('status-category').selectOption('targetedSocialAssistance');
  await page.getByTestId('status-document').fill('анықтама № 45, 10.04.2026');
  await tick(['application', 'applicantId', 'medicalCertificate', 'tsaCertificate']);
  await page.getByTestId('consent').check();
  ({ id: campId } = await register(page));
  await expect(page.getByTestId('app-due')).toHaveText('15.05.2026 10:00');
  await expect(page.getByTestId('app-completeness-due')).toHaveText('08.05.2026 10:00');
  await expect(page.getByTestId('app-field-classLetter')).toHaveText('5 «Ә»');
  const application = await savePdf(page, 'camp-application', 'kk');
  expect(application.text).toContain('Сейітқали Әлішер');
  expect(application.text).toContain('2025-2026');
  await switchUser(page, 'head');
  await openApplication(page, campId);
  await resolveTo(page, EXECUTOR);
});

test('camp: the notice is refused after the latest day, then sent and printed', async () => {
  await switchUser(page, 'executor');
  await openApplication(page, campId);
  // 3 working days before Friday 15 May: Thursday 14, Wednesday 13, Tuesday 12 May.
  await expect(page.getByTestId('latest-notice')).toHaveAttribute('data-date', '2026-05-12');
  await page.getByTestId('hearing-open').click();
  await page.getByTestId('hearing-ground-unreliableDocuments').check();
  await page.getByTestId('hearing-reason').fill('Ұсынылған анықтама жалған болып шықты');
  await page.getByTestId('hearing-date').fill('2026-05-14');
  await page.getByTestId('hearing-time').fill('11:00');
  await page.getByTestId('hearing-place').fill('Қарасу ауылы, Абай көшесі, 1, 3-кабинет');
  await at('2026-05-13', '09:00');
  await page.getByTestId('hearing-notice').click();
  await expect(page.getByTestId('action-error')).toContainText(
    err('kk', 'hearing.noticeTooLate', { latest: '12.05.2026', termEnds: '15.05.2026' }),
  );
  await at('2026-05-12', '16:00');
  // K-02: at 11:00 on the 14th the decision, a working day later, would fall after the term (15 May, 10:00).
  await expect(page.getByTestId('hearing-window')).toContainText('14.05.2026 10:00');
  await page.getByTestId('hearing-notice').click();
  await expect(page.getByTestId('action-error')).toContainText(
    err('kk', 'hearing.afterTerm', { termEnds: '15.05.2026', latestAt: '14.05.2026 10:00' }),
  );
  await page.getByTestId('hearing-time').fill('09:30');
  await page.getByTestId('hearing-notice').click();
  await expect(page.getByTestId('app-notice')).toContainText('12.05.2026');
  await expect(page.getByTestId('app-hearing-at')).toContainText('14.05.2026 09:30');
  await expect(page.getByTestId('hearing-pending')).toBeVisible();
  const notice = await savePdf(page, 'preliminary-refusal-notice', 'kk');
  expect(notice.text).toContain('Ұсынылған анықтама жалған болып шықты');
  expect(notice.text).toContain('3-кабинет');
  expect(notice.text).toContain('тыңдау 2026 жылғы 14 мамырда, сағат 09:30 өткізіледі');
});

test('camp: the hearing upholds the refusal; the reasoned refusal follows within a working day', async () => {
  await at('2026-05-14', '11:40');
  await reopen(campId);
  await page.getByTestId('record-date').fill('2026-05-14');
  await page.getByTestId('record-start').fill('09:30');
  await page.getByTestId('record-end').fill('09:50');
  await page.getByTestId('record-participants').fill('Сәрсенбаев Ғалым');
  await page.getByTestId('record-position').fill('Анықтаманы мектеп берді, келіспеймін');
  await page.getByTestId('record-outcome').selectOption('refuse');
  await page.getByTestId('record-save').click();
  await expect(page.getByTestId('app-hearing-outcome')).toHaveText(ui('kk', 'services.outcome_refuse'));
  await expect(page.getByTestId('app-final-due')).toHaveText('15.05.2026 09:50');
  const record = await savePdf(page, 'hearing-record', 'kk');
  expect(record.text).toContain('Анықтаманы мектеп берді, келіспеймін');
  await expect(page.getByTestId('decision-result')).toBeDisabled();
  await expect(page.getByTestId('decision-ground')).toHaveValue('unreliableDocuments');
  await page.getByTestId('action-decide').click();
  await expect(page.getByTestId('decision-kind')).toHaveAttribute('data-kind', 'refusal');
  await expect(page.getByTestId('step-decision')).toHaveAttribute('data-done', 'true');
  await at('2026-05-15', '09:00');
  await switchUser(page, 'head');
  await openApplication(page, campId);
  await sign(page);
  const refusal = await savePdf(page, 'refusal', 'ru');
  expect(refusal.text).toContain('Ұсынылған анықтама жалған болып шықты');
  // The reasoned refusal names the hearing it followed.
  expect(refusal.text).toContain('«14» мая 2026 г.');
});

test('camp: a result nobody collected is handed back after a month', async () => {
  await switchUser(page, 'clerk');
  await openApplication(page, campId);
  await expect(page.getByTestId('hand-back-from')).toHaveAttribute('data-date', '2026-06-15');
  await expect(page.getByTestId('action-hand-back')).toBeDisabled();
  await at('2026-06-16', '10:00');
  await reopen(campId);
  await page.getByTestId('action-hand-back').click();
  await expect(page.getByTestId('app-handed-back')).toHaveText('16.06.2026 10:00');
});

test('camp without consent: taken in with a warning; the notice names that ground; the refusal on it follows the hearing (R-01)', async () => {
  await at('2026-05-06', '10:00');
  await switchUser(page, 'clerk');
  await intakeFor('camp-referral');
  await fillPeople(MOTHER, { iin: iinFor('2014-02-20', 'female', 8250), lastName: 'Сейітқали', firstName: 'Аружан' });
  await page.getByTestId('field-schoolNumber').fill('2');
  await page.getByTestId('field-classLetter').fill('6 «А»');
  await page.getByTestId('field-schoolYear').fill('2025-2026');
  await page.getByTestId('status-category').selectOption('targetedSocialAssistance');
  await tick(['application', 'applicantId', 'medicalCertificate', 'tsaCertificate']);
  // No consent (seed 003 Annex 2 §9 3)): not refused at intake, a ground of refusal heard first.
  await expect(page.getByTestId('warn-consent')).toHaveText(err('kk', 'refusal.dueNoConsent'));
  await expect(page.getByTestId('refusal-due')).toBeVisible();
  const { id } = await register(page);
  await switchUser(page, 'head');
  await openApplication(page, id);
  await resolveTo(page, EXECUTOR);

  await switchUser(page, 'executor');
  await openApplication(page, id);
  await expect(page.getByTestId('refusal-due').locator('li')).toHaveAttribute('data-ground', 'noConsent');
  await expect(page.getByTestId('hearing-first')).toHaveText(ui('kk', 'decision.dueHearing'));
  await expect(page.getByTestId('action-decide')).toHaveCount(0);
  await at('2026-05-12', '16:00');
  await reopen(id);
  await page.getByTestId('hearing-open').click();
  await expect(page.getByTestId('hearing-ground-noConsent')).toBeChecked();
  await expect(page.getByTestId('hearing-reason')).toHaveValue(ui('kk', 'decision.dueReason.noConsent'));
  await page.getByTestId('hearing-date').fill('2026-05-14');
  await page.getByTestId('hearing-time').fill('09:30');
  await page.getByTestId('hearing-notice').click();
  await expect(page.getByTestId('app-notice')).toContainText('12.05.2026');

  await at('2026-05-14', '11:40');
  await reopen(id);
  await page.getByTestId('record-date').fill('2026-05-14');
  await page.getByTestId('record-start').fill('09:30');
  await page.getByTestId('record-end').fill('09:50');
  await page.getByTestId('record-participants').fill('Сәрсенбаев Ғалым');
  await page.getByTestId('record-outcome').selectOption('refuse');
  await page.getByTestId('record-save').click();
  await expect(page.getByTestId('decision-result')).toBeDisabled();
  await expect(page.getByTestId('decision-ground')).toHaveValue('noConsent');
  await page.getByTestId('action-decide').click();
  await expect(page.getByTestId('decision-kind')).toHaveAttribute('data-kind', 'refusal');
  const refusal = await savePdf(page, 'refusal', 'kk');
  expect(refusal.text).toContain('Бас тарту негізі: «Дербес деректер және оларды қорғау туралы»');
  expect(refusal.text).toContain(ui('kk', 'decision.dueReason.noConsent'));
});

test('guardianship certificate at the education department: the birth certificate only before 13 Aug 2007, printed at once', async () => {
  await at('2026-05-18', '10:00');
  // The department issues it (seed 002): the office is still the department.
  await switchUser(page, 'clerk');
  await intakeFor('guardianship-certificate');
  const guardian = {
    iin: iinFor('1970-01-20', 'male', 8300),
    lastName: 'Омаров',
    firstName: 'Бауыржан',
    phone: '+7 702 000 11 22',
    address: 'Қарасу ауылы',
  };
  await fillPeople(guardian, { iin: iinFor('2007-05-01', 'male', 8400), lastName: 'Омаров', firstName: 'Ерлан' });
  await expect(page.getByTestId('doc-mark-birthCertificate')).toHaveText(ui('kk', 'doc.requiredNow'));
  await page.getByTestId('child-iin').fill(iinFor('2012-04-03', 'female', 8500));
  await page.getByTestId('child-first-name').fill('Дана');
  await page.getByTestId('child-last-name').fill('Омарова');
  await expect(page.getByTestId('doc-mark-birthCertificate')).toHaveText(ui('kk', 'doc.conditional'));
  await tick(['application', 'applicantId']);
  await page.getByTestId('consent').check();
  const { id } = await register(page);
  // 5 minutes of office time.
  await expect(page.getByTestId('app-due')).toHaveText('18.05.2026 10:05');
  await switchUser(page, 'head');
  await openApplication(page, id);
  await resolveTo(page, EXECUTOR);
  await switchUser(page, 'executor');
  await openApplication(page, id);
  await page.getByTestId('basis-body').fill('Қарасу ауданының білім бөлімі');
  await page.getByTestId('basis-number').fill('17');
  await page.getByTestId('basis-date').fill('2025-11-03');
  await page.getByTestId('action-decide').click();
  await expect(page.getByTestId('decision-kind')).toHaveAttribute('data-kind', 'result');
  await switchUser(page, 'head');
  await openApplication(page, id);
  await sign(page);
  await switchUser(page, 'clerk');
  await openApplication(page, id);
  await issue(page);
  const cert = await savePdf(page, 'guardianship-certificate', 'ru');
  expect(cert.text).toContain('Омарова Дана');
  expect(cert.text).toContain('Омаров Бауыржан');
  expect(cert.text).toContain('«03» ноября 2025 г. № 17');
  expect(cert.text).toContain('«18» мая 2026 г., 10:00');
});

test('a generic service: school transfer with its result document', async () => {
  // A school decides a transfer (catalog providers): the office is a school for this test.
  await setOfficeType('school');
  await switchUser(page, 'clerk');
  await intakeFor('school-transfer');
  const parent = {
    iin: iinFor('1985-07-07', 'female', 8600),
    lastName: 'Нұрланова',
    firstName: 'Сәуле',
    phone: '+7 705 111 22 33',
    address: 'Қарасу ауылы, Мектеп көшесі, 9',
  };
  await fillPeople(parent, { iin: iinFor('2016-02-02', 'male', 8700), lastName: 'Нұрланов', firstName: 'Ерасыл' });
  await tick(['application', 'applicantId']);
  await page.getByTestId('consent').check();
  const { id, journalNo } = await register(page);
  const app = await savePdf(page, 'generic-application', 'kk');
  expect(app.text).toContain('Нұрланов Ерасыл');
  expect(app.text).toContain(journalNo);
  await switchUser(page, 'head');
  await openApplication(page, id);
  await resolveTo(page, EXECUTOR);
  await switchUser(page, 'executor');
  await openApplication(page, id);
  await page.getByTestId('action-decide').click();
  await expect(page.getByTestId('action-error')).toBeVisible();
  await page.getByTestId('result-text').fill('Ерасыл № 3 мектептің 4 «Б» сыныбына ауыстырылады.');
  await page.getByTestId('action-decide').click();
  await expect(page.getByTestId('decision-kind')).toHaveAttribute('data-kind', 'result');
  const no = (await page.getByTestId('result-no').innerText()).trim();
  await switchUser(page, 'head');
  await openApplication(page, id);
  await sign(page);
  const result = await savePdf(page, 'generic-result', 'kk');
  expect(result.text).toContain('№ 3 мектептің 4 «Б» сыныбына ауыстырылады');
  expect(result.text).toContain(no);
});

test('the calendar lacks 2027: from December the desk says so, and a term running into 2027 is marked a guess (K-03)', async () => {
  await at('2026-11-30', '10:00');
  await switchUser(page, 'clerk');
  await expect(page.getByTestId('calendar-gap')).toHaveCount(0);
  // From 1 December: the shipped calendar covers 2024-2026 (Kurban Ait 2027 is not yet set).
  await at('2026-12-28', '10:00');
  await switchUser(page, 'clerk');
  await expect(page.getByTestId('calendar-gap')).toContainText(ui('kk', 'calendarGap.nextYear', { year: 2027 }));
  await expect(page.getByTestId('calendar-gap').locator('[data-year]')).toHaveAttribute('data-year', '2027');
  await intakeFor('school-transfer');
  const parent = {
    iin: iinFor('1986-03-03', 'female', 8800),
    lastName: 'Әбдірахманова',
    firstName: 'Гүлмира',
    phone: '+7 705 222 33 44',
    address: 'Қарасу ауылы, Мектеп көшесі, 11',
  };
  await fillPeople(parent, { iin: iinFor('2015-05-05', 'male', 8900), lastName: 'Әбдірахманов', firstName: 'Нұрлан' });
  await tick(['application', 'applicantId']);
  await page.getByTestId('consent').check();
  await register(page);
  // Five working days from Monday 28 December: 1 Jan and Saturday 2 Jan (moved to Monday 4 Jan) are off.
  await expect(page.getByTestId('app-due')).toHaveText('06.01.2027 10:00');
  await expect(page.getByTestId('app-due-guess')).toHaveAttribute('data-year', '2027');
  await expect(page.getByTestId('app-due-guess')).toHaveText(ui('kk', 'calendarGap.due', { year: 2027 }));
});
