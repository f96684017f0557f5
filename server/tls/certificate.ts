/**
 * Which certificate the district server speaks TLS with, decided once at start:
 *
 * - the district's own (TLS_CERT and TLS_KEY: PEM files, e.g. from its CA);
 * - otherwise a self-signed one made on first start and kept in the data
 *   folder (`<DATA_DIR>/tls/server.crt`, `server.key` readable by the owner
 *   only), the same one on every later start: desks pin its fingerprint, so a
 *   new certificate at each start would lock every laptop out;
 * - or none (TLS=off, `tls: false`): plain HTTP, for development, and only on
 *   a loopback address. Tokens, password hashes and children's data must not
 *   cross a network in clear.
 *
 * Behind a reverse proxy that terminates TLS (nginx on the same machine), the
 * server runs plain HTTP on loopback and TLS_PROXY_CERT names the proxy's
 * certificate: desks pin that one, so enrolment codes must carry its
 * fingerprint (docs/tls.md).
 */
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname as osHostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { normaliseFingerprint } from '../../shared';
import { createSelfSignedCertificate } from './selfSigned';

export type TlsOptions = {
  /** PEM certificate file (the leaf first, then intermediates). With keyFile: the district's own certificate. */
  certFile?: string;
  keyFile?: string;
  /** Where a self-signed certificate is kept (default `<dataDir>/tls`). */
  dir?: string;
  /** Behind a TLS-terminating proxy: its certificate (PEM). The server itself then runs plain HTTP on loopback. */
  proxyCertFile?: string;
};

/** What the server listens with, and the fingerprint desks pin. */
export type TlsSetup = {
  /** For https.createServer; null: plain HTTP (tls off, or a proxy in front). */
  https: { key: string; cert: string } | null;
  /** SHA-256 of the certificate desks see (64 lower-case hex digits); null without TLS anywhere. */
  fingerprint: string | null;
  source: 'files' | 'generated' | 'reused' | 'ephemeral' | 'proxy' | 'off';
  /** Where the certificate is (files, generated, reused, proxy). */
  certFile?: string;
};

export class TlsConfigError extends Error {
  override name = 'TlsConfigError';
}

/** 127.0.0.0/8, ::1 and localhost: the only places plain HTTP may listen. */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.split('.')[0] === '127';
  if (h.startsWith('::ffff:') && isIP(h.slice(7)) === 4) return h.slice(7).split('.')[0] === '127';
  return false;
}

/** SHA-256 of a PEM certificate's first (leaf) certificate, as 64 lower-case hex digits. */
export function certificateFingerprint(certPem: string): string {
  const hex = normaliseFingerprint(new X509Certificate(certPem).fingerprint256);
  if (!hex) throw new Error('Node gave a SHA-256 fingerprint that is not 32 hex bytes');
  return hex;
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new TlsConfigError(`${what}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
}

/** A certificate and key that parse and belong together, or a message saying which does not. */
function checkPair(cert: string, key: string, where: string): void {
  let x: X509Certificate;
  try {
    x = new X509Certificate(cert);
  } catch {
    throw new TlsConfigError(`${where}: the certificate is not a PEM X.509 certificate`);
  }
  let k;
  try {
    k = createPrivateKey(key);
  } catch {
    throw new TlsConfigError(
      `${where}: the key is not a PEM private key (an encrypted key is not supported: the server starts unattended)`,
    );
  }
  if (!x.checkPrivateKey(k)) throw new TlsConfigError(`${where}: the private key does not belong to the certificate`);
}

/** Host names and addresses of this machine, for the self-signed certificate's subjectAltName. */
function localNames(listenHost: string): { dnsNames: string[]; ipAddresses: string[] } {
  const dnsNames = [osHostname()];
  const ipAddresses: string[] = [];
  const h = listenHost.replace(/^\[|\]$/g, '');
  if (isIP(h)) {
    if (h !== '0.0.0.0' && h !== '::') ipAddresses.push(h);
  } else if (h) dnsNames.push(h);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? [])
      if (!a.internal && !a.address.includes('%') && !a.address.toLowerCase().startsWith('fe80:'))
        ipAddresses.push(a.address);
  }
  return { dnsNames, ipAddresses };
}

/**
 * The self-signed pair in `dir`, made when absent. Made in a temporary folder
 * and renamed into place in one step, so two servers starting at once on one
 * folder (PostgreSQL lets them) end up with one certificate, never with one's
 * key beside the other's certificate.
 */
function selfSigned(dir: string, listenHost: string): { cert: string; key: string; created: boolean } {
  const certFile = join(dir, 'server.crt');
  const keyFile = join(dir, 'server.key');
  const read = () => ({ cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') });
  const haveCert = existsSync(certFile);
  const haveKey = existsSync(keyFile);
  if (haveCert && haveKey) return { ...read(), created: false };
  if (haveCert || haveKey) {
    // Making a new pair here would change the fingerprint every desk pinned: a person must decide.
    throw new TlsConfigError(
      `${dir}: only one of server.crt and server.key is there; restore the other, or delete both to make a new certificate (every desk must then be enrolled again)`,
    );
  }
  mkdirSync(dirname(dir), { recursive: true });
  const tmp = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  mkdirSync(tmp, { mode: 0o700 });
  const pair = createSelfSignedCertificate(localNames(listenHost));
  writeFileSync(join(tmp, 'server.key'), pair.key, { mode: 0o600 });
  writeFileSync(join(tmp, 'server.crt'), pair.cert, { mode: 0o644 });
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true });
    if (existsSync(certFile) && existsSync(keyFile)) return { ...read(), created: false }; // another process made it first
    throw new TlsConfigError(`${dir}: cannot create the certificate folder`);
  }
  chmodSync(dir, 0o700);
  return { ...pair, created: true };
}

const envOff = (v: string | undefined) => v !== undefined && /^(off|0|false|no)$/i.test(v.trim());

/**
 * The options from the environment: TLS=off turns TLS off, TLS_CERT and TLS_KEY
 * give the district's certificate, TLS_PROXY_CERT a proxy's. Explicit options win.
 */
export function tlsOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TlsOptions | false {
  if (envOff(env.TLS)) return env.TLS_PROXY_CERT ? { proxyCertFile: env.TLS_PROXY_CERT } : false;
  return { certFile: env.TLS_CERT || undefined, keyFile: env.TLS_KEY || undefined };
}

/**
 * Decides how the server listens. `dataDir` is the PGlite folder (or null for an
 * in-memory database: a certificate made then lives as long as the process).
 */
export function resolveTls(o: { tls: TlsOptions | false; host: string; dataDir: string | null }): TlsSetup {
  const { host } = o;
  const plainAllowed = () => {
    if (!isLoopbackHost(host)) {
      throw new TlsConfigError(
        `refusing to listen on ${host} without TLS: tokens, password hashes and children's data would cross the network in clear. ` +
          'Remove TLS=off (the server then makes its own certificate), give TLS_CERT and TLS_KEY, or listen on 127.0.0.1 behind a TLS proxy (docs/tls.md)',
      );
    }
  };
  if (o.tls === false) {
    plainAllowed();
    return { https: null, fingerprint: null, source: 'off' };
  }
  const t = o.tls;
  if (t.proxyCertFile && !t.certFile && !t.keyFile && t.dir === undefined) {
    plainAllowed();
    const file = resolve(t.proxyCertFile);
    const cert = readPem(file, 'TLS_PROXY_CERT');
    try {
      return { https: null, fingerprint: certificateFingerprint(cert), source: 'proxy', certFile: file };
    } catch {
      throw new TlsConfigError(`TLS_PROXY_CERT: ${file} is not a PEM X.509 certificate`);
    }
  }
  if (t.certFile || t.keyFile) {
    if (!t.certFile || !t.keyFile)
      throw new TlsConfigError(
        'TLS_CERT and TLS_KEY go together: give both files, or neither for a self-signed certificate',
      );
    const certFile = resolve(t.certFile);
    const cert = readPem(certFile, 'TLS_CERT');
    const key = readPem(resolve(t.keyFile), 'TLS_KEY');
    checkPair(cert, key, 'TLS_CERT/TLS_KEY');
    return { https: { key, cert }, fingerprint: certificateFingerprint(cert), source: 'files', certFile };
  }
  const dir = t.dir ? resolve(t.dir) : o.dataDir ? join(o.dataDir, 'tls') : null;
  if (!dir) {
    const pair = createSelfSignedCertificate(localNames(host));
    return { https: pair, fingerprint: certificateFingerprint(pair.cert), source: 'ephemeral' };
  }
  const pair = selfSigned(dir, host);
  checkPair(pair.cert, pair.key, dir);
  return {
    https: { key: pair.key, cert: pair.cert },
    fingerprint: certificateFingerprint(pair.cert),
    source: pair.created ? 'generated' : 'reused',
    certFile: join(dir, 'server.crt'),
  };
}
