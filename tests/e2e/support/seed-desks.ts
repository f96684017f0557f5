/**
 * Seeds a district server with applications made by real desks in Node (the
 * desk code over an IndexedDB emulator), for specs that need data the desk
 * specs already prove how to type. Run as a child process with tsx, because
 * the desk's modules import JSON as Vite does (named exports), which
 * Playwright's loader cannot.
 *
 *   npx tsx tests/e2e/support/seed-desks.ts <plan.json>
 * plan: { baseUrl, password, desks: [{ key, code, register: [{ serial, sign?, acknowledgeDuplicate? }] }] }
 * prints: { desks: { [key]: { signed: string[], registered: string[] } } }
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { advance, makeDevice, register } from '../../helpers/desk-device';

type Plan = {
  baseUrl: string;
  password: string;
  desks: Array<{
    key: string;
    code: string;
    register: Array<{ serial: number; sign?: boolean; acknowledgeDuplicate?: boolean }>;
  }>;
};

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Plan;
const out: Record<string, { signed: string[]; registered: string[] }> = {};
for (const d of plan.desks) {
  const dev = await makeDevice({
    baseUrl: plan.baseUrl,
    code: d.code,
    name: `${d.key} seed laptop`,
    password: plan.password,
  });
  const mine = { signed: [] as string[], registered: [] as string[] };
  for (const r of d.register) {
    const app = await register(dev, { serial: r.serial, acknowledgeDuplicate: r.acknowledgeDuplicate });
    mine.registered.push(app.journalNo);
    if (r.sign) mine.signed.push((await advance(dev, app.id, 'signed')).journalNo);
  }
  await dev.sync();
  out[d.key] = mine;
}
process.stdout.write(JSON.stringify({ desks: out }));
process.exit(0);
