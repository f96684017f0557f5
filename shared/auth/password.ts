/**
 * Staff passwords, checked offline: PBKDF2-SHA256 through WebCrypto, which both
 * browsers and Node provide, so the same hash verifies on the desk and server.
 * 310,000 iterations (OWASP's figure for PBKDF2-SHA256) cost ~0.3 s on these laptops.
 */
import type { PasswordHash } from '../model/office';

export const PBKDF2_ITERATIONS = 310_000;

const b64 = (u: Uint8Array) => {
  let s = '';
  for (const x of u) s += String.fromCharCode(x);
  return btoa(s);
};
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations },
    key,
    256,
  );
  return new Uint8Array(bits);
}

export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<PasswordHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { alg: 'PBKDF2-SHA256', iterations, salt: b64(salt), hash: b64(await derive(password, salt, iterations)) };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const got = await derive(password, unb64(stored.salt), stored.iterations);
  const want = unb64(stored.hash);
  if (got.length !== want.length) return false;
  let diff = 0;
  for (let i = 0; i < got.length; i++) diff |= got[i] ^ want[i];
  return diff === 0;
}

/** Minimum strength for staff passwords: short ones fall to a stolen laptop in minutes. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return 'password.tooShort';
  return null;
}
