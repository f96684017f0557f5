/**
 * Enrolment codes and their certificate check group (shared/sync/enrolmentCode.ts),
 * what the server hashes (server/auth/tokens.ts), and the desk's side before a
 * code is sent and after a certificate is refused (renderer/sync/certificates.ts,
 * transport.ts). The check group is recomputed here with node:crypto.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ENROLMENT_CODE_ALPHABET,
  checkEnrolmentCode,
  enrolmentCheckGroup,
  enrolmentSecret,
  formatEnrolmentCode,
  formatFingerprint,
  normaliseFingerprint,
  printableEnrolmentCode,
  splitEnrolmentCode,
} from '../../shared';
import { codeHash, newEnrolmentCode } from '../../server/auth/tokens';
import {
  certificateAwareFetch,
  checkServerBeforeEnrol,
  isLoopbackHost,
  type CertificatePinning,
} from '../../renderer/sync/certificates';
import { CertificatePinError, SyncHttpError, call, isCertificatePinError } from '../../renderer/sync/transport';

const FP = createHash('sha256').update('a certificate').digest('hex');
const OTHER = createHash('sha256').update('another certificate').digest('hex');

function nodeCheckGroup(secret: string, fp: string): string {
  let v = createHash('sha256').update(`${secret}:${fp}`).digest().readUInt32BE(0) % 31 ** 4;
  let out = '';
  for (let i = 0; i < 4; i++, v = Math.floor(v / 31)) out = ENROLMENT_CODE_ALPHABET[v % 31] + out;
  return out;
}

describe('codes and check groups', () => {
  it('computes the check group from the secret and the fingerprint, in the code alphabet', async () => {
    for (let i = 0; i < 20; i++) {
      const secret = enrolmentSecret(newEnrolmentCode());
      const group = await enrolmentCheckGroup(secret, FP);
      expect(group).toBe(nodeCheckGroup(secret, FP));
      expect(group).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{4}$/);
    }
    // Any spelling of the fingerprint gives the same group.
    const colon = FP.toUpperCase().match(/../g)!.join(':');
    const electron = `sha256/${Buffer.from(FP, 'hex').toString('base64')}`;
    expect(await enrolmentCheckGroup('ABCD-EFGH-JKMN', colon)).toBe(
      await enrolmentCheckGroup('abcdefghjkmn', electron),
    );
  });

  it('prints XXXX-XXXX-XXXX-CCCC for a TLS server and leaves the code alone without one', async () => {
    const printed = await printableEnrolmentCode('ABCD-EFGH-JKMN', FP);
    expect(printed).toBe(`ABCD-EFGH-JKMN-${nodeCheckGroup('ABCDEFGHJKMN', FP)}`);
    expect(await printableEnrolmentCode('ABCD-EFGH-JKMN', null)).toBe('ABCD-EFGH-JKMN');
    expect(splitEnrolmentCode(printed.toLowerCase().replace(/-/g, ' '))).toEqual({
      secret: 'ABCDEFGHJKMN',
      check: printed.slice(-4),
    });
    expect(splitEnrolmentCode('ABCD-EFGH-JKM')).toBeNull();
    expect(formatEnrolmentCode('abcdefghjkmn', 'pqrs')).toBe('ABCD-EFGH-JKMN-PQRS');
  });

  it('tells a matching, a wrong and a missing check group apart', async () => {
    const printed = await printableEnrolmentCode('ABCD-EFGH-JKMN', FP);
    expect(await checkEnrolmentCode(printed, FP)).toBe('ok');
    expect(await checkEnrolmentCode(printed, OTHER)).toBe('mismatch');
    expect(await checkEnrolmentCode('ABCD-EFGH-JKMN', FP)).toBe('missing');
    expect(await checkEnrolmentCode('ABCD-EFGH', FP)).toBe('malformed');
  });

  it('lets the server find a code by its secret part, with or without the check group', async () => {
    const code = newEnrolmentCode();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const printed = await printableEnrolmentCode(code, FP);
    expect(codeHash(printed)).toBe(codeHash(code));
    expect(codeHash(code.toLowerCase())).toBe(codeHash(code));
    // A code one character short or long is not another code's secret.
    expect(codeHash(`${code}X`)).not.toBe(codeHash(code));
  });

  it('normalises and prints fingerprints', () => {
    expect(normaliseFingerprint(FP.toUpperCase().match(/../g)!.join(':'))).toBe(FP);
    expect(normaliseFingerprint(`sha256/${Buffer.from(FP, 'hex').toString('base64')}`)).toBe(FP);
    expect(normaliseFingerprint('sha256/AAAA')).toBeNull();
    expect(normaliseFingerprint('abc')).toBeNull();
    expect(formatFingerprint(FP)).toMatch(/^([0-9A-F]{4} ){15}[0-9A-F]{4}$/);
  });
});

/** A platform stand-in that records what the desk asks of it. */
function fakePinning(
  presented: string | Error,
): CertificatePinning & { pinned: Array<[string, string]>; probed: string[] } {
  const pinned: Array<[string, string]> = [];
  const probed: string[] = [];
  return {
    pinned,
    probed,
    probe: async (origin) => {
      probed.push(origin);
      if (presented instanceof Error) throw presented;
      return presented;
    },
    pin: async (origin, fp) => void pinned.push([origin, fp]),
    lastFailure: async () => null,
  };
}

describe('the desk before it sends a code', () => {
  it('accepts plain http only for this computer', async () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '127.1.2.3']) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['192.168.1.10', 'district.kz', '10.0.0.1', '128.0.0.1'])
      expect(isLoopbackHost(host)).toBe(false);
    expect(await checkServerBeforeEnrol('http://127.0.0.1:8787', 'abcd efgh jkmn', undefined)).toBe('ABCD-EFGH-JKMN');
    await expect(
      checkServerBeforeEnrol('http://192.168.1.10:8787', 'ABCD-EFGH-JKMN', fakePinning(FP)),
    ).rejects.toMatchObject({ code: 'enrol.insecureUrl' });
  });

  it('on the desktop: probes, checks the group, pins, and sends only the secret part', async () => {
    const p = fakePinning(FP);
    const printed = await printableEnrolmentCode('ABCD-EFGH-JKMN', FP);
    expect(await checkServerBeforeEnrol('https://10.0.0.5:8787', printed, p)).toBe('ABCD-EFGH-JKMN');
    expect(p.probed).toEqual(['https://10.0.0.5:8787']);
    expect(p.pinned).toEqual([['https://10.0.0.5:8787', FP]]);
  });

  it('on the desktop: a server presenting another certificate, or a code without its group, pins nothing', async () => {
    const printed = await printableEnrolmentCode('ABCD-EFGH-JKMN', FP);
    const mitm = fakePinning(OTHER);
    await expect(checkServerBeforeEnrol('https://10.0.0.5:8787', printed, mitm)).rejects.toMatchObject({
      code: 'enrol.certificateMismatch',
      retryable: false,
    });
    await expect(checkServerBeforeEnrol('https://10.0.0.5:8787', 'ABCD-EFGH-JKMN', mitm)).rejects.toMatchObject({
      code: 'enrol.codeIncomplete',
    });
    expect(mitm.pinned).toEqual([]);
    await expect(
      checkServerBeforeEnrol('https://10.0.0.5:8787', printed, fakePinning(new Error('ECONNREFUSED'))),
    ).rejects.toMatchObject({ code: 'sync.network' });
  });

  it('in web mode (no pinning): https is left to the browser, the group is not needed', async () => {
    expect(await checkServerBeforeEnrol('https://district.example.kz', 'ABCD-EFGH-JKMN-PQRS', undefined)).toBe(
      'ABCD-EFGH-JKMN',
    );
  });
});

describe('a refused certificate in the transport', () => {
  it('recognises the contract: an error, or a cause, named CertificatePinError', () => {
    expect(isCertificatePinError(new CertificatePinError('https://x', FP, OTHER))).toBe(true);
    expect(
      isCertificatePinError(new TypeError('fetch failed', { cause: new CertificatePinError('https://x', FP, OTHER) })),
    ).toBe(true);
    expect(isCertificatePinError(Object.assign(new Error('x'), { name: 'CertificatePinError' }))).toBe(true);
    expect(isCertificatePinError(new TypeError('Failed to fetch'))).toBe(false);
  });

  it('maps it to sync.certificate, which is not retried', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed', { cause: new CertificatePinError('https://10.0.0.5:8787', FP, OTHER) });
    }) as typeof fetch;
    const err = await call({ baseUrl: 'https://10.0.0.5:8787' }, 'GET', '/v1/pull', undefined, {
      fetch: failing,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(SyncHttpError);
    expect(err).toMatchObject({ code: 'sync.certificate', status: 0, retryable: false });
    const offline = await call({ baseUrl: 'https://10.0.0.5:8787' }, 'GET', '/v1/pull', undefined, {
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    }).catch((e) => e);
    expect(offline).toMatchObject({ code: 'sync.network', retryable: true });
  });

  it("in Electron: turns Chromium's bare network error into CertificatePinError when the shell refused the certificate", async () => {
    const failures = new Map([['https://10.0.0.5:8787', { origin: '10.0.0.5:8787', expected: FP, presented: OTHER }]]);
    const asked: string[] = [];
    const f = certificateAwareFetch(
      { lastFailure: async (o) => (asked.push(o), failures.get(o) ?? null) },
      (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    );
    await expect(f('https://10.0.0.5:8787/v1/push', { method: 'POST' })).rejects.toMatchObject({
      name: 'CertificatePinError',
      expected: FP,
      presented: OTHER,
    });
    // Another server, or a link that is simply down: the network error stays what it is.
    await expect(f('https://10.0.0.9:8787/v1/push')).rejects.toThrow('Failed to fetch');
    await expect(f('http://127.0.0.1:8787/v1/push')).rejects.toThrow('Failed to fetch');
    expect(asked).toEqual(['https://10.0.0.5:8787', 'https://10.0.0.9:8787']);
  });
});
