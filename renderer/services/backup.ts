/**
 * Backup of the whole office database to one encrypted file, and restore on a
 * new laptop. dexie-export-import writes the database (records are already
 * sealed, so the file never holds plaintext personal data); the file is then
 * encrypted as a whole with a key derived from a backup password, so staff
 * lists, counters and the key ring inside are protected too. A restored
 * laptop must be enrolled again by the district before it syncs. The
 * automatic backups (autoBackup.ts) keep the same database format.
 */
import { PBKDF2_ITERATIONS } from '../../shared';
import { DeskError, type Session } from './api';
import type { DeskContext } from './context';
import { afterRestore, assertRestorable, replaceIfDamaged, restoreExport } from './restore';

const MAGIC = 'akimat-desk-backup';
const enc = new TextEncoder();
const b64 = (u: Uint8Array) => {
  let s = '';
  for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
  return btoa(s);
};
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const buf = (u: Uint8Array) => u as unknown as BufferSource;

type Header = {
  format: typeof MAGIC;
  version: 1;
  createdAt: string;
  officeId: string;
  officeName: string;
  kdf: { alg: 'PBKDF2-SHA256'; iterations: number; salt: string };
  iv: string;
};

async function fileKey(password: string, salt: Uint8Array, iterations: number) {
  const base = await crypto.subtle.importKey('raw', buf(enc.encode(password.normalize('NFC'))), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: buf(salt), iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/** One line of JSON header, a newline, then the AES-GCM ciphertext (header bound as associated data). */
export async function exportBackup(
  ctx: DeskContext,
  session: Session,
  password: string,
): Promise<{ blob: Blob; name: string }> {
  if ((password ?? '').length < 8)
    throw new DeskError('validation', [{ field: 'backupPassword', code: 'password.tooShort' }]);
  // Loaded on demand: a backup is rare and the module is large.
  const { exportDB } = await import('dexie-export-import');
  const plain = new Uint8Array(await (await exportDB(ctx.db, { prettyJson: false })).arrayBuffer());
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const header: Header = {
    format: MAGIC,
    version: 1,
    createdAt: ctx.now(),
    officeId: session.office.id,
    officeName: session.office.name.kk,
    kdf: { alg: 'PBKDF2-SHA256', iterations: PBKDF2_ITERATIONS, salt: b64(salt) },
    iv: b64(iv),
  };
  const headerLine = JSON.stringify(header);
  const key = await fileKey(password, salt, PBKDF2_ITERATIONS);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: buf(iv), additionalData: buf(enc.encode(headerLine)) },
    key,
    buf(plain),
  );
  await ctx.db.meta.put({ key: 'lastBackupAt', value: header.createdAt });
  const name = `akimat-backup-${session.office.code}-${header.createdAt.slice(0, 10)}.akimatbackup`;
  return { blob: new Blob([headerLine, '\n', new Uint8Array(ct)], { type: 'application/octet-stream' }), name };
}

export async function readBackupHeader(file: Blob): Promise<Header> {
  const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  const nl = head.indexOf(10);
  if (nl < 0) throw new DeskError('backup.notABackup');
  try {
    const h = JSON.parse(new TextDecoder().decode(head.subarray(0, nl))) as Header;
    if (h.format !== MAGIC) throw new Error();
    return h;
  } catch {
    throw new DeskError('backup.notABackup');
  }
}

/**
 * Restores into an empty database (a new laptop, or one whose database the
 * browser deleted or cannot open). Staff then sign in with their own passwords.
 */
export async function restoreBackup(ctx: DeskContext, file: Blob, password: string): Promise<Header> {
  const state = await assertRestorable(ctx);
  const header = await readBackupHeader(file);
  const all = new Uint8Array(await file.arrayBuffer());
  const nl = all.indexOf(10);
  const headerLine = new TextDecoder().decode(all.subarray(0, nl));
  const key = await fileKey(password, unb64(header.kdf.salt), header.kdf.iterations);
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: buf(unb64(header.iv)), additionalData: buf(enc.encode(headerLine)) },
      key,
      buf(all.subarray(nl + 1)),
    );
  } catch {
    throw new DeskError('backup.badPassword');
  }
  await replaceIfDamaged(ctx, state);
  // A backup of an older version goes through the same schema upgrade as an update (restore.ts).
  await restoreExport(ctx, new Blob([plain]));
  await afterRestore(ctx);
  return header;
}
