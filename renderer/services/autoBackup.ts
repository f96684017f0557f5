/**
 * Automatic encrypted backups of the office database, kept where the browser
 * does not keep the database (renderer/platform/backupFiles.ts: in the
 * desktop app a folder beside the profile). Made without asking anyone for a
 * password, restorable by anyone who can sign in:
 *
 * - At set-up (or the first sign-in with this version) the office gets a
 *   backup key pair (ECDH P-256). The public half is stored in the clear; the
 *   private half sealed with the vault (the office master key), so only a
 *   signed-in person's unlocked vault ever sees it.
 * - Each backup encrypts the database export (dexie-export-import, the same
 *   format as the manual backup, gzip'd) with AES-GCM under a key agreed
 *   between a fresh ephemeral key and the office's public key: no unlocked
 *   vault needed, so one can be made before a schema upgrade, when nobody
 *   has signed in yet.
 * - The file's header carries the sealed private key and the staff's wrapped
 *   copies of the master key (the same ones IndexedDB holds; PIN copies left
 *   out, a PIN is too short to stand a guess offline). Any staff member's
 *   password opens one copy, that opens the private key, that opens the file.
 *
 * When: the first sign-in of each day, again at sign-out or lock when
 * something was written since, and before every schema upgrade. Kept: the
 * newest of each of the last 7 days, and the last 3 before upgrades.
 */
import Dexie from 'dexie';
import { KZ_UTC_OFFSET_MINUTES, localParts } from '../../shared';
import type { BackupFiles } from '../platform/backupFiles';
import { DeskError, type AutoBackupInfo } from './api';
import type { DeskContext } from './context';
import { afterRestore, assertRestorable, replaceIfDamaged, restoreExport } from './restore';
import { Vault, type Sealed, type WrappedKey } from './vault';

export type { AutoBackupInfo };
export type AutoBackupKind = AutoBackupInfo['kind'];

const FORMAT = 'akimat-desk-autobackup';
const KEY_META = 'autoBackupKey';
export const KEEP_DAILY = 7;
export const KEEP_UPGRADE = 3;
const CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;
const NAME = /^akimat-auto-(daily|upgrade)(?:-v(\d+))?-(\d{8})t(\d{6})(\d{3})z\.akimatbackup$/;

type OfficeBackupKey = { officeId: string; publicKey: JsonWebKey; sealedPrivate: Sealed };
type Header = {
  format: typeof FORMAT;
  version: 1;
  kind: AutoBackupKind;
  createdAt: string;
  officeId: string;
  officeName: string;
  dbVersion: number;
  epk: JsonWebKey;
  salt: string;
  iv: string;
  keyring: WrappedKey[];
  sealedKey: Sealed;
  compression: 'gzip';
};

const enc = new TextEncoder();
const buf = (u: Uint8Array) => u as unknown as BufferSource;
const b64 = (u: Uint8Array) => {
  let s = '';
  for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
  return btoa(s);
};
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const keyAad = (officeId: string) => `auto-backup-key/${officeId}`;

/** The file name carries what the list needs (kind, time), so listing never reads a file. */
export function backupName(kind: AutoBackupKind, createdAt: string, fromVersion?: number): string {
  const stamp = createdAt.replace(/[-:]/g, '').replace('.', '').toLowerCase();
  return `akimat-auto-${kind}${kind === 'upgrade' && fromVersion ? `-v${fromVersion}` : ''}-${stamp}.akimatbackup`;
}

export function parseBackupName(name: string, size = 0): AutoBackupInfo | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, kind, from, d, t, ms] = m;
  const createdAt = `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}T${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4)}.${ms}Z`;
  return { name, kind: kind as AutoBackupKind, createdAt, size, ...(from ? { fromVersion: Number(from) } : {}) };
}

/** Newest first. Empty files (a write cut short) are not offered. */
export async function listAutoBackups(files: BackupFiles): Promise<AutoBackupInfo[]> {
  const all = await files.list().catch(() => []);
  return all
    .filter((f) => f.size > 0)
    .map((f) => parseBackupName(f.name, f.size))
    .filter((x): x is AutoBackupInfo => !!x)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

const officeDate = (iso: string) => localParts(iso, KZ_UTC_OFFSET_MINUTES).date;

/** Which files rotation removes: all but the newest of each of the last KEEP_DAILY days, and all but the last KEEP_UPGRADE upgrade ones. */
export function toRemove(list: AutoBackupInfo[]): string[] {
  const out: string[] = [];
  const days = new Set<string>();
  let upgrades = 0;
  for (const b of [...list].sort((a, c) => c.createdAt.localeCompare(a.createdAt))) {
    if (b.kind === 'upgrade') {
      if (++upgrades > KEEP_UPGRADE) out.push(b.name);
      continue;
    }
    const day = officeDate(b.createdAt);
    if (days.has(day) || days.size >= KEEP_DAILY) out.push(b.name);
    else days.add(day);
  }
  return out;
}

/** Made while someone is signed in (the vault open); kept for the life of the office database. */
export async function ensureBackupKey(ctx: DeskContext): Promise<void> {
  if (!ctx.vault.unlocked) return;
  const officeId = (await ctx.db.meta.get('officeId'))?.value as string | undefined;
  if (!officeId) return;
  const existing = (await ctx.db.meta.get(KEY_META))?.value as OfficeBackupKey | undefined;
  if (existing?.officeId === officeId) return;
  const pair = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const publicKey = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const sealedPrivate = await ctx.vault.seal(await crypto.subtle.exportKey('jwk', pair.privateKey), keyAad(officeId));
  await ctx.db.meta.put({ key: KEY_META, value: { officeId, publicKey, sealedPrivate } satisfies OfficeBackupKey });
}

async function fileKey(privateKey: CryptoKey, publicKey: CryptoKey, salt: Uint8Array): Promise<CryptoKey> {
  const bits = await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, privateKey, 256);
  const hk = await crypto.subtle.importKey('raw', bits, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: buf(salt), info: buf(enc.encode('akimat-desk/auto-backup/v1')) },
    hk,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

const gzip = async (b: Blob) =>
  new Uint8Array(await new Response(b.stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
const gunzip = async (u: Uint8Array) =>
  new Response(new Blob([u as unknown as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'))).blob();

/**
 * One backup of database `db` (the office's, or an older version of it opened
 * as it is, before an upgrade). Null when the database has no backup key yet
 * (nobody signed in with this version) or no office.
 */
export async function writeAutoBackup(
  db: Dexie,
  files: BackupFiles,
  kind: AutoBackupKind,
  createdAt: string,
  fromVersion?: number,
): Promise<AutoBackupInfo | null> {
  if (files.kind === 'none') return null;
  const meta = db.table('meta');
  const officeId = (await meta.get('officeId'))?.value as string | undefined;
  const key = (await meta.get(KEY_META))?.value as OfficeBackupKey | undefined;
  if (!officeId || !key || key.officeId !== officeId) return null;
  const ring = ((await meta.get('keyring'))?.value ?? {}) as Record<string, WrappedKey>;
  const office = (await db.table('offices').get(officeId)) as { name?: { kk?: string } } | undefined;
  const { exportDB } = await import('dexie-export-import');
  // One read transaction over every table (exportDB's default): a consistent picture, even while the clerk works.
  const plain = await gzip(await exportDB(db, { prettyJson: false }));
  const eph = (await crypto.subtle.generateKey(CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const officePublic = await crypto.subtle.importKey('jwk', key.publicKey, CURVE, false, []);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const header: Header = {
    format: FORMAT,
    version: 1,
    kind,
    createdAt,
    officeId,
    officeName: office?.name?.kk ?? '',
    dbVersion: db.verno,
    epk: await crypto.subtle.exportKey('jwk', eph.publicKey),
    salt: b64(salt),
    iv: b64(iv),
    keyring: Object.entries(ring)
      .filter(([id]) => !id.startsWith('pin:'))
      .map(([, w]) => w),
    sealedKey: key.sealedPrivate,
    compression: 'gzip',
  };
  const headerLine = JSON.stringify(header);
  const aesKey = await fileKey(eph.privateKey, officePublic, salt);
  const ct = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: buf(iv), additionalData: buf(enc.encode(headerLine)) },
      aesKey,
      buf(plain),
    ),
  );
  const head = enc.encode(`${headerLine}\n`);
  const bytes = new Uint8Array(head.length + ct.length);
  bytes.set(head);
  bytes.set(ct, head.length);
  const name = backupName(kind, createdAt, fromVersion);
  await files.write(name, bytes);
  // Rotation only after the new one is safely written; a failed removal is retried next time.
  for (const old of toRemove(await listAutoBackups(files)))
    if (old !== name) await files.remove(old).catch(() => undefined);
  return { name, kind, createdAt, size: bytes.length, ...(fromVersion ? { fromVersion } : {}) };
}

function splitFile(bytes: Uint8Array): { header: Header; headerLine: string; body: Uint8Array } {
  const nl = bytes.indexOf(10);
  if (nl < 0) throw new DeskError('backup.notABackup');
  const headerLine = new TextDecoder().decode(bytes.subarray(0, nl));
  let header: Header;
  try {
    header = JSON.parse(headerLine) as Header;
  } catch {
    throw new DeskError('backup.notABackup');
  }
  if (header.format !== FORMAT || header.version !== 1) throw new DeskError('backup.notABackup');
  return { header, headerLine, body: bytes.subarray(nl + 1) };
}

/** The database export inside an automatic backup, opened with any staff member's password. */
export async function openAutoBackup(bytes: Uint8Array, password: string): Promise<{ header: Header; exported: Blob }> {
  const { header, headerLine, body } = splitFile(bytes);
  const vault = new Vault();
  let privateJwk: JsonWebKey | null = null;
  for (const w of header.keyring) {
    if (!(await vault.unwrap(password ?? '', w))) continue;
    privateJwk = await vault.open<JsonWebKey>(header.sealedKey, keyAad(header.officeId)).catch(() => null);
    if (privateJwk) break;
  }
  vault.lock();
  if (!privateJwk) throw new DeskError('backup.autoBadPassword');
  try {
    const privateKey = await crypto.subtle.importKey('jwk', privateJwk, CURVE, false, ['deriveBits']);
    const epk = await crypto.subtle.importKey('jwk', header.epk, CURVE, false, []);
    const aesKey = await fileKey(privateKey, epk, unb64(header.salt));
    const plain = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: buf(unb64(header.iv)), additionalData: buf(enc.encode(headerLine)) },
        aesKey,
        buf(body),
      ),
    );
    return { header, exported: await gunzip(plain) };
  } catch {
    // The key opened but the file does not: it was cut short or changed.
    throw new DeskError('backup.autoBadPassword');
  }
}

/** Restores automatic backup `name` into an empty or damaged office database. */
export async function restoreAutoBackup(
  ctx: DeskContext,
  files: BackupFiles,
  name: string,
  password: string,
): Promise<{ officeName: string; createdAt: string }> {
  const state = await assertRestorable(ctx);
  const info = parseBackupName(name);
  const bytes = info ? await files.read(name) : null;
  if (!bytes?.length) throw new DeskError('backup.autoMissing');
  const { header, exported } = await openAutoBackup(bytes, password);
  await replaceIfDamaged(ctx, state);
  await restoreExport(ctx, exported);
  await afterRestore(ctx);
  return { officeName: header.officeName, createdAt: header.createdAt };
}

/**
 * Before Dexie upgrades the office database: the database as the older
 * version left it, opened without a schema (Dexie reads the installed one)
 * and backed up, then closed for the upgrade to proceed.
 */
export async function backupBeforeUpgrade(
  dbName: string,
  files: BackupFiles,
  fromVersion: number,
  now: string,
): Promise<AutoBackupInfo | null> {
  const old = new Dexie(dbName);
  try {
    await old.open();
    return await writeAutoBackup(old, files, 'upgrade', now, fromVersion);
  } finally {
    old.close();
  }
}

/**
 * When the desk makes backups: the first sign-in of the day, sign-out and
 * lock after changes. One at a time, in the background; a failure (a full
 * disk) is logged and tried again at the next occasion, never shown as the
 * failure of what the person was doing.
 */
export class AutoBackups {
  private dirty = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: DeskContext,
    readonly files: BackupFiles,
  ) {}

  /** Something was written to the office database since the last backup. */
  noteWrite(): void {
    this.dirty = true;
  }

  /** Set-up, sign-in, unlock: the key made while the vault is open, and today's backup if there is none. */
  afterSignIn(): Promise<void> {
    return this.enqueue(async () => {
      await ensureBackupKey(this.ctx);
      const today = officeDate(this.ctx.now());
      const last = (await listAutoBackups(this.files)).find((b) => b.kind === 'daily');
      if (!last || officeDate(last.createdAt) !== today) await this.make();
    });
  }

  /** Sign-out and lock: today's backup again if anything changed since the last one. */
  afterSignOut(): Promise<void> {
    return this.enqueue(async () => {
      if (this.dirty) await this.make();
    });
  }

  list(): Promise<AutoBackupInfo[]> {
    return listAutoBackups(this.files);
  }

  /** Resolves when no backup is being made (tests, and a restore that must not race one). */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  private async make(): Promise<void> {
    this.dirty = false;
    try {
      await writeAutoBackup(this.ctx.db, this.files, 'daily', this.ctx.now());
    } catch (e) {
      this.dirty = true;
      throw e;
    }
  }

  private enqueue(job: () => Promise<void>): Promise<void> {
    if (this.files.kind === 'none') return Promise.resolve();
    const run = this.queue.then(job).catch((e: unknown) => {
      // The error's name only: a backup holds personal data, its failure message does not need to.
      console.warn('automatic backup not made:', (e as { name?: string })?.name ?? String(e));
    });
    this.queue = run;
    return run;
  }
}
