/**
 * OS-protected key storage: values are stored only encrypted, survive a
 * restart, and nothing is stored at all when the OS cannot protect it.
 */
import * as fsp from 'node:fs/promises';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KeyStoreUnavailableError, createKeyStore } from '../../electron/keystore';
import { FakeSafeStorage, MemoryLog } from './electron-fakes';

const base = mkdtempSync(path.join(tmpdir(), 'akimat-keys-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(base, `keys-${n++}`);

describe('key store', () => {
  it('stores a value encrypted and reads it back, also from a new instance (a restart)', async () => {
    const dir = freshDir();
    const safeStorage = new FakeSafeStorage();
    const store = createKeyStore({ safeStorage, fs: fsp, dir });
    await store.set('device-token', 'tok-ә-123');
    const raw = readFileSync(path.join(dir, 'device-token.key'));
    expect(raw.toString('utf8')).not.toContain('tok-');
    expect(await store.get('device-token')).toBe('tok-ә-123');
    expect(await createKeyStore({ safeStorage, fs: fsp, dir }).get('device-token')).toBe('tok-ә-123');
  });

  it('returns null for a key never set, and deletes with null', async () => {
    const store = createKeyStore({ safeStorage: new FakeSafeStorage(), fs: fsp, dir: freshDir() });
    expect(await store.get('missing')).toBeNull();
    await store.set('k', 'v');
    await store.set('k', null);
    expect(await store.get('k')).toBeNull();
    await store.set('k', null); // deleting twice is fine
  });

  it('leaves no temporary files behind', async () => {
    const dir = freshDir();
    const store = createKeyStore({ safeStorage: new FakeSafeStorage(), fs: fsp, dir });
    await store.set('a', '1');
    await store.set('a', '2');
    expect(readdirSync(dir)).toEqual(['a.key']);
  });

  it('stores nothing when the OS offers no protection', async () => {
    const dir = freshDir();
    const safeStorage = new FakeSafeStorage();
    safeStorage.available = false;
    const store = createKeyStore({ safeStorage, fs: fsp, dir });
    expect(store.available()).toBe(false);
    await expect(store.set('k', 'secret')).rejects.toBeInstanceOf(KeyStoreUnavailableError);
    expect(existsSync(dir)).toBe(false);
    expect(await store.get('k')).toBeNull();
  });

  it('treats a file it cannot decrypt (copied from another user) as absent', async () => {
    const dir = freshDir();
    const log = new MemoryLog();
    const store = createKeyStore({ safeStorage: new FakeSafeStorage(), fs: fsp, dir, log });
    await fsp.mkdir(dir, { recursive: true });
    writeFileSync(path.join(dir, 'k.key'), 'garbage');
    expect(await store.get('k')).toBeNull();
    expect(log.has('warn', 'cannot be decrypted')).toBe(true);
  });
});
