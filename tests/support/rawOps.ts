/**
 * An attacker's tool: ops no honest desk writes, for the hostile tests
 * (server-hostile*.test.ts), and for the two server rules no desk call
 * reaches yet (an access-log entry changed, a staff member deactivated by
 * the district office's laptop). A tampered desk (or anyone holding a
 * laptop's credential) can put anything in the laptop's outbox; `forge` does
 * that with the desk's own appendOp, so the op takes the laptop's next
 * deviceSeq and HLC as any op would. Tampering with an op the real desk wrote
 * needs no tool: a spread over it, sent with the tests' HTTP client. Nothing
 * here builds a record: valid records, and the ops of ordinary work, come
 * from the real desk (tests/helpers/desk-device.ts).
 */
import type { Op } from '../../shared';
import { appendOp } from '../../renderer/services/outbox';
import type { DeskDevice } from '../helpers/desk-device';

export type ForgedOp = Omit<Op, 'opId' | 'deviceId' | 'deviceSeq' | 'hlc'>;

/** Writes `op` into the laptop's outbox as the desk writes its own (sealed, numbered); returns it as sent. */
export async function forge(dev: DeskDevice, op: ForgedOp): Promise<Op> {
  const ctx = dev.desk.context;
  const { db } = ctx;
  return db.transaction('rw', [db.meta, db.counters, db.outbox], () => appendOp(ctx, op));
}
