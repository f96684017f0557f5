/**
 * Certificate on guardianship and trusteeship (seed 002 §4): formed at once,
 * printed on paper and confirmed by the head's signature. The standard's
 * Annex 1 template is not in the seeds; this one names the guardian, the
 * child or children and the decision that established guardianship.
 */
import type { Lang } from '../model/common';
import { kkCase } from '../text/kkCase';
import { childText, dateIn, heading, listBlock } from './blocks';
import { page, para, sealPlace, signature } from './layout';
import { dateTimeText } from './receipt';
import { dict, fill, pick } from './text';
import type { DocDefinition, GuardianshipCertificateFormData, PdfContent } from './types';

export function buildGuardianshipCertificate(d: GuardianshipCertificateFormData, lang: Lang): DocDefinition {
  const t = dict(lang).guardianshipCertificate;
  const titleText = fill(t.title, { no: d.certificateNo });
  const content: PdfContent[] = [
    { text: pick(d.office.body, lang), style: 'header' },
    heading([
      { text: titleText, bold: true },
      { text: pick(d.resultName, lang), bold: false },
    ]),
    // Kazakh: the guardian is the subject of "…болып табылатынын", so in the genitive (F-22).
    para(
      fill(t.body, {
        guardian: lang === 'kk' ? kkCase(d.guardian.fullName, 'genitive') : d.guardian.fullName,
        role: t.role[d.role ?? 'both'],
      }),
      { margin: [0, 0, 0, 8] },
    ),
    ...(d.guardian.iin ? [para(fill(t.guardianIin, { iin: d.guardian.iin }))] : []),
    ...(d.guardian.address ? [para(fill(t.guardianAddress, { address: d.guardian.address }))] : []),
    ...listBlock(
      t.children,
      d.children.map((ch) => childText(ch, lang, t.child)),
    ),
    para(
      fill(t.decision, {
        body: pick(d.decision.body, lang),
        date: dateIn(d.decision.date, lang, 'locativeAttr'),
        no: d.decision.number,
      }),
    ),
    para(fill(t.presentTo, { place: d.presentTo ? pick(d.presentTo, lang) : t.presentToDefault })),
    para(fill(t.issuedAt, { dateTime: dateTimeText(d.issuedAt, lang) })),
    para(t.printed, { margin: [0, 8, 0, 0] }),
    signature(fill(t.headSignature, { title: pick(d.office.headTitle, lang), name: d.headName })),
    sealPlace(lang),
  ];
  return page(lang, titleText, content);
}
