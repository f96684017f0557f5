/**
 * Kazakhstan individual identification number (ЖСН / ИИН), 12 digits:
 * YYMMDD, a century-and-sex digit, a 4-digit serial, a check digit.
 * The check digit uses two weighted passes mod 11; an IIN whose second pass
 * still gives 10 is never issued, so it is rejected.
 */
export type Sex = 'male' | 'female';
export type IinOk = { ok: true; birthDate: string; sex: Sex; century: number };
export type IinError = { ok: false; reason: IinFailure };
export type IinFailure = 'iin.empty' | 'iin.length' | 'iin.digits' | 'iin.century' | 'iin.date' | 'iin.checksum';
export type IinResult = IinOk | IinError;

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** Check digit for the first 11 digits; null when no valid digit exists. */
export function iinCheckDigit(first11: string): number | null {
  const d = [...first11].map(Number);
  let c = d.reduce((s, x, i) => s + x * W1[i], 0) % 11;
  if (c === 10) {
    c = d.reduce((s, x, i) => s + x * W2[i], 0) % 11;
    if (c === 10) return null;
  }
  return c;
}

/** Strips spaces and dashes people type between digit groups. */
export function cleanIin(value: string): string {
  return value.replace(/[\s\-\u00a0]/g, '');
}

export function parseIin(value: string): IinResult {
  const v = cleanIin(value ?? '');
  if (v === '') return { ok: false, reason: 'iin.empty' };
  if (!/^\d+$/.test(v)) return { ok: false, reason: 'iin.digits' };
  if (v.length !== 12) return { ok: false, reason: 'iin.length' };
  const cs = Number(v[6]);
  if (cs < 1 || cs > 6) return { ok: false, reason: 'iin.century' };
  const century = 1800 + Math.floor((cs - 1) / 2) * 100;
  const year = century + Number(v.slice(0, 2));
  const month = Number(v.slice(2, 4));
  const day = Number(v.slice(4, 6));
  const dt = new Date(Date.UTC(year, month - 1, day));
  if (
    month < 1 ||
    month > 12 ||
    dt.getUTCFullYear() !== year ||
    dt.getUTCMonth() !== month - 1 ||
    dt.getUTCDate() !== day
  ) {
    return { ok: false, reason: 'iin.date' };
  }
  const check = iinCheckDigit(v.slice(0, 11));
  if (check === null || check !== Number(v[11])) return { ok: false, reason: 'iin.checksum' };
  const birthDate = `${String(year).padStart(4, '0')}-${v.slice(2, 4)}-${v.slice(4, 6)}`;
  return { ok: true, birthDate, sex: cs % 2 === 1 ? 'male' : 'female', century: century / 100 + 1 };
}

/**
 * Builds a valid IIN (demo data, tests, benchmarks). Returns null when the
 * serial happens to have no valid check digit; callers try the next serial.
 */
export function makeIin(birthDate: string, sex: Sex, serial: number): string | null {
  const [y, m, d] = birthDate.split('-');
  const yr = Number(y);
  const base = yr >= 2000 ? 5 : yr >= 1900 ? 3 : 1;
  const cs = base + (sex === 'female' ? 1 : 0);
  const first11 = `${y.slice(2)}${m}${d}${cs}${String(serial % 10000).padStart(4, '0')}`;
  const c = iinCheckDigit(first11);
  return c === null ? null : first11 + c;
}
