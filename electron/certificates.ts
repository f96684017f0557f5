/**
 * Certificate pinning for the district server.
 *
 * At enrolment the desk reads the certificate the server presents (probe: a
 * TLS connection from the main process that accepts any certificate and only
 * reads it), checks it against the code's check group, and pins its SHA-256
 * fingerprint for that origin. From then on Chromium's own verification is
 * replaced for that host (session.setCertificateVerifyProc): the pinned
 * certificate is accepted, self-signed or not, and any other is refused and
 * remembered, so the renderer can tell "someone else answers at this address"
 * from "no network". Hosts without a pin keep Chromium's verification.
 *
 * Electron gives the verify proc the host name only, not the port: pins are
 * stored per origin (host:port) but a certificate is accepted for a host when
 * it matches the pin of any of its origins. A district server has one.
 *
 * Fingerprints are 64 lower-case hex digits here (Electron's
 * `certificate.fingerprint` is `sha256/<base64>` of the DER certificate,
 * Node's `fingerprint256` colon-separated hex: both are converted).
 */
import * as nodePath from 'node:path';
import * as tls from 'node:tls';
import type { CertificateVerifyProc, FsPort, Log } from './ports';

/** A refused certificate, as the renderer reads it back. */
export type CertificateFailure = { origin: string; expected: string; presented: string; at: string };

/** Electron's verify-proc answers (docs: ses.setCertificateVerifyProc). */
export const VERIFY_RESULT = { accept: 0, reject: -2, chromium: -3 } as const;

const HEX64 = /^[0-9a-f]{64}$/;

/** 64 lower-case hex digits from `sha256/<base64>` or hex (any case, `:` or spaces); null otherwise. */
export function fingerprintHex(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (/^sha256\//i.test(v)) {
    const b64 = v.slice(7);
    if (!/^[A-Za-z0-9+/]{43}=$/.test(b64)) return null;
    const hex = Buffer.from(b64, 'base64').toString('hex');
    return HEX64.test(hex) ? hex : null;
  }
  const hex = v.toLowerCase().replace(/[\s:]/g, '');
  return HEX64.test(hex) ? hex : null;
}

/** Host names compare without IPv6 brackets and case. */
const hostKey = (host: string) =>
  host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');

/** `https://Host:8443/...` -> `host:8443` (443 when the port is the default); null for anything but https. */
export function originKey(origin: string): string | null {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:' || !u.hostname) return null;
  return `${hostKey(u.hostname)}:${u.port || '443'}`;
}

const hostOfKey = (key: string) => key.slice(0, key.lastIndexOf(':'));

export type PinVerdict = 'accept' | 'reject' | 'unpinned';

/**
 * The one decision, used by Electron's verify proc and by the tests' Node
 * client alike: no pin, the platform's own verification; a pin, exactly that
 * certificate and no other.
 */
export function pinVerdict(pins: readonly string[], presented: string): PinVerdict {
  if (pins.length === 0) return 'unpinned';
  const fp = fingerprintHex(presented);
  return fp !== null && pins.some((p) => fingerprintHex(p) === fp) ? 'accept' : 'reject';
}

type StoredPins = { version: 1; pins: Record<string, { sha256: string; pinnedAt: string }> };

/**
 * Pins kept in a small JSON file in userData. They are not secret (anyone can
 * read a server's certificate) but must not be lost: written to a temporary
 * file and renamed, so a crash leaves the old pins or the new ones.
 */
export function createPinStore({
  fs,
  file,
  log,
  now = () => new Date().toISOString(),
}: {
  fs: Pick<FsPort, 'readFile' | 'writeFile' | 'rename' | 'mkdir'>;
  file: string;
  log?: Log;
  now?: () => string;
}) {
  let pins: StoredPins['pins'] = {};

  async function load(): Promise<void> {
    let text: string;
    try {
      text = new TextDecoder().decode(await fs.readFile(file));
    } catch {
      return; // none yet
    }
    try {
      const parsed = JSON.parse(text) as Partial<StoredPins>;
      const out: StoredPins['pins'] = {};
      for (const [key, v] of Object.entries(parsed.pins ?? {})) {
        const fp = fingerprintHex(v?.sha256);
        if (fp && /^.+:\d{1,5}$/.test(key)) out[key] = { sha256: fp, pinnedAt: String(v.pinnedAt ?? '') };
      }
      pins = out;
    } catch (e) {
      // An unreadable file pins nothing: hosts fall back to Chromium's verification, which refuses a self-signed server.
      log?.error('certificate pins unreadable', { file, error: String(e) });
    }
  }

  async function set(origin: string, fingerprint: string): Promise<void> {
    const key = originKey(origin);
    const fp = fingerprintHex(fingerprint);
    if (!key || !fp) throw new Error('pin: an https origin and a SHA-256 fingerprint expected');
    pins = { ...pins, [key]: { sha256: fp, pinnedAt: now() } };
    await fs.mkdir(nodePath.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, JSON.stringify({ version: 1, pins } satisfies StoredPins, null, 2));
    await fs.rename(tmp, file);
    log?.info('certificate pinned', { origin: key, sha256: fp });
  }

  return {
    load,
    set,
    /** The pin of one origin. */
    get: (origin: string): string | null => {
      const key = originKey(origin);
      return key ? (pins[key]?.sha256 ?? null) : null;
    },
    /** Every pin of a host, whatever the port (the verify proc knows no port). */
    forHost: (host: string): string[] =>
      Object.entries(pins)
        .filter(([key]) => hostOfKey(key) === hostKey(host))
        .map(([, v]) => v.sha256),
  };
}

export type PinStore = ReturnType<typeof createPinStore>;

/**
 * The verify proc and the failures it remembers. A failure stays until a
 * certificate of that host is accepted again (Chromium caches verdicts and
 * may not ask again for the same certificate, so "the last verdict for this
 * host was a refusal" is what can be known).
 */
export function createCertificateGuard({
  pins,
  log,
  now = () => new Date().toISOString(),
}: {
  pins: PinStore;
  log?: Log;
  now?: () => string;
}) {
  const failures = new Map<string, { presented: string; at: string }>();

  const verify: CertificateVerifyProc = (request, callback) => {
    const host = hostKey(request.hostname);
    const pinned = pins.forHost(host);
    const verdict = pinVerdict(pinned, request.certificate?.fingerprint ?? '');
    if (verdict === 'unpinned') return callback(VERIFY_RESULT.chromium);
    if (verdict === 'accept') {
      failures.delete(host);
      return callback(VERIFY_RESULT.accept);
    }
    const presented = fingerprintHex(request.certificate?.fingerprint) ?? 'unknown';
    failures.set(host, { presented, at: now() });
    log?.warn('server certificate refused: not the pinned one', { host, expected: pinned, presented });
    return callback(VERIFY_RESULT.reject);
  };

  return {
    verify,
    lastFailure(origin: string): CertificateFailure | null {
      const key = originKey(origin);
      if (!key) return null;
      const f = failures.get(hostOfKey(key));
      return f
        ? {
            origin: key,
            expected: pins.get(origin) ?? pins.forHost(hostOfKey(key))[0] ?? '',
            presented: f.presented,
            at: f.at,
          }
        : null;
    },
    /** A new pin for a host starts with no remembered failure. */
    forget(origin: string): void {
      const key = originKey(origin);
      if (key) failures.delete(hostOfKey(key));
    },
  };
}

export class CertificateProbeError extends Error {
  override name = 'CertificateProbeError';
}

export type TlsConnect = (options: tls.ConnectionOptions) => tls.TLSSocket;

/**
 * The fingerprint of the certificate an https origin presents now. Nothing is
 * sent but the TLS handshake; any certificate is accepted because it is only
 * read, to be compared with the enrolment code's check group by the caller.
 */
export function probeCertificate(
  origin: string,
  { connect = tls.connect, timeoutMs = 20_000 }: { connect?: TlsConnect; timeoutMs?: number } = {},
): Promise<string> {
  const key = originKey(origin);
  if (!key) return Promise.reject(new CertificateProbeError('probe: an https origin expected'));
  const host = hostOfKey(key);
  const port = Number(key.slice(key.lastIndexOf(':') + 1));
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      // SNI carries names only, never addresses (RFC 6066).
      servername: /^[0-9.]+$|:/.test(host) ? undefined : host,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    const timer = setTimeout(() => socket.destroy(new CertificateProbeError('probe: timed out')), timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const fp = fingerprintHex(socket.getPeerCertificate()?.fingerprint256);
      socket.end();
      if (fp) resolve(fp);
      else reject(new CertificateProbeError('probe: no certificate'));
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(
        e instanceof CertificateProbeError
          ? e
          : new CertificateProbeError(`probe: ${(e as NodeJS.ErrnoException).code ?? e.message}`),
      );
    });
  });
}
