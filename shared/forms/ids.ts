/** The form ids, as the catalog's `forms`, `results` and `interimForms` name them. */
import type { FormId } from './data';

/** Forms of the preschool queue (seed 000); the receipt, refusal to accept and refusal also serve every other service. */
export const PRESCHOOL_FORM_IDS = [
  'application',
  'receipt',
  'refusalToAccept',
  'notification',
  'referral',
  'refusal',
] as const satisfies readonly FormId[];

/** Forms of the other services, named as the catalog's `forms`, `results` and `interimForms` name them. */
export const SERVICE_FORM_IDS = [
  'camp-application',
  'camp-referral',
  'camp-refusal-to-accept',
  'preliminary-refusal-notice',
  'hearing-record',
  'guardianship-certificate',
  'generic-application',
  'generic-result',
  'complaint-ticket',
  'technical-problem-protocol',
] as const satisfies readonly FormId[];

export const FORM_IDS = [...PRESCHOOL_FORM_IDS, ...SERVICE_FORM_IDS] as const satisfies readonly FormId[];

/** Whether a name from the catalog (data a district may change) is a form this release can print. */
export const isFormId = (v: string): v is FormId => (FORM_IDS as readonly string[]).includes(v);
