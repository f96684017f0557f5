/**
 * Journal numbers on a laptop far from any link (issue #16), in the real UI:
 * with 5 numbers left the desk home and the intake screen warn (the district's
 * threshold, a share of the block); the laptop uses them up offline; the next
 * registration is refused with a message that says what to do, the typed form
 * kept; the district issues a lease file for this laptop, which is taken
 * offline on the Sync page, and the kept form registers with its numbers. A
 * changed file and the same file again are refused.
 *
 * The district server runs inside the spec (in-memory database, free port).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type LeaseFile } from '../../shared';
import {
  ALL_DOCUMENTS,
  birthDateAged,
  fillIntake,
  iinFor,
  officeToday,
  openIntake,
  register,
  signIn,
  type IntakeData,
} from './helpers/desk';
import { err, ui } from './helpers/locales';
import { demoOffice, enrolDesk, goOffline, startDistrict, type District } from './helpers/sync';

test.describe.configure({ mode: 'serial' });

let server: District;
let desk: { context: BrowserContext; page: Page };

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  // The district's console is the build under test (server/http/consoleStatic.ts reads it at start).
  process.env.CONSOLE_DIR = resolve(process.env.CONSOLE_DIR ?? process.env.DIST_DIR ?? 'dist');
  server = await startDistrict();
  desk = await enrolDesk(browser, testInfo, server.url, demoOffice(server, 'karasu').code, 'Қарасу, жылжымалы ноутбук');
});

test.afterAll(async () => {
  await desk?.context.close();
  await server?.close();
});

const intake = (i: number): IntakeData => ({
  applicant: {
    iin: iinFor('1990-03-12', 'female', 7300 + i * 13),
    lastName: 'Сейітова',
    firstName: 'Гүлназ',
    middleName: 'Серікқызы',
    phone: '+7 701 555 44 33',
    address: 'Жамбыл ауданы, Бірлік көшесі, 9',
  },
  child: {
    iin: iinFor(birthDateAged(3, 40 + i * 3), 'female', 7100 + i * 17),
    lastName: 'Сейітова',
    firstName: 'Әйгерім',
    middleName: 'Ғалымқызы',
  },
  kindergartens: ['1'],
  documents: ALL_DOCUMENTS,
  consent: true,
});

/** Leaves `left` numbers in the laptop's blocks of a journal: the blocks are the desk's own IndexedDB rows, in clear. */
async function leaveNumbers(page: Page, journal: string, left: number): Promise<void> {
  // This year's blocks only: in December the laptop holds next year's too.
  const year = Number(officeToday().slice(0, 4));
  await page.evaluate(
    async ({ journal, left, year }) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open('akimat-desk');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      const tx = db.transaction('leases', 'readwrite');
      const store = tx.objectStore('leases');
      const rows = await new Promise<Array<{ id: number; journal: string; year: number; to: number; next: number }>>(
        (ok) => {
          const r = store.getAll();
          r.onsuccess = () => ok(r.result);
        },
      );
      const mine = rows.filter((r) => r.journal === journal && r.year === year).sort((a, b) => a.id - b.id);
      mine.forEach((r, i) => store.put({ ...r, next: i === mine.length - 1 ? r.to - left + 1 : r.to + 1 }));
      await new Promise((ok) => (tx.oncomplete = ok));
      db.close();
    },
    { journal, left, year },
  );
}

/** The district's console (served by the same server) issues the file from its device board: a download. */
async function issueFromConsole(browser: Browser, deviceId: string): Promise<LeaseFile> {
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}/console/`);
    await page.getByTestId('console-login').fill(server.demo.districtLogin);
    await page.getByTestId('console-password').fill(server.demo.password);
    await page.getByTestId('console-signin-submit').click();
    await expect(page.getByTestId('console-user')).toBeVisible();
    await page.getByTestId('console-nav-devices').click();
    const row = page.locator(`[data-testid="device-row"][data-device="${deviceId}"]`);
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('device-lease-file').click()]);
    await expect(page.getByTestId('device-lease-file-issued')).toBeVisible();
    return JSON.parse(await readFile((await download.path())!, 'utf8')) as LeaseFile;
  } finally {
    await page.close();
  }
}

async function issueLeaseFile(deviceId: string): Promise<LeaseFile> {
  const headers = { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
  const login = await fetch(`${server.url}/v1/district/login`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ login: server.demo.districtLogin, password: server.demo.password }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${server.url}/v1/district/devices/${deviceId}/lease-file`, {
    method: 'POST',
    headers: { ...headers, authorization: `Bearer ${token}` },
    body: '{}',
  });
  expect(res.status).toBe(200);
  return (await res.json()) as LeaseFile;
}

async function importFile(page: Page, text: string): Promise<void> {
  await page.getByTestId('nav-sync').click();
  await page
    .getByTestId('lease-file-input')
    .setInputFiles({ name: 'akimat-leases.json', mimeType: 'application/json', buffer: Buffer.from(text) });
}

test('warns at 5 numbers left, runs out keeping the form, and goes on offline with a lease file', async ({
  browser,
}) => {
  const { page, context } = desk;
  await signIn(page, 'clerk');
  await goOffline(context, page);
  await leaveNumbers(page, 'preschool-queue', 5);

  // The desk home warns (5 of a 200-number block is under the district's 20 %), and so does intake.
  await page.getByTestId('nav-intake').click();
  await page.getByTestId('nav-desk').click();
  const homeLow = page.getByTestId('desk-home').locator('[data-testid="numbers-low"][data-journal="preschool-queue"]');
  await expect(homeLow).toHaveAttribute('data-left', '5');
  await expect(homeLow).toContainText('5');
  await openIntake(page);
  const intakeLow = page.getByTestId('intake').getByTestId('numbers-low');
  await expect(intakeLow).toHaveAttribute('data-left', '5');

  // Five registrations offline use them up.
  for (let i = 0; i < 5; i++) {
    await openIntake(page);
    await fillIntake(page, intake(i));
    await register(page);
  }
  await openIntake(page);
  const none = page.getByTestId('intake').getByTestId('numbers-low');
  await expect(none).toHaveAttribute('data-left', '0');
  await expect(none).toContainText('таусылды');

  // The sixth: refused with what to do, not "unknown error"; the form stays as typed.
  const sixth = intake(5);
  await fillIntake(page, sixth);
  await page.getByTestId('register').click();
  const error = page.getByTestId('intake-errors');
  await expect(error).toBeVisible();
  await expect(error).not.toContainText(err('kk', 'unknown', { code: 'numbers.exhausted' }).slice(0, 12));
  // Named by the service, with the way out: the network, or a lease file from the district.
  await expect(error).toContainText('Толтырылған форма сақталды');
  await expect(error).toContainText('нөмірлер файлын');
  await expect(page.getByTestId('child-iin')).toHaveValue(sixth.child.iin);
  await expect(page.getByTestId('applicant-iin')).toHaveValue(sixth.applicant.iin);

  // The district issues a lease file for this laptop; it comes on a stick while the laptop stays offline.
  const deviceId = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok) => {
      const r = indexedDB.open('akimat-desk');
      r.onsuccess = () => ok(r.result);
    });
    const row = await new Promise<{ value: { deviceId: string } }>((ok) => {
      const r = db.transaction('meta').objectStore('meta').get('enrolment');
      r.onsuccess = () => ok(r.result);
    });
    db.close();
    return row.value.deviceId;
  });
  const file = await issueFromConsole(browser, deviceId);
  // Recorded on the server as this laptop's, as an online lease: another file is cut past it.
  const second = await issueLeaseFile(deviceId);
  const own2 = second.leases.find((l) => l.journal === 'preschool-queue')!;
  const own = file.leases.find((l) => l.journal === 'preschool-queue')!;
  expect(own2.from).toBeGreaterThan(own.to);

  // The Sync page says the journal ran out (not "only 0 left") and where the way out is.
  await page.getByTestId('nav-sync').click();
  const out = page.getByTestId('sync-numbers-low').filter({ hasText: 'таусылды' });
  await expect(out).toHaveCount(1);
  await expect(page.getByTestId('sync-page')).not.toContainText('0 ғана қалды');

  // Changed on the way (a wider block): refused, nothing taken.
  await importFile(page, JSON.stringify({ ...file, leases: file.leases.map((l) => ({ ...l, to: l.to + 100 })) }));
  await expect(page.getByTestId('lease-file-error')).toHaveAttribute('data-code', 'leaseFile.badSignature');
  await expect(page.getByTestId('lease-file-taken')).toHaveCount(0);

  await importFile(page, JSON.stringify(file));
  await expect(page.getByTestId('lease-file-taken')).toContainText(
    ui('kk', 'syncPage.leaseFileTaken_other', { count: file.leases.reduce((n, l) => n + l.to - l.from + 1, 0) }),
  );
  await expect(page.getByTestId('lease-file-error')).toHaveCount(0);

  // The same file again: refused.
  await importFile(page, JSON.stringify(file));
  await expect(page.getByTestId('lease-file-error')).toHaveAttribute('data-code', 'leaseFile.used');
  await expect(page.getByTestId('lease-file-error')).toContainText(err('kk', 'leaseFile.used'));

  // Back to intake, still offline: the form typed before is offered back and registers with the new block.
  await openIntake(page, { keepDraft: true });
  const offer = page.getByTestId('draft-offer');
  if (await offer.isVisible()) await offer.getByTestId('draft-restore').click();
  await expect(page.getByTestId('child-iin')).toHaveValue(sixth.child.iin);
  await expect(page.getByTestId('intake').getByTestId('numbers-ok')).toBeVisible();
  const app = await register(page);
  expect(app.journalNo).toBe(`ҚРС-${own.year}-${String(own.from).padStart(4, '0')}`);
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-status', 'offline');
});
