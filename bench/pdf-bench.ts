/** PDF generation in the browser, per form: build the definition and render it with pdfmake. */
import { createDesk } from '../renderer/services/desk';
import { DeskDb } from '../renderer/db/schema';
import { renderPdf, warmUpPrinting } from '../renderer/print';
import { buildForm, defaultCatalog, formDataFor, type Application } from '../shared';

/** The preschool service's papers: what an akimat desk prints every day. */
const FORMS = ['application', 'receipt', 'refusalToAccept', 'notification', 'referral', 'refusal'] as const;

type Stats = { n: number; p50: number; p95: number; max: number };

export async function pdfBench(rounds: number, stats: (xs: number[]) => Stats): Promise<Record<string, Stats>> {
  const desk = createDesk({ db: new DeskDb('akimat-desk') });
  await desk.signIn('clerk', 'demo12345');
  const office = await desk.office();
  const kgs = await desk.kindergartens();
  const entry = defaultCatalog.get('preschool-queue');
  const app = (await desk.list({ limit: 1 })).items[0] as Application;
  const kg = kgs[0];
  const refusal = {
    id: 'r',
    officeId: office.id,
    serviceCode: entry.code,
    at: app.acceptedAt,
    by: 'b',
    byName: 'Жұмабаева Әйгерім',
    lang: 'kk' as const,
    applicant: app.applicant,
    child: app.child,
    missingDocuments: ['birthCertificate', 'addressCertificate'],
    prints: [],
  };
  const variants: Record<(typeof FORMS)[number], Application | typeof refusal> = {
    application: app,
    receipt: app,
    refusalToAccept: refusal,
    notification: { ...app, decision: { kind: 'notification' } },
    referral: {
      ...app,
      decision: {
        kind: 'referral',
        kindergartenId: kg.id,
        ageGroupId: kg.ageGroups[0].id,
        referralNo: 'ҚРҚ-2026-0007',
        issuedOn: '2026-11-20',
        validUntil: '2026-11-25',
      },
    },
    refusal: {
      ...app,
      decision: { kind: 'refusal', groundCode: entry.refusalGrounds[0].code, reason: 'Құжаттар толық емес' },
    },
  };
  // The first print loads pdfmake and the fonts; it is reported apart (warm-up), not in the per-form figures.
  const t0 = performance.now();
  await warmUpPrinting();
  const out: Record<string, Stats> = { 'first print warm-up (load pdfmake + fonts)': { n: 1, p50: 0, p95: 0, max: 0 } };
  const warm = performance.now() - t0;
  out['first print warm-up (load pdfmake + fonts)'] = { n: 1, p50: warm, p95: warm, max: warm };
  for (const form of FORMS) {
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t = performance.now();
      const data = formDataFor(form, {
        app: variants[form] as Application,
        office,
        kindergartens: kgs,
        entry,
        staffName: 'Жұмабаева Әйгерім',
        headName: office.headName,
        now: new Date().toISOString(),
        queuePosition: 12,
      });
      const blob = await renderPdf(buildForm(form, data as never, i % 2 ? 'ru' : 'kk'));
      if (blob.size < 1000) throw new Error(`${form}: empty PDF`);
      times.push(performance.now() - t);
    }
    out[form] = stats(times);
  }
  return out;
}
