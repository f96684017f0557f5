/**
 * Issue #11 finding 6: the idle lock threw away a half-typed application, and
 * so did leaving the intake screen. A draft is now kept, sealed like the
 * records, and offered back to the same person: after the idle lock, after
 * leaving the screen and coming back, after a reload. A colleague does not
 * see it; discarding or registering ends it.
 *
 * A laptop of Үшқоңыр enrolled with a real district server, in a profile on
 * disk: its clerk, and its executor, who is a clerk too.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  DEMO_PASSWORD,
  fillIntake,
  iinFor,
  openIntake,
  register,
  reloadAndUnlock,
  signIn,
  signOut,
} from './helpers/desk';
import { ui } from './helpers/locales';
import { demoOffice, dumpIndexedDb, startDistrict, type District } from './helpers/sync';
import { enrolOn, firstPage, openProfile } from './helpers/profile';

test.describe.configure({ mode: 'serial' });

const CLERK = 'Ғабдуллина Әсел Һадиқызы';
const IDLE_KEY = 'akimat-desk.idleLockSeconds';

const CHILD = {
  iin: iinFor(birthDateAged(3, 15), 'female', 9710),
  lastName: 'Жақсыбекова',
  firstName: 'Аружан',
  middleName: 'Нұржанқызы',
};
const APPLICANT = {
  iin: iinFor('1992-09-21', 'female', 9720),
  lastName: 'Жақсыбекова',
  firstName: 'Динара',
  middleName: 'Маратқызы',
  phone: '+7 707 412 58 90',
};

let server: District | undefined;
let context: BrowserContext;
let page: Page;

test.beforeAll(async ({}, testInfo) => {
  test.setTimeout(120_000);
  server = await startDistrict();
  ({ context } = await openProfile(testInfo));
  page = await firstPage(context);
  await enrolOn(page, server.url, demoOffice(server, 'ushkonyr').code, 'Үшқоңыр, жоба сынағы');
});

test.afterAll(async () => {
  await context?.close();
  await server?.close();
});

/** Intake has looked for this person's draft: `offered` shows the offer, `none` an empty form. */
async function draftState(p: Page, state: 'offered' | 'none'): Promise<void> {
  await expect(p.getByTestId('intake')).toHaveAttribute('data-draft', state, { timeout: 15_000 });
}

/** The offer is there, names the time it was saved, and "continue" brings the form back. */
async function restoreDraft(p: Page): Promise<void> {
  await draftState(p, 'offered');
  const offer = p.getByTestId('draft-offer');
  await expect(offer).toBeVisible();
  await expect(offer).toContainText(ui('kk', 'draft.offerTitle'));
  await expect(offer.getByTestId('draft-saved-at')).toHaveText(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
  await offer.getByTestId('draft-restore').click();
  await expect(offer).toBeHidden();
}

async function expectHalfTyped(p: Page, middleName = ''): Promise<void> {
  await expect(p.getByTestId('applicant-iin')).toHaveValue(APPLICANT.iin);
  await expect(p.getByTestId('applicant-last-name')).toHaveValue(APPLICANT.lastName);
  await expect(p.getByTestId('applicant-first-name')).toHaveValue(APPLICANT.firstName);
  await expect(p.getByTestId('applicant-middle-name')).toHaveValue(middleName);
  await expect(p.getByTestId('child-iin')).toHaveValue(CHILD.iin);
  await expect(p.getByTestId('child-last-name')).toHaveValue(CHILD.lastName);
  await expect(p.getByTestId('child-first-name')).toHaveValue(CHILD.firstName);
  // The IIN's decoding comes back with it: the form's state, not just the text boxes.
  await expect(p.getByTestId('child-birth-date')).toBeVisible();
  await expect(p.getByTestId('doc-birthCertificate')).toBeChecked();
}

test('a half-typed application survives the idle lock, leaving the screen and a reload, sealed', async () => {
  test.setTimeout(150_000);
  // A short idle time, read at sign-in; keys typed one by one count as activity until the typing stops.
  await page.evaluate(([k]) => localStorage.setItem(k, '5'), [IDLE_KEY]);
  await signIn(page, 'clerk');
  await openIntake(page);
  await draftState(page, 'none');
  await page.getByTestId('applicant-iin').pressSequentially(APPLICANT.iin);
  await page.getByTestId('applicant-last-name').pressSequentially(APPLICANT.lastName);
  await page.getByTestId('applicant-first-name').pressSequentially(APPLICANT.firstName);
  await page.getByTestId('child-iin').pressSequentially(CHILD.iin);
  await page.getByTestId('child-last-name').pressSequentially(CHILD.lastName);
  await page.getByTestId('child-first-name').pressSequentially(CHILD.firstName);
  await page.getByTestId('doc-birthCertificate').click();
  await expect(page.getByTestId('draft-saved')).toBeVisible();

  // The idle lock engages with the form half typed.
  await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('intake')).toHaveCount(0);
  await page.evaluate(([k]) => localStorage.removeItem(k), [IDLE_KEY]);
  await page.getByTestId('lock-secret').fill(DEMO_PASSWORD);
  await page.getByTestId('lock-submit').click();
  await expect(page.getByTestId('header-user')).toContainText(CLERK);
  await restoreDraft(page);
  await expectHalfTyped(page);

  // One more field, and straight away to another screen: leaving keeps it too.
  await page.getByTestId('applicant-middle-name').pressSequentially(APPLICANT.middleName);
  await page.getByTestId('nav-desk').click();
  await expect(page.getByTestId('desk-home')).toBeVisible();
  await openIntake(page, { keepDraft: true });
  await restoreDraft(page);
  await expectHalfTyped(page, APPLICANT.middleName);

  // A reload: the keys are gone with the page, the draft is not.
  await reloadAndUnlock(page, CLERK);
  await expect(page.getByTestId('intake')).toBeVisible();
  await restoreDraft(page);
  await expectHalfTyped(page, APPLICANT.middleName);

  // Kept sealed like the records: what was typed is nowhere in IndexedDB in the clear.
  const dump = await dumpIndexedDb(page);
  expect(dump.text).toContain('draft:');
  for (const s of [
    CHILD.iin,
    APPLICANT.iin,
    CHILD.lastName,
    CHILD.firstName,
    APPLICANT.firstName,
    APPLICANT.middleName,
  ]) {
    expect(dump.text.includes(s), `"${s}" in IndexedDB`).toBe(false);
  }
});

test('a colleague does not see the draft; discarding ends it; registering ends it', async () => {
  test.setTimeout(150_000);
  await signOut(page);
  // Үшқоңыр's executor takes applications too.
  await signIn(page, 'executor');
  await openIntake(page, { keepDraft: true });
  await draftState(page, 'none');
  await expect(page.getByTestId('draft-offer')).toBeHidden();
  await expect(page.getByTestId('child-last-name')).toHaveValue('');

  // The screen survives a change of person (the address keeps it): the clerk is back at intake and offered the draft.
  await signOut(page);
  await signIn(page, 'clerk');
  await expect(page.getByTestId('intake')).toBeVisible();
  await draftState(page, 'offered');
  await page.getByTestId('draft-offer').getByTestId('draft-discard').click();
  await expect(page.getByTestId('draft-offer')).toBeHidden();
  await expect(page.getByTestId('child-last-name')).toHaveValue('');
  await page.getByTestId('nav-desk').click();
  await expect(page.getByTestId('desk-home')).toBeVisible();
  await openIntake(page, { keepDraft: true });
  await draftState(page, 'none');

  // A whole application typed, left, taken up again and registered: no draft after it.
  await fillIntake(page, {
    applicant: {
      iin: APPLICANT.iin,
      lastName: APPLICANT.lastName,
      firstName: APPLICANT.firstName,
      phone: APPLICANT.phone,
      address: 'Үшқоңыр ауылы, Мектеп көшесі, 14',
    },
    child: CHILD,
    kindergartens: ['3'],
    documents: ALL_DOCUMENTS,
    consent: true,
  });
  await expect(page.getByTestId('draft-saved')).toBeVisible();
  await page.getByTestId('nav-desk').click();
  await openIntake(page, { keepDraft: true });
  await restoreDraft(page);
  await expect(page.getByTestId('kg-chosen-item')).toHaveCount(1);
  await expect(page.getByTestId('consent')).toBeChecked();
  await register(page);
  await openIntake(page, { keepDraft: true });
  await draftState(page, 'none');
});
