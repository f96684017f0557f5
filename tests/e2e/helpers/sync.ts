/**
 * What the sync and protection specs need beyond helpers/desk.ts: a real
 * district server started inside the spec (in-memory PGlite, port 0), the
 * district API for what the UI does not need to show (a second enrolment
 * code), computers enrolled through the first-run form, sync runs that the
 * test can wait for, and a raw dump of the browser's IndexedDB.
 */
import { expect, type Browser, type BrowserContext, type Page, type Request, type TestInfo } from '@playwright/test';
import { startServer, type RunningServer } from '../../../server/main';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared';
import { openDesk } from './desk';

/** The schema's minimum: demo passwords then cost ~0.1 s per sign-in instead of ~0.3 s. */
const TEST_ITERATIONS = 100_000;

export type District = RunningServer & { demo: NonNullable<RunningServer['demo']> };

export async function startDistrict(): Promise<District> {
  // The desk under test calls from the page playwright.config.ts serves (E2E_PORT): the only web origin allowed.
  const webOrigin = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4173)}`;
  const server = await startServer({
    port: 0,
    tls: false,
    dataDir: 'memory:',
    demo: true,
    logger: false,
    passwordIterations: TEST_ITERATIONS,
    corsOrigins: [webOrigin],
  });
  if (!server.demo) {
    await server.close();
    throw new Error('the district server did not seed its demo district');
  }
  return server as District;
}

/** The demo code and office id of one demo office (district, karasu, ushkonyr, akkainar, mobile). */
export function demoOffice(server: District, key: string): { officeId: string; officeCode: string; code: string } {
  const c = server.demo.codes.find((x) => x.officeKey === key);
  if (!c) throw new Error(`no demo office ${key}`);
  return { officeId: c.officeId, officeCode: c.officeCode, code: c.code };
}

async function api<T>(
  server: District,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const districtToken = async (server: District) =>
  (
    await api<{ token: string }>(server, 'POST', '/v1/district/login', {
      login: server.demo.districtLogin,
      password: server.demo.password,
    })
  ).token;

/** A new office in the district's directory, made as the console makes one; answers its id. */
export async function createOffice(
  server: District,
  input: {
    type: string;
    code: string;
    name: { kk: string; ru: string };
    address: { kk: string; ru: string };
    headName: string;
  },
): Promise<string> {
  return (await api<{ id: string }>(server, 'POST', '/v1/district/offices', input, await districtToken(server))).id;
}

/** A new staff account of an office, made by the district; answers its one-time password. */
export async function createStaff(
  server: District,
  input: { officeId: string; fullName: string; login: string; roles: string[] },
): Promise<string> {
  const r = await api<{ oneTimePassword: string }>(
    server,
    'POST',
    '/v1/district/staff',
    input,
    await districtToken(server),
  );
  return r.oneTimePassword;
}

/** A fresh one-time enrolment code for an office, issued the way district staff do it (sign-in, then the codes call). */
export async function issueEnrolmentCode(server: District, officeId: string, note: string): Promise<string> {
  const token = await districtToken(server);
  const { code } = await api<{ code: string }>(
    server,
    'POST',
    '/v1/district/enrolment-codes',
    { officeId, validHours: 1, note },
    token,
  );
  return code;
}

/** A new browser profile enrolled with the district through the first-run form; ends at the sign-in form. */
export async function enrolDesk(
  browser: Browser,
  testInfo: TestInfo,
  serverUrl: string,
  code: string,
  deviceName: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await openDesk(browser, testInfo);
  await page.goto('/');
  await expect(page.getByTestId('first-run')).toBeVisible();
  const form = page.getByTestId('enrol-form');
  await form.getByTestId('enrol-url').fill(serverUrl);
  await form.getByTestId('enrol-code').fill(code);
  await form.getByTestId('enrol-device').fill(deviceName);
  await form.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('enrol-error')).toHaveCount(0);
  await expect(page.getByTestId('sign-in-form')).toBeVisible({ timeout: 30_000 });
  return { context, page };
}

/**
 * Presses "sync now" and waits until a whole run is over: the last pull page
 * (more: false) of a pull issued after the press has arrived, and the
 * indicator is back to idle with nothing left to send. Waiting for that
 * response, not just for "idle", matters: the indicator is idle for a moment
 * before the run starts, and an automatic run already under way (the link
 * just came back) may answer first with what it pulled before the press.
 */
export async function syncNow(page: Page): Promise<void> {
  const button = page.getByTestId('sync-now');
  await expect(button).toBeEnabled({ timeout: 30_000 });
  const ours = new Set<Request>();
  const onRequest = (r: Request) => {
    if (r.url().includes('/v1/pull') && r.method() === 'GET') ours.add(r);
  };
  page.on('request', onRequest);
  try {
    const pulled = page.waitForResponse(
      async (r) => ours.has(r.request()) && r.ok() && (await r.json().catch(() => ({}))).more === false,
      { timeout: 30_000 },
    );
    await button.click();
    await pulled;
  } finally {
    page.off('request', onRequest);
  }
  const indicator = page.getByTestId('sync-indicator');
  await expect(indicator).toHaveAttribute('data-status', 'idle');
  await expect(indicator.getByTestId('sync-pending')).toHaveCount(0);
  await expect(indicator.getByTestId('sync-quarantined')).toHaveCount(0);
}

/** Cuts the computer's network (every request, the district server's too) and waits for the desk to notice. */
export async function goOffline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(true);
  await expect(page.getByTestId('online-indicator')).toHaveAttribute('data-online', 'false');
  await expect(page.getByTestId('sync-indicator')).toHaveAttribute('data-status', 'offline');
}

export async function goOnline(context: BrowserContext, page: Page): Promise<void> {
  await context.setOffline(false);
  await expect(page.getByTestId('online-indicator')).toHaveAttribute('data-online', 'true');
}

/** Leaves the application page and comes back, so everything on it is read afresh from the local database. */
export async function reopenApplication(page: Page, id: string): Promise<void> {
  await page.getByTestId('nav-desk').click();
  await expect(page.getByTestId('desk-home')).toBeVisible();
  await page.evaluate((h) => {
    location.hash = h;
  }, `#/app/${id}`);
  await expect(page.getByTestId('application-page')).toHaveAttribute('data-id', id);
}

/** Signs in to the district screens of an enrolled district-office desk and opens a tab. */
export async function openDistrictTab(page: Page, tab: string, password: string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, `#/district/${tab}`);
  await expect(page.getByTestId('district-page')).toBeVisible();
  const signin = page.getByTestId('district-signin');
  if (await signin.isVisible()) {
    await page.getByTestId('district-password').fill(password);
    await page.getByTestId('district-submit').click();
  }
  await expect(page.getByTestId('district-user')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId(`district-tab-${tab}`)).toHaveAttribute('aria-current', 'page');
}

/**
 * Everything the browser keeps in IndexedDB, read past the app: every database
 * the origin has, every object store, every record, as one string. Binary
 * values are added decoded as UTF-8 and base64-looking strings decoded too, so
 * text merely wrapped in an encoding would still show up.
 */
export async function dumpIndexedDb(page: Page): Promise<{ text: string; stores: Record<string, number> }> {
  return page.evaluate(async () => {
    const out: string[] = [];
    const stores: Record<string, number> = {};
    const utf8 = new TextDecoder('utf-8', { fatal: false });
    const seen = new WeakSet<object>();
    const walk = (v: unknown): void => {
      if (v === null || v === undefined) return;
      if (typeof v === 'string') {
        out.push(v);
        if (v.length >= 16 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) {
          try {
            const bin = atob(v.replace(/-/g, '+').replace(/_/g, '/'));
            out.push(utf8.decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
          } catch {
            /* not base64 after all */
          }
        }
        return;
      }
      if (typeof v !== 'object') {
        out.push(String(v));
        return;
      }
      if (v instanceof ArrayBuffer) {
        out.push(utf8.decode(new Uint8Array(v)));
        return;
      }
      if (ArrayBuffer.isView(v)) {
        out.push(utf8.decode(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)));
        return;
      }
      if (v instanceof Blob) {
        out.push(`[blob ${v.size}]`);
        return;
      }
      if (seen.has(v)) return;
      seen.add(v);
      if (v instanceof Date) {
        out.push(v.toISOString());
        return;
      }
      if (Array.isArray(v)) {
        v.forEach(walk);
        return;
      }
      if (v instanceof Map) {
        for (const [k, x] of v) {
          walk(k);
          walk(x);
        }
        return;
      }
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        walk(x);
      }
    };
    const names = (await indexedDB.databases()).map((d) => d.name).filter((n): n is string => !!n);
    if (!names.includes('akimat-desk')) names.push('akimat-desk');
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(name);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      for (const storeName of Array.from(db.objectStoreNames)) {
        const [values, keys] = await new Promise<[unknown[], IDBValidKey[]]>((resolve, reject) => {
          const tx = db.transaction(storeName, 'readonly');
          const store = tx.objectStore(storeName);
          const all = store.getAll();
          const allKeys = store.getAllKeys();
          tx.oncomplete = () => resolve([all.result, allKeys.result]);
          tx.onerror = () => reject(tx.error);
        });
        stores[`${name}/${storeName}`] = values.length;
        out.push(`== ${name}/${storeName}`);
        walk(keys);
        walk(values);
      }
      db.close();
    }
    return { text: out.join('\n'), stores };
  });
}
