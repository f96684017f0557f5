/**
 * A pull answer is written with each record's stored JSON text put in as it is
 * (server/pull/pull.ts pullText): what the desk parses must be exactly the
 * answer built as objects, Kazakh letters, escapes and all.
 */
import { describe, expect, it } from 'vitest';
import { pullText, type PullPage } from '../../server/pull/pull';

const rec = {
  id: 'a1',
  child: { lastName: 'Өмірзақова', firstName: 'Ұлжан' },
  note: 'тырнақша " және \\ \n',
  n: 1.5,
  list: [],
};

describe('pullText', () => {
  it('parses to the answer the records make as objects', () => {
    const page: PullPage = {
      changes: [
        // jsonb's own text form: a space after each colon and comma.
        {
          entity: 'application',
          id: 'a1',
          version: 3,
          data: '{"id": "a1", "n": 1.5, "list": [], "note": "тырнақша \\" және \\\\ \\n", "child": {"lastName": "Өмірзақова", "firstName": "Ұлжан"}}',
          conflict: true,
        },
        { entity: 'office', id: 'o1', version: 1, data: JSON.stringify({ id: 'o1' }) },
      ],
      cursor: '42',
      more: false,
      serverTime: '2026-12-06T04:00:00.000Z',
      token: 'next-token',
    };
    expect(JSON.parse(pullText(page))).toEqual({
      changes: [
        { entity: 'application', id: 'a1', version: 3, conflict: true, data: rec },
        { entity: 'office', id: 'o1', version: 1, data: { id: 'o1' } },
      ],
      cursor: '42',
      more: false,
      serverTime: '2026-12-06T04:00:00.000Z',
      token: 'next-token',
    });
  });

  it('an empty page', () => {
    const page: PullPage = { changes: [], cursor: '0', more: false, serverTime: '2026-12-06T04:00:00.000Z' };
    expect(JSON.parse(pullText(page))).toEqual(page);
  });
});
