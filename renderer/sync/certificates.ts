/**
 * The desk's side of TLS (docs/tls.md): which server addresses enrolment
 * accepts, the check of the server's certificate against the code's check
 * group before the code is sent, and the fetch that names a pin failure.
 *
 * The certificate work itself is the shell's (electron/certificates.ts): a
 * page cannot read a server's certificate. In web mode there is no shell; the
 * browser verifies certificates against its own trusted authorities, so an
 * https server must have a certificate the browser trusts, and nothing is
 * pinned.
 */
import { checkEnrolmentCode, enrolmentSecret, formatEnrolmentCode } from '../../shared';
import { CertificatePinError, SyncHttpError } from './transport';

/** What the platform offers for pinning (renderer/platform ServerCertificates; tests pass a Node one). */
export interface CertificatePinning {
  probe(origin: string): Promise<string>;
  pin(origin: string, fingerprint: string): Promise<void>;
  lastFailure(origin: string): Promise<{ origin: string; expected: string; presented: string } | null>;
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts the desk talks plain HTTP to (a server on this computer). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** A refusal made on the desk before anything is sent: not retryable, a person must act. */
const refuse = (code: string) => new SyncHttpError(code, -1);

/**
 * Checks the server before the code leaves this computer and returns the code
 * to send (its 12 secret characters):
 *
 * - `http:` only to this computer (loopback): elsewhere tokens and children's
 *   data would cross the network in clear;
 * - `https:` with pinning (desktop): reads the certificate the server presents,
 *   checks the code's check group against it (someone in the middle presents
 *   another certificate and cannot make the group match without the code,
 *   which has not been sent), and pins it;
 * - `https:` without pinning (web mode): the browser's own verification.
 */
export async function checkServerBeforeEnrol(
  baseUrl: string,
  code: string,
  pinning: CertificatePinning | undefined,
): Promise<string> {
  const url = new URL(baseUrl);
  const secret = formatEnrolmentCode(enrolmentSecret(code));
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) throw refuse('enrol.insecureUrl');
    return secret;
  }
  if (url.protocol !== 'https:') throw refuse('enrol.insecureUrl');
  if (!pinning) return secret;
  let fingerprint: string;
  try {
    fingerprint = await pinning.probe(url.origin);
  } catch {
    throw new SyncHttpError('sync.network', 0);
  }
  const check = await checkEnrolmentCode(code, fingerprint);
  if (check === 'missing' || check === 'malformed') throw refuse('enrol.codeIncomplete');
  if (check === 'mismatch') throw refuse('enrol.certificateMismatch');
  await pinning.pin(url.origin, fingerprint);
  return secret;
}

const urlOf = (input: RequestInfo | URL): URL | null => {
  try {
    return new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  } catch {
    return null;
  }
};

/**
 * Chromium reports a refused certificate as a bare network error ("Failed to
 * fetch"). After a network error from an https server this asks the shell
 * whether the last certificate that server presented was refused as not the
 * pinned one, and if so throws CertificatePinError (the transport's contract)
 * instead, so the desk says "not our server" rather than "no network".
 */
export function certificateAwareFetch(
  pinning: Pick<CertificatePinning, 'lastFailure'>,
  base: typeof fetch = (input, init) => fetch(input, init),
): typeof fetch {
  return async (input, init) => {
    try {
      return await base(input, init);
    } catch (e) {
      const url = urlOf(input);
      if (url?.protocol === 'https:' && !init?.signal?.aborted) {
        const failure = await pinning.lastFailure(url.origin).catch(() => null);
        if (failure) throw new CertificatePinError(url.origin, failure.expected, failure.presented, { cause: e });
      }
      throw e;
    }
  };
}
