/**
 * From a stored record to a PDF: gathers what the form builders need (office,
 * kindergartens, names of the head and executor, queue position) and hands
 * the document definition to the print module.
 */
import { buildForm, formDataFor, type AcceptRefusal, type Application, type FormId, type Lang } from '../../../shared';
import { renderPdf } from '../../print';
import { desk } from '../deskClient';
import { nowIso } from '../format';
import { printedPlace, queuePlace } from '../sync/queuePlace';
import { serviceExtra } from './serviceInputs';

export type PrintTarget = { kind: 'application'; app: Application } | { kind: 'refusal'; refusal: AcceptRefusal };

export const targetId = (t: PrintTarget) => (t.kind === 'application' ? t.app.id : t.refusal.id);

export function pdfFileName(t: PrintTarget, form: string, lang: Lang): string {
  const base = t.kind === 'application' ? t.app.journalNo : `refusal-${t.refusal.at.slice(0, 10)}`;
  return `${base}-${form}-${lang}.pdf`.replace(/[\\/:*?"<>|\s]+/g, '-');
}

export async function formPdf(form: FormId, target: PrintTarget, lang: Lang): Promise<Blob> {
  const record = target.kind === 'application' ? target.app : target.refusal;
  const entry = desk.catalog().find((e) => e.code === record.serviceCode);
  if (!entry) throw Object.assign(new Error('catalog.unknownService'), { code: 'catalog.unknownService', params: { code: record.serviceCode } });
  const [office, kindergartens, staff, place] = await Promise.all([
    desk.office(),
    desk.kindergartens(),
    desk.staff(),
    target.kind === 'application' ? queuePlace(target.app) : Promise.resolve({ scope: 'none' } as const),
  ]);
  const session = desk.session();
  const executorId = target.kind === 'application' ? target.app.executorId : undefined;
  const executorName = executorId ? staff.find((s) => s.id === executorId)?.fullName : undefined;
  const extra = target.kind === 'application'
    ? serviceExtra(form, target.app, entry, { staffName: (id) => staff.find((s) => s.id === id)?.fullName, offsetMinutes: office.utcOffsetMinutes })
    : undefined;
  const data = formDataFor(form, {
    ...(extra !== undefined ? { extra: extra as never } : {}),
    app: record,
    office,
    kindergartens,
    entry,
    staffName: session?.staff.fullName ?? '',
    headName: office.headName,
    executorName,
    // Reprints carry the place as of the last sync, dated by it, not by the day of printing.
    ...printedPlace(place),
    now: nowIso(),
  });
  return renderPdf(buildForm(form, data, lang));
}
