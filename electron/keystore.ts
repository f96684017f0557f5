/**
 * Small secrets (the device credential, the batch-file key) encrypted with
 * the OS (safeStorage: DPAPI on Windows, so only this Windows user on this
 * computer can read them), one file per key under userData/keys.
 *
 * When the OS offers no protection (Linux without a keyring) nothing is
 * stored: a secret in clear text on disk would look protected and not be.
 */
import * as nodePath from 'node:path';
import type { FsPort, Log, SafeStoragePort } from './ports';

export class KeyStoreUnavailableError extends Error {
  override name = 'KeyStoreUnavailableError';
  constructor() {
    super('OS-protected storage is not available');
  }
}

export type KeyStoreDeps = {
  safeStorage: SafeStoragePort;
  fs: Pick<FsPort, 'readFile' | 'writeFile' | 'rename' | 'rm' | 'mkdir'>;
  dir: string;
  log?: Log;
};

/** Names are validated by the IPC layer (keyName); this module trusts them to be plain file names. */
export function createKeyStore({ safeStorage, fs, dir, log }: KeyStoreDeps) {
  const fileOf = (name: string) => nodePath.join(dir, `${name}.key`);
  const available = () => safeStorage.isEncryptionAvailable();

  async function get(name: string): Promise<string | null> {
    if (!available()) return null;
    let data: Uint8Array;
    try {
      data = await fs.readFile(fileOf(name));
    } catch {
      return null;
    }
    try {
      return safeStorage.decryptString(data);
    } catch (e) {
      // Copied from another user or computer: unreadable by design.
      log?.warn('stored key cannot be decrypted', { name, error: String(e) });
      return null;
    }
  }

  async function set(name: string, value: string | null): Promise<void> {
    if (value === null) {
      await fs.rm(fileOf(name), { force: true });
      return;
    }
    if (!available()) throw new KeyStoreUnavailableError();
    await fs.mkdir(dir, { recursive: true });
    const file = fileOf(name);
    const tmp = `${file}.${process.pid}.tmp`;
    // Write then rename: a crash mid-write leaves the old key, not half of a new one.
    await fs.writeFile(tmp, safeStorage.encryptString(value), { mode: 0o600 });
    await fs.rename(tmp, file);
  }

  return { available, get, set };
}
