/**
 * The server key: 32 random bytes kept outside the database, under which
 * secrets the server must be able to read back (the devices' batch-file
 * signing keys) are sealed with AES-256-GCM. A copy of the database alone
 * then cannot sign a batch file as a laptop would.
 *
 * Where it comes from, first found wins: the `serverKey` option, env
 * SERVER_KEY (base64), the file `<dataDir>/server.key` (made on first start,
 * mode 0600), or, for a throwaway in-memory server, a key that lives as long
 * as the process.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db';

/** Marks a sealed value: `sealed:v1:<iv>:<ciphertext+tag>` (base64). Anything else is a value from before sealing. */
export const SEALED_PREFIX = 'sealed:v1:';
export const SERVER_KEY_FILE = 'server.key';
const KEY_BYTES = 32;

export type ServerKeySource = 'option' | 'env' | 'file' | 'memory';

export type ServerKey = {
  source: ServerKeySource;
  /** Where the key file is, when it came from one. */
  file?: string;
  /** Seals `plain` for the record `context` (a device id): a sealed value moved to another row does not open. */
  seal(plain: string, context: string): string;
  /** The plain value, or null when it was sealed under another key, for another record, or altered. */
  open(sealed: string, context: string): string | null;
  /** HMAC-SHA256 of a fixed text under the key: recognises the key without revealing it. */
  checkValue(): string;
  /** Problems worth a log line (a key file others can read). */
  warnings: string[];
};

export const isSealed = (v: string) => v.startsWith(SEALED_PREFIX);

function decodeKey(b64: string, where: string): Buffer {
  const s = b64.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(s) ? Buffer.from(s, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES)
    throw new Error(`${where} must be ${KEY_BYTES} bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
  return key;
}

export function serverKeyFrom(
  key: Buffer,
  source: ServerKeySource,
  extra: { file?: string; warnings?: string[] } = {},
): ServerKey {
  if (key.length !== KEY_BYTES) throw new Error(`the server key must be ${KEY_BYTES} bytes`);
  return {
    source,
    file: extra.file,
    warnings: extra.warnings ?? [],
    checkValue: () => createHmac('sha256', key).update('akimat:server-key-check:v1').digest('hex'),
    seal(plain, context) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
      return `${SEALED_PREFIX}${iv.toString('base64')}:${ct.toString('base64')}`;
    },
    open(sealed, context) {
      if (!isSealed(sealed)) return null;
      const [ivB64, ctB64] = sealed.slice(SEALED_PREFIX.length).split(':');
      try {
        const iv = Buffer.from(ivB64 ?? '', 'base64');
        const all = Buffer.from(ctB64 ?? '', 'base64');
        if (iv.length !== 12 || all.length < 16) return null;
        const d = createDecipheriv('aes-256-gcm', key, iv);
        d.setAAD(Buffer.from(context, 'utf8'));
        d.setAuthTag(all.subarray(all.length - 16));
        return Buffer.concat([d.update(all.subarray(0, all.length - 16)), d.final()]).toString('utf8');
      } catch {
        return null; // wrong key, wrong record or altered: GCM's tag does not verify
      }
    },
  };
}

/**
 * Finds or makes the server key. `dataDir` null: an in-memory server (the key
 * dies with the process, as the database does). Throws with a clear message on
 * a malformed key, so a typo stops the start instead of sealing under garbage.
 */
export function loadServerKey(o: { key?: string; env?: string; dataDir: string | null }): ServerKey {
  if (o.key) return serverKeyFrom(decodeKey(o.key, 'the serverKey option'), 'option');
  if (o.env) return serverKeyFrom(decodeKey(o.env, 'SERVER_KEY'), 'env');
  if (!o.dataDir) return serverKeyFrom(randomBytes(KEY_BYTES), 'memory');
  const file = join(o.dataDir, SERVER_KEY_FILE);
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  try {
    // 'wx': never overwrite a key another process made a moment ago.
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const warnings: string[] = [];
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    // Readable by others: the key then protects nothing. Tighten it rather than refuse to start.
    chmodSync(file, 0o600);
    warnings.push(`${file} was readable by other users; its mode is now 0600`);
  }
  return serverKeyFrom(decodeKey(readFileSync(file, 'utf8'), file), 'file', { file, warnings });
}

/**
 * Seals the batch keys stored in plain text before this version (idempotent:
 * sealed values are recognised by their prefix). Returns how many it sealed.
 */
export async function sealBatchKeys(db: Db, key: ServerKey): Promise<number> {
  const { rows } = await db.query<{ id: string; batch_key: string }>(
    `SELECT id, batch_key FROM devices WHERE batch_key IS NOT NULL AND batch_key NOT LIKE 'sealed:%'`,
  );
  for (const r of rows) {
    await db.query(`UPDATE devices SET batch_key = $2 WHERE id = $1 AND batch_key = $3`, [
      r.id,
      key.seal(r.batch_key, r.id),
      r.batch_key,
    ]);
  }
  return rows.length;
}

const CHECK_SETTING = 'serverKeyCheck';

/**
 * Whether this is the key the database's secrets were sealed under: the first
 * start stores an HMAC of a fixed text under the key (it tells nothing about
 * the key), later starts compare. 'mismatch': a database moved without its key
 * file, or the wrong SERVER_KEY; batch files then cannot be verified until the
 * devices enrol again.
 */
export async function checkServerKey(db: Db, key: ServerKey): Promise<'new' | 'match' | 'mismatch'> {
  const mac = key.checkValue();
  const { rows } = await db.query<{ value: unknown }>(`SELECT value FROM settings WHERE key = $1`, [CHECK_SETTING]);
  if (!rows.length) {
    await db.query(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
      CHECK_SETTING,
      JSON.stringify(mac),
    ]);
    return 'new';
  }
  return rows[0].value === mac ? 'match' : 'mismatch';
}
