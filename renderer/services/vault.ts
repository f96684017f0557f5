/**
 * Children's personal data at rest. One random master secret per office
 * database; from it (HKDF) an AES-GCM key seals records and an HMAC key makes
 * the blind indexes that let search work without plaintext. The master is
 * never stored in the clear: each staff member's password (PBKDF2) wraps a
 * copy, and in Electron the OS key store (safeStorage) holds one as well.
 * All WebCrypto; keys are non-extractable once derived.
 */
import { PBKDF2_ITERATIONS, STAFF_KEY_CURVE, openStaffPrivateKey, type StaffKeys } from '../../shared';

export type Sealed = { iv: string; ct: string };
export type WrappedKey = {
  alg: 'PBKDF2-SHA256/AES-GCM';
  iterations: number;
  salt: string;
  iv: string;
  wrapped: string;
};
/** What Electron's preload offers (safeStorage); absent in web mode. */
export type OsKeyStore = { get(name: string): Promise<string | null>; set(name: string, value: string): Promise<void> };

const enc = new TextEncoder();
const dec = new TextDecoder();
const b64 = (u: Uint8Array) => {
  let s = '';
  for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode(...u.subarray(i, i + 0x8000));
  return btoa(s);
};
// A plain loop: Uint8Array.from with a mapping callback costs a call per byte, on every record read.
const unb64 = (s: string) => {
  const bin = atob(s);
  const u = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
  return u;
};
const buf = (u: Uint8Array) => u as unknown as BufferSource;

async function kek(secret: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', buf(enc.encode(secret.normalize('NFC'))), 'PBKDF2', false, [
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

const P256 = STAFF_KEY_CURVE;

/**
 * A copy of this laptop's master for one colleague: ECDH between a one-off key
 * pair and the colleague's public key, HKDF, AES-GCM. Only their private key
 * (sealed under their password, shared/auth/staffKeys.ts) opens it; it never leaves this laptop.
 */
export type ColleagueWrap = {
  alg: 'ECDH-P256/HKDF-SHA256/AES-GCM';
  /** The colleague's public key it was made for: a new pair of theirs needs a new copy. */
  publicKey: string;
  ephemeral: string;
  iv: string;
  wrapped: string;
};

async function colleagueKek(priv: CryptoKey, pub: CryptoKey, ephemeral: string): Promise<CryptoKey> {
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: pub }, priv, 256);
  const hk = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: buf(unb64(ephemeral)), info: buf(enc.encode('akimat-desk/colleague/v1')) },
    hk,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export class VaultLockedError extends Error {
  constructor() {
    super('vault.locked');
  }
}

export class Vault {
  private master: Uint8Array | null = null;
  private dataKey: CryptoKey | null = null;
  private indexKey: CryptoKey | null = null;
  private blindCache = new Map<string, string>();

  get unlocked(): boolean {
    return !!this.dataKey;
  }

  /** A new master for a new office database. */
  async create(): Promise<void> {
    await this.useMaster(crypto.getRandomValues(new Uint8Array(32)));
  }

  /** Takes over the master a candidate vault made (auth.ts makes the first one aside); the candidate is locked. */
  async adopt(from: Vault): Promise<void> {
    if (!from.master) throw new VaultLockedError();
    await this.useMaster(from.master.slice());
    from.lock();
  }

  private async useMaster(raw: Uint8Array): Promise<void> {
    const hk = await crypto.subtle.importKey('raw', buf(raw), 'HKDF', false, ['deriveKey']);
    const info = (s: string) => ({
      name: 'HKDF',
      hash: 'SHA-256',
      salt: buf(new Uint8Array(32)),
      info: buf(enc.encode(s)),
    });
    this.dataKey = await crypto.subtle.deriveKey(
      info('akimat-desk/records/v1'),
      hk,
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
    this.indexKey = await crypto.subtle.deriveKey(
      info('akimat-desk/index/v1'),
      hk,
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      false,
      ['sign'],
    );
    this.master = raw;
    this.blindCache.clear();
  }

  lock(): void {
    this.master?.fill(0);
    this.master = null;
    this.dataKey = null;
    this.indexKey = null;
    this.blindCache.clear();
  }

  /** A copy of the master wrapped under a password or PIN. */
  async wrapFor(secret: string, iterations = PBKDF2_ITERATIONS): Promise<WrappedKey> {
    if (!this.master) throw new VaultLockedError();
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const k = await kek(secret, salt, iterations);
    const wrapped = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: buf(iv) }, k, buf(this.master)));
    return { alg: 'PBKDF2-SHA256/AES-GCM', iterations, salt: b64(salt), iv: b64(iv), wrapped: b64(wrapped) };
  }

  /** Unlocks with a password or PIN; false when it does not open this copy. */
  async unwrap(secret: string, w: WrappedKey): Promise<boolean> {
    try {
      const k = await kek(secret, unb64(w.salt), w.iterations);
      const raw = new Uint8Array(
        await crypto.subtle.decrypt({ name: 'AES-GCM', iv: buf(unb64(w.iv)) }, k, buf(unb64(w.wrapped))),
      );
      await this.useMaster(raw);
      return true;
    } catch {
      return false;
    }
  }

  /** A copy of the master only the holder of this public key's private key opens. */
  async wrapForPublicKey(publicKey: string): Promise<ColleagueWrap> {
    if (!this.master) throw new VaultLockedError();
    const theirs = await crypto.subtle.importKey('raw', buf(unb64(publicKey)), P256, false, []);
    const eph = (await crypto.subtle.generateKey(P256, true, ['deriveBits'])) as CryptoKeyPair;
    const ephemeral = b64(new Uint8Array(await crypto.subtle.exportKey('raw', eph.publicKey)));
    const k = await colleagueKek(eph.privateKey, theirs, ephemeral);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    // The recipient's key as associated data: a copy cannot be passed off as made for someone else.
    const wrapped = new Uint8Array(
      await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv: buf(iv), additionalData: buf(enc.encode(publicKey)) },
        k,
        buf(this.master),
      ),
    );
    return { alg: 'ECDH-P256/HKDF-SHA256/AES-GCM', publicKey, ephemeral, iv: b64(iv), wrapped: b64(wrapped) };
  }

  /** Unlocks with a person's password through their key pair and a copy made for it; false when it does not open. */
  async unwrapWithKeys(password: string, keys: StaffKeys, w: ColleagueWrap): Promise<boolean> {
    if (w.publicKey !== keys.publicKey) return false;
    const priv = await openStaffPrivateKey(password, keys);
    if (!priv) return false;
    try {
      const eph = await crypto.subtle.importKey('raw', buf(unb64(w.ephemeral)), P256, false, []);
      const k = await colleagueKek(priv, eph, w.ephemeral);
      const raw = new Uint8Array(
        await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: buf(unb64(w.iv)), additionalData: buf(enc.encode(w.publicKey)) },
          k,
          buf(unb64(w.wrapped)),
        ),
      );
      await this.useMaster(raw);
      return true;
    } catch {
      return false;
    }
  }

  /** The master for the OS key store (Electron safeStorage encrypts it before it touches disk). */
  exportForOs(): string {
    if (!this.master) throw new VaultLockedError();
    return b64(this.master);
  }

  async importFromOs(value: string): Promise<void> {
    await this.useMaster(unb64(value));
  }

  /** AES-GCM with the record id as associated data: a sealed blob cannot be moved to another record. */
  async seal(value: unknown, aad: string): Promise<Sealed> {
    if (!this.dataKey) throw new VaultLockedError();
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: buf(iv), additionalData: buf(enc.encode(aad)) },
      this.dataKey,
      buf(enc.encode(JSON.stringify(value))),
    );
    return { iv: b64(iv), ct: b64(new Uint8Array(ct)) };
  }

  async open<T>(s: Sealed, aad: string): Promise<T> {
    if (!this.dataKey) throw new VaultLockedError();
    const pt = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: buf(unb64(s.iv)), additionalData: buf(enc.encode(aad)) },
      this.dataKey,
      buf(unb64(s.ct)),
    );
    return JSON.parse(dec.decode(pt)) as T;
  }

  /** Keyed hash for an index entry: equal inputs match, nothing else is learnt without the key. 96 bits. */
  async blind(kind: string, value: string): Promise<string> {
    if (!this.indexKey) throw new VaultLockedError();
    const k = `${kind}:${value}`;
    const hit = this.blindCache.get(k);
    if (hit) return hit;
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', this.indexKey, buf(enc.encode(k))));
    const out = b64(mac.subarray(0, 12));
    if (this.blindCache.size > 5000) this.blindCache.clear();
    this.blindCache.set(k, out);
    return out;
  }
}

/** Name prefixes that get an index entry; a longer query uses the longest one and filters after decrypting. */
export const PREFIX_LENGTHS = [3, 4, 5];
export const MIN_NAME_QUERY = 3;
