/**
 * HTTP to the district server, built for 2G links: every request has a
 * timeout that grows with its size, bodies are gzip-compressed, and failures
 * are sorted into "try again later" (network, timeout, 5xx) and "a person must
 * act" (401 revoked, 403, 400, 413, 426 update the app).
 */
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type ErrorBody } from '../../shared';

export type Endpoint = { baseUrl: string; token?: string };

export class SyncHttpError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly body?: ErrorBody,
  ) {
    super(`${code} (${status || 'network'})`);
  }
  /** Network trouble, timeouts and server overload pass; everything else needs a person (a wrong certificate too). */
  get retryable(): boolean {
    return (
      (this.status === 0 && this.code !== 'sync.certificate') ||
      this.status === 408 ||
      this.status === 429 ||
      this.status >= 500
    );
  }
}

/**
 * The one sign a fetch gives that the server presented a certificate other
 * than the pinned one: it throws an error with this name, or with a cause of
 * this name. The desktop's fetch wrapper (./certificates.ts) and the tests'
 * pinning Node client both throw one; the transport turns it into the
 * non-retryable `sync.certificate`.
 */
export class CertificatePinError extends Error {
  override name = 'CertificatePinError';
  constructor(
    readonly origin: string,
    readonly expected: string,
    readonly presented: string,
    options?: { cause?: unknown },
  ) {
    super(`the certificate of ${origin} is not the pinned one`, options);
  }
}

export function isCertificatePinError(e: unknown): boolean {
  for (let x = e, depth = 0; x && typeof x === 'object' && depth < 4; x = (x as { cause?: unknown }).cause, depth++) {
    if ((x as { name?: unknown }).name === 'CertificatePinError') return true;
  }
  return false;
}

/** Bytes a 2G link moves per second in practice (~100 kbit/s), and a floor for round trips. */
const LINK_BYTES_PER_S = 8_000;
const BASE_TIMEOUT_MS = 20_000;

async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export type CallStats = { bytesUp: number; bytesDown: number };

export type CallOptions = {
  fetch?: typeof fetch;
  stats?: CallStats;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** More headers: what an enrolled desk says about itself (the engine's deskHeaders). */
  headers?: Record<string, string>;
};

/** A JSON request and its JSON answer; a failure as a SyncHttpError. */
export async function call<T>(
  ep: Endpoint,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  opts: CallOptions = {},
): Promise<T> {
  const { res, bytes } = await exchange(ep, method, path, body, opts, 'application/json');
  const json = parsed(res.status, bytes);
  if (!res.ok) throw failure(res.status, json as ErrorBody | undefined);
  return json as T;
}

/**
 * A file the server makes (a report's XLSX or CSV) as a Blob of the type it
 * says; a failure answers in JSON as every other call does.
 */
export async function callFile(ep: Endpoint, path: string, opts: CallOptions = {}, body?: unknown): Promise<Blob> {
  // With a body (what the file is narrowed to: a search stays out of URLs), a POST.
  const { res, bytes } = await exchange(ep, body === undefined ? 'GET' : 'POST', path, body, opts, '*/*');
  if (!res.ok) throw failure(res.status, parsed(res.status, bytes) as ErrorBody | undefined);
  return new Blob([bytes], { type: res.headers.get('content-type') ?? 'application/octet-stream' });
}

function parsed(status: number, bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes);
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    throw new SyncHttpError('sync.badResponse', status);
  }
}

/** One request and the bytes of its answer, whatever its status: headers, gzip, timeout, the caller's abort. */
async function exchange(
  ep: Endpoint,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body: unknown,
  opts: CallOptions,
  accept: string,
): Promise<{ res: Response; bytes: Uint8Array<ArrayBuffer> }> {
  const f = opts.fetch ?? fetch;
  const headers: Record<string, string> = {
    ...opts.headers,
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    accept,
  };
  if (ep.token) headers.authorization = `Bearer ${ep.token}`;
  let payload: Uint8Array | undefined;
  if (body !== undefined) {
    payload = await gzip(JSON.stringify(body));
    headers['content-type'] = 'application/json';
    headers['content-encoding'] = 'gzip';
  }
  const timeout = opts.timeoutMs ?? BASE_TIMEOUT_MS + Math.ceil(((payload?.byteLength ?? 0) / LINK_BYTES_PER_S) * 1000);
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeout);
  // The caller's signal (the link went down) ends the request at once, as a network failure.
  let cancelled = false;
  const onCancel = () => {
    cancelled = true;
    ctl.abort();
  };
  if (opts.signal?.aborted) onCancel();
  opts.signal?.addEventListener('abort', onCancel);
  let res: Response;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    // Answers carry children's data: the browser's HTTP cache (plain files on disk) must never keep one,
    // whatever headers a server or a proxy on the way sends (the district server says no-store too).
    res = await f(new URL(path, ep.baseUrl).toString(), {
      method,
      headers,
      body: payload as BodyInit | undefined,
      signal: ctl.signal,
      cache: 'no-store',
    });
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    if (isCertificatePinError(e)) throw new SyncHttpError('sync.certificate', 0);
    throw new SyncHttpError(ctl.signal.aborted && !cancelled ? 'sync.timeout' : 'sync.network', 0);
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onCancel);
  }
  if (opts.stats) {
    opts.stats.bytesUp += payload?.byteLength ?? 0;
    opts.stats.bytesDown += bytes.byteLength;
  }
  return { res, bytes };
}

/** A refused request by its status: a revoked laptop is told so (auth.revoked), the engine locks its sync and keeps everything. */
function failure(status: number, b: ErrorBody | undefined): SyncHttpError {
  const code =
    status === 401
      ? b?.error === 'auth.revoked'
        ? 'sync.revoked'
        : 'sync.unauthorized'
      : status === 403
        ? 'sync.forbidden'
        : status === 413
          ? 'sync.tooLarge'
          : status === 426
            ? 'sync.updateRequired'
            : status === 400
              ? 'sync.invalid'
              : status >= 500
                ? 'sync.serverError'
                : 'sync.http';
  return new SyncHttpError(code, status, b);
}

/** Full-jitter exponential backoff: spreads 200 laptops that regain a link at the same minute. */
export function backoffMs(attempt: number, random = Math.random, baseMs = 1000, capMs = 60_000): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}
