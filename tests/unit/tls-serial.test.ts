/**
 * The district server's self-signed certificate must parse everywhere, whatever its random
 * serial: one certificate in 256 used to start its serial with 0x00 then a byte below 0x80,
 * which strict DER readers (the desk's certificate probe, @peculiar/asn1) refuse.
 */
import { X509Certificate } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../../server/tls/selfSigned';

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');

describe('self-signed certificate serial', () => {
  for (const first of [0x00, 0x80, 0x7f, 0xff]) {
    it(`parses strictly when the random serial starts 0x${first.toString(16).padStart(2, '0')} 0x10`, () => {
      const bytes = new Uint8Array(16).fill(0x33);
      bytes[0] = first;
      bytes[1] = 0x10;
      const pair = createSelfSignedCertificate({ randomSerial: () => bytes });
      const cert = AsnConvert.parse(der(pair.cert), Certificate);
      const serial = new Uint8Array(cert.tbsCertificate.serialNumber);
      expect(serial.length).toBe(16);
      expect(serial[0]).toBeGreaterThan(0);
      expect(serial[0]).toBeLessThan(0x80);
      expect(new X509Certificate(pair.cert).serialNumber).toMatch(/^[0-9A-F]{32}$/);
    });
  }
});
