/**
 * The district console's queue and catalog screens in Chromium, against a real
 * district server started inside the spec: the demo district (in-memory
 * PGlite, HTTPS with the ephemeral self-signed certificate, as
 * console.spec.ts). The demo seeds no applications, so two office laptops
 * (the desk in web mode, in browser contexts of their own, enrolled with the
 * demo codes) register children and sync them, as sync.spec.ts does; the
 * queue the console shows is then compared with what the server answers the
 * same call.
 *
 * The console is the build in CONSOLE_DIR, else DIST_DIR, else dist/; the
 * desk is the build playwright.config.ts serves (DIST_DIR, E2E_PORT).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import { startServer, type RunningServer } from '../../server/main';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  builtInCatalog,
  checkCatalogEntry,
  formatOfficialDate,
  formatOfficialDateTime,
  type DistrictQueue,
  type Kindergarten,
  type ServiceEntry,
} from '../../shared';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  fillIntake,
  iinFor,
  openDesk,
  openIntake,
  register,
  signIn as deskSignIn,
} from './helpers/desk';
import { err, ui } from './helpers/locales';
import { syncNow } from './helpers/sync';

const CONSOLE_DIR = resolve(process.env.CONSOLE_DIR ?? process.env.DIST_DIR ?? 'dist');
/** The schema's minimum, as the other specs use: sign-ins cost ~0.1 s. */
const TEST_ITERATIONS = 100_000;
const HEADERS = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
/** The first-turn category one child claims (its proof document is then required). */
const FIRST_TURN = 'largeFamily';

type Child = { lastName: string; firstName: string; years: number; kg: string; firstTurn?: boolean };
/** Children of two offices: ages 1 to 3, each naming one kindergarten (by №), one first-turn. */
const CHILDREN: Record<'karasu' | 'ushkonyr', Child[]> = {
  karasu: [
    { lastName: 'Сұлтанов', firstName: 'Әлихан', years: 1, kg: '1' },
    { lastName: 'Өмірзақова', firstName: 'Інжу', years: 2, kg: '2', firstTurn: true },
    { lastName: 'Жұмабаев', firstName: 'Нұрислам', years: 3, kg: '3' },
  ],
  ushkonyr: [
    { lastName: 'Ғабдуллина', firstName: 'Ұлжан', years: 1, kg: '2' },
    { lastName: 'Қасымов', firstName: 'Ерасыл', years: 3, kg: '1' },
  ],
};
/** Registered later, to see "reload" bring it. */
const LATE: Child = { lastName: 'Төлеуов', firstName: 'Дамир', years: 2, kg: '4' };

test.use({ ignoreHTTPSErrors: true });

let seed = 7100;
/** The clerk registers one child on the desk (the intake form, as an office fills it in). */
async function registerChild(desk: Page, c: Child): Promise<{ id: string; journalNo: string }> {
  seed += 10;
  await openIntake(desk);
  await fillIntake(desk, {
    applicant: {
      iin: iinFor('1991-04-12', 'female', seed),
      lastName: c.lastName,
      firstName: 'Айгүл',
      phone: '+7 701 555 44 33',
      address: 'Қарасу ауылы, Абай көшесі, 12',
    },
    child: {
      iin: iinFor(birthDateAged(c.years, 40 + (seed % 50)), 'male', seed),
      lastName: c.lastName,
      firstName: c.firstName,
    },
    kindergartens: [c.kg],
    documents: ALL_DOCUMENTS,
    consent: true,
  });
  if (c.firstTurn) {
    await desk.getByTestId('priority').selectOption(FIRST_TURN);
    await desk.getByTestId('doc-priorityProof').check();
  }
  return register(desk);
}

test.describe('the district queue and the service catalog in the console', () => {
  // One server, its laptops and one signed-in console page through the steps, in order.
  test.describe.configure({ mode: 'serial' });
  let server: RunningServer;
  let page: Page;
  const desks: Record<string, { context: BrowserContext; page: Page }> = {};
  const officeIds: Record<string, string> = {};
  /** Catalog writes the console made (PUT /v1/district/catalog/...): an invalid edit must add none. */
  const catalogPuts: string[] = [];

  /** What the server answers the console's own call, with the page's session cookie. */
  async function apiGet<T>(path: string): Promise<T> {
    const res = await page.request.get(`${server.url}${path}`, { headers: HEADERS });
    expect(res.ok(), path).toBe(true);
    return (await res.json()) as T;
  }
  const apiQueue = (officeId?: string) =>
    apiGet<DistrictQueue>(`/v1/district/queue${officeId ? `?officeId=${officeId}` : ''}`);
  const apiEntry = async (code: string) =>
    (await apiGet<{ entries: ServiceEntry[] }>('/v1/district/catalog')).entries.find((e) => e.code === code)!;

  /** A laptop of a demo office: the desk in a browser context of its own, enrolled, its clerk signed in. */
  async function laptop(browser: Browser, testInfo: TestInfo, key: string): Promise<Page> {
    const demo = server.demo!.codes.find((c) => c.officeKey === key)!;
    officeIds[key] = demo.officeId;
    // The district's certificate is self-signed: web mode has only the browser's own check, told to accept it here.
    const desk = await openDesk(browser, testInfo, { ignoreHTTPSErrors: true });
    desks[key] = desk;
    await desk.page.goto('/');
    const form = desk.page.getByTestId('enrol-form');
    await form.getByTestId('enrol-url').fill(server.url);
    await form.getByTestId('enrol-code').fill(demo.code);
    await form.getByTestId('enrol-device').fill(`${key}, кезек сынағы`);
    await form.getByTestId('enrol-submit').click();
    await expect(desk.page.getByTestId('sign-in-form')).toBeVisible({ timeout: 30_000 });
    await deskSignIn(desk.page, 'clerk', server.demo!.password);
    return desk.page;
  }

  test.beforeAll(async ({ browser }) => {
    if (!existsSync(resolve(CONSOLE_DIR, 'console.html')))
      throw new Error(`no console build in ${CONSOLE_DIR}: npx vite build --outDir ${CONSOLE_DIR}`);
    // Read when the app is built (server/http/consoleStatic.ts): the build this spec was given.
    process.env.CONSOLE_DIR = CONSOLE_DIR;
    server = await startServer({
      port: 0,
      dataDir: 'memory:',
      demo: true,
      logger: false,
      passwordIterations: TEST_ITERATIONS,
      // The desks call from the page playwright.config.ts serves: the one web origin allowed.
      corsOrigins: [`http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173)}`],
    });
    expect(server.demo).toBeTruthy();
    page = await browser.newPage({ ignoreHTTPSErrors: true });
    page.on('request', (r) => {
      if (r.method() === 'PUT' && new URL(r.url()).pathname.startsWith('/v1/district/catalog/'))
        catalogPuts.push(r.url());
    });
  });
  test.afterAll(async () => {
    for (const d of Object.values(desks)) await d.context.close();
    await page?.close();
    await server?.close();
  });

  test('two offices register children on their laptops and sync them', async ({ browser }, testInfo) => {
    for (const key of ['karasu', 'ushkonyr'] as const) {
      const desk = await laptop(browser, testInfo, key);
      for (const c of CHILDREN[key]) await registerChild(desk, c);
      await syncNow(desk);
    }
  });

  test('the queue: one table per age, the rows the server answers, filtered by office and kindergarten', async () => {
    await page.goto(`${server.url}/console/`);
    await expect(page.getByTestId('console-signin')).toBeVisible();
    // The demo district's account: head, administrator and specialist.
    await page.getByTestId('console-login').fill(server.demo!.districtLogin);
    await page.getByTestId('console-password').fill(server.demo!.password);
    await page.getByTestId('console-signin-submit').click();
    await expect(page.getByTestId('console-user')).toBeVisible();

    // The navigation, in its order.
    await expect(page.locator('nav.tabs a')).toHaveText(
      [
        'offices',
        'staff',
        'kindergartens',
        'import',
        'devices',
        'codes',
        'queue',
        'reports',
        'reconciliation',
        'catalog',
        'audit',
        'backups',
      ].map((x) => ui('kk', `console.nav.${x}`)),
    );

    await page.getByTestId('console-nav-queue').click();
    await expect(page).toHaveURL(/#\/queue$/);
    const screen = page.getByTestId('console-queue');
    const all = await apiQueue();
    const items = all.groups.flatMap((g) => g.items);
    expect(items).toHaveLength(5);
    expect(all.groups.map((g) => g.age)).toEqual([1, 2, 3]);

    // One table per age, in the server's order, each with its rows.
    await expect(screen.getByTestId('queue-group')).toHaveCount(all.groups.length);
    for (const [i, g] of all.groups.entries()) {
      const group = screen.getByTestId('queue-group').nth(i);
      await expect(group).toHaveAttribute('data-age', String(g.age));
      await expect(group.getByTestId('queue-row')).toHaveCount(g.items.length);
      await expect(group.getByTestId('queue-group-total')).toHaveText(String(g.total));
    }
    await expect(screen.getByTestId('queue-as-of')).toHaveAttribute('data-as-of', /^\d{4}-/);
    // Each row carries the journal number, position and child the server gives that application.
    for (const item of items) {
      const row = screen.locator(`[data-testid="queue-row"][data-id="${item.applicationId}"]`);
      await expect(row.getByTestId('queue-journal-no')).toHaveText(item.journalNo);
      await expect(row.locator('td').first()).toHaveText(String(item.position));
      await expect(row).toContainText(item.childName);
      // Dates alone in their cells read as on paper: «15» қаңтар 2025 ж. (issue #15).
      await expect(row.getByTestId('queue-birth-date')).toHaveText(formatOfficialDate(item.birthDate, 'kk'));
      await expect(row.getByTestId('queue-accepted-at')).toHaveText(formatOfficialDateTime(item.acceptedAt, 'kk'));
    }
    // The first-turn child is marked with the category's name.
    const priority = items.find((x) => x.priority)!;
    expect(priority.priority).toBe(FIRST_TURN);
    await expect(
      screen.locator(`[data-testid="queue-row"][data-id="${priority.applicationId}"]`).getByTestId('queue-priority'),
    ).toHaveText(
      builtInCatalog.find((e) => e.code === 'preschool-queue')!.priorityCategories.find((c) => c.code === FIRST_TURN)!
        .name.kk,
    );

    // One office: only its rows (the server's answer for that office), positions still district-wide.
    await screen.getByTestId('queue-office').selectOption(officeIds.karasu);
    const karasu = (await apiQueue(officeIds.karasu)).groups.flatMap((g) => g.items);
    expect(karasu).toHaveLength(CHILDREN.karasu.length);
    const rows = screen.getByTestId('queue-row');
    await expect(rows).toHaveCount(karasu.length);
    for (const r of await rows.all()) await expect(r).toHaveAttribute('data-office', officeIds.karasu);
    for (const item of karasu) {
      const row = screen.locator(`[data-testid="queue-row"][data-id="${item.applicationId}"]`);
      await expect(row.getByTestId('queue-journal-no')).toHaveText(item.journalNo);
      await expect(row.locator('td').first()).toHaveText(String(item.position));
    }

    // One kindergarten (every office): the rows whose application names it.
    await screen.getByTestId('queue-office').selectOption('');
    await expect(rows).toHaveCount(items.length);
    const kg = (await apiGet<{ kindergartens: Kindergarten[] }>('/v1/district/kindergartens')).kindergartens.find(
      (k) => k.number === '1',
    )!;
    const withKg = items.filter((x) => x.kindergartenIds.includes(kg.id));
    expect(withKg).toHaveLength(2);
    await screen.getByTestId('queue-kindergarten').selectOption(kg.id);
    await expect(rows).toHaveCount(withKg.length);
    for (const item of withKg)
      await expect(screen.locator(`[data-testid="queue-row"][data-id="${item.applicationId}"]`)).toBeVisible();
    await screen.getByTestId('queue-kindergarten').selectOption('');
    await expect(rows).toHaveCount(items.length);

    // A child registered and synced since: "reload" brings it.
    const late = await registerChild(desks.ushkonyr.page, LATE);
    await syncNow(desks.ushkonyr.page);
    await expect(screen.locator(`[data-id="${late.id}"]`)).toHaveCount(0);
    await screen.getByTestId('queue-reload').click();
    await expect(
      screen.locator(`[data-testid="queue-row"][data-id="${late.id}"]`).getByTestId('queue-journal-no'),
    ).toHaveText(late.journalNo);
    await expect(rows).toHaveCount(items.length + 1);
  });

  test('the catalog: the preschool queue entry edited and saved; invalid edits shown and not sent', async () => {
    await page.getByTestId('console-nav-catalog').click();
    const screen = page.getByTestId('console-catalog');
    const row = screen.locator('[data-testid="catalog-row"][data-code="preschool-queue"]');
    const before = await apiEntry('preschool-queue');
    await expect(row).toHaveAttribute('data-changed', 'false');
    await expect(row).toContainText(ui('kk', 'catalogEditor.unit.workingDays', { n: before.term.value }));
    // Nothing is marked as changed by the district yet: every entry is the shipped one.
    await expect(screen.getByTestId('catalog-mark')).toHaveCount(0);

    await row.getByTestId('catalog-open').click();
    const editor = screen.getByTestId('catalog-editor');
    const json = editor.getByTestId('catalog-json');
    await expect(json).toBeEditable();
    const shown = JSON.parse(await json.inputValue()) as ServiceEntry;
    expect(shown).toEqual(before);

    // A longer term, saved: the server keeps it and the row says so, marked as the district's.
    const term = before.term.value + 2;
    await json.fill(JSON.stringify({ ...shown, term: { ...shown.term, value: term } }, null, 2));
    await editor.getByTestId('catalog-save').click();
    await expect(editor.getByTestId('catalog-saved')).toBeVisible();
    expect(catalogPuts).toHaveLength(1);
    expect((await apiEntry('preschool-queue')).term.value).toBe(term);
    await expect(row).toContainText(ui('kk', 'catalogEditor.unit.workingDays', { n: term }));
    await expect(row).toHaveAttribute('data-changed', 'true');
    await expect(row.getByTestId('catalog-mark')).toHaveText(ui('kk', 'catalogEditor.mark.district'));

    // A term of zero: the shared schema's problem, in Kazakh, beside the field; nothing sent.
    const bad = { ...shown, term: { ...shown.term, value: 0 } };
    const check = checkCatalogEntry(bad);
    expect(check.ok).toBe(false);
    const problem = !check.ok ? check.errors.find((e) => e.field === 'term.value')! : null;
    expect(problem).toBeTruthy();
    await json.fill(JSON.stringify(bad, null, 2));
    await editor.getByTestId('catalog-save').click();
    const issues = editor.getByTestId('catalog-issues');
    await expect(issues).toContainText(ui('kk', 'console.catalog.invalid'));
    await expect(issues.locator('li[data-field="term.value"]')).toHaveText(
      `term.value: ${err('kk', problem!.code, problem!.params)}`,
    );
    await expect(editor.getByTestId('catalog-saved')).toHaveCount(0);

    // Not JSON at all, and a changed code: refused the same way.
    await json.fill('{ "code": "preschool-queue", ');
    await editor.getByTestId('catalog-save').click();
    await expect(issues.locator('li')).toHaveCount(1);
    await expect(issues.locator('li')).toContainText(err('kk', 'catalog.notJson', { detail: '' }).split(':')[0]);
    await json.fill(JSON.stringify({ ...shown, code: 'preschool-queue-2' }, null, 2));
    await editor.getByTestId('catalog-save').click();
    await expect(issues.locator('li[data-field="code"]')).toHaveText(
      `code: ${ui('kk', 'console.catalog.codeChanged', { code: 'preschool-queue' })}`,
    );

    // None of the invalid edits reached the server: one write, the term as saved.
    expect(catalogPuts).toHaveLength(1);
    expect((await apiEntry('preschool-queue')).term.value).toBe(term);
    expect(
      (await apiGet<{ entries: ServiceEntry[] }>('/v1/district/catalog')).entries.map((e) => e.code),
    ).not.toContain('preschool-queue-2');
  });

  test('a district account that may not change the catalog reads both screens, with no save', async ({ browser }) => {
    // A head of the district (reads every area, changes neither the queue nor the catalog).
    const created = await page.request.post(`${server.url}/v1/district/staff`, {
      headers: { ...HEADERS, 'x-akimat-console': '1' },
      data: {
        officeId: server.demo!.codes.find((c) => c.officeKey === 'district')!.officeId,
        fullName: 'Оспанова Сәуле',
        login: 'head.reader',
        roles: ['head'],
      },
    });
    expect(created.ok()).toBe(true);
    const { oneTimePassword } = (await created.json()) as { oneTimePassword: string };

    const reader = await browser.newPage({ ignoreHTTPSErrors: true });
    try {
      await reader.goto(`${server.url}/console/#/catalog`);
      await reader.getByTestId('console-login').fill('head.reader');
      await reader.getByTestId('console-password').fill(oneTimePassword);
      await reader.getByTestId('console-signin-submit').click();
      const change = reader.getByTestId('console-change-password');
      await change.getByTestId('password-current').fill(oneTimePassword);
      await change.getByTestId('password-next').fill('Head-reader-pass-1');
      await change.getByTestId('password-again').fill('Head-reader-pass-1');
      await change.getByTestId('password-submit').click();

      const screen = reader.getByTestId('console-catalog');
      await expect(screen.getByTestId('catalog-read-only')).toBeVisible();
      const row = screen.locator('[data-testid="catalog-row"][data-code="preschool-queue"]');
      await expect(row.getByTestId('catalog-open')).toHaveText(ui('kk', 'catalogEditor.view'));
      await row.getByTestId('catalog-open').click();
      const editor = screen.getByTestId('catalog-editor');
      await expect(editor.getByTestId('catalog-json')).not.toBeEditable();
      await expect(editor.getByTestId('catalog-save')).toHaveCount(0);

      await reader.getByTestId('console-nav-queue').click();
      await expect(reader.getByTestId('queue-row')).toHaveCount(6);
      await expect(reader.getByTestId('queue-reload')).toBeVisible();
    } finally {
      await reader.close();
    }
  });

  test('a long queue comes a page at a time: the next page, the previous, a filter from its first page', async () => {
    // A hundred more children, from a laptop of a third office: the desk code in Node (seed-desks.ts).
    const akkainar = server.demo!.codes.find((c) => c.officeKey === 'akkainar')!;
    const plan = {
      baseUrl: server.url,
      password: server.demo!.password,
      desks: [
        {
          key: 'akkainar',
          code: akkainar.code,
          register: Array.from({ length: 100 }, (_, i) => ({ serial: 9000 + i, acknowledgeDuplicate: true })),
        },
      ],
    };
    const dir = await mkdtemp(join(tmpdir(), 'akimat-seed-'));
    try {
      await writeFile(join(dir, 'plan.json'), JSON.stringify(plan));
      // The server's certificate is the ephemeral self-signed one: the Node laptop is told to accept it.
      await promisify(execFile)('npx', ['tsx', 'tests/e2e/support/seed-desks.ts', join(dir, 'plan.json')], {
        maxBuffer: 1 << 20,
        env: { ...process.env, NODE_TLS_REJECT_UNAUTHORIZED: '0' },
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const total = 106;
    const all = await apiGet<DistrictQueue>('/v1/district/queue?limit=500');
    expect(all.matched).toBe(total);
    const inOrder = all.groups.flatMap((g) => g.items);

    await page.getByTestId('console-nav-queue').click();
    const screen = page.getByTestId('console-queue');
    await screen.getByTestId('queue-reload').click();
    const pager = screen.getByTestId('queue-pager');
    const rows = screen.getByTestId('queue-row');
    // The first page: the first hundred in the server's order.
    await expect(pager).toHaveAttribute('data-matched', String(total));
    await expect(pager.getByTestId('queue-range')).toHaveText(
      ui('kk', 'district.queueRange', { from: 1, to: 100, matched: total }),
    );
    await expect(rows).toHaveCount(100);
    await expect(pager.getByTestId('queue-prev')).toBeDisabled();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')))).toEqual(
      inOrder.slice(0, 100).map((i) => i.applicationId),
    );
    // The next: the rest, at their district positions.
    await pager.getByTestId('queue-next').click();
    await expect(pager).toHaveAttribute('data-offset', '100');
    await expect(rows).toHaveCount(total - 100);
    await expect(pager.getByTestId('queue-next')).toBeDisabled();
    for (const item of inOrder.slice(100))
      await expect(
        screen.locator(`[data-testid="queue-row"][data-id="${item.applicationId}"]`).locator('td').first(),
      ).toHaveText(String(item.position));
    await pager.getByTestId('queue-prev').click();
    await expect(pager).toHaveAttribute('data-offset', '0');
    await expect(rows).toHaveCount(100);

    // On the second page, a filter starts its own list from the first page: one office's three.
    await pager.getByTestId('queue-next').click();
    await expect(pager).toHaveAttribute('data-offset', '100');
    await screen.getByTestId('queue-office').selectOption(officeIds.karasu);
    await expect(rows).toHaveCount(CHILDREN.karasu.length);
    await expect(screen.getByTestId('queue-pager')).toHaveCount(0);
    // A search that finds nobody says so.
    await screen.getByTestId('queue-search').fill('Жоқбаев');
    await screen.getByTestId('queue-search-go').click();
    await expect(screen.getByTestId('queue-empty')).toHaveText(ui('kk', 'district.queueNoneFound'));
  });
});
