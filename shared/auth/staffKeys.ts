/**
 * A staff member's key pair (ECDH P-256), by which any laptop of the office
 * hands them its data key without the key travelling (docs/security.md "Shared
 * laptops"). The private key is kept only sealed (AES-GCM) under a key derived
 * from the person's password by PBKDF2 with a salt of its own, never the
 * password verifier's. WebCrypto, which browsers and Node both provide: the desk
 * makes pairs when a password is typed, the server when it sets one (the demo
 * accounts, a one-time password from the district).
 */
import type { StaffKeys } from '../model/office';
import { PBKDF2_ITERATIONS } from './password';

export const STAFF_KEY_CURVE = { name: 'ECDH', namedCurve: 'P-256' } as const;

const enc = new TextEncoder();
const b64 = (u: Uint8Array) => {
  let s = '';
  for (const x of u) s += String.fromCharCode(x);
  return btoa(s);
};
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const buf = (u: Uint8Array) => u as unknown as BufferSource;

async function sealingKey(password: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
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

async function sealedPair(k: CryptoKey, salt: Uint8Array, iterations: number): Promise<StaffKeys> {
  const pair = (await crypto.subtle.generateKey(STAFF_KEY_CURVE, true, ['deriveBits'])) as CryptoKeyPair;
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv: buf(iv) }, k, buf(pkcs8)));
  pkcs8.fill(0);
  return {
    alg: 'ECDH-P256/PBKDF2-SHA256/AES-GCM',
    publicKey: b64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))),
    iterations,
    salt: b64(salt),
    iv: b64(iv),
    wrappedPrivate: b64(sealed),
  };
}

/** A new key pair for a person whose password is known right now. */
export async function makeStaffKeys(password: string, iterations = PBKDF2_ITERATIONS): Promise<StaffKeys> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return sealedPair(await sealingKey(password, salt, iterations), salt, iterations);
}

/**
 * Pairs for several accounts that share one published password (the demo
 * district): one PBKDF2 for all, as their one password hash already is; each
 * pair is its own, each sealed with its own IV.
 */
export async function makeStaffKeysSharingPassword(
  password: string,
  count: number,
  iterations = PBKDF2_ITERATIONS,
): Promise<StaffKeys[]> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const k = await sealingKey(password, salt, iterations);
  const out: StaffKeys[] = [];
  for (let i = 0; i < count; i++) out.push(await sealedPair(k, salt, iterations));
  return out;
}

/** The private key, usable (never extractable again), or null when the password does not open it. */
export async function openStaffPrivateKey(password: string, keys: StaffKeys): Promise<CryptoKey | null> {
  try {
    const k = await sealingKey(password, unb64(keys.salt), keys.iterations);
    const pkcs8 = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: buf(unb64(keys.iv)) },
      k,
      buf(unb64(keys.wrappedPrivate)),
    );
    return await crypto.subtle.importKey('pkcs8', pkcs8, STAFF_KEY_CURVE, false, ['deriveBits']);
  } catch {
    return null;
  }
}
