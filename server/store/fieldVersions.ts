/**
 * The stored form of a record's per-field versions (column field_versions).
 *
 * In memory they stay FieldVersions: per field, the record version that last
 * changed it and the device that made the change. Written out like that, an
 * application's fields repeat the same 36-character device id and mostly the
 * same version (everything its creator typed is version 1): 1.6 KB of JSON for
 * the 25 fields of a typical one, 2.4 KB (3.3 KB as jsonb) for all 38 of its
 * schema, built, sent, parsed and compressed again with every write of the
 * record. Stored, each (version, device) pair is written once with the names of
 * the fields it holds, and each device id once:
 *
 *   {"~": 1, "d": ["<device a>", "<device b>"],
 *    "g": {"1:0": "lang child dueAt ...", "3:0": "status steps", "5:1": "decision"}}
 *
 *  - "~": the format's number. Its value is a number, and in the expanded form
 *    every value is a {v, d} object, so no field name can be mistaken for it.
 *  - "d": the device ids, each once; a group names its device by index here.
 *  - "g": per "version:device index", the fields with that pair, names joined
 *    with spaces (field names are identifiers), or an array of the names where
 *    one has a space. Every field is in exactly one group and nothing else is,
 *    so the set of fields comes back exactly: a field never set gains no
 *    version. (Object keys, not [v, d, names] triples: jsonb stores a string
 *    key far smaller than two numbers in an array.)
 *
 * The names are the one part that cannot shrink, and most of what is left.
 * Rows written before this form hold the expanded object and unpack reads both:
 * no migration, each row takes the packed form with its next write.
 */
import type { FieldVersions } from '../../shared';

const FORMAT = 1;
const SEP = ' ';

type Packed = { '~': typeof FORMAT; d: string[]; g: Record<string, string | string[]> };

export function packFieldVersions(fv: FieldVersions): Packed {
  const devices: string[] = [];
  const deviceIndex = new Map<string, number>();
  const groups = new Map<string, string[]>();
  for (const [field, { v, d }] of Object.entries(fv)) {
    let di = deviceIndex.get(d);
    if (di === undefined) {
      di = devices.push(d) - 1;
      deviceIndex.set(d, di);
    }
    const key = `${v}:${di}`;
    const names = groups.get(key);
    if (names) names.push(field);
    else groups.set(key, [field]);
  }
  const g: Packed['g'] = {};
  for (const [key, names] of groups) g[key] = names.some((n) => n.includes(SEP)) ? names : names.join(SEP);
  return { '~': FORMAT, d: devices, g };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isVersion = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const GROUP_KEY = /^(\d+):(\d+)$/;

/**
 * Reads either form (NULL: none). A column that is neither is a server bug or
 * a damaged database, never input: it fails loudly, since reading it as "no
 * versions" would silently turn every later edit into "not changed by others"
 * and lose the conflicts it should raise.
 */
export function unpackFieldVersions(stored: unknown): FieldVersions {
  if (stored === null || stored === undefined) return {};
  if (!isObject(stored)) throw new Error('field_versions: not an object');
  if (!('~' in stored) || isObject(stored['~'])) return expanded(stored);
  const { '~': format, d: devices, g: groups } = stored;
  if (format !== FORMAT) throw new Error(`field_versions: unknown format ${String(format)}`);
  if (!Array.isArray(devices) || !devices.every((x) => typeof x === 'string') || !isObject(groups))
    throw new Error('field_versions: malformed packed form');
  // Entries, not assignments: a field named __proto__ stays a field.
  const entries: Array<[string, { v: number; d: string }]> = [];
  for (const [key, names] of Object.entries(groups)) {
    const m = GROUP_KEY.exec(key);
    const v = m ? Number(m[1]) : NaN;
    const d: unknown = m ? devices[Number(m[2])] : undefined;
    const list: unknown = typeof names === 'string' ? names.split(SEP) : names;
    if (!isVersion(v) || typeof d !== 'string' || !Array.isArray(list) || !list.every((n) => typeof n === 'string'))
      throw new Error('field_versions: malformed group');
    for (const name of list as string[]) entries.push([name, { v, d }]);
  }
  return Object.fromEntries(entries);
}

/** The form of rows written before packing: checked, since the merge trusts every entry. */
function expanded(stored: Record<string, unknown>): FieldVersions {
  for (const x of Object.values(stored))
    if (!isObject(x) || !isVersion(x.v) || typeof x.d !== 'string') throw new Error('field_versions: malformed entry');
  return stored as FieldVersions;
}
