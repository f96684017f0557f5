/**
 * Who may write what: the rule the server applies to every op when it applies
 * it (the backlog included), so that a laptop can change only its own office's
 * records, and only the fields an office may change. A refusal is a reason
 * code the desk shows translated (errors:quarantine.*).
 */
import { FREE_PLACES_DELTA_FIELD } from '../sync/protocol';
import { sameValue } from './merge';
import type { RecordKind } from './kinds';

type Rec = Record<string, unknown>;

/**
 * district: the district console (its pseudo-device), the arbiter;
 * districtOffice: a laptop of the district education department, which sees
 * and serves every office of the district; office: every other laptop.
 */
export type Writer = { kind: 'district' | 'districtOffice' | 'office'; officeId: string };

export type WriteRefusal = { reason: 'scope.office' | 'scope.officeChange' | 'scope.districtOnly'; fields?: string[] };

/**
 * Fields of `kind.ownOnly` that `signer` would change on someone else's record
 * (empty when none): only the record's own person changes them once it exists.
 */
export function notOwnFields(kind: RecordKind, signer: string, current: Rec | null, fields: Rec): string[] {
  if (!current || current.id === signer) return [];
  return Object.keys(fields).filter(
    (f) => kind.ownOnly.has(f) && fields[f] !== undefined && !sameValue(fields[f], current[f]),
  );
}

/** Why `writer` may not write `fields` onto `current` (null: a new record), or null when it may. */
export function writeRefusal(kind: RecordKind, writer: Writer, current: Rec | null, fields: Rec): WriteRefusal | null {
  if (writer.kind === 'district') return null;
  const wide = writer.kind === 'districtOffice';
  const given = Object.keys(fields).filter((f) => fields[f] !== undefined);
  if (!current) {
    if (!kind.device.create && !(wide && kind.ownerOffice(fields) === null)) return { reason: 'scope.districtOnly' };
    const owner = kind.ownerOffice(fields);
    if (owner !== null && owner !== writer.officeId && !wide) return { reason: 'scope.office' };
    const closed = given.filter((f) => kind.districtOnly.has(f));
    return closed.length ? { reason: 'scope.districtOnly', fields: closed } : null;
  }
  const owner = kind.ownerOffice(current);
  if (owner === null ? !wide && kind.device.patch !== 'placesDelta' : owner !== writer.officeId && !wide)
    return { reason: 'scope.office' };
  if ('officeId' in current && 'officeId' in fields && fields.officeId !== current.officeId)
    return { reason: 'scope.officeChange' };
  if (kind.device.patch === 'placesDelta' && !wide) {
    const other = given.filter((f) => f !== FREE_PLACES_DELTA_FIELD && f !== 'id');
    if (other.length) return { reason: 'scope.districtOnly', fields: other };
  }
  // Resending what the record already holds (a create from a restored laptop) changes nothing and passes.
  const held = new Set(kind.heldByDistrict?.(current) ?? []);
  const changed = given.filter(
    (f) => (kind.districtOnly.has(f) || kind.fixed.has(f) || held.has(f)) && !sameValue(fields[f], current[f]),
  );
  return changed.length ? { reason: 'scope.districtOnly', fields: changed } : null;
}
