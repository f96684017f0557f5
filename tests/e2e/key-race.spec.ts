/**
 * Issue #11 finding 3: right after enrolment nothing is sealed yet, so the
 * first sign-in makes the office's data key. Two windows of one profile (two
 * Electron windows share one, as two tabs here do) signing in at the same
 * moment each made their own, and each sealed its records under it: after a
 * reload half of them could not be opened by anyone, ever.
 *
 * Here the clerk signs in in both windows at once, each window registers a
 * child, and after a reload each window opens both children's records.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  fillIntake,
  iinFor,
  openApplication,
  openIntake,
  register,
  reloadAndUnlock,
  signIn,
} from './helpers/desk';
import { demoOffice, startDistrict, type District } from './helpers/sync';
import { enrolOn, firstPage, openProfile } from './helpers/profile';

const CLERK = 'Жұмабаева Әйгерім Нұрланқызы';
const CHILDREN = [
  {
    iin: iinFor(birthDateAged(2, 30), 'female', 9610),
    lastName: 'Бекболатова',
    firstName: 'Інжу',
    middleName: 'Ерланқызы',
  },
  {
    iin: iinFor(birthDateAged(4, 60), 'male', 9620),
    lastName: 'Нұрланов',
    firstName: 'Әлихан',
    middleName: 'Бақытұлы',
  },
];

let server: District | undefined;

test.afterAll(async () => {
  await server?.close();
});

async function registerChild(page: Page, i: number): Promise<string> {
  const child = CHILDREN[i];
  await openIntake(page);
  await fillIntake(page, {
    applicant: {
      iin: iinFor('1987-02-03', 'female', 9630 + i * 10),
      lastName: child.lastName,
      firstName: 'Гүлмира',
      phone: '+7 701 200 30 4' + i,
      address: 'Қарасу ауылы, Абай көшесі, 8',
    },
    child,
    kindergartens: ['1'],
    documents: ALL_DOCUMENTS,
    consent: true,
  });
  return (await register(page)).id;
}

test('two windows signing in at the same moment after enrolment make one data key: every record opens in both after a reload', async ({}, testInfo) => {
  test.setTimeout(180_000);
  server = await startDistrict();
  const { context } = await openProfile(testInfo);
  try {
    const a = await firstPage(context);
    await enrolOn(a, server.url, demoOffice(server, 'karasu').code, 'Қарасу, екі терезе');
    const b = await context.newPage();
    await b.goto('/');
    await expect(b.getByTestId('sign-in-form')).toBeVisible();

    // Both sign-ins are under way together; either window may be the one that makes the key.
    await Promise.all([signIn(a, 'clerk'), signIn(b, 'clerk')]);
    const ids = [await registerChild(a, 0), await registerChild(b, 1)];

    for (const page of [a, b]) {
      await reloadAndUnlock(page, CLERK);
      for (const [i, id] of ids.entries()) {
        await openApplication(page, id);
        await expect(page.getByTestId('app-child')).toContainText(`${CHILDREN[i].lastName} ${CHILDREN[i].firstName}`);
      }
    }
  } finally {
    await context.close();
  }
});
