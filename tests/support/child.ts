/**
 * The server and its command-line tools as separate processes, as a
 * technician runs them: `tsx server/main.ts` for tests that send it signals
 * (graceful SIGTERM, SIGKILL mid-push), and the CLIs (setup, backup, restore).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { DistrictSetup } from '../../shared';

export type ChildServer = {
  proc: ChildProcess;
  url: string;
  /** Enrolment codes by office code (ҚРС, ҮШҚ, ...) from the startup log. */
  codes: Record<string, string>;
  logs: Array<Record<string, any>>;
  /** Resolves with the first log line (already seen or to come) that matches. */
  waitForLog: (match: (line: Record<string, any>) => boolean, timeoutMs?: number) => Promise<Record<string, any>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

export async function spawnServer(
  env: Record<string, string>,
  timeoutMs = 60_000,
  nodeArgs: string[] = [],
  /** The bundled server (scripts/build-server.mjs) instead of the sources through tsx. */
  bundle?: string,
): Promise<ChildServer> {
  // Node itself with tsx as a loader, not the tsx CLI: the CLI wraps the server in a
  // second process and SIGKILLs it when a busy event loop does not acknowledge a
  // relayed SIGTERM within 30 ms, which would defeat a graceful shutdown.
  const proc = spawn(process.execPath, [...nodeArgs, ...(bundle ? [bundle] : ['--import', 'tsx', 'server/main.ts'])], {
    cwd: process.cwd(),
    // Plain HTTP on loopback, as the harness does, unless a test sets TLS itself; the demo district
    // unless a test says DEMO=0 (the server's own default is no demo).
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TLS: 'off', LOG_LEVEL: 'info', DEMO: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, any>> = [];
  const waiters: Array<{ match: (l: Record<string, any>) => boolean; resolve: (l: Record<string, any>) => void }> = [];
  const waitForLog = (match: (l: Record<string, any>) => boolean, ms = 60_000) =>
    new Promise<Record<string, any>>((res, rej) => {
      const seen = logs.find(match);
      if (seen) return res(seen);
      const timer = setTimeout(() => rej(new Error('log line did not appear')), ms);
      waiters.push({
        match,
        resolve: (l) => {
          clearTimeout(timer);
          res(l);
        },
      });
    });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    proc.on('exit', (code, signal) => res({ code, signal })),
  );
  let buf = '';
  let stderr = '';
  proc.stderr!.on('data', (c) => (stderr += c));
  return new Promise<ChildServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start in ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    let url = '';
    proc.stdout!.on('data', (chunk) => {
      buf += chunk;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        let rec: Record<string, any>;
        try {
          rec = JSON.parse(line);
        } catch {
          continue;
        }
        logs.push(rec);
        for (let w = waiters.length - 1; w >= 0; w--) {
          if (waiters[w].match(rec)) waiters.splice(w, 1)[0].resolve(rec);
        }
        if (rec.msg === 'district server listening') url = rec.url;
        // Without the demo district there are no codes to wait for.
        if (url && env.DEMO === '0') {
          clearTimeout(timer);
          resolve({ proc, url, codes: {}, logs, waitForLog, exited });
        }
        // The demo line follows the listening line; a restarted server prints it too.
        if (url && rec.enrolmentCodes) {
          clearTimeout(timer);
          const codes = Object.fromEntries(
            (rec.enrolmentCodes as Array<{ officeCode: string; code: string }>).map((c) => [c.officeCode, c.code]),
          );
          resolve({ proc, url, codes, logs, waitForLog, exited });
        }
      }
    });
    exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening: ${stderr}`));
    });
  });
}

/**
 * A CLI of server/cli/ as a technician runs it: a child process with the
 * database it names (DATA_DIR or DATABASE_URL, the other one removed from the
 * environment), stdin given and closed; resolves with the exit code and all it printed.
 */
export function runCli(
  script: string,
  args: string[],
  db: { dataDir?: string; databaseUrl?: string },
  stdin = '',
): Promise<{ code: number | null; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  if (db.databaseUrl) env.DATABASE_URL = db.databaseUrl;
  else if (db.dataDir) env.DATA_DIR = db.dataDir;
  const p = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: process.cwd(),
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  p.stdout.on('data', (c) => (out += c));
  p.stderr.on('data', (c) => (out += c));
  p.stdin.end(stdin);
  return new Promise((res) => p.on('exit', (code) => res({ code, out })));
}

/** The flags of server/cli/setup.ts for a whole setup, the password read from a file. */
export function setupArgs(s: DistrictSetup, passwordFile: string): string[] {
  return [
    ['--name-kk', s.name.kk],
    ['--name-ru', s.name.ru],
    ['--region-kk', s.region.kk],
    ['--region-ru', s.region.ru],
    ['--kato', s.kato],
    ['--office-code', s.office.code],
    ['--office-name-kk', s.office.name.kk],
    ['--office-name-ru', s.office.name.ru],
    ['--address-kk', s.office.address.kk],
    ['--address-ru', s.office.address.ru],
    ['--head-name', s.office.headName],
    ['--admin-login', s.admin.login],
    ['--admin-name', s.admin.fullName],
    ['--admin-password-file', passwordFile],
  ].flat();
}
