/**
 * The console's session cookie, read and written by hand: one cookie, one
 * name, a token of base64url characters. @fastify/cookie would add a
 * dependency (and its signing secret to manage) for what is a split on ';'
 * here, and the server signs nothing in cookies: the token is random and the
 * database keeps only its hash, as for the desk's bearer tokens.
 */

export const CONSOLE_COOKIE = 'akimat_console';
/** Required on state-changing calls made with the cookie (a CSRF defence besides SameSite=Strict). */
export const CONSOLE_CSRF_HEADER = 'x-akimat-console';

/** The value of one cookie in a Cookie header, or null (also null for a malformed value). */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let v = part.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
    // Session tokens are base64url (auth/tokens.ts newToken): anything else is not ours.
    return /^[A-Za-z0-9_-]{1,200}$/.test(v) ? v : null;
  }
  return null;
}

/**
 * Set-Cookie for the console session: not readable by scripts (HttpOnly),
 * sent only over HTTPS (Secure; browsers accept it from http://localhost
 * too) and never with a request another site starts (SameSite=Strict).
 * maxAgeSeconds 0 clears it.
 */
export function sessionCookie(token: string, maxAgeSeconds: number): string {
  return `${CONSOLE_COOKIE}=${token}; Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}; HttpOnly; Secure; SameSite=Strict`;
}
