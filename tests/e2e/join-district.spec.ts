/**
 * Issue #16 item 8, in Chromium against the real district server: an office
 * that worked on its own (the demo office: forty applications through the
 * workflow, its own staff and kindergartens, numbers counted from 1) joins the
 * district later from Settings with a code the district issued for it. Its
 * head signs in again with their own password, the next sync sends every
 * record up under the district's office, nothing is refused, and the journal
 * numbers stay as printed.
 */
import { expect, test } from '@playwright/test';
import { openDesk, setupDemo, signIn } from './helpers/desk';
import { createOffice, issueEnrolmentCode, startDistrict, syncNow, type District } from './helpers/sync';
import { ui } from './helpers/locales';

let server: District;
test.beforeAll(async () => {
  server = await startDistrict();
});
test.afterAll(async () => {
  await server?.close();
});

test('a standalone office joins the district from Settings, keeping its records', async ({ browser }, testInfo) => {
  test.setTimeout(240_000);
  const officeId = await createOffice(server, {
    type: 'ruralDistrict',
    code: 'ҚРҚ',
    name: { kk: 'Қарасу ауылдық округі әкімінің аппараты (аудан)', ru: 'Аппарат акима Карасуского с.о. (район)' },
    address: { kk: 'Қарасу ауылы, Абай көшесі, 12', ru: 'село Карасу, улица Абая, 12' },
    headName: 'Сәрсенбаев Ғалым Өтегенұлы',
  });
  const code = await issueEnrolmentCode(server, officeId, 'standalone office joins');
  const { context, page } = await openDesk(browser, testInfo);
  try {
    await setupDemo(page);
    await signIn(page, 'head');
    const journalNos = async () =>
      (
        await server.db.query<{ n: string }>(
          `SELECT data->>'journalNo' AS n FROM applications WHERE office_id = $1 ORDER BY 1`,
          [officeId],
        )
      ).rows.map((r) => r.n);
    expect(await journalNos()).toEqual([]);

    // Settings: the head alone sees the join, with what it does; the code sheet's line fills the form.
    await page.getByTestId('nav-settings').click();
    const join = page.getByTestId('join-district');
    await expect(join).toHaveAttribute('data-state', 'standalone');
    await join.getByTestId('join-open').click();
    await expect(join.getByTestId('join-what')).toContainText(ui('kk', 'join.whatNumbers'));
    const form = join.getByTestId('enrol-form');
    await form.getByTestId('enrol-url').fill(server.url);
    await form.getByTestId('enrol-code').fill(code);
    await form.getByTestId('enrol-device').fill('Қарасу ноутбугі');
    await form.getByTestId('enrol-submit').click();
    await expect(join).toHaveAttribute('data-state', 'joined', { timeout: 60_000 });
    await expect(join.getByTestId('join-done')).toHaveText(ui('kk', 'join.done', { staff: 4, matched: 0 }));
    await expect(join.getByTestId('join-numbers-not-kept')).toHaveCount(0);

    // Everyone signs in again; the head's own password still opens the laptop.
    await join.getByTestId('join-sign-out').click();
    await signIn(page, 'head');
    await syncNow(page);
    const nos = await journalNos();
    expect(nos).toHaveLength(40);
    expect(nos.every((n) => n.startsWith('ҚРҚ-'))).toBe(true);
    const conflicts = await server.db.query(
      `SELECT count(*)::int AS n FROM conflicts WHERE status = 'open' AND entity_id IN (SELECT id FROM applications WHERE office_id = $1)`,
      [officeId],
    );
    expect(conflicts.rows[0].n).toBe(0);
    const quarantined = await server.db.query(`SELECT count(*)::int AS n FROM ops WHERE status = 'quarantined'`);
    expect(quarantined.rows[0].n).toBe(0);
    // The laptop now names the district's office and syncs like any other.
    await expect(page.getByTestId('header-office')).toContainText('(аудан)');
    await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-status', 'idle');
  } finally {
    await context.close();
  }
});
