/** The code sheet's one line (#16 item 9): address and code together, read back on the laptop. */
import { describe, expect, it } from 'vitest';
import { enrolmentText, parseEnrolmentText } from '../../shared';

describe('enrolmentText / parseEnrolmentText', () => {
  it('round-trips an address and a code, with or without a trailing slash and the check group', () => {
    for (const url of ['https://192.168.1.10:8443', 'https://district.example.kz/', 'http://127.0.0.1:8787'])
      for (const code of ['ABCD-EFGH-JKMN', 'ABCD-EFGH-JKMN-PQRS']) {
        const line = enrolmentText(url, code);
        expect(line).toContain('#enrol=');
        expect(parseEnrolmentText(line)).toEqual({ serverUrl: url.replace(/\/$/, ''), code });
        expect(parseEnrolmentText(`  ${line.toLowerCase().replace('#ENROL', '#enrol')} `)?.code).toBe(code);
      }
  });

  it('takes a bare address, a wrong code or another scheme for no line at all', () => {
    expect(parseEnrolmentText('https://192.168.1.10:8443')).toBeNull();
    expect(parseEnrolmentText('https://192.168.1.10:8443/#enrol=ABC')).toBeNull();
    expect(parseEnrolmentText('ftp://x/#enrol=ABCD-EFGH-JKMN')).toBeNull();
    expect(parseEnrolmentText('https://x/#enrol=ABCD-EFGH-JKMN and more')).toBeNull();
  });
});
