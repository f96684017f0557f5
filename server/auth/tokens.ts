/**
 * Credentials the server hands out (device tokens, district sessions,
 * enrolment codes) are random; the database keeps only their SHA-256, so a
 * copied database does not let anyone sign in as a device.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export const newToken = () => randomBytes(32).toString('base64url');

/** Letters and digits that survive being read aloud over a bad phone line: no 0/O, 1/I/L. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** 12 characters (~59 bits) in groups of four: typed once, by hand, on the office laptop. */
export function newEnrolmentCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Case, spaces and dashes do not matter when the code is typed in. */
export const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export const codeHash = (code: string) => sha256(`enrol:${normaliseCode(code)}`);

/** The token from "Authorization: Bearer <token>", or null. */
export function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+([A-Za-z0-9_\-.~+/=]+)\s*$/i.exec(header);
  return m ? m[1] : null;
}
