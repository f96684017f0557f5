/**
 * PGlite is one process's database: two processes writing the same folder
 * would corrupt it. A pid file in the data folder keeps a second server (or
 * the import CLI) out while one runs; a stale file from a killed process is
 * taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LOCK = 'server.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK);
  let owner: number | null;
  try {
    owner = Number(readFileSync(file, 'utf8').trim()) || null;
  } catch {
    owner = null;
  }
  if (owner && owner !== process.pid && alive(owner)) {
    throw new Error(
      `data folder ${dir} is in use by process ${owner}; stop it first (or use DATABASE_URL with PostgreSQL)`,
    );
  }
  // Several servers in one process (tests) share the pid: they must use different folders.
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (Number(readFileSync(file, 'utf8').trim()) === process.pid) rmSync(file);
    } catch {
      /* already gone */
    }
  };
}
