/**
 * Printed forms: form id + data + language -> pdfmake document definition.
 * Only the plain definition object is built here; rendering belongs to the
 * renderer (browser pdfmake) and to Node (tests, server reports).
 */
import type { Lang } from '../model/common';
import { buildApplication } from './application';
import type { FormId } from './data';
import { buildNotification } from './notification';
import { buildReceipt } from './receipt';
import { buildReferral } from './referral';
import { buildRefusal } from './refusal';
import { buildRefusalToAccept } from './refusalToAccept';
import type { DocDefinition, FormDataMap } from './types';

export const FORM_IDS = ['application', 'receipt', 'refusalToAccept', 'notification', 'referral', 'refusal'] as const satisfies readonly FormId[];

const BUILDERS: { [F in FormId]: (data: FormDataMap[F], lang: Lang) => DocDefinition } = {
  application: buildApplication,
  receipt: buildReceipt,
  refusalToAccept: buildRefusalToAccept,
  notification: buildNotification,
  referral: buildReferral,
  refusal: buildRefusal,
};

export function buildForm<F extends FormId>(formId: F, data: FormDataMap[F], lang: Lang): DocDefinition {
  const builder = BUILDERS[formId] as (data: FormDataMap[F], lang: Lang) => DocDefinition;
  if (!builder) throw new RangeError(`unknown form: ${String(formId)}`);
  return builder(data, lang);
}

export const isFormId = (v: string): v is FormId => (FORM_IDS as readonly string[]).includes(v);

export { formDataFor, FormDataError, type FormContext, type FormId } from './data';
export { formOffice, isFullOfficeName } from './office';
export { FORM_FONT, FORM_FONT_FILES, PAGE_MARGINS } from './layout';
export { REFUSAL_TO_ACCEPT_COPIES } from './refusalToAccept';
export type * from './types';
