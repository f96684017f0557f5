/**
 * Every restore runs the schema upgrade (issue #11, finding 4). A backup of
 * the previous release is built the way that release wrote it: the head's
 * real backup file, opened with its password, turned back into the previous
 * schema (database version 4: applications without the subject's blind IIN
 * and its indexes, which version 5's upgrade adds) and sealed again in the
 * same format. Restored onto a fresh laptop, the office must be exactly an
 * upgraded one: registering the same child again is stopped by the
 * duplicate check.
 */
import { webcrypto } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
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
  switchUser,
} from './helpers/desk';
import { ui } from './helpers/locales';

const subtle = webcrypto.subtle;
const CHILD = {
  iin: iinFor(birthDateAged(3, 75), 'female', 6100),
  lastName: 'Серікбаева',
  firstName: 'Аружан',
  middleName: 'Нұрболқызы',
};
const APPLICANT = {
  iin: iinFor('1991-07-19', 'female', 6200),
  lastName: 'Серікбаева',
  firstName: 'Гүлнар',
  middleName: 'Асқарқызы',
  phone: '+7 702 345 67 89',
  address: 'Қарасу ауылы, Жібек жолы көшесі, 12',
};
const PASSWORD = 'Алдыңғы-нұсқа-2025';

type Header = { kdf: { salt: string; iterations: number }; iv: string };
const enc = new TextEncoder();

async function fileKey(password: string, salt: Uint8Array, iterations: number) {
  const base = await subtle.importKey('raw', enc.encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** The backup file's format, as the app writes it: a JSON header line, then AES-GCM over the export with the header as associated data. */
async function openBackup(bytes: Uint8Array, password: string) {
  const nl = bytes.indexOf(10);
  const headerLine = new TextDecoder().decode(bytes.subarray(0, nl));
  const header = JSON.parse(headerLine) as Header;
  const key = await fileKey(password, Buffer.from(header.kdf.salt, 'base64'), header.kdf.iterations);
  const plain = await subtle.decrypt(
    { name: 'AES-GCM', iv: Buffer.from(header.iv, 'base64'), additionalData: enc.encode(headerLine) },
    key,
    bytes.subarray(nl + 1),
  );
  return { header, json: JSON.parse(new TextDecoder().decode(plain)) };
}

async function sealBackup(header: Header, json: unknown, password: string): Promise<Uint8Array> {
  const salt = webcrypto.getRandomValues(new Uint8Array(16));
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const headerLine = JSON.stringify({
    ...header,
    kdf: { ...header.kdf, salt: Buffer.from(salt).toString('base64') },
    iv: Buffer.from(iv).toString('base64'),
  });
  const key = await fileKey(password, salt, header.kdf.iterations);
  const ct = new Uint8Array(
    await subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: enc.encode(headerLine) },
      key,
      enc.encode(JSON.stringify(json)),
    ),
  );
  return Buffer.concat([Buffer.from(`${headerLine}\n`), ct]);
}

type ExportJson = {
  data: {
    databaseVersion: number;
    tables: Array<{ name: string; schema: string }>;
    data: Array<{ tableName: string; rows: Array<Record<string, unknown>> }>;
  };
};

/** The tables of version 4 (renderer/db/schema.ts, versions 1-4). */
const V4_TABLES = new Set([
  'meta',
  'offices',
  'staff',
  'kindergartens',
  'applications',
  'refusals',
  'counters',
  'outbox',
  'quarantine',
  'leases',
  'access',
  'complaints',
  'visits',
  'techProtocols',
]);

/** What version 4 of the desk wrote: its tables, the applications without what version 5 added. */
function asPreviousVersion(json: ExportJson): ExportJson {
  const out = structuredClone(json);
  expect(out.data.databaseVersion).toBeGreaterThanOrEqual(5);
  out.data.databaseVersion = 4;
  out.data.tables = out.data.tables.filter((t) => V4_TABLES.has(t.name));
  out.data.data = out.data.data.filter((t) => V4_TABLES.has(t.tableName));
  const apps = out.data.tables.find((t) => t.name === 'applications')!;
  // Version 6's mark of the name index goes too (issue #16: folded name terms), and the name index
  // itself is emptied: more than version 4 lacked (its terms as spelt), all of it for the re-index
  // after the sign-in to rebuild from the sealed records.
  expect(apps.schema).toContain(',subjectIin,[serviceCode+subjectIin],nameKeysV');
  apps.schema = apps.schema.replace(',subjectIin,[serviceCode+subjectIin],nameKeysV', '');
  let stripped = 0;
  for (const t of out.data.data) {
    if (t.tableName !== 'applications') continue;
    for (const row of t.rows) {
      delete row.nameKeysV;
      row.nameKeys = [];
      if ('subjectIin' in row) {
        delete row.subjectIin;
        stripped++;
      }
    }
  }
  expect(stripped).toBeGreaterThanOrEqual(41);
  return out;
}

test('a backup of the previous version comes back upgraded: the same child is not registered twice without a warning', async ({
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  const office = await openDesk(browser, testInfo);
  let journalNo: string;
  let appId: string;
  const oldFile = testInfo.outputPath('previous-version.akimatbackup');
  try {
    const page = office.page;
    await setupDemo(page);
    await signIn(page, 'clerk');
    await openIntake(page);
    await fillIntake(page, {
      applicant: APPLICANT,
      child: CHILD,
      kindergartens: ['1'],
      documents: ALL_DOCUMENTS,
      consent: true,
    });
    ({ id: appId, journalNo } = await register(page));

    await switchUser(page, 'head');
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('backup-password').fill(PASSWORD);
    await page.getByTestId('backup-confirm').fill(PASSWORD);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByTestId('backup-create').click(),
    ]);
    const current = await openBackup(new Uint8Array(await readFile((await download.path())!)), PASSWORD);
    await writeFile(oldFile, await sealBackup(current.header, asPreviousVersion(current.json as ExportJson), PASSWORD));
  } finally {
    await office.context.close();
  }

  const fresh = await openDesk(browser, testInfo);
  try {
    const p = fresh.page;
    await p.goto('/');
    const restore = p.getByTestId('restore-option');
    await restore.getByTestId('restore-file').setInputFiles(oldFile);
    await restore.getByTestId('restore-password').fill(PASSWORD);
    await restore.getByTestId('restore-submit').click();
    await expect(p.getByTestId('restore-done')).toBeVisible({ timeout: 90_000 });
    await p.getByTestId('restore-continue').click();
    await signIn(p, 'clerk');
    // Search still finds the child (blind IIN index from version 1).
    const rows = await searchFor(p, CHILD.iin);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-id', appId);
    // Its name, typed on a Russian layout, once the re-index after the sign-in has rebuilt the name
    // index (in the background: the search is asked again until then).
    await expect(async () => {
      await p.getByTestId('nav-desk').click();
      const folded = await searchFor(p, 'Серикбаева Аружан');
      await expect(folded).toHaveCount(1, { timeout: 2_000 });
      await expect(folded.first()).toHaveAttribute('data-id', appId);
    }).toPass({ timeout: 30_000 });

    // The same child again: the duplicate check must find the restored open application (version 5's subject index).
    await openIntake(p);
    await fillIntake(p, {
      applicant: APPLICANT,
      child: CHILD,
      kindergartens: ['1'],
      documents: ALL_DOCUMENTS,
      consent: true,
    });
    await p.getByTestId('register').click();
    const dialog = p.getByTestId('duplicates-dialog');
    await expect(dialog).toContainText(ui('kk', 'intake.duplicatesTitle'));
    await expect(dialog.getByTestId('duplicates-list')).toContainText(journalNo);
    await expect(p.getByTestId('application-page')).toHaveCount(0);
  } finally {
    await fresh.context.close();
  }
});
