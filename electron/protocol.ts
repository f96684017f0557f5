/**
 * The app:// scheme: the renderer's files from dist/, and the PDFs being
 * printed, from memory. Everything else is refused.
 *
 * The URL is checked segment by segment before any path is built, and the
 * final file is checked again after symlinks are resolved, so neither an
 * encoded `..`, a backslash (a separator on Windows), a drive letter, a
 * Windows device name nor a link pointing out of dist/ reaches a file
 * outside it.
 */
import * as nodePath from 'node:path';
import { CONTENT_SECURITY_POLICY, HOST, PRINT_PATH_PREFIX, SCHEME } from './constants';
import type { FsPort, Log, ProtocolPort, SchemePrivileges } from './ports';

/**
 * standard + secure: a real origin (IndexedDB, localStorage, fetch) that is a
 * secure context. No service workers (files are local already, and a worker's
 * cache would serve the old UI once after an update), no CSP bypass, no CORS
 * for other origins.
 */
export const APP_SCHEME_PRIVILEGES: SchemePrivileges = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
  bypassCSP: false,
  allowServiceWorkers: false,
  corsEnabled: false,
  stream: false,
};

/** Must run before the app is ready (Electron's rule). */
export function registerAppScheme(protocol: ProtocolPort): void {
  protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function mimeTypeFor(fileName: string): string {
  return MIME[nodePath.posix.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

// Control characters are exactly what a path must not carry.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f/\\:*?"<>|]/;
const ONLY_DOTS_AND_SPACES = /^[. ]*$/;
// Windows opens these as devices whatever the folder or extension (nul.txt is NUL).
const WINDOWS_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** One decoded path segment that names a file or folder inside dist/ on every OS. */
export function isSafeSegment(segment: string): boolean {
  if (segment.length === 0 || segment.length > 255) return false;
  if (FORBIDDEN_CHARS.test(segment)) return false;
  // '.', '..' and Windows' trailing-dot/space trimming ('.. ' is '..' there).
  if (ONLY_DOTS_AND_SPACES.test(segment) || /[. ]$/.test(segment)) return false;
  // Dotfiles are never part of the build.
  if (segment.startsWith('.')) return false;
  return !WINDOWS_DEVICE.test(segment);
}

export type ParsedAppUrl = { ok: true; segments: string[] } | { ok: false; status: 400 | 404 };

/** The decoded, validated path segments of an app:// URL; '/' is index.html. */
export function parseAppUrl(url: string): ParsedAppUrl {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (u.protocol !== `${SCHEME}:` || u.host !== HOST || u.username || u.password || u.port)
    return { ok: false, status: 404 };
  const raw = u.pathname.split('/').slice(1);
  if (raw.length === 1 && raw[0] === '') return { ok: true, segments: ['index.html'] };
  const segments: string[] = [];
  for (const part of raw) {
    let s: string;
    try {
      s = decodeURIComponent(part);
    } catch {
      return { ok: false, status: 400 };
    }
    if (!isSafeSegment(s)) return { ok: false, status: 404 };
    segments.push(s);
  }
  return { ok: true, segments };
}

type PathApi = Pick<typeof nodePath, 'join' | 'relative' | 'isAbsolute' | 'sep'>;

/** True when `file` is `root` itself or below it (both absolute, same path flavour). */
export function isInside(root: string, file: string, path: PathApi = nodePath): boolean {
  const rel = path.relative(root, file);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** The file under root for validated segments, or null; `path` lets tests check Windows rules on Linux. */
export function filePathFor(segments: string[], root: string, path: PathApi = nodePath): string | null {
  const file = path.join(root, ...segments);
  return isInside(root, file, path) && file !== root ? file : null;
}

/** PDFs waiting to be printed, each under an unguessable name, removed when the print job ends. */
export interface PrintJobs {
  get(name: string): Uint8Array | undefined;
}

export type ProtocolHandlerDeps = {
  root: string;
  fs: Pick<FsPort, 'readFile' | 'stat' | 'realpath'>;
  printJobs?: PrintJobs;
  log?: Log;
};

function headersFor(contentType: string, length: number): Headers {
  const headers = new Headers({
    'content-type': contentType,
    'content-length': String(length),
    'x-content-type-options': 'nosniff',
    // Files change only with an update; revalidation is a local file read.
    'cache-control': 'no-cache',
  });
  // Not on PDFs: a policy on the PDF response applies to the wrapper page Chromium's viewer builds
  // around it and can leave it blank; a PDF runs no page script anyway.
  if (!contentType.startsWith('application/pdf')) headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
  return headers;
}

const refuse = (status: number) => new Response(null, { status });

export function createAppProtocolHandler({
  root,
  fs,
  printJobs,
  log,
}: ProtocolHandlerDeps): (request: Request) => Promise<Response> {
  let realRoot: string | null = null;
  const body = (req: Request, bytes: Uint8Array) => (req.method === 'HEAD' ? null : (bytes as Uint8Array<ArrayBuffer>));

  return async (request) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
      const parsed = parseAppUrl(request.url);
      if (!parsed.ok) {
        log?.warn('app:// request refused', { url: request.url, status: parsed.status });
        return refuse(parsed.status);
      }
      const { segments } = parsed;
      if (segments.length === 2 && `/${segments[0]}/` === PRINT_PATH_PREFIX) {
        const pdf = printJobs?.get(segments[1]);
        return pdf
          ? new Response(body(request, pdf), { status: 200, headers: headersFor('application/pdf', pdf.byteLength) })
          : refuse(404);
      }
      const file = filePathFor(segments, root);
      if (!file) return refuse(404);
      realRoot ??= await fs.realpath(root);
      let real: string;
      try {
        real = await fs.realpath(file);
      } catch {
        return refuse(404);
      }
      if (!isInside(realRoot, real) || real === realRoot) {
        log?.warn('app:// request refused: resolves outside the app', { url: request.url });
        return refuse(404);
      }
      const st = await fs.stat(real);
      if (!st.isFile()) return refuse(404);
      const bytes = await fs.readFile(real);
      return new Response(body(request, bytes), {
        status: 200,
        headers: headersFor(mimeTypeFor(real), bytes.byteLength),
      });
    } catch (e) {
      log?.error('app:// request failed', { url: request.url, error: String(e) });
      return refuse(500);
    }
  };
}
