/**
 * What the desktop shell does for the desk's transport, done in Node for the
 * integration tests: a fetch that pins a server's certificate, and the probe
 * and pin calls the sync engine makes at enrolment. The decision is the
 * shell's own pure function (electron/certificates.ts pinVerdict), the probe
 * its own node:tls probe; the difference is where the TLS connection is made
 * (here node:https, there Chromium with the verify proc).
 *
 * The pinned certificate is checked when the TLS handshake is done and before
 * the socket is handed to the request, so nothing (no code, no token) is
 * written to a server that presents another certificate; such a fetch throws
 * CertificatePinError, the transport's contract for "not the pinned server".
 */
import * as https from 'node:https';
import * as tls from 'node:tls';
import { isIP } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { Duplex } from 'node:stream';
import { fingerprintHex, originKey, pinVerdict, probeCertificate } from '../../electron/certificates';
import { CertificatePinError } from '../../renderer/sync/transport';
import type { CertificatePinning } from '../../renderer/sync/certificates';

export type NodePinning = {
  /** For EngineOptions.certificates. */
  certificates: CertificatePinning;
  /** For EngineOptions.fetch. */
  fetch: typeof fetch;
  /** Pins by origin key (`host:port`). */
  pins: Map<string, string>;
  /** Every request the fetch was asked to make, `METHOD url`. */
  requests: string[];
  /** TLS handshakes refused for a wrong certificate. */
  refused: Array<{ origin: string; expected: string; presented: string }>;
};

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init?.headers).forEach((v, k) => (out[k] = v));
  return out;
}

export function nodePinning(): NodePinning {
  const pins = new Map<string, string>();
  const requests: string[] = [];
  const refused: NodePinning['refused'] = [];
  const failures = new Map<string, { origin: string; expected: string; presented: string }>();

  const certificates: CertificatePinning = {
    probe: (origin) => probeCertificate(origin),
    pin: async (origin, fingerprint) => {
      const key = originKey(origin);
      const fp = fingerprintHex(fingerprint);
      if (!key || !fp) throw new Error('pin: https origin and SHA-256 expected');
      pins.set(key, fp);
      failures.delete(key);
    },
    lastFailure: async (origin) => failures.get(originKey(origin) ?? '') ?? null,
  };

  const pinnedFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    requests.push(`${init?.method ?? 'GET'} ${url.href}`);
    if (url.protocol !== 'https:') return fetch(input, init);
    const key = originKey(url.origin)!;
    const pin = pins.get(key);
    const host = url.hostname.replace(/^\[|\]$/g, '');

    // Called by the request for its socket; answers only after the certificate was judged.
    const createConnection = (_opts: unknown, done: (err: Error | null, socket?: Duplex) => void) => {
      const socket = tls.connect({
        host,
        port: Number(url.port || 443),
        servername: isIP(host) ? undefined : host,
        rejectUnauthorized: false,
        ALPNProtocols: ['http/1.1'],
      });
      socket.once('error', (e) => done(e));
      socket.once('secureConnect', () => {
        const presented = socket.getPeerCertificate().fingerprint256;
        const verdict = pinVerdict(pin ? [pin] : [], presented);
        if (verdict === 'accept' || (verdict === 'unpinned' && socket.authorized)) return done(null, socket);
        socket.destroy();
        if (verdict === 'unpinned') return done(new Error(`certificate not trusted: ${socket.authorizationError}`));
        const failure = { origin: key, expected: pin!, presented: fingerprintHex(presented) ?? 'unknown' };
        failures.set(key, failure);
        refused.push(failure);
        done(new CertificatePinError(url.origin, failure.expected, failure.presented));
      });
      return undefined;
    };

    const body = init?.body as Uint8Array | string | undefined;
    return new Promise<Response>((resolve, reject) => {
      const req = https.request(url, {
        method: init?.method ?? 'GET',
        headers: { ...headersOf(init), 'accept-encoding': 'gzip' },
        createConnection: createConnection as never,
        signal: init?.signal ?? undefined,
      });
      req.once('error', reject);
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.once('error', reject);
        res.once('end', () => {
          let data = Buffer.concat(chunks);
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            if (v !== undefined && k !== 'content-encoding' && k !== 'content-length') headers.set(k, String(v));
          if (res.headers['content-encoding'] === 'gzip') data = gunzipSync(data);
          const status = res.statusCode ?? 0;
          resolve(new Response(status === 204 || status === 304 ? null : data, { status, headers }));
        });
      });
      req.end(body === undefined ? undefined : Buffer.from(body));
    });
  }) as typeof fetch;

  return { certificates, fetch: pinnedFetch, pins, requests, refused };
}
