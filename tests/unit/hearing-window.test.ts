/**
 * K-02 (issue #15): the hearing of a preliminary refusal may be set neither
 * before the applicant's 2 working days to object have run (АӘПК art. 73)
 * nor so late that the final decision (1 working day after the hearing, seed
 * 003 Annex 11 §10) falls after the service's term (§13). One rule for the
 * desk (checkNotice) and the server (hearingNoticeErrors on a received record).
 */
import { describe, expect, it } from 'vitest';
import {
  OBJECTION_WORKING_DAYS,
  checkNotice,
  computeDue,
  defaultCatalog,
  fromLocal,
  hearingNoticeErrors,
  hearingWindow,
  type Application,
} from '../../shared';

const camp = defaultCatalog.get('camp-referral');
// The review's case: accepted Mon 12 May 2025 at 09:20; the 5 working days end Mon 19 May at 09:20.
const acceptedAt = fromLocal('2025-05-12', '09:20');
const dueAt = computeDue(acceptedAt, camp.term).dueAt;
const notice = fromLocal('2025-05-14', '10:00');

describe('the hearing window (K-02)', () => {
  it('the term of the review’s case, and the window left by a notice on the last day', () => {
    expect(dueAt).toBe(fromLocal('2025-05-19', '09:20'));
    expect(OBJECTION_WORKING_DAYS).toBe(2);
    expect(hearingWindow(camp, dueAt, notice)).toEqual({
      earliestOn: '2025-05-16',
      latestAt: fromLocal('2025-05-16', '09:20'),
      termEndsOn: '2025-05-19',
    });
  });

  it('refuses a hearing so late that the final decision falls after the term', () => {
    expect(checkNotice(camp, dueAt, ['noConsent'], notice, fromLocal('2025-05-19', '09:00'))).toMatchObject({
      ok: false,
      reason: 'hearing.afterTerm',
      window: { latestAt: fromLocal('2025-05-16', '09:20') },
    });
    expect(checkNotice(camp, dueAt, ['noConsent'], notice, fromLocal('2025-05-16', '10:00'))).toMatchObject({
      ok: false,
      reason: 'hearing.afterTerm',
    });
  });

  it('refuses a hearing 30 minutes after a notice that grants 2 working days to object', () => {
    expect(checkNotice(camp, dueAt, ['noConsent'], notice, fromLocal('2025-05-14', '10:30'))).toMatchObject({
      ok: false,
      reason: 'hearing.beforeObjection',
      window: { earliestOn: '2025-05-16' },
    });
    expect(checkNotice(camp, dueAt, ['noConsent'], notice, fromLocal('2025-05-15', '15:00'))).toMatchObject({
      ok: false,
      reason: 'hearing.beforeObjection',
    });
  });

  it('accepts the hearing on the last day of the objection, early enough for the decision to keep the term', () => {
    expect(checkNotice(camp, dueAt, ['noConsent'], notice, fromLocal('2025-05-16', '09:00'))).toMatchObject({
      ok: true,
    });
    expect(checkNotice(camp, dueAt, ['noConsent'], notice, fromLocal('2025-05-16', '09:20'))).toMatchObject({
      ok: true,
    });
  });

  it('refuses a hearing on a day off, counting the objection over holidays', () => {
    // Accepted Mon 4 May 2026: 7 May (Defender's Day) and 11 May (Victory Day moved off Saturday) are off.
    const due = computeDue(fromLocal('2026-05-04', '10:00'), camp.term).dueAt;
    expect(due).toBe(fromLocal('2026-05-13', '10:00'));
    const early = fromLocal('2026-05-05', '11:00');
    expect(hearingWindow(camp, due, early).earliestOn).toBe('2026-05-08');
    expect(checkNotice(camp, due, ['noConsent'], early, fromLocal('2026-05-07', '10:00'))).toMatchObject({
      ok: false,
      reason: 'hearing.beforeObjection',
    });
    expect(checkNotice(camp, due, ['noConsent'], early, fromLocal('2026-05-09', '10:00'))).toMatchObject({
      ok: false,
      reason: 'hearing.dayOff',
    });
    expect(checkNotice(camp, due, ['noConsent'], early, fromLocal('2026-05-08', '10:00'))).toMatchObject({ ok: true });
  });

  it('the server finds the same faults in a record a laptop sent', () => {
    const app = {
      serviceCode: camp.code,
      dueAt,
      acceptedAt,
      consent: true,
      hearing: {
        grounds: ['noConsent'],
        reason: 'келісім жоқ',
        noticeNo: 'Т-1',
        noticeOn: '2025-05-14',
        noticeAt: notice,
        noticeBy: 's',
        noticeByName: 'S',
        latestNoticeOn: '2025-05-14',
        termEndsOn: '2025-05-19',
        hearingAt: fromLocal('2025-05-19', '09:00'),
      },
    } as unknown as Application;
    expect(hearingNoticeErrors(app, camp)).toEqual([
      {
        field: 'hearing.hearingAt',
        code: 'hearing.afterTerm',
        params: { latestAt: '16.05.2025 09:20', termEnds: '19.05.2025' },
      },
    ]);
    const early = { ...app, hearing: { ...app.hearing!, hearingAt: fromLocal('2025-05-14', '10:30') } };
    expect(hearingNoticeErrors(early, camp)).toEqual([
      { field: 'hearing.hearingAt', code: 'hearing.beforeObjection', params: { earliest: '16.05.2025' } },
    ]);
    const late = {
      ...app,
      hearing: { ...app.hearing!, noticeOn: '2025-05-15', noticeAt: fromLocal('2025-05-15', '09:00') },
    };
    expect(hearingNoticeErrors(late, camp).map((e) => e.code)).toContain('hearing.noticeTooLate');
    const fine = { ...app, hearing: { ...app.hearing!, hearingAt: fromLocal('2025-05-16', '09:00') } };
    expect(hearingNoticeErrors(fine, camp)).toEqual([]);
    expect(hearingNoticeErrors({ ...app, hearing: undefined } as Application, camp)).toEqual([]);
  });
});
