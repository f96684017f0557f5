import preschool from './services/preschool-queue.json';
import { ServiceEntrySchema, type ServiceEntry, type DocumentSpec } from './schema';

export * from './schema';

/** Entries shipped with the app; the district's overrides are merged over them at run time. */
export const builtInCatalog: ServiceEntry[] = [preschool].map((e) => ServiceEntrySchema.parse(e));

export class Catalog {
  private byCode: Map<string, ServiceEntry>;
  constructor(entries: ServiceEntry[] = builtInCatalog, overrides: unknown[] = []) {
    this.byCode = new Map(entries.map((e) => [e.code, e]));
    for (const o of overrides) {
      const e = ServiceEntrySchema.parse(o);
      this.byCode.set(e.code, e);
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

export type DocumentContext = { hasPriority: boolean; isProxy: boolean; childBirthDate?: string; category?: string; inRegistry?: boolean };

/** Whether a document must be presented for this application (the checklist's "required" mark). */
export function isDocumentRequired(doc: DocumentSpec, ctx: DocumentContext): boolean {
  if (doc.requirement === 'always') return true;
  if (doc.requirement === 'optional' || !doc.when) return false;
  const w = doc.when;
  switch (w.kind) {
    case 'priority': return ctx.hasPriority;
    case 'proxy': return ctx.isProxy;
    case 'childBornBefore': return !!ctx.childBirthDate && ctx.childBirthDate < w.date;
    case 'category': return !!ctx.category && w.categories.includes(ctx.category);
    case 'notInRegistry': return ctx.inRegistry === false;
  }
}

/** The required documents not ticked as presented: what a refusal-to-accept receipt lists. */
export function missingDocuments(entry: ServiceEntry, presented: string[], ctx: DocumentContext): DocumentSpec[] {
  const have = new Set(presented);
  return entry.documents.filter((d) => isDocumentRequired(d, ctx) && !have.has(d.code));
}
