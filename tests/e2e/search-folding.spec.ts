/**
 * Issue #16 item 1: a clerk on a Russian layout, or reading a Russian or
 * Latin paper, finds Сейітов Әлихан by "Сеитов" or "Seitov", and a journal
 * number typed without its zeros, code or year finds that number.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  fillIntake,
  iinFor,
  openDesk,
  openIntake,
  register,
  searchFor,
  setupDemo,
  signIn,
} from './helpers/desk';

/** A search from a fresh search screen (it opens on the whole list), so an earlier search's rows cannot pass for this one's. */
async function freshSearch(page: Page, text: string) {
  await page.getByTestId('nav-desk').click();
  await expect(page.getByTestId('desk-home')).toBeVisible();
  return searchFor(page, text);
}

test('search forgives the keyboard: Сеитов and Seitov find Сейітов, 0042 finds its number', async ({
  browser,
}, testInfo) => {
  const { context, page } = await openDesk(browser, testInfo);
  await setupDemo(page);
  await signIn(page, 'clerk');

  const registered: Array<{ id: string; journalNo: string }> = [];
  for (const [i, child] of [
    { iin: iinFor(birthDateAged(3, 40), 'female', 9810), lastName: 'Сейітқызы', firstName: 'Айым' },
    {
      iin: iinFor(birthDateAged(2, 70), 'male', 9820),
      lastName: 'Сейітов',
      firstName: 'Әлихан',
      middleName: 'Маратұлы',
    },
  ].entries()) {
    await openIntake(page);
    await fillIntake(page, {
      applicant: {
        iin: iinFor('1993-06-11', 'female', 9830 + i * 10),
        lastName: 'Сейітқызы',
        firstName: 'Гүлнұр',
        phone: '+7 701 222 33 44',
        address: 'Қарасу ауылы, Абай көшесі, 40',
      },
      child,
      kindergartens: ['1'],
      documents: ALL_DOCUMENTS,
      consent: true,
    });
    registered.push(await register(page));
  }
  const alikhan = registered[1];

  for (const typed of ['Сеитов', 'Seitov', 'Сеитов Алихан']) {
    const rows = await freshSearch(page, typed);
    await expect(rows, typed).toHaveCount(1);
    await expect(rows.first()).toContainText('Сейітов Әлихан');
  }
  // The mother's name typed without Kazakh letters finds both her children (and the demo's own Гүлнұр).
  const gulnur = await freshSearch(page, 'Гулнур');
  // Narrowed from the whole list the screen opens on (25 rows) before the rows are read.
  await expect.poll(() => gulnur.count()).toBeLessThan(25);
  for (const r of registered) await expect(gulnur.and(page.locator(`[data-id="${r.id}"]`))).toHaveCount(1);

  // The number as the demo's journal gives it today (0042 after the demo's forty and one more).
  const [, year, seq] = /-(\d{4})-(\d{4})$/.exec(alikhan.journalNo)!;
  testInfo.annotations.push({ type: 'journal number', description: alikhan.journalNo });
  for (const typed of [seq, String(Number(seq)), `${year}-${seq}`, alikhan.journalNo]) {
    const rows = await freshSearch(page, typed);
    await expect(rows, typed).toHaveCount(1);
    await expect(rows.first()).toContainText(alikhan.journalNo);
  }
  await context.close();
});
