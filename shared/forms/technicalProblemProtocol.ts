/**
 * Protocol of a technical problem (seed 003 Annex 11 §13-1): when the
 * information system fails, the worker responsible for the ICT
 * infrastructure draws it up and the provider signs it. It records what
 * failed, since when, who found it, what could not be entered, and the office.
 */
import type { Lang } from '../model/common';
import { listBlock } from './blocks';
import { page, para, signature, title } from './layout';
import { dateTimeText } from './receipt';
import { dict, fill, pick } from './text';
import type { DocDefinition, PdfContent, TechnicalProblemProtocolFormData } from './types';

export function buildTechnicalProblemProtocol(d: TechnicalProblemProtocolFormData, lang: Lang): DocDefinition {
  const t = dict(lang).technicalProtocol;
  const when = (at: Parameters<typeof dateTimeText>[0]) => dateTimeText(at, lang);
  const content: PdfContent[] = [
    { text: pick(d.office.body, lang), style: 'header' },
    title(t.title),
    { text: fill(t.number, { no: d.protocolNo }), alignment: 'center', margin: [0, -6, 0, 10] },
    para(fill(t.drawnAt, { dateTime: when(d.drawnAt) })),
    para(fill(t.place, { office: pick(d.office.body, lang), address: pick(d.office.address, lang) })),
    para(t.intro, { margin: [0, 6, 0, 6] }),
    ...(d.service ? [para(fill(t.service, { service: pick(d.service, lang) }))] : []),
    para(fill(t.system, { system: pick(d.system, lang) }), { bold: true }),
    para(fill(t.failure, { text: d.failure })),
    para(fill(t.since, { dateTime: when(d.since) })),
    para(fill(t.detectedBy, { name: d.detectedBy })),
    ...(d.notifiedAt ? [para(fill(t.notifiedAt, { dateTime: when(d.notifiedAt) }))] : []),
    ...listBlock(t.affected, d.affected),
    ...(d.measures ? [para(fill(t.measures, { text: d.measures }))] : []),
    para(d.restoredAt ? fill(t.restoredAt, { dateTime: when(d.restoredAt) }) : t.notRestored),
    signature(
      fill(t.recordedBy, {
        name: d.recordedBy.position ? `${d.recordedBy.name}, ${pick(d.recordedBy.position, lang)}` : d.recordedBy.name,
      }),
    ),
    signature(fill(t.signer, { title: pick(d.signer.title, lang), name: d.signer.name })),
  ];
  return page(lang, t.title, content);
}
