/**
 * The district server as the service runs it: bundled into one file
 * (scripts/build-server.mjs, `node dist-server/main.mjs`), not the sources
 * through tsx. The bundle must find what the server reads at run time from
 * the project's root (server/paths.ts): its migrations (the database is set
 * up from them), its version (package.json), the fonts of a printed queue; and
 * it must stop cleanly on SIGTERM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { newStorage, type TestStorage } from '../support/harness';
import { spawnServer, type ChildServer } from '../support/child';
import { DistrictClient } from '../support/client';
import { DEMO_DISTRICT_LOGIN, DEMO_PASSWORD } from '../../server/demo/seed';
import { loadMigrations } from '../../server/db/migrate';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared';

let storage: TestStorage;
let child: ChildServer | null = null;
beforeAll(() => {
  const r = spawnSync(process.execPath, ['scripts/build-server.mjs'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
});
afterAll(async () => {
  if (child && child.proc.exitCode === null) {
    child.proc.kill('SIGKILL');
    await child.exited;
  }
  await storage?.cleanup();
});

describe('the bundled server', () => {
  it('sets its database up, answers, prints a queue and stops cleanly', async () => {
    storage = await newStorage();
    const env: Record<string, string> = storage.databaseUrl
      ? { DATABASE_URL: storage.databaseUrl, SERVER_KEY: storage.serverKey! }
      : { DATA_DIR: storage.dataDir! };
    child = await spawnServer(env, 120_000, [], 'dist-server/main.mjs');
    const health = await (await fetch(`${child.url}/health`)).json();
    expect(health).toMatchObject({
      ok: true,
      version: JSON.parse(readFileSync('package.json', 'utf8')).version,
      migrations: loadMigrations().map((m) => m.name),
    });

    const district = new DistrictClient(child.url);
    await district.login(DEMO_DISTRICT_LOGIN, DEMO_PASSWORD);
    const pdf = await fetch(`${child.url}/v1/district/queue.pdf?lang=kk`, {
      headers: { authorization: `Bearer ${district.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    });
    expect(pdf.status).toBe(200);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    child.proc.kill('SIGTERM');
    expect(await child.exited).toEqual({ code: 0, signal: null });
  }, 180_000);
});
