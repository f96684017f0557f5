/**
 * Enrolment codes and the certificate check group.
 *
 * A code is 12 secret characters (`XXXX-XXXX-XXXX`) that the district reads
 * out over the phone. When the server speaks TLS, the code as printed carries
 * a fifth group of 4 characters (`XXXX-XXXX-XXXX-CCCC`) derived from the 12
 * secret characters and the SHA-256 fingerprint of the server's certificate.
 * Before the desk sends the code it reads the certificate the server presents,
 * computes the group from what the person typed and that fingerprint, and
 * refuses to go on when they differ: a machine in the middle presents its own
 * certificate and cannot make the group match without the secret characters,
 * which the desk has not sent yet. The server looks codes up by the secret
 * characters only (the group is stripped before hashing).
 *
 * Fingerprints are handled as 64 lower-case hex digits; Node writes them as
 * colon-separated upper-case pairs and Electron as `sha256/<base64>`, both
 * accepted by normaliseFingerprint.
 */

/** Letters and digits that survive being read aloud over a bad phone line: no 0/O, 1/I/L. */
export const ENROLMENT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ENROLMENT_SECRET_LENGTH = 12;
export const ENROLMENT_CHECK_LENGTH = 4;

/** Case, spaces and dashes do not matter when a code is typed in. */
export const normaliseEnrolmentCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export type EnrolmentCodeParts = { secret: string; check: string | null };

/** The 12 secret characters and the check group (null when typed without one); null when the length fits neither. */
export function splitEnrolmentCode(code: string): EnrolmentCodeParts | null {
  const n = normaliseEnrolmentCode(code);
  if (n.length === ENROLMENT_SECRET_LENGTH) return { secret: n, check: null };
  if (n.length === ENROLMENT_SECRET_LENGTH + ENROLMENT_CHECK_LENGTH)
    return { secret: n.slice(0, ENROLMENT_SECRET_LENGTH), check: n.slice(ENROLMENT_SECRET_LENGTH) };
  return null;
}

/** What the server hashes: the secret part when the code has the shape of one, else the whole (it will not match). */
export const enrolmentSecret = (code: string): string =>
  splitEnrolmentCode(code)?.secret ?? normaliseEnrolmentCode(code);

/** `XXXX-XXXX-XXXX` or `XXXX-XXXX-XXXX-CCCC`. */
export function formatEnrolmentCode(secret: string, check?: string | null): string {
  const s = normaliseEnrolmentCode(secret) + (check ? normaliseEnrolmentCode(check) : '');
  return s.match(/.{1,4}/g)?.join('-') ?? '';
}

const HEX64 = /^[0-9a-f]{64}$/;

/** 64 lower-case hex digits from a SHA-256 fingerprint written as hex (any case, `:`/space/`-` separated) or `sha256/<base64>`; null otherwise. */
export function normaliseFingerprint(value: string): string | null {
  const v = value.trim();
  if (/^sha256\//i.test(v)) {
    let bin: string;
    try {
      bin = atob(v.slice(7));
    } catch {
      return null;
    }
    if (bin.length !== 32) return null;
    let hex = '';
    for (let i = 0; i < bin.length; i++) hex += bin.charCodeAt(i).toString(16).padStart(2, '0');
    return hex;
  }
  const hex = v.toLowerCase().replace(/[\s:-]/g, '');
  return HEX64.test(hex) ? hex : null;
}

/** Upper-case hex in 16 groups of 4, as printed beside the codes and compared by eye. */
export function formatFingerprint(fingerprint: string): string {
  const hex = normaliseFingerprint(fingerprint);
  if (!hex) throw new Error('not a SHA-256 fingerprint');
  return hex.toUpperCase().replace(/.{4}(?!$)/g, '$& ');
}

const CHECK_SPACE = ENROLMENT_CODE_ALPHABET.length ** ENROLMENT_CHECK_LENGTH; // 31^4 = 923 521, about 20 bits

/**
 * The check group of a code for a certificate: SHA-256 of `<secret>:<fingerprint hex>`,
 * its first 32 bits reduced modulo 31^4 and written with the code's alphabet
 * (the bias of the reduction is below 0.03 %). A wrong certificate passes with
 * a chance of about one in 900 000.
 */
export async function enrolmentCheckGroup(secret: string, fingerprint: string): Promise<string> {
  const s = normaliseEnrolmentCode(secret);
  if (s.length !== ENROLMENT_SECRET_LENGTH) throw new Error('enrolment code: 12 characters expected');
  const fp = normaliseFingerprint(fingerprint);
  if (!fp) throw new Error('not a SHA-256 fingerprint');
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${s}:${fp}`)));
  let v = (((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0) % CHECK_SPACE;
  let out = '';
  for (let i = 0; i < ENROLMENT_CHECK_LENGTH; i++) {
    out = ENROLMENT_CODE_ALPHABET[v % ENROLMENT_CODE_ALPHABET.length] + out;
    v = Math.floor(v / ENROLMENT_CODE_ALPHABET.length);
  }
  return out;
}

/** The code as printed for a server with this certificate (unchanged without one). */
export async function printableEnrolmentCode(code: string, fingerprint: string | null): Promise<string> {
  const secret = enrolmentSecret(code);
  return formatEnrolmentCode(secret, fingerprint ? await enrolmentCheckGroup(secret, fingerprint) : null);
}

export type EnrolmentCheck = 'ok' | 'missing' | 'mismatch' | 'malformed';

/** Whether a typed code's check group belongs to the certificate the server presented. */
export async function checkEnrolmentCode(code: string, fingerprint: string): Promise<EnrolmentCheck> {
  const parts = splitEnrolmentCode(code);
  if (!parts) return 'malformed';
  if (!parts.check) return 'missing';
  return (await enrolmentCheckGroup(parts.secret, fingerprint)) === parts.check ? 'ok' : 'mismatch';
}

/**
 * The enrolment as one line the code sheet prints beside its QR code (issue
 * #16 item 9): the server's address and the code, so a laptop takes both from
 * a scanner or a paste instead of guessing an address. The code rides in the
 * fragment, which a browser never sends to any server.
 */
export function enrolmentText(serverUrl: string, code: string): string {
  return `${serverUrl.replace(/\/+$/, '')}/#enrol=${code}`;
}

/** The address and code of an enrolment line; null for anything else (a bare address is just an address). */
export function parseEnrolmentText(text: string): { serverUrl: string; code: string } | null {
  const m = /^\s*(https?:\/\/[^\s#]+?)\/?#enrol=([A-Za-z0-9-]+)\s*$/i.exec(text);
  if (!m || !splitEnrolmentCode(m[2])) return null;
  return { serverUrl: m[1], code: m[2].toUpperCase() };
}
