/**
 * From a stored record to a PDF: gathers what shared/forms' print pipeline
 * reads besides the record (office, kindergartens, staff names, the queue
 * place as last synced) and hands the document definition to the print
 * module. What the paper says is decided in shared/forms, as on the server.
 */
import {
  buildForm,
  issuingOffice,
  recordFormData,
  type AcceptRefusal,
  type Application,
  type FormId,
  type Lang,
} from '../../../shared';
import { renderPdf } from '../../print';
import { desk } from '../deskClient';
import { nowIso } from '../format';
import { printedPlace, queuePlace } from '../sync/queuePlace';

export type PrintTarget = { kind: 'application'; app: Application } | { kind: 'refusal'; refusal: AcceptRefusal };

export const targetId = (t: PrintTarget) => (t.kind === 'application' ? t.app.id : t.refusal.id);

export function pdfFileName(t: PrintTarget, form: string, lang: Lang): string {
  const base = t.kind === 'application' ? t.app.journalNo : `refusal-${t.refusal.at.slice(0, 10)}`;
  return `${base}-${form}-${lang}.pdf`.replace(/[\\/:*?"<>|\s]+/g, '-');
}

export async function formPdf(form: FormId, target: PrintTarget, lang: Lang): Promise<Blob> {
  const record = target.kind === 'application' ? target.app : target.refusal;
  const entry = desk.catalog().find((e) => e.code === record.serviceCode);
  if (!entry)
    throw Object.assign(new Error('catalog.unknownService'), {
      code: 'catalog.unknownService',
      params: { code: record.serviceCode },
    });
  const [office, offices, kindergartens, staff, place] = await Promise.all([
    desk.office(),
    desk.offices(),
    desk.kindergartens(),
    desk.staff(),
    target.kind === 'application' ? queuePlace(target.app) : Promise.resolve({ scope: 'none' } as const),
  ]);
  const data = recordFormData(form, record, {
    // What this office only takes in for the district education department is issued, and signed, by the department.
    office: issuingOffice(entry, office, offices),
    entry,
    kindergartens,
    staff,
    staffName: desk.session()?.staff.fullName ?? '',
    // Reprints carry the place as of the last sync, dated by it, not by the day of printing.
    ...printedPlace(place),
    now: nowIso(),
  });
  return renderPdf(buildForm(form, data, lang));
}
