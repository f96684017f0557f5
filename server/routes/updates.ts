/**
 * The update feed for the desktop app (electron-updater, generic provider):
 * serves latest.yml, the installer and its blockmap from one folder, with
 * HTTP range requests so an update downloads only the blocks that changed,
 * several ranges per request (multipart/byteranges), which saves round trips
 * on 2G links with half-second latency.
 *
 * To publish a release, copy what `npm run dist:win` left in release/
 * (latest.yml, akimat-desk-setup-X.Y.Z.exe and .exe.blockmap) into the
 * folder; keep the previous release's blockmap there too.
 *
 * electron-updater puts up to a thousand ranges in one Range header, longer
 * than Node's default 16 KB header limit: create the Fastify instance with
 * `http: { maxHeaderSize: 65536 }`, or the client falls back to downloading
 * the whole installer.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { extname, join, relative, isAbsolute, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type UpdateRoutesOptions = {
  /** The folder with latest.yml, the installers and their blockmaps. */
  dir: string;
  /** URL prefix; the app's publish url in electron-builder.yml must end with it. Default '/updates'. */
  prefix?: string;
};

const CONTENT_TYPES: Record<string, string> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.exe': 'application/vnd.microsoft.portable-executable',
  '.blockmap': 'application/octet-stream',
};

// Plain file names only: no separators, no leading dot, nothing that decodes into a path.
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,199}$/;
export const MAX_RANGES = 2000;

export type ByteRange = { start: number; end: number };

/**
 * The ranges of a Range header (RFC 9110 §14.2), in the order asked:
 * null when the header is absent or malformed (the whole file is sent),
 * 'unsatisfiable' when no range falls inside the file (416).
 */
export function parseRange(header: string | undefined, size: number): ByteRange[] | 'unsatisfiable' | null {
  if (!header) return null;
  const m = /^bytes=(.+)$/i.exec(header.trim());
  if (!m) return null;
  const specs = m[1].split(',').map((s) => s.trim());
  if (specs.length > MAX_RANGES) return null;
  const out: ByteRange[] = [];
  for (const spec of specs) {
    const r = /^(\d*)-(\d*)$/.exec(spec);
    if (!r || (r[1] === '' && r[2] === '')) return null;
    if (r[1] === '') {
      const suffix = Number(r[2]);
      if (suffix === 0 || size === 0) continue;
      out.push({ start: Math.max(0, size - suffix), end: size - 1 });
      continue;
    }
    const start = Number(r[1]);
    if (r[2] !== '' && Number(r[2]) < start) return null;
    if (start >= size) continue;
    out.push({ start, end: r[2] === '' ? size - 1 : Math.min(Number(r[2]), size - 1) });
  }
  return out.length ? out : 'unsatisfiable';
}

function cacheControl(name: string): string {
  // latest.yml says which version is current and must never be stale; the rest carry the version in their names.
  return /\.ya?ml$/i.test(name) ? 'no-cache' : 'public, max-age=86400';
}

async function resolveFile(dir: string, name: string): Promise<{ path: string; size: number; mtime: Date } | null> {
  if (!FILE_NAME.test(name) || name.includes('..') || !(extname(name).toLowerCase() in CONTENT_TYPES)) return null;
  try {
    const root = await realpath(dir);
    const real = await realpath(join(root, name));
    const rel = relative(root, real);
    // A symlink may point anywhere; only files that really live in the folder are served.
    if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel) || rel.includes(sep)) return null;
    const st = await stat(real);
    return st.isFile() ? { path: real, size: st.size, mtime: st.mtime } : null;
  } catch {
    return null;
  }
}

function multipart(path: string, ranges: ByteRange[], size: number, contentType: string) {
  const boundary = `akimat-${randomBytes(12).toString('hex')}`;
  const heads = ranges.map((r, i) =>
    Buffer.from(
      `${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${contentType}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`,
    ),
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length =
    heads.reduce((n, h) => n + h.length, 0) + ranges.reduce((n, r) => n + r.end - r.start + 1, 0) + tail.length;
  async function* parts() {
    for (let i = 0; i < ranges.length; i++) {
      yield heads[i];
      yield* createReadStream(path, { start: ranges[i].start, end: ranges[i].end });
    }
    yield tail;
  }
  return { boundary, length, stream: Readable.from(parts()) };
}

export function registerUpdateRoutes(app: FastifyInstance, { dir, prefix = '/updates' }: UpdateRoutesOptions): void {
  const base = prefix.replace(/\/+$/, '');
  app.get(`${base}/:file`, async (req: FastifyRequest<{ Params: { file: string } }>, reply: FastifyReply) => {
    const name = req.params.file;
    const file = await resolveFile(dir, name);
    if (!file) return reply.callNotFound();
    const type = CONTENT_TYPES[extname(name).toLowerCase()];
    reply
      .header('accept-ranges', 'bytes')
      .header('cache-control', cacheControl(name))
      .header('last-modified', file.mtime.toUTCString())
      .header('x-content-type-options', 'nosniff');

    const rangeHeader = req.headers.range;
    const ranges = parseRange(typeof rangeHeader === 'string' ? rangeHeader : undefined, file.size);
    if (ranges === 'unsatisfiable') {
      return reply.code(416).header('content-range', `bytes */${file.size}`).send();
    }
    if (ranges === null) {
      reply.code(200).header('content-type', type).header('content-length', file.size);
      return reply.send(createReadStream(file.path));
    }
    if (ranges.length === 1) {
      const [r] = ranges;
      reply
        .code(206)
        .header('content-type', type)
        .header('content-range', `bytes ${r.start}-${r.end}/${file.size}`)
        .header('content-length', r.end - r.start + 1);
      return reply.send(createReadStream(file.path, { start: r.start, end: r.end }));
    }
    const body = multipart(file.path, ranges, file.size, type);
    reply
      .code(206)
      .header('content-type', `multipart/byteranges; boundary=${body.boundary}`)
      .header('content-length', body.length);
    return reply.send(body.stream);
  });
}
