/** The console's session cookie, read by hand (server/http/cookies.ts). */
import { describe, expect, it } from 'vitest';
import { CONSOLE_COOKIE, readCookie, sessionCookie } from '../../server/http/cookies';

describe('console cookie', () => {
  it('finds its cookie among others, quoted or not, and nothing else', () => {
    expect(readCookie(`a=1; ${CONSOLE_COOKIE}=abc_DEF-123; b=2`, CONSOLE_COOKIE)).toBe('abc_DEF-123');
    expect(readCookie(`${CONSOLE_COOKIE}="tok"`, CONSOLE_COOKIE)).toBe('tok');
    expect(readCookie(`x${CONSOLE_COOKIE}=tok`, CONSOLE_COOKIE)).toBeNull();
    expect(readCookie('a=1; b=2', CONSOLE_COOKIE)).toBeNull();
    expect(readCookie(undefined, CONSOLE_COOKIE)).toBeNull();
    // Not a token of ours: characters outside base64url, or empty.
    expect(readCookie(`${CONSOLE_COOKIE}=a b`, CONSOLE_COOKIE)).toBeNull();
    expect(readCookie(`${CONSOLE_COOKIE}=`, CONSOLE_COOKIE)).toBeNull();
    expect(readCookie(`${CONSOLE_COOKIE}=${'a'.repeat(201)}`, CONSOLE_COOKIE)).toBeNull();
  });

  it('sets HttpOnly, Secure, SameSite=Strict with a whole-second Max-Age; 0 clears it', () => {
    expect(sessionCookie('tok', 43_199.7)).toBe(
      `${CONSOLE_COOKIE}=tok; Path=/; Max-Age=43199; HttpOnly; Secure; SameSite=Strict`,
    );
    expect(sessionCookie('', -5)).toContain('Max-Age=0;');
  });
});
