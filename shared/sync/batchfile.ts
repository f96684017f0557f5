/**
 * Batch files for offices with no network at all: the desk writes its pending
 * ops to a JSON file, someone carries it to the district on a USB stick, and
 * the server imports it with the same idempotency as a push.
 *
 * The file is signed with HMAC-SHA256 under the per-device key handed out at
 * enrolment (WebCrypto, so the desk and the server run this same code). The
 * signature covers the canonical JSON of every field but `signature`: keys
 * sorted, no whitespace, so re-indenting the file does not break it while any
 * change to an op does.
 */
import { BATCH_FILE_FORMAT, BatchFileSchema, type BatchFile, type BatchFileBody } from './protocol';
import type { Op } from './ops';

/** JSON with object keys sorted at every level; undefined members are dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

const b64 = (u: Uint8Array) => {
  let s = '';
  for (const x of u) s += String.fromCharCode(x);
  return btoa(s);
};
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

/** A fresh 256-bit key, base64: the server makes one per device at enrolment. */
export function generateBatchKey(): string {
  return b64(crypto.getRandomValues(new Uint8Array(32)));
}

async function hmacKey(keyB64: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', unb64(keyB64) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, [
    usage,
  ]);
}

function bodyOf(file: BatchFileBody | BatchFile): BatchFileBody {
  const { format, version, deviceId, officeId, createdAt, ops } = file;
  return { format, version, deviceId, officeId, createdAt, ops };
}

/**
 * HMAC-SHA256 of a body's canonical JSON under a device key, base64. Every
 * signed file names its format in the body, so a signature made for one kind
 * of file (a batch, a lease file) never verifies as another.
 */
export async function signCanonical(body: unknown, keyB64: string): Promise<string> {
  const key = await hmacKey(keyB64, 'sign');
  const sig = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(canonicalJson(body)) as BufferSource);
  return b64(new Uint8Array(sig));
}

/** Constant-time through WebCrypto's verify; false for a signature that is not even base64. */
export async function verifyCanonical(body: unknown, sigB64: string, keyB64: string): Promise<boolean> {
  let sig: Uint8Array;
  try {
    sig = unb64(sigB64);
  } catch {
    return false;
  }
  const key = await hmacKey(keyB64, 'verify');
  return crypto.subtle.verify(
    'HMAC',
    key,
    sig as BufferSource,
    new TextEncoder().encode(canonicalJson(body)) as BufferSource,
  );
}

export async function signBatchFile(body: BatchFileBody, keyB64: string): Promise<BatchFile> {
  return { ...bodyOf(body), signature: { alg: 'HMAC-SHA256', value: await signCanonical(bodyOf(body), keyB64) } };
}

export async function verifyBatchFile(file: BatchFile, keyB64: string): Promise<boolean> {
  return verifyCanonical(bodyOf(file), file.signature.value, keyB64);
}

/** Builds and signs a file from outbox ops (all of one device, any order: the server sorts). */
export async function makeBatchFile(args: {
  deviceId: string;
  officeId: string;
  ops: Op[];
  createdAt: string;
  keyB64: string;
}): Promise<BatchFile> {
  const ops = [...args.ops].sort((a, b) => a.deviceSeq - b.deviceSeq);
  return signBatchFile(
    {
      format: BATCH_FILE_FORMAT,
      version: 1,
      deviceId: args.deviceId,
      officeId: args.officeId,
      createdAt: args.createdAt,
      ops,
    },
    args.keyB64,
  );
}

/** Parses a file's text; throws a zod error when it is not a batch file. */
export function parseBatchFile(text: string): BatchFile {
  return BatchFileSchema.parse(JSON.parse(text));
}

/** A suggested file name: device, seq range and date, so a stack of files sorts sensibly. */
export function batchFileName(file: BatchFileBody): string {
  const seqs = file.ops.map((o) => o.deviceSeq);
  const from = Math.min(...seqs),
    to = Math.max(...seqs);
  return `akimat-batch-${file.deviceId.slice(-8)}-${String(from).padStart(6, '0')}-${String(to).padStart(6, '0')}-${file.createdAt.slice(0, 10)}.json`;
}
