/**
 * The intake rules again, for an application that arrives as a record (an op
 * from a laptop, a batch file) rather than from the intake form: the server
 * runs them on every application it is sent, so a laptop that skipped them (an
 * old version, a tampered one) cannot put an invalid child in the queue.
 * Errors are the intake form's own codes (errors.json), so they read the same.
 */
import { parseIin } from '../iin';
import { ageInYears, localParts } from '../time';
import type { ServiceEntry } from '../catalog/schema';
import type { OfficeType } from '../model/office';
import type { Application } from '../model/application';
import { applicationSubjectErrors, type FieldError } from './validate';

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
 * limits on the day of acceptance, the subject, the first-turn category.
 */
export function applicationRuleErrors(app: Application, entry: ServiceEntry, offsetMinutes = 300): FieldError[] {
  const errors: FieldError[] = [];
  const a = parseIin(app.applicant.iin);
  if (!a.ok) errors.push({ field: 'applicant.iin', code: a.reason });
  errors.push(...applicationSubjectErrors(app, entry));
  const c = app.child;
  if (c) {
    const ci = parseIin(c.iin);
    if (!ci.ok) errors.push({ field: 'child.iin', code: ci.reason });
    else {
      if (ci.birthDate !== c.birthDate) errors.push({ field: 'child.birthDate', code: 'child.birthDateMismatch', params: { iinDate: ci.birthDate } });
      if (ci.sex !== c.sex) errors.push({ field: 'child.sex', code: 'child.sexMismatch' });
      // Ages count on the day the office accepted the documents, not the day they reached the district.
      const day = localParts(app.acceptedAt, offsetMinutes).date;
      if (ci.birthDate > day) errors.push({ field: 'child.iin', code: 'child.birthDateFuture' });
      else {
        const age = ageInYears(ci.birthDate, day);
        if (entry.childAgeLimitYears !== undefined && age >= entry.childAgeLimitYears) errors.push({ field: 'child.iin', code: 'child.overAge', params: { limit: entry.childAgeLimitYears } });
        if (entry.childMinAgeYears !== undefined && age < entry.childMinAgeYears) errors.push({ field: 'child.iin', code: 'service.underAge', params: { limit: entry.childMinAgeYears } });
      }
      if (a.ok && app.applicant.iin === c.iin) errors.push({ field: 'child.iin', code: 'child.sameAsApplicant' });
    }
  }
  if (app.priority && !entry.priorityCategories.some((p) => p.code === app.priority)) errors.push({ field: 'priority', code: 'priority.unknown' });
  return errors;
}
