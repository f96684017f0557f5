/**
 * A lease file: blocks of journal numbers the district issues to one laptop
 * that cannot reach the server, carried on a USB stick and imported on the
 * laptop's Sync page. The server records each block in number_leases exactly
 * as an online lease (server/ingest/leases.ts), so no other laptop is ever
 * given those numbers, and the laptop lists them again on its next sync.
 *
 * Signed like a batch file (HMAC-SHA256 over canonical JSON) under the
 * laptop's own batch key, which only the server and that laptop hold: a file
 * meant for another laptop, or changed on the way, does not verify. The file
 * names its format, so a batch file's signature never passes for a lease
 * file's. Whoever holds that key on the laptop could already sign any change
 * of the office's records in a batch file, so the key grants no new power here.
 */
import { z } from 'zod';
import { InstantSchema } from '../model/common';
import { LeaseSchema } from '../sync/protocol';
import { signCanonical, verifyCanonical } from '../sync/batchfile';

export const LEASE_FILE_FORMAT = 'akimat-lease-file';

export const LeaseFileSchema = z.object({
  format: z.literal(LEASE_FILE_FORMAT),
  version: z.literal(1),
  /** Random: a file is imported once, whatever its blocks. */
  id: z.string().min(8).max(80),
  deviceId: z.string(),
  officeId: z.string(),
  issuedAt: InstantSchema,
  leases: z.array(LeaseSchema).min(1).max(200),
  signature: z.object({ alg: z.literal('HMAC-SHA256'), value: z.string() }),
});
export type LeaseFile = z.infer<typeof LeaseFileSchema>;
export type LeaseFileBody = Omit<LeaseFile, 'signature'>;

function bodyOf(file: LeaseFileBody): LeaseFileBody {
  const { format, version, id, deviceId, officeId, issuedAt, leases } = file;
  return { format, version, id, deviceId, officeId, issuedAt, leases };
}

export async function signLeaseFile(body: LeaseFileBody, keyB64: string): Promise<LeaseFile> {
  return { ...bodyOf(body), signature: { alg: 'HMAC-SHA256', value: await signCanonical(bodyOf(body), keyB64) } };
}

/**
 * Why a lease file cannot be taken on this laptop, or null when it can: not a
 * lease file at all, meant for another laptop (or office), or changed since
 * the district signed it. Blocks that do not belong to the file's laptop are
 * refused too, whatever the signature. Whether it was imported before is the
 * desk's to check (it keeps the ids of the files it took).
 */
export async function checkLeaseFile(
  raw: unknown,
  own: { deviceId: string; officeId: string; keyB64: string },
): Promise<{ ok: true; file: LeaseFile } | { ok: false; code: LeaseFileRefusal }> {
  const parsed = LeaseFileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, code: 'leaseFile.invalid' };
  const file = parsed.data;
  if (file.deviceId !== own.deviceId || file.officeId !== own.officeId)
    return { ok: false, code: 'leaseFile.otherDevice' };
  if (!(await verifyCanonical(bodyOf(file), file.signature.value, own.keyB64)))
    return { ok: false, code: 'leaseFile.badSignature' };
  if (file.leases.some((l) => l.deviceId !== file.deviceId || l.officeId !== file.officeId || l.to < l.from))
    return { ok: false, code: 'leaseFile.invalid' };
  return { ok: true, file };
}

export type LeaseFileRefusal =
  'leaseFile.invalid' | 'leaseFile.otherDevice' | 'leaseFile.badSignature' | 'leaseFile.used';

/** A suggested name: the laptop's id tail and the day, so the district can tell files apart on a stick. */
export function leaseFileName(file: LeaseFileBody): string {
  return `akimat-leases-${file.deviceId.slice(-8)}-${file.issuedAt.slice(0, 10)}.json`;
}
