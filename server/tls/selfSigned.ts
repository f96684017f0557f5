/**
 * A self-signed certificate for a district server that was given none.
 *
 * Node signs and verifies X.509 but cannot build a certificate, so the
 * structure is written with @peculiar/asn1-x509 (the ASN.1 schemas of RFC
 * 5280, no crypto of its own) and signed by Node's OpenSSL. The key is ECDSA
 * P-256: small, fast on a district PC, accepted by Chromium and Node.
 *
 * Nothing checks the names or dates of this certificate: desks pin its
 * SHA-256 fingerprint (docs/tls.md). The names are there so that a browser or
 * curl shown the certificate says which server it is, and the validity is
 * long because every change of certificate means new pins on every desk.
 */
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectAlternativeName,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  id_ce_basicConstraints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_kp_serverAuth,
} from '@peculiar/asn1-x509';

const OID_COMMON_NAME = '2.5.4.3';
const OID_ORGANIZATION = '2.5.4.10';
const OID_ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';

export const SELF_SIGNED_VALID_DAYS = 3650;

export type SelfSignedOptions = {
  /** DNS names for subjectAltName (localhost is always there). */
  dnsNames?: string[];
  /** IPv4/IPv6 addresses for subjectAltName (127.0.0.1 and ::1 are always there). */
  ipAddresses?: string[];
  commonName?: string;
  now?: Date;
  validDays?: number;
  /** Where the serial's 16 random bytes come from (tests force the unlucky ones). */
  randomSerial?: () => Uint8Array;
};

export type PemPair = { cert: string; key: string };

const pem = (label: string, der: ArrayBuffer | Uint8Array) =>
  `-----BEGIN ${label}-----\n${Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der))
    .toString('base64')
    .replace(/.{64}(?!$)/g, '$&\n')}\n-----END ${label}-----\n`;

const extension = (extnID: string, critical: boolean, value: unknown) =>
  new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });

function name(commonName: string): Name {
  const rdn = (type: string, value: string) =>
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({ type, value: new AttributeValue({ utf8String: value }) }),
    ]);
  return new Name([rdn(OID_ORGANIZATION, 'Akimat Desk'), rdn(OID_COMMON_NAME, commonName)]);
}

function altNames(dnsNames: string[], ipAddresses: string[]): GeneralName[] {
  const dns = [...new Set(['localhost', ...dnsNames.map((d) => d.toLowerCase())])].filter(
    (d) => /^[a-z0-9.-]{1,253}$/.test(d) && !isIP(d),
  );
  const ips = [...new Set(['127.0.0.1', '::1', ...ipAddresses])].filter((ip) => isIP(ip) !== 0);
  return [
    ...dns.map((dNSName) => new GeneralName({ dNSName })),
    ...ips.map((iPAddress) => new GeneralName({ iPAddress })),
  ];
}

/**
 * A serial number as DER wants it: a positive INTEGER in its shortest form. The first byte is
 * kept in 0x01..0x7f: clearing only the top bit left a leading 0x00 before a byte below 0x80
 * one time in 256, an INTEGER with padding that strict parsers refuse ("illegal padding").
 */
function certificateSerial(random: Uint8Array): Uint8Array<ArrayBuffer> {
  const serial = new Uint8Array(random);
  serial[0] = serial[0] & 0x7f || 0x01;
  return serial;
}

export function createSelfSignedCertificate(opts: SelfSignedOptions = {}): PemPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const now = opts.now ?? new Date();
  // A day back: a laptop or proxy whose clock runs slow must not see a certificate "from the future".
  const notBefore = new Date(now.getTime() - 24 * 3600_000);
  const notAfter = new Date(now.getTime() + (opts.validDays ?? SELF_SIGNED_VALID_DAYS) * 24 * 3600_000);
  const serial = (opts.randomSerial ?? (() => randomBytes(16)))();
  const subject = name(opts.commonName ?? 'Akimat Desk district server');
  const algorithm = new AlgorithmIdentifier({ algorithm: OID_ECDSA_WITH_SHA256 });
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: certificateSerial(serial).buffer,
    signature: algorithm,
    issuer: subject,
    subject,
    validity: new Validity({ notBefore, notAfter }),
    subjectPublicKeyInfo: AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo),
    extensions: new Extensions([
      extension(id_ce_basicConstraints, true, new BasicConstraints({ cA: false })),
      extension(id_ce_keyUsage, true, new KeyUsage(KeyUsageFlags.digitalSignature)),
      extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage([id_kp_serverAuth])),
      extension(
        id_ce_subjectAltName,
        false,
        new SubjectAlternativeName(altNames(opts.dnsNames ?? [], opts.ipAddresses ?? [])),
      ),
    ]),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = sign('sha256', tbsDer, privateKey as KeyObject); // ECDSA, DER-encoded as X.509 wants
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: algorithm,
    signatureValue: new Uint8Array(signature).buffer,
  });
  return {
    cert: pem('CERTIFICATE', AsnConvert.serialize(cert)),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
