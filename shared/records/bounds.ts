/**
 * Bounds every value that arrives from another machine must keep, whatever
 * record it belongs to. The record schemas (zod) say what each field means;
 * these say what no field may ever be: nested deeper than a record can be,
 * longer than any text an office types, or carrying characters no keyboard
 * makes (NUL, other control characters, half of a surrogate pair), which
 * databases, PDF fonts and search indexes choke on. Checked before the schema,
 * so a hostile value is refused as invalid input and never reaches SQL.
 */

export const JSON_LIMITS = {
  /** Objects and arrays inside an op's fields: an application's deepest field is 3 levels down. */
  maxDepth: 8,
  /** Characters of one string: a complaint's text fits several times over. */
  maxString: 10_000,
  maxKey: 64,
  maxArray: 2_000,
  maxKeys: 200,
  /** Integers beyond this lose precision in JavaScript and fit no column. */
  maxAbsNumber: Number.MAX_SAFE_INTEGER,
} as const;

export type BoundsIssue = { path: Array<string | number>; message: string; code: string };

/** Keys that would reach an object's prototype when assigned (`rec[key] = value`). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** C0 controls except tab, newline and carriage return, and DEL. */
// Matching control characters is the point: they are what this check refuses.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function badCharacters(s: string): boolean {
  return CONTROL.test(s) || LONE_SURROGATE.test(s);
}

const BAD_G = new RegExp(`${CONTROL.source}|${LONE_SURROGATE.source}`, 'g');
/** The string with each character badCharacters() refuses replaced by U+FFFD (for keeping what was refused). */
export const replaceBadCharacters = (s: string): string => s.replace(BAD_G, '\uFFFD');

/** A key or path part safe to echo back and to store (attackers choose keys too). */
export function safePathPart(p: string | number): string | number {
  if (typeof p === 'number') return p;
  // Control characters (and lone surrogates) are exactly what must not be echoed back.
  // eslint-disable-next-line no-control-regex
  const clean = p.replace(/[\u0000-\u001F\u007F\uD800-\uDFFF]/g, '\uFFFD');
  return clean.length > JSON_LIMITS.maxKey ? `${clean.slice(0, JSON_LIMITS.maxKey)}…` : clean;
}

/**
 * The bounds a JSON value breaks, at most `max` of them. Walks without
 * recursion and never below maxDepth, so a value nested thousands of levels
 * deep costs no more than one at the limit.
 */
export function jsonBoundsIssues(value: unknown, max = 20): BoundsIssue[] {
  const issues: BoundsIssue[] = [];
  const stack: Array<{ v: unknown; path: Array<string | number>; depth: number }> = [{ v: value, path: [], depth: 0 }];
  const add = (path: Array<string | number>, code: string, message: string) =>
    issues.push({ path: path.map(safePathPart), code, message });
  while (issues.length < max) {
    const top = stack.pop();
    if (!top) break;
    const { v, path, depth } = top;
    if (typeof v === 'string') {
      if (v.length > JSON_LIMITS.maxString) add(path, 'too_big', `at most ${JSON_LIMITS.maxString} characters`);
      else if (badCharacters(v)) add(path, 'invalid_characters', 'control characters are not allowed');
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Math.abs(v) > JSON_LIMITS.maxAbsNumber) add(path, 'too_big', 'number out of range');
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= JSON_LIMITS.maxDepth) {
      add(path, 'too_deep', `nested deeper than ${JSON_LIMITS.maxDepth} levels`);
      continue;
    }
    if (Array.isArray(v)) {
      if (v.length > JSON_LIMITS.maxArray) {
        add(path, 'too_big', `at most ${JSON_LIMITS.maxArray} items`);
        continue;
      }
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: [...path, i], depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > JSON_LIMITS.maxKeys) {
      add(path, 'too_big', `at most ${JSON_LIMITS.maxKeys} fields`);
      continue;
    }
    for (const k of keys) {
      if (k.length > JSON_LIMITS.maxKey || badCharacters(k) || FORBIDDEN_KEYS.has(k)) {
        add([...path, k], 'invalid_key', `field names are at most ${JSON_LIMITS.maxKey} plain characters`);
        continue;
      }
      stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k], depth: depth + 1 });
    }
  }
  return issues;
}

/**
 * Text a person types for a paper: names, addresses, document numbers. Besides
 * the generic bounds, no invisible or direction-changing characters (a name
 * that reads one way and sorts another) and no emoji: the papers' font has no
 * glyph for them, so a printed name would silently lose part of itself, and a
 * name must be printed as the identity document has it.
 */
export const TEXT_LIMITS = { name: 100, line: 300, text: 2000 } as const;
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/;
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
export type TextProblem = 'text.tooLong' | 'text.invalidCharacters' | 'text.emoji';

export function textProblem(s: string, max: number): TextProblem | null {
  if (s.length > max) return 'text.tooLong';
  if (badCharacters(s) || INVISIBLE.test(s)) return 'text.invalidCharacters';
  return EMOJI.test(s) ? 'text.emoji' : null;
}
