// Journal numbers (issue #16): a referral's number in its own series, when a laptop warns that a
// journal runs low, and the lease file the district signs for one laptop (shared/numbering).
import { describe, expect, it } from 'vitest';
import {
  BATCH_FILE_FORMAT,
  LEASE_FILE_FORMAT,
  checkLeaseFile,
  formatJournalNo,
  formatReferralNo,
  generateBatchKey,
  numbersRunLow,
  parseJournalNo,
  signBatchFile,
  signLeaseFile,
  type LeaseFileBody,
} from '../../shared';

describe('referral numbers', () => {
  it('are their own series, never the look of an application number, and read back by year and number', () => {
    expect(formatReferralNo('ҚРҚ', 2026, 18)).toBe('ҚРҚ-Ж-2026-0018');
    expect(formatReferralNo('ҚРҚ', 2026, 43)).not.toBe(formatJournalNo('ҚРҚ', 2026, 43));
    expect(parseJournalNo(formatReferralNo('ҚРҚ', 2026, 18))).toEqual({ prefix: 'ҚРҚ-Ж', year: 2026, seq: 18 });
  });
});

describe('numbers running low', () => {
  it("warns below the district's share of the block, and always at the last number", () => {
    expect(numbersRunLow(5, 200, 20)).toBe(true);
    expect(numbersRunLow(40, 200, 20)).toBe(true);
    expect(numbersRunLow(41, 200, 20)).toBe(false);
    expect(numbersRunLow(0, 200, 20)).toBe(true);
    expect(numbersRunLow(1, 3, 1)).toBe(true);
    expect(numbersRunLow(2, 3, 1)).toBe(false);
  });
});

describe('lease files', () => {
  const key = generateBatchKey();
  const body: LeaseFileBody = {
    format: LEASE_FILE_FORMAT,
    version: 1,
    id: '0190-file-1',
    deviceId: 'dev-1',
    officeId: 'office-1',
    issuedAt: '2026-12-05T10:00:00.000Z',
    leases: [
      {
        id: 7,
        officeId: 'office-1',
        journal: 'preschool-queue',
        year: 2026,
        from: 401,
        to: 600,
        deviceId: 'dev-1',
        createdAt: '2026-12-05T10:00:00.000Z',
      },
    ],
  };
  const own = { deviceId: 'dev-1', officeId: 'office-1', keyB64: key };

  it("verifies under the laptop's own key", async () => {
    const file = await signLeaseFile(body, key);
    // Re-indented on the way (an editor, a mail client): still the same file.
    const r = await checkLeaseFile(JSON.parse(JSON.stringify(file, null, 4)), own);
    expect(r.ok).toBe(true);
  });

  it('refuses a changed block, another laptop, another key and a batch file signed under the same key', async () => {
    const file = await signLeaseFile(body, key);
    const wider = { ...file, leases: [{ ...file.leases[0], to: 900 }] };
    expect(await checkLeaseFile(wider, own)).toEqual({ ok: false, code: 'leaseFile.badSignature' });
    expect(await checkLeaseFile(file, { ...own, deviceId: 'dev-2' })).toEqual({
      ok: false,
      code: 'leaseFile.otherDevice',
    });
    expect(await checkLeaseFile(file, { ...own, keyB64: generateBatchKey() })).toEqual({
      ok: false,
      code: 'leaseFile.badSignature',
    });
    // Re-addressed to another laptop with the signature kept: the body changed.
    const moved = { ...file, deviceId: 'dev-2', leases: [{ ...file.leases[0], deviceId: 'dev-2' }] };
    expect(await checkLeaseFile(moved, { ...own, deviceId: 'dev-2' })).toEqual({
      ok: false,
      code: 'leaseFile.badSignature',
    });
    const batch = await signBatchFile(
      {
        format: BATCH_FILE_FORMAT,
        version: 1,
        deviceId: 'dev-1',
        officeId: 'office-1',
        createdAt: body.issuedAt,
        ops: [],
      },
      key,
    );
    expect(await checkLeaseFile({ ...body, signature: batch.signature }, own)).toEqual({
      ok: false,
      code: 'leaseFile.badSignature',
    });
    expect(await checkLeaseFile({ nothing: true }, own)).toEqual({ ok: false, code: 'leaseFile.invalid' });
  });
});
