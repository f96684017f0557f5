/**
 * Scenario 7: who may take which step. The UI offers a step (and the intake
 * form) only to its role, and the data layer refuses it on its own when the
 * UI is bypassed.
 *
 * Bypassing: the served bundle is patched so that, when the page sets
 * `__e2eForceRoles`, the action panel and the intake screen believe the
 * person has every role. The data layer keeps the real session, so a forced
 * button must end in its translated refusal. Service workers are blocked in
 * this context so the patched bundle is what runs (a worker would serve its
 * cached copy).
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  decide,
  fillIntake,
  iinFor,
  openApplication,
  openDesk,
  openIntake,
  register,
  reloadAndUnlock,
  resolveTo,
  searchFor,
  setupDemo,
  sign,
  signIn,
  switchUser,
  type IntakeData,
} from './helpers/desk';
import { err, ui } from './helpers/locales';

test.describe.configure({ mode: 'serial' });

const EXECUTOR = 'Төлеуова Құралай Серікқызы';
// The action panel's actor: `D=nextStep(app),actor={id:s.staff.id,fullName:...,roles:s.staff.roles}`,
// the step null where the office only took the application in (F-20): `D=R?null:nextStep(app)`.
const ACTOR =
  /(\b[\w$]+=(?:[\w$]+\?null:)?[\w$]+\([\w$]+\),[\w$]+=\{id:([\w$]+)\.staff\.id,fullName:\2\.staff\.fullName,roles:)(\2\.staff\.roles)\}/g;
const FORCED = 'globalThis.__e2eForceRoles??';

/** Makes the intake screen's role check (the last `x.staff.roles.includes(` before its role note) read the forced roles. */
function forceIntakeCheck(body: string): { body: string; n: number } {
  const anchor = body.indexOf('intake-role-note');
  if (anchor < 0) return { body, n: 0 };
  const before = body.slice(Math.max(0, anchor - 600), anchor);
  const hits = [...before.matchAll(/([\w$]+)\.staff\.roles\.includes\(/g)];
  const last = hits.at(-1);
  if (!last) return { body, n: 0 };
  const at = Math.max(0, anchor - 600) + last.index!;
  return {
    body: `${body.slice(0, at)}(${FORCED}${last[1]}.staff.roles).includes(${body.slice(at + last[0].length)}`,
    n: 1,
  };
}

let context: BrowserContext;
let page: Page;
const patched = { actor: 0, intake: 0 };
let appId = '';

const data = (childIin: string): IntakeData => ({
  applicant: {
    iin: iinFor('1985-07-01', 'male', 8100),
    lastName: 'Әміржанов',
    firstName: 'Талғат',
    phone: '+7 702 333 22 11',
    address: 'Қарасу ауылы, Жамбыл көшесі, 15',
  },
  child: { iin: childIin, lastName: 'Әміржанова', firstName: 'Ақбөпе', middleName: 'Талғатқызы' },
  kindergartens: ['2'],
  documents: ALL_DOCUMENTS,
  consent: true,
});

test.beforeAll(async ({ browser }, testInfo) => {
  ({ context, page } = await openDesk(browser, testInfo, { serviceWorkers: 'block' }));
  // Every script chunk: the build splits the desk and the console (main-*.js, shared chunks), and
  // the counts below prove the two checks were each found exactly once across all of them.
  await context.route(/\/assets\/[\w-]+\.js$/, async (route) => {
    const response = await route.fetch();
    let body = (await response.text()).replace(ACTOR, (_m, head: string, _s: string, roles: string) => {
      patched.actor++;
      return `${head}(${FORCED}${roles})}`;
    });
    const intake = forceIntakeCheck(body);
    body = intake.body;
    patched.intake += intake.n;
    await route.fulfill({ response, body });
  });
  await setupDemo(page);
  // Exactly these two checks may change, or the patch is not testing what it claims.
  expect(patched, 'the action panel actor and the intake check, each found once in the bundle').toEqual({
    actor: 1,
    intake: 1,
  });
  await signIn(page, 'clerk');
});

test.afterAll(async () => {
  await context?.close();
});

test("a clerk is not offered the head's steps, nor an executor another executor's decision", async () => {
  await openIntake(page);
  await fillIntake(page, data(iinFor(birthDateAged(2, 200), 'female', 8200)));
  ({ id: appId } = await register(page));
  // Registered: the next step is the head's resolution, and the clerk only sees that it waits.
  await expect(page.getByTestId('action-resolve')).toHaveCount(0);
  await expect(page.getByTestId('action-waiting')).toContainText(
    ui('kk', 'action.waitingFor', { step: ui('kk', 'step.resolution'), role: ui('kk', 'role.head') }),
  );
  await expect(page.getByTestId('action-waiting')).toContainText(err('kk', 'workflow.wrongRole'));

  // The clerk's desk lists only the clerk's queue of work.
  await page.getByTestId('nav-desk').click();
  await expect(page.getByTestId('pending-clerk')).toBeVisible();
  await expect(page.getByTestId('pending-head')).toHaveCount(0);

  await switchUser(page, 'head');
  await openApplication(page, appId);
  await resolveTo(page, EXECUTOR);
  // Olga is an executor too, but the head named someone else for this decision.
  await switchUser(page, 'olga');
  await openApplication(page, appId);
  await expect(page.getByTestId('action-decide')).toHaveCount(0);
  await expect(page.getByTestId('action-waiting')).toContainText(err('kk', 'workflow.notAssignedExecutor'));
  await switchUser(page, 'executor');
  await openApplication(page, appId);
  await decide(page, 'notification');

  // Decided: the signature is the head's.
  await switchUser(page, 'clerk');
  await openApplication(page, appId);
  await expect(page.getByTestId('status-badge').first()).toHaveAttribute('data-status', 'decided');
  await expect(page.getByTestId('action-sign')).toHaveCount(0);
  await expect(page.getByTestId('action-waiting')).toContainText(
    ui('kk', 'action.waitingFor', { step: ui('kk', 'step.signature'), role: ui('kk', 'role.head') }),
  );
  await expect(page.getByTestId('action-waiting')).toContainText(err('kk', 'workflow.wrongRole'));
});

test('a forced signature button is refused by the data layer with a translated error', async () => {
  await switchUser(page, 'clerk');
  await page.evaluate(() => {
    (globalThis as unknown as { __e2eForceRoles?: string[] }).__e2eForceRoles = ['clerk', 'head', 'executor'];
  });
  // Mount the application page afresh so the panel renders with the forced roles.
  await page.getByTestId('nav-desk').click();
  await openApplication(page, appId);
  const forced = page.getByTestId('action-sign');
  await expect(forced).toBeVisible();
  await forced.click();
  await expect(page.getByTestId('action-error')).toContainText(err('kk', 'workflow.wrongRole'));
  await expect(page.getByTestId('action-done')).toHaveCount(0);

  // Nothing changed: after a reload (which also drops the forcing) it still waits for the head.
  await reloadAndUnlock(page, 'Жұмабаева Әйгерім Нұрланқызы');
  await openApplication(page, appId);
  await expect(page.getByTestId('status-badge').first()).toHaveAttribute('data-status', 'decided');
  await expect(page.getByTestId('step-signature')).toHaveAttribute('data-done', 'false');
  await expect(page.getByTestId('action-sign')).toHaveCount(0);

  // The real head signs the same application: the refusal above was about the role.
  await switchUser(page, 'head');
  await openApplication(page, appId);
  await sign(page);
  await expect(page.getByTestId('step-signature')).toContainText('Сәрсенбаев Ғалым Өтегенұлы');
});

test('a head is not offered the intake; a forced intake form is refused registration by the data layer', async () => {
  await switchUser(page, 'head');
  await page.getByTestId('nav-desk').click();
  await expect(page.getByTestId('desk-home')).toBeVisible();
  await expect(page.getByTestId('nav-intake')).toHaveCount(0);
  await expect(page.getByTestId('desk-new-application')).toHaveCount(0);
  // Typing the address gives a note, not the form.
  await page.evaluate(() => {
    location.hash = '#/intake';
  });
  await expect(page.getByTestId('intake-role-note')).toContainText(ui('kk', 'role.clerk'));
  await expect(page.getByTestId('register')).toHaveCount(0);

  await page.evaluate(() => {
    (globalThis as unknown as { __e2eForceRoles?: string[] }).__e2eForceRoles = ['clerk', 'head', 'executor'];
  });
  await page.getByTestId('nav-desk').click();
  await page.evaluate(() => {
    location.hash = '#/intake';
  });
  await expect(page.getByTestId('intake')).toBeVisible();
  const childIin = iinFor(birthDateAged(3, 10), 'male', 8300);
  await fillIntake(page, { ...data(childIin), child: { iin: childIin, lastName: 'Әміржанов', firstName: 'Ерасыл' } });
  await page.getByTestId('register').click();
  await expect(page.getByTestId('intake-errors')).toContainText(err('kk', 'workflow.wrongRole'));
  await expect(page.getByTestId('application-page')).toHaveCount(0);
  await page.evaluate(() => {
    delete (globalThis as unknown as { __e2eForceRoles?: string[] }).__e2eForceRoles;
  });
  await expect(await searchFor(page, childIin)).toHaveCount(0);
});
