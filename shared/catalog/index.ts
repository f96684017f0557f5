import preschoolQueue from './services/preschool-queue.json';
import schoolCertificateDuplicate from './services/school-certificate-duplicate.json';
import externalStudyPermission from './services/external-study-permission.json';
import pmpcExamination from './services/pmpc-examination.json';
import rehabilitation from './services/rehabilitation.json';
import familyConsultation from './services/family-consultation.json';
import guardianshipCertificate from './services/guardianship-certificate.json';
import campReferral from './services/camp-referral.json';
import minorPropertyCertificate from './services/minor-property-certificate.json';
import guardianshipEstablishment from './services/guardianship-establishment.json';
import fosterFamilyPlacement from './services/foster-family-placement.json';
import patronatPlacement from './services/patronat-placement.json';
import parentMeetingPermission from './services/parent-meeting-permission.json';
import freeSchoolTransport from './services/free-school-transport.json';
import schoolMeals from './services/school-meals.json';
import childOpinionDecision from './services/child-opinion-decision.json';
import guardianAllowance from './services/guardian-allowance.json';
import adopterRegistration from './services/adopter-registration.json';
import adoptionPayment from './services/adoption-payment.json';
import schoolHeadCompetition from './services/school-head-competition.json';
import kindergartenAdmission from './services/kindergarten-admission.json';
import teacherAttestation from './services/teacher-attestation.json';
import additionalEducationAdmission from './services/additional-education-admission.json';
import homeSchooling from './services/home-schooling.json';
import schoolTransfer from './services/school-transfer.json';
import schoolAdmission from './services/school-admission.json';
import { ServiceEntrySchema, type ServiceEntry, type DocumentSpec } from './schema';
import { withShippedDefaults } from './properties';
import { officeMay, type ProvideStep } from './competence';

export * from './schema';
export * from './check';
export * from './form';
export { keepsQueue, queueEntries, withShippedDefaults } from './properties';
export { decidesHere, officeMay, routedOnward, type ProvideStep } from './competence';

/**
 * Entries shipped with the app, in the order of the domain brief (services 1-7,
 * camp referrals, then those the seeds only name); the district's overrides are
 * merged over them at run time.
 */
export const builtInCatalog: ServiceEntry[] = [
  preschoolQueue,
  schoolCertificateDuplicate,
  externalStudyPermission,
  pmpcExamination,
  rehabilitation,
  familyConsultation,
  guardianshipCertificate,
  campReferral,
  minorPropertyCertificate,
  guardianshipEstablishment,
  fosterFamilyPlacement,
  patronatPlacement,
  parentMeetingPermission,
  freeSchoolTransport,
  schoolMeals,
  childOpinionDecision,
  guardianAllowance,
  adopterRegistration,
  adoptionPayment,
  schoolHeadCompetition,
  kindergartenAdmission,
  teacherAttestation,
  additionalEducationAdmission,
  homeSchooling,
  schoolTransfer,
  schoolAdmission,
].map((e) => ServiceEntrySchema.parse(e));

/**
 * The public contract of issue #15: may an office of this type take the step
 * (`accept` the documents, or decide and `issue` the result) for the service
 * named by its code, over the shipped catalog or the district's (`catalog`).
 */
export function mayProvide(
  serviceCode: string,
  officeType: string,
  step: ProvideStep,
  catalog: ReadonlyArray<ServiceEntry> = builtInCatalog,
): boolean {
  const entry = catalog.find((e) => e.code === serviceCode);
  return !!entry && officeMay(entry, officeType, step);
}

const shippedByCode = new Map(builtInCatalog.map((e) => [e.code, e]));

export class Catalog {
  private byCode: Map<string, ServiceEntry>;
  /** Entries (the district's document, as stored) and overrides may come from an older release: see withShippedDefaults. */
  constructor(entries: ServiceEntry[] = builtInCatalog, overrides: unknown[] = []) {
    this.byCode = new Map(entries.map((e) => [e.code, withShippedDefaults(e, shippedByCode.get(e.code))]));
    for (const o of overrides) {
      const e = ServiceEntrySchema.parse(o);
      this.byCode.set(e.code, withShippedDefaults(e, shippedByCode.get(e.code)));
    }
  }
  get(code: string): ServiceEntry {
    const e = this.byCode.get(code);
    if (!e) throw new Error(`unknown service: ${code}`);
    return e;
  }
  has(code: string): boolean {
    return this.byCode.has(code);
  }
  all(): ServiceEntry[] {
    return [...this.byCode.values()];
  }
}

export const defaultCatalog = new Catalog();

export type DocumentContext = {
  hasPriority: boolean;
  isProxy: boolean;
  childBirthDate?: string;
  /** The priority or status category the applicant claims (camp referrals: one of statusCategories). */
  category?: string;
  /** Whether the civil registry holds the data; undefined (unknown) does not block intake. */
  inRegistry?: boolean;
  /**
   * Codes of the registry-backed documents whose data the registry lacks. Finer
   * than `inRegistry`: the child's birth may be registered while the parents'
   * marriage is not (camp referrals list both, seed 003 Annex 2 §8 3)-4)).
   * When given it decides every `notInRegistry` document.
   */
  notInRegistry?: string[];
};

/** Whether a document must be presented for this application (the checklist's "required" mark). */
export function isDocumentRequired(doc: DocumentSpec, ctx: DocumentContext): boolean {
  if (doc.requirement === 'always') return true;
  if (doc.requirement === 'optional' || !doc.when) return false;
  const w = doc.when;
  switch (w.kind) {
    case 'priority':
      return ctx.hasPriority;
    case 'proxy':
      return ctx.isProxy;
    case 'childBornBefore':
      return !!ctx.childBirthDate && ctx.childBirthDate < w.date;
    case 'category':
      return !!ctx.category && w.categories.includes(ctx.category);
    case 'notInRegistry':
      return ctx.notInRegistry ? ctx.notInRegistry.includes(doc.code) : ctx.inRegistry === false;
  }
}

/** The required documents not ticked as presented: what a refusal-to-accept receipt lists. */
export function missingDocuments(entry: ServiceEntry, presented: string[], ctx: DocumentContext): DocumentSpec[] {
  const have = new Set(presented);
  return entry.documents.filter((d) => isDocumentRequired(d, ctx) && !have.has(d.code));
}
