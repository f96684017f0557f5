/**
 * Which body may take in, and which may decide and issue, each service (review
 * F-20): a certificate or conclusion issued by a body without competence is
 * void. The catalog's `providers` name the competent bodies; an office's type
 * says which of them it is. A rural front office (an akim's apparatus, a mobile
 * centre) may also take in the documents of a service the district education
 * department provides: it accepts, the paper names the department as issuer,
 * and the department decides and issues (the routing the preschool queue of a
 * mobile centre always had, made general).
 */
import type { OfficeType } from '../model/office';
import type { ProviderId, ServiceEntry } from './schema';

export type ProvideStep = 'accept' | 'issue';

/**
 * The provider each office type is. A mobile centre takes the preschool queue
 * in the settlements it visits as their akim's apparatus would (seed 000 §9),
 * its papers under the district education department (shared/forms/office.ts).
 * The guardianship authority of a district is its education department
 * (seed 002: the certificate is issued by district education departments).
 */
const PROVIDERS_OF: Record<OfficeType, readonly ProviderId[]> = {
  village: ['akimat'],
  settlement: ['akimat'],
  ruralDistrict: ['akimat'],
  mobileCentre: ['akimat'],
  districtEducation: ['educationDepartment', 'guardianshipAuthority'],
  school: ['school'],
  kindergarten: ['kindergarten'],
  additionalEducation: ['additionalEducation'],
};

/** Offices that take documents in for the district education department. */
const FRONT_OFFICES: ReadonlySet<string> = new Set<OfficeType>([
  'village',
  'settlement',
  'ruralDistrict',
  'mobileCentre',
]);

/** The body that decides and issues what a front office takes in. */
export const ISSUING_OFFICE_TYPE: OfficeType = 'districtEducation';

const providersOf = (officeType: string): readonly ProviderId[] =>
  (PROVIDERS_OF as Record<string, readonly ProviderId[] | undefined>)[officeType] ?? [];

type Entry = Pick<ServiceEntry, 'providers' | 'channels'>;

/** The office is one of the service's competent bodies: it decides and issues. */
const competent = (entry: Entry, officeType: string) =>
  providersOf(officeType).some((p) => entry.providers.includes(p));

/** The district education department (or its guardianship authority) decides the service. */
const departmentDecides = (entry: Entry) => providersOf(ISSUING_OFFICE_TYPE).some((p) => entry.providers.includes(p));

/**
 * May an office of this type take the step for the entry: `issue` when it is a
 * competent body; `accept` when it is one and the service is taken at an
 * office (the department also takes in at its desk what it provides through
 * the State Corporation and the portal), or when it is a front office and the
 * department decides the service, except one delivered only through the portal.
 */
export function officeMay(entry: Entry, officeType: string, step: ProvideStep): boolean {
  if (step === 'issue') return competent(entry, officeType);
  if (competent(entry, officeType)) return entry.channels.includes('office') || officeType === ISSUING_OFFICE_TYPE;
  return FRONT_OFFICES.has(officeType) && departmentDecides(entry) && entry.channels.some((c) => c !== 'portal');
}

/**
 * Whether the office that accepted an application goes on with it: takes the
 * steps after acceptance. The district education department's own laptops
 * serve every office of the district; any other office only what it may issue.
 * When not, the application goes on to the department (routedOnward).
 */
export function decidesHere(entry: Entry, officeType: string): boolean {
  return officeType === ISSUING_OFFICE_TYPE || officeMay(entry, officeType, 'issue');
}

/** An application taken in by an office of `acceptedAtType` is decided and issued by the district education department. */
export function routedOnward(entry: Entry, acceptedAtType: string): boolean {
  return !officeMay(entry, acceptedAtType, 'issue');
}
