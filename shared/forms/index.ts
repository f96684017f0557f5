/**
 * Printed forms: form id + data + language -> pdfmake document definition.
 * Only the plain definition object is built here; rendering belongs to the
 * renderer (browser pdfmake) and to Node (tests, server reports).
 */
import type { Lang } from '../model/common';
import { buildApplication } from './application';
import { buildCampApplication } from './campApplication';
import { buildCampReferral } from './campReferral';
import { buildCampRefusalToAccept } from './campRefusalToAccept';
import { buildComplaintTicket } from './complaintTicket';
import type { FormId } from './data';
import { buildGenericApplication } from './genericApplication';
import { buildGenericResult } from './genericResult';
import { buildGuardianshipCertificate } from './guardianshipCertificate';
import { buildHearingRecord } from './hearingRecord';
import { buildNotification } from './notification';
import { buildPreliminaryRefusalNotice } from './preliminaryRefusalNotice';
import { buildReceipt } from './receipt';
import { buildReferral } from './referral';
import { buildRefusal } from './refusal';
import { buildRefusalToAccept } from './refusalToAccept';
import { buildTechnicalProblemProtocol } from './technicalProblemProtocol';
import type { DocDefinition, FormDataMap } from './types';

const BUILDERS: { [F in FormId]: (data: FormDataMap[F], lang: Lang) => DocDefinition } = {
  application: buildApplication,
  receipt: buildReceipt,
  refusalToAccept: buildRefusalToAccept,
  notification: buildNotification,
  referral: buildReferral,
  refusal: buildRefusal,
  'camp-application': buildCampApplication,
  'camp-referral': buildCampReferral,
  'camp-refusal-to-accept': buildCampRefusalToAccept,
  'preliminary-refusal-notice': buildPreliminaryRefusalNotice,
  'hearing-record': buildHearingRecord,
  'guardianship-certificate': buildGuardianshipCertificate,
  'generic-application': buildGenericApplication,
  'generic-result': buildGenericResult,
  'complaint-ticket': buildComplaintTicket,
  'technical-problem-protocol': buildTechnicalProblemProtocol,
};

export function buildForm<F extends FormId>(formId: F, data: FormDataMap[F], lang: Lang): DocDefinition {
  const builder = BUILDERS[formId] as (data: FormDataMap[F], lang: Lang) => DocDefinition;
  if (!builder) throw new RangeError(`unknown form: ${String(formId)}`);
  return builder(data, lang);
}

export { FORM_IDS, PRESCHOOL_FORM_IDS, SERVICE_FORM_IDS, isFormId } from './ids';
export {
  complaintTicketFormData,
  printableForms,
  recordFormData,
  techProtocolFormData,
  type OfficeSources,
  type PrintSources,
} from './fromRecord';
export { powerOfAttorneyText } from './records';
export {
  formDataFor,
  FormDataError,
  type ContextFor,
  type FormContext,
  type FormId,
  type InputFormContext,
  type InputFormId,
  type RecordFormId,
} from './data';
export { CAMP_REFUSAL_TO_ACCEPT_COPIES } from './campRefusalToAccept';
export type * from './inputs';
export { formOffice, issuingOffice, ownOfficeName } from './office';
export { FORM_FONT, FORM_FONT_FILES, forPdfmake } from './layout';
export { REFUSAL_TO_ACCEPT_COPIES } from './refusalToAccept';
export type * from './types';
export {
  QUEUE_LIST_COLUMNS,
  buildQueueList,
  queueListCells,
  queueListFilterLine,
  queueListHeadings,
  queueListTitle,
  type QueueListColumn,
  type QueueListData,
  type QueueListRow,
} from './queueList';
