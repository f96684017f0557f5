/**
 * #16 item 11: intake at 125 % Windows scaling of a 1366×768 screen (a
 * 1093×614 viewport) and at 1280×720. The sticky bar under the form stays
 * small, and every control of the form can be scrolled to and clicked: none
 * is covered by the bar or cut off at the side.
 */
import { expect, test, type Page } from '@playwright/test';
import { openDesk, openIntake, setupDemo, signIn } from './helpers/desk';

async function checkReachable(page: Page, width: number, height: number) {
  await page.setViewportSize({ width, height });
  await openIntake(page);
  // A form half filled: the bar then lists the documents still missing (its tallest state).
  await page.getByTestId('applicant-iin').fill('880302450123');
  await page.getByTestId('doc-application').check();
  const bar = page.locator('.action-bar');
  await expect(page.getByTestId('missing-documents')).toBeVisible();
  const barBox = (await bar.boundingBox())!;
  expect(barBox.height, `the bar at ${width}×${height}`).toBeLessThanOrEqual(height * 0.15);

  // The first-turn category select is narrower than its longest choice: the chosen one is written out whole.
  const select = page.getByTestId('priority');
  const longest = await select.evaluate((el) => {
    const o = [...(el as HTMLSelectElement).options].reduce((a, x) => (x.text.length > a.text.length ? x : a));
    return { value: o.value, text: o.text };
  });
  await select.selectOption(longest.value);
  const name = page.getByTestId('priority-name');
  await expect(name).toHaveText(longest.text);
  expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);

  const controls = page.locator('[data-testid="intake"] :is(input, select, textarea, button):visible');
  const n = await controls.count();
  expect(n).toBeGreaterThan(15);
  for (let i = 0; i < n; i++) {
    const c = controls.nth(i);
    await c.scrollIntoViewIfNeeded();
    const reach = await c.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const x = Math.min(Math.max(r.left + r.width / 2, 0), window.innerWidth - 1);
      const y = Math.min(Math.max(r.top + r.height / 2, 0), window.innerHeight - 1);
      const hit = document.elementFromPoint(x, y);
      const label = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.tagName;
      return {
        label,
        covered: !(hit && (hit === el || el.contains(hit) || hit.contains(el) || hit.closest('label')?.contains(el))),
        cutOff: r.right > window.innerWidth + 0.5 || r.left < -0.5,
      };
    });
    expect(reach, `${reach.label} at ${width}×${height}`).toMatchObject({ covered: false, cutOff: false });
  }
}

test('intake keeps every control reachable at 1093×614 and at 1280×720', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const { context, page } = await openDesk(browser, testInfo);
  await setupDemo(page);
  await signIn(page, 'clerk');
  await checkReachable(page, 1093, 614);
  await checkReachable(page, 1280, 720);
  await context.close();
});
