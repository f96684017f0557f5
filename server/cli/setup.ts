/**
 * First-run setup of a district from the server machine's shell:
 *
 *   npx tsx server/cli/setup.ts --name-kk ... --name-ru ... --region-kk ... --region-ru ... \
 *     --kato 123456789 --office-code ЖББ --office-name-kk ... --office-name-ru ... \
 *     --address-kk ... --address-ru ... --head-name ... \
 *     --admin-login ... --admin-name ... --admin-password-file FILE   (or --admin-password-stdin)
 *
 * Whatever is missing is asked for when the terminal is interactive (the
 * password without echo, twice); otherwise it is an error. The password is
 * taken from a file or stdin, never from argv: the process list shows argv to
 * every user of the machine. Uses DATA_DIR / DATABASE_URL as the server does
 * (migrations first; a PGlite folder in use by a running server is refused).
 *
 * Exit codes: 0 set up; 1 failed (database, folder in use); 2 wrong or
 * missing input (each field named); 3 the district is already set up.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DistrictSetupSchema, type DistrictSetup } from '../../shared';
import { openDb } from '../db';
import { migrate } from '../db/migrate';
import { lockDataDir } from '../db/lock';
import { SetupRefused, setupDistrict } from '../setup/district';

/** Each flag and the field of DistrictSetup it fills, with the question asked for it. */
const FIELDS = [
  ['name-kk', 'name.kk', 'District name in Kazakh (e.g. Жамбыл ауданы)'],
  ['name-ru', 'name.ru', 'District name in Russian (e.g. Жамбылский район)'],
  ['region-kk', 'region.kk', 'Region in Kazakh (e.g. Алматы облысы)'],
  ['region-ru', 'region.ru', 'Region in Russian (e.g. Алматинская область)'],
  ['kato', 'kato', 'KATO code of the district (9 digits)'],
  ['office-code', 'office.code', 'Short code of the district education department (printed in numbers, e.g. ЖББ)'],
  ['office-name-kk', 'office.name.kk', 'Education department name in Kazakh'],
  ['office-name-ru', 'office.name.ru', 'Education department name in Russian'],
  ['address-kk', 'office.address.kk', 'Its address in Kazakh'],
  ['address-ru', 'office.address.ru', 'Its address in Russian'],
  ['head-name', 'office.headName', 'Head of the department (full name)'],
  ['admin-name', 'admin.fullName', 'First administrator: full name'],
  ['admin-login', 'admin.login', 'First administrator: login (latin lower-case letters, digits, . _ -)'],
] as const;

/** The flags that fill a field (a whole missing group, such as `name`, names each of its flags). */
function flagOf(path: string): string {
  const under = (p: string) => p === path || p.startsWith(`${path}.`);
  const flags = FIELDS.filter((f) => under(f[1])).map((f) => `--${f[0]}`);
  if (under('admin.password')) flags.push('--admin-password-file');
  return flags.length ? flags.join(', ') : path;
}

function usage(): string {
  return [
    'Usage: npx tsx server/cli/setup.ts [options]   (DATA_DIR or DATABASE_URL as for the server)',
    ...FIELDS.map(([flag, , q]) => `  --${flag.padEnd(18)} ${q}`),
    `  --${'admin-password-file'.padEnd(18)} a file holding the administrator's password (at least 10 characters)`,
    `  --${'admin-password-stdin'.padEnd(18)} read the password from standard input`,
    'Missing values are asked for when run in a terminal.',
  ].join('\n');
}

class Exit extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function setPath(o: Record<string, unknown>, path: string, v: string) {
  const keys = path.split('.');
  let cur = o;
  for (const k of keys.slice(0, -1)) cur = (cur[k] ??= {}) as Record<string, unknown>;
  cur[keys[keys.length - 1]] = v;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A question on the terminal; `secret`: what is typed is not shown. */
async function ask(question: string, secret = false): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>((res) => {
      rl.question(`${question}: `, (a) => res(a));
      muted = secret;
    });
  } finally {
    rl.close();
    if (secret) process.stderr.write('\n');
  }
}

function parseArgsOrExit(config: Parameters<typeof parseArgs>[0]): {
  values: Record<string, string | boolean | undefined>;
} {
  try {
    return parseArgs(config) as { values: Record<string, string | boolean | undefined> };
  } catch (e) {
    throw new Exit(2, `${(e as Error).message}\n\n${usage()}`);
  }
}

export async function gatherInput(argv: string[]): Promise<DistrictSetup> {
  const { values } = parseArgsOrExit({
    args: argv,
    options: {
      ...Object.fromEntries(FIELDS.map(([flag]) => [flag, { type: 'string' as const }])),
      'admin-password-file': { type: 'string' },
      'admin-password-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) throw new Exit(0, usage());
  const interactive = process.stdin.isTTY === true && !values['admin-password-stdin'];
  const input: Record<string, unknown> = {};
  for (const [flag, path, question] of FIELDS) {
    let v = values[flag] as string | undefined;
    if (v === undefined && interactive) v = await ask(question);
    if (v !== undefined) setPath(input, path, v);
  }
  let password: string | undefined;
  if (typeof values['admin-password-file'] === 'string') {
    // One trailing newline is the file's, not the password's.
    password = readFileSync(values['admin-password-file'], 'utf8').replace(/\r?\n$/, '');
  } else if (values['admin-password-stdin']) {
    password = (await readStdin()).replace(/\r?\n$/, '');
  } else if (interactive) {
    password = await ask('First administrator: password (at least 10 characters; not shown)', true);
    if ((await ask('The same password again', true)) !== password) throw new Exit(2, 'the two passwords differ');
  }
  if (password !== undefined) setPath(input, 'admin.password', password);
  const parsed = DistrictSetupSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const path = i.path.join('.');
      // Never the value itself: it may be the password.
      return `  ${flagOf(path)}: ${i.code === 'invalid_type' ? 'missing' : i.message}`;
    });
    throw new Exit(2, `the district cannot be set up with this input:\n${lines.join('\n')}\n\n${usage()}`);
  }
  return parsed.data;
}

export async function runSetup(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const input = await gatherInput(argv);
  const databaseUrl = env.DATABASE_URL || undefined;
  const dataDir = resolve(env.DATA_DIR ?? './.data/server');
  let unlock = () => {};
  if (!databaseUrl) {
    try {
      unlock = lockDataDir(dataDir);
    } catch (e) {
      throw new Exit(
        1,
        `${(e as Error).message}. The server is running on this folder: stop it and run this again, or open the district console in a browser on this machine.`,
      );
    }
  }
  try {
    const db = await openDb({ databaseUrl, dataDir });
    try {
      await migrate(db);
      const done = await setupDistrict(db, input, new Date().toISOString());
      return `district "${input.name.kk}" / "${input.name.ru}" set up (education department ${input.office.code}, office id ${done.officeId}); the administrator "${input.admin.login}" signs in to the district console with the chosen password. Start the server (without DEMO) and add offices, staff and kindergartens there.`;
    } catch (e) {
      if (e instanceof SetupRefused)
        throw new Exit(3, 'the district is already set up (this database has offices): nothing was changed');
      throw e;
    } finally {
      await db.close();
    }
  } finally {
    unlock();
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  try {
    console.log(await runSetup(process.argv.slice(2)));
    process.exit(0);
  } catch (e) {
    if (e instanceof Exit) {
      (e.code === 0 ? console.log : console.error)(e.message);
      process.exit(e.code);
    }
    console.error(`setup failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
