/**
 * The intake rules again, for an application that arrives as a record (an op
 * from a laptop, a batch file) rather than from the intake form: the server
 * runs them on every application it is sent, so a laptop that skipped them (an
 * old version, a tampered one) cannot put an invalid child in the queue.
 * Errors are the intake form's own codes (errors.json), so they read the same.
 */
import { parseIin } from '../iin';
import { localParts } from '../time';
import type { ServiceEntry } from '../catalog/schema';
import type { OfficeType } from '../model/office';
import type { AcceptRefusal, Application } from '../model/application';
import { applicationSubjectErrors, childIinErrors, type FieldError } from './validate';
import { channelErrors } from './channel';
import { groundForFact } from './refusalDue';

/**
 * What the intake form would have refused in this record: IIN check digits,
 * the child's birth date and sex against the IIN, a future birth, the age
 * limits on the day of acceptance and a missing consent (each only where the
 * entry has no reasoned refusal for it: such an application is taken in, and
 * its decision is held to that refusal, refusalDue.ts), the subject, the
 * first-turn category; the channel with its settlement and the arrival against the acceptance
 * (channelErrors; the office's own list of settlements is the desk's to hold
 * to: the district may change it after the application was taken in).
 */
export function applicationRuleErrors(
  app: Application,
  entry: ServiceEntry,
  offsetMinutes = 300,
  officeType?: OfficeType,
): FieldError[] {
  const errors: FieldError[] = [];
  const a = parseIin(app.applicant.iin);
  if (!a.ok) errors.push({ field: 'applicant.iin', code: a.reason });
  errors.push(...applicationSubjectErrors(app, entry));
  // Ages count on the day the office accepted the documents, not the day they reached the district.
  if (app.child)
    errors.push(
      ...childIinErrors(
        app.child,
        a.ok ? app.applicant.iin : null,
        entry,
        localParts(app.acceptedAt, offsetMinutes).date,
      ),
    );
  if (!app.consent && !groundForFact(entry, 'noConsent')) errors.push({ field: 'consent', code: 'consent.required' });
  if (app.priority && !entry.priorityCategories.some((p) => p.code === app.priority))
    errors.push({ field: 'priority', code: 'priority.unknown' });
  errors.push(...channelErrors(app, app.acceptedAt, { offsetMinutes, officeType }));
  return errors;
}

/**
 * The channel of a refusal to accept that arrives as a record, as for an
 * application (channelErrors): one of the four, the mobile one only at a
 * mobile centre and with its settlement, a settlement with it only.
 */
export function refusalRuleErrors(
  r: Pick<AcceptRefusal, 'channel' | 'settlement' | 'at'>,
  officeType?: OfficeType,
): FieldError[] {
  return channelErrors({ channel: r.channel, settlement: r.settlement }, r.at, { officeType });
}
