/**
 * Issue #11 finding 4: a tab of the old version left open after an update
 * kept writing records the new version cannot index. When a newer version
 * opens the database (here: a second page of the same profile opens it with
 * raw IndexedDB at a higher version and adds a store, as an upgrade would),
 * the old window must let go of the database, stop, and say so; and a window
 * whose code is older than the database must not open it at all.
 */
import { expect, test } from '@playwright/test';
import { openIntake, signIn } from './helpers/desk';
import { ui } from './helpers/locales';
import { demoOffice, enrolDesk, startDistrict, type District } from './helpers/sync';

let server: District | undefined;

test.afterAll(async () => {
  await server?.close();
});

test('a window whose database a newer version opened stops and asks to reload; older code refuses to open it', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  server = await startDistrict();
  const { context, page } = await enrolDesk(
    browser,
    testInfo,
    server.url,
    demoOffice(server, 'ushkonyr').code,
    'Үшқоңыр, ескі терезе',
  );
  try {
    await signIn(page, 'clerk');
    await openIntake(page);
    await page.getByTestId('child-last-name').fill('Әлімжанова');
    await expect(page.getByTestId('outdated-notice')).toHaveCount(0);

    // "The new version": another page of the profile, not running the app, upgrades the database.
    const other = await context.newPage();
    await other.goto('/manifest.webmanifest');
    const versions = await other.evaluate(async () => {
      const before = (await indexedDB.databases()).find((d) => d.name === 'akimat-desk')?.version ?? 0;
      const after = await new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('akimat-desk', before + 10);
        req.onupgradeneeded = () => req.result.createObjectStore('addedByANewerVersion');
        req.onsuccess = () => {
          const v = req.result.version;
          req.result.close();
          resolve(v);
        };
        req.onerror = () => reject(req.error);
      });
      return { before, after };
    });
    expect(versions.before).toBeGreaterThan(0);
    expect(versions.after).toBe(versions.before + 10);

    // The old window stops: a blocking notice over everything, in the office's language, with a reload button.
    const notice = page.getByTestId('outdated-notice');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(ui('kk', 'outdated.title'));
    await expect(notice).toContainText(ui('kk', 'outdated.text'));
    await expect(notice.getByTestId('outdated-reload')).toBeVisible();
    // Nothing behind it takes input.
    await expect(page.getByTestId('intake')).toHaveCount(0);

    // This build is still the old one: after the reload it meets a database newer than its code and refuses it.
    await notice.getByTestId('outdated-reload').click();
    await expect(page.getByTestId('outdated-notice')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('lock-screen')).toHaveCount(0);
    await expect(page.getByTestId('sign-in-form')).toHaveCount(0);
    await expect(page.getByTestId('first-run')).toHaveCount(0);

    // And it left the database as the newer version made it.
    const after = await other.evaluate(
      async () => (await indexedDB.databases()).find((d) => d.name === 'akimat-desk')?.version,
    );
    expect(after).toBe(versions.after);
  } finally {
    await context.close();
  }
});
