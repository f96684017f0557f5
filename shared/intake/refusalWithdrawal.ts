/**
 * Withdrawing a refusal to accept (issue #16, item 5). The refusal is an
 * official record the reports count, so a slip of the clerk's hand is undone
 * only right after it, and only by the office that made it: within
 * REFUSAL_UNDO_MS of the refusal and before its receipt was printed (once the
 * applicant holds the paper, the refusal stands). A withdrawn refusal stays in
 * the log, marked, and is not counted. One rule for the desk and the server
 * (which re-checks every withdrawal that arrives).
 */
import type { AcceptRefusal } from '../model/application';
import type { FieldError } from './fieldError';

/** How long after a refusal it may be withdrawn. */
export const REFUSAL_UNDO_MS = 60_000;

type Withdrawable = Pick<AcceptRefusal, 'at' | 'prints' | 'withdrawn'>;

/** Whether the receipt of the refusal was printed (a preview or a saved file is not a paper handed out). */
const printed = (r: Pick<AcceptRefusal, 'prints'>) => r.prints.some((p) => p.action === 'print');

/** Whether the refusal counts in reports and lists as made. */
export const refusalCounts = (r: { withdrawn?: unknown }): boolean => !r.withdrawn;

/**
 * What is wrong with a change of a refusal's withdrawal: `before` as the
 * record stood, `after` with the change laid over it, `staffId` who signed it.
 * A withdrawal once made is never changed or removed; a new one is made by the
 * person signing it, within the window after the refusal and before a print.
 */
export function withdrawalErrors(before: Withdrawable, after: Withdrawable, staffId: string): FieldError[] {
  const same = JSON.stringify(before.withdrawn ?? null) === JSON.stringify(after.withdrawn ?? null);
  if (same) return [];
  const err = (code: string): FieldError[] => [{ field: 'withdrawn', code }];
  if (before.withdrawn) return err('refusalWithdrawal.final');
  const w = after.withdrawn;
  if (!w) return [];
  if (w.by !== staffId) return err('refusalWithdrawal.notSigner');
  if (printed(before)) return err('refusalWithdrawal.printed');
  const since = Date.parse(w.at) - Date.parse(before.at);
  if (!(since >= 0 && since <= REFUSAL_UNDO_MS)) return err('refusalWithdrawal.late');
  return [];
}
