/**
 * Issue #11 finding 5: a child's IIN and name came back from the district in
 * a pull answer, and the browser kept that answer on disk in its HTTP cache,
 * unencrypted. Here a laptop with a real profile folder enrols with a real
 * district server, registers a child offline, syncs (the first pull after
 * enrolling brings the laptop's own records back, with the child in it), and
 * the browser is closed so everything it keeps reaches the disk. Then every
 * file of the profile is read, gzip streams inflated: no IIN, no name.
 */
import { expect, test, type Response } from '@playwright/test';
import { ALL_DOCUMENTS, birthDateAged, fillIntake, iinFor, openIntake, register, signIn } from './helpers/desk';
import { demoOffice, startDistrict, syncNow, type District } from './helpers/sync';
import { enrolOn, firstPage, openProfile, searchProfile } from './helpers/profile';

const CHILD = {
  iin: iinFor(birthDateAged(3, 40), 'male', 9900),
  lastName: 'Қуанышбеков',
  firstName: 'Ерасыл',
  middleName: 'Талғатұлы',
};
const APPLICANT = {
  iin: iinFor('1989-06-14', 'female', 9950),
  lastName: 'Қуанышбекова',
  firstName: 'Меруерт',
  middleName: 'Асқарқызы',
};

let server: District | undefined;

test.afterAll(async () => {
  await server?.close();
});

test('after a sync no child IIN or name is in any file of the browser profile', async ({}, testInfo) => {
  test.setTimeout(180_000);
  server = await startDistrict();
  const { context, dir } = await openProfile(testInfo);
  let closed = false;
  try {
    const page = await firstPage(context);
    await enrolOn(page, server.url, demoOffice(server, 'karasu').code, 'Қарасу, кэш сынағы');

    // Offline while the child is registered: the first pull, after it, is the one that brings it back.
    await context.setOffline(true);
    await signIn(page, 'clerk');
    await openIntake(page);
    await fillIntake(page, {
      applicant: { ...APPLICANT, phone: '+7 702 331 20 45', address: 'Қарасу ауылы, Бейбітшілік көшесі, 3' },
      child: CHILD,
      kindergartens: ['1'],
      documents: ALL_DOCUMENTS,
      consent: true,
    });
    const app = await register(page);

    // The control: the child's data really travels in a pull answer this browser receives.
    const pulled: string[] = [];
    const onResponse = (r: Response) => {
      if (r.url().includes('/v1/pull'))
        void r.text().then(
          (t) => pulled.push(t),
          () => {},
        );
    };
    page.on('response', onResponse);
    await context.setOffline(false);
    await expect(page.getByTestId('online-indicator')).toHaveAttribute('data-online', 'true');
    await syncNow(page);
    await expect
      .poll(() => pulled.some((t) => t.includes(app.id) && t.includes(CHILD.iin) && t.includes(CHILD.lastName)))
      .toBe(true);
    page.off('response', onResponse);

    // Everything the browser keeps goes to disk when it closes.
    await context.close();
    closed = true;

    const secrets = [
      CHILD.iin,
      APPLICANT.iin,
      CHILD.lastName,
      CHILD.firstName,
      CHILD.middleName,
      APPLICANT.lastName,
      APPLICANT.firstName,
      APPLICANT.middleName,
    ];
    const { findings, files, bytes } = await searchProfile(dir, secrets);
    // The search did read a real profile (IndexedDB, the HTTP cache's index, preferences...).
    expect(files).toBeGreaterThan(20);
    expect(bytes).toBeGreaterThan(100_000);
    expect(findings, 'personal data in the profile folder').toEqual([]);
  } finally {
    if (!closed) await context.close();
  }
});
