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

/**
 * Whether an office of this type takes in applications for the entry at its
 * desk: what the catalog offers at offices, and at the district education
 * department also what it provides through the State Corporation and the
 * portal. (Which body decides and issues each paper is the catalog's
 * `providers`: the routing of issue #15.)
 */
export function officeMayAccept(entry: Pick<ServiceEntry, 'channels' | 'providers'>, officeType: OfficeType): boolean {
  if (entry.channels.includes('office')) return true;
  return officeType === 'districtEducation' && entry.providers.includes('educationDepartment');
}

/**
 * What the intake form would have refused in this record: IIN check digits,
 * the child's birth date and sex against the IIN, a future birth, the age
 * limits on the day of acceptance, the subject, the first-turn category; the
 * channel with its settlement and the arrival against the acceptance
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
