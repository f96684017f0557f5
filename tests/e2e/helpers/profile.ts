/**
 * A browser profile kept on disk, as a real office laptop has one: Chromium
 * writes its HTTP cache, IndexedDB and the rest into the folder, so a test can
 * read the files afterwards, and two pages of it are two windows sharing one
 * database, which is what two Electron windows are.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constants, inflateRawSync } from 'node:zlib';
import { chromium, expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';

export async function openProfile(
  testInfo: TestInfo,
  name = 'profile',
): Promise<{ context: BrowserContext; dir: string }> {
  const dir = testInfo.outputPath(name);
  const use = testInfo.project.use;
  const context = await chromium.launchPersistentContext(dir, {
    baseURL: use.baseURL,
    locale: 'kk-KZ',
    acceptDownloads: true,
    headless: true,
    executablePath: use.launchOptions?.executablePath,
    args: use.launchOptions?.args,
  });
  return { context, dir };
}

/** The profile's first tab (a persistent context opens with one). */
export async function firstPage(context: BrowserContext): Promise<Page> {
  return context.pages()[0] ?? (await context.newPage());
}

/** Enrols the desk on `page` through the first-run form; ends at the sign-in form. */
export async function enrolOn(page: Page, serverUrl: string, code: string, deviceName: string): Promise<void> {
  await page.goto('/');
  await expect(page.getByTestId('first-run')).toBeVisible();
  const form = page.getByTestId('enrol-form');
  await form.getByTestId('enrol-url').fill(serverUrl);
  await form.getByTestId('enrol-code').fill(code);
  await form.getByTestId('enrol-device').fill(deviceName);
  await form.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('enrol-error')).toHaveCount(0);
  await expect(page.getByTestId('sign-in-form')).toBeVisible({ timeout: 30_000 });
}

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(p);
    else if (e.isFile()) yield p;
  }
}

/** Where the deflate data of a gzip member starting at `i` begins (RFC 1952 header), or -1. */
function deflateStart(b: Buffer, i: number): number {
  if (b[i] !== 0x1f || b[i + 1] !== 0x8b || b[i + 2] !== 0x08) return -1;
  const flags = b[i + 3];
  let p = i + 10;
  if (flags & 4) p += 2 + b.readUInt16LE(p);
  if (flags & 8) p = b.indexOf(0, p) + 1;
  if (flags & 16) p = b.indexOf(0, p) + 1;
  if (flags & 2) p += 2;
  return p > i && p < b.length ? p : -1;
}

/**
 * The readable forms of a file's bytes: as they are, and every gzip stream
 * found inside them inflated (the HTTP cache keeps an answer as it came over
 * the wire, and the server gzips its answers). Raw inflate from the member's
 * data: it stops at the stream's end whatever follows, and a stream cut short
 * (Z_SYNC_FLUSH) still yields what it holds.
 */
function readableForms(bytes: Buffer): Buffer[] {
  const out = [bytes];
  for (let i = bytes.indexOf(0x1f); i >= 0; i = bytes.indexOf(0x1f, i + 1)) {
    const start = deflateStart(bytes, i);
    if (start < 0) continue;
    try {
      out.push(inflateRawSync(bytes.subarray(start), { finishFlush: constants.Z_SYNC_FLUSH }));
    } catch {
      /* not a gzip stream after all */
    }
  }
  return out;
}

export type Finding = { file: string; secret: string };

/**
 * Every file of the profile, read as bytes, searched for each secret in UTF-8
 * and in UTF-16LE (how Chromium keeps some strings). Returns where each one
 * was found, and how many files and bytes were read (so an empty result is
 * known to come from a real search).
 */
export async function searchProfile(
  dir: string,
  secrets: string[],
): Promise<{ findings: Finding[]; files: number; bytes: number }> {
  const needles = secrets.flatMap((s) => [
    { s, b: Buffer.from(s, 'utf8') },
    { s, b: Buffer.from(s, 'utf16le') },
  ]);
  const findings: Finding[] = [];
  let files = 0;
  let bytes = 0;
  for await (const file of filesUnder(dir)) {
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      continue; // a lock file or socket that vanished with the browser
    }
    files++;
    bytes += data.length;
    const forms = readableForms(data);
    for (const { s, b } of needles) {
      if (forms.some((f) => f.includes(b)) && !findings.some((x) => x.file === file && x.secret === s))
        findings.push({ file: file.slice(dir.length + 1), secret: s });
    }
  }
  return { findings, files, bytes };
}
