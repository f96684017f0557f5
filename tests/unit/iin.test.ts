import { describe, expect, it } from 'vitest';
import { cleanIin, iinCheckDigit, makeIin, parseIin } from '../../shared/iin';

/*
 * Every IIN below was checked by hand; weights
 *   pass 1: 1 2 3 4 5 6 7 8 9 10 11
 *   pass 2: 3 4 5 6 7 8 9 10 11 1 2
 * over the first 11 digits, mod 11. Only non-zero products are written out.
 */

describe('parseIin: valid numbers', () => {
  it('accepts a check digit from the first pass', () => {
    // 9 0 0 1 0 1 3 0 0 0 0: 9*1 + 1*4 + 1*6 + 3*7 = 40; 40 mod 11 = 7
    expect(iinCheckDigit('90010130000')).toBe(7);
    expect(parseIin('900101300007')).toEqual({ ok: true, birthDate: '1990-01-01', sex: 'male', century: 20 });
  });

  it('accepts a check digit that needs the second pass', () => {
    // 9 0 0 1 0 1 3 0 0 8 1
    // pass 1: 9 + 4 + 6 + 21 + 8*10 + 1*11 = 131; 131 mod 11 = 10 -> second pass
    // pass 2: 9*3 + 1*6 + 1*8 + 3*9 + 8*1 + 1*2 = 78; 78 mod 11 = 1
    expect(iinCheckDigit('90010130081')).toBe(1);
    expect(parseIin('900101300811')).toEqual({ ok: true, birthDate: '1990-01-01', sex: 'male', century: 20 });
    // 2 5 0 2 2 8 6 0 0 0 9
    // pass 1: 2 + 10 + 8 + 10 + 48 + 42 + 99 = 219; 219 mod 11 = 10 -> second pass
    // pass 2: 6 + 20 + 12 + 14 + 64 + 54 + 18 = 188; 188 mod 11 = 1
    expect(parseIin('250228600091')).toEqual({ ok: true, birthDate: '2025-02-28', sex: 'female', century: 21 });
  });

  it('does not take the second pass when the first gives a digit (the second would differ)', () => {
    // 90010130000: pass 1 = 7, pass 2 = 9*3+1*6+1*8+3*9 = 68 -> 2. Only 7 is right.
    expect(parseIin('900101300002')).toEqual({ ok: false, reason: 'iin.checksum' });
  });

  // Century-and-sex digit: 1/2 -> 1800s, 3/4 -> 1900s, 5/6 -> 2000s; odd male, even female.
  it.each([
    // 99123110004: 9+18+3+8+15+6+7+4*11=44 -> 110 mod 11 = 0
    ['991231100040', '1899-12-31', 'male', 19],
    // 00010120005: 1*4 + 1*6 + 2*7 + 5*11 = 79 mod 11 = 2
    ['000101200052', '1800-01-01', 'female', 19],
    // 90010130000 -> 7 (above)
    ['900101300007', '1990-01-01', 'male', 20],
    // 85022540003: 8+10+8+10+30+28+33 = 127 mod 11 = 6
    ['850225400036', '1985-02-25', 'female', 20],
    // 15011550001: 1+10+4+5+30+35+11 = 96 mod 11 = 8
    ['150115500018', '2015-01-15', 'male', 21],
    // 20013160002: 2+4+15+6+42+22 = 91 mod 11 = 3
    ['200131600023', '2020-01-31', 'female', 21],
  ] as const)('%s -> born %s, %s, century %i', (iin, birthDate, sex, century) => {
    expect(parseIin(iin)).toEqual({ ok: true, birthDate, sex, century });
  });

  it('knows leap years per century: 29 Feb 2000 and 2004 exist, 29 Feb 1900 does not', () => {
    // 04022950006: 8+8+10+54+35+66 = 181 mod 11 = 5
    expect(parseIin('040229500065')).toMatchObject({ ok: true, birthDate: '2004-02-29' });
    // 00022950007: 8+10+54+35+77 = 184 mod 11 = 8
    expect(parseIin('000229500078')).toMatchObject({ ok: true, birthDate: '2000-02-29' });
    // 24022960009: 2+8+8+10+54+42+99 = 223 mod 11 = 3
    expect(parseIin('240229600093')).toMatchObject({ ok: true, birthDate: '2024-02-29', sex: 'female' });
    // 00022930008: correct check digit 5 (8+10+54+21+88 = 181), but 1900 was not a leap year
    expect(parseIin('000229300085')).toEqual({ ok: false, reason: 'iin.date' });
  });

  it('tolerates spaces, dashes and no-break spaces people type between groups', () => {
    expect(parseIin(' 900101 300007 ').ok).toBe(true);
    expect(parseIin('900101-3000-07').ok).toBe(true);
    expect(parseIin('900101\u00a0300007').ok).toBe(true);
    expect(cleanIin('90 01-01\u00a03')).toBe('9001013');
  });
});

describe('parseIin: invalid numbers', () => {
  it('says empty for nothing typed', () => {
    expect(parseIin('')).toEqual({ ok: false, reason: 'iin.empty' });
    expect(parseIin('  - ')).toEqual({ ok: false, reason: 'iin.empty' });
  });

  it('rejects a wrong length', () => {
    expect(parseIin('90010130000')).toEqual({ ok: false, reason: 'iin.length' });
    expect(parseIin('9001013000070')).toEqual({ ok: false, reason: 'iin.length' });
  });

  it('rejects non-digits (a letter O for zero, a Cyrillic З for 3)', () => {
    expect(parseIin('9001013000O7')).toEqual({ ok: false, reason: 'iin.digits' });
    expect(parseIin('900101З00007')).toEqual({ ok: false, reason: 'iin.digits' });
    expect(parseIin('900101.300007')).toEqual({ ok: false, reason: 'iin.digits' });
  });

  it.each([
    // 25023150001: pass 1 = 87 -> 10, pass 2 = 114 -> 4; right checksum, no 31 Feb
    ['250231500014', '31 Feb 2025'],
    // 25022960002: pass 1 = 148 -> 5; 2025 is not a leap year
    ['250229600025', '29 Feb 2025'],
    // 90130130003: pass 1 = 84 -> 7; month 13
    ['901301300037', 'month 13'],
    // 90010030004: pass 1 = 78 -> 1; day 00
    ['900100300041', 'day 00'],
    ['900001300000', 'month 00'],
  ])('rejects %s (%s) as a bad date', (iin) => {
    expect(parseIin(iin)).toEqual({ ok: false, reason: 'iin.date' });
  });

  it.each([
    // check digits are right (90010100005 -> 8, 90010170006 -> 2, 90010180008 -> 9, 90010190007 -> 5),
    // so only the century digit can be what fails
    ['900101000058', 0],
    ['900101700062', 7],
    ['900101800089', 8],
    ['900101900075', 9],
  ])('rejects %s: century digit %i', (iin) => {
    expect(parseIin(iin)).toEqual({ ok: false, reason: 'iin.century' });
  });

  it('rejects a wrong check digit', () => {
    for (const last of '012345689')
      expect(parseIin(`90010130000${last}`)).toEqual({ ok: false, reason: 'iin.checksum' });
  });

  it('rejects every number whose base gives 10 on both passes', () => {
    // 9 0 0 1 0 1 3 0 0 8 0
    // pass 1: 9 + 4 + 6 + 21 + 8*10 = 120; 120 mod 11 = 10
    // pass 2: 27 + 6 + 8 + 27 + 8*1 = 76; 76 mod 11 = 10 -> never issued
    expect(iinCheckDigit('90010130080')).toBeNull();
    for (const last of '0123456789')
      expect(parseIin(`90010130080${last}`)).toEqual({ ok: false, reason: 'iin.checksum' });
  });
});

describe('makeIin', () => {
  it('builds the hand-checked numbers', () => {
    expect(makeIin('1990-01-01', 'male', 0)).toBe('900101300007');
    expect(makeIin('1990-01-01', 'male', 81)).toBe('900101300811');
    expect(makeIin('2025-02-28', 'female', 9)).toBe('250228600091');
    expect(makeIin('1899-12-31', 'male', 4)).toBe('991231100040');
  });

  it('returns null for a serial with no valid check digit', () => {
    expect(makeIin('1990-01-01', 'male', 80)).toBeNull();
  });

  it('round-trips through parseIin for each century and sex', () => {
    for (const birthDate of ['1850-06-30', '1999-12-31', '2000-01-01', '2023-06-15']) {
      for (const sex of ['male', 'female'] as const) {
        let iin: string | null = null;
        for (let serial = 1; !iin; serial++) iin = makeIin(birthDate, sex, serial);
        expect(parseIin(iin)).toMatchObject({ ok: true, birthDate, sex });
      }
    }
  });
});
