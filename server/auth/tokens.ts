/**
 * Credentials the server hands out (device tokens, district sessions,
 * enrolment codes) are random; the database keeps only their SHA-256, so a
 * copied database does not let anyone sign in as a device.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { ENROLMENT_CODE_ALPHABET, enrolmentSecret, formatEnrolmentCode, printableEnrolmentCode } from '../../shared';

export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export const newToken = () => randomBytes(32).toString('base64url');

/**
 * 12 characters (~59 bits) in groups of four: typed once, by hand, on the office laptop.
 * The alphabet (no 0/O, 1/I/L) and the check group for a TLS server are in shared/sync/enrolmentCode.ts.
 */
export function newEnrolmentCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ENROLMENT_CODE_ALPHABET[randomInt(ENROLMENT_CODE_ALPHABET.length)];
  return formatEnrolmentCode(s);
}

/** By the 12 secret characters only: a printed code's check group (a TLS server's) is stripped first. */
export const codeHash = (code: string) => sha256(`enrol:${enrolmentSecret(code)}`);

/** The code as printed and shown: with the check group of the certificate desks pin, when there is one. */
export const printedCode = (code: string, fingerprint: string | null | undefined) =>
  printableEnrolmentCode(code, fingerprint ?? null);

/** The token from "Authorization: Bearer <token>", or null. */
export function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+([A-Za-z0-9_\-.~+/=]+)\s*$/i.exec(header);
  return m ? m[1] : null;
}
