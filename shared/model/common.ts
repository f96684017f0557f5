import { z } from 'zod';
import { TEXT_LIMITS, textProblem } from '../records/bounds';

export const LangSchema = z.enum(['kk', 'ru']);
export type Lang = z.infer<typeof LangSchema>;
/** A text the office keeps in both state languages (names of offices, kindergartens...). */
export const BiTextSchema = z.object({ kk: z.string().trim().min(1), ru: z.string().trim().min(1) });
export type BiText = z.infer<typeof BiTextSchema>;

/**
 * Years a record may name. Records travel from laptops the server does not
 * trust: a date the database cannot hold (year 0000) must be refused as
 * invalid input, not fail deep in an INSERT.
 */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
const yearInRange = (s: string) => {
  const y = Number(s.slice(0, 4));
  return y >= MIN_YEAR && y <= MAX_YEAR;
};
/** A real calendar day (no 30 February), YYYY-MM-DD. */
export const IsoDateSchema = z.iso.date().refine(yearInRange, { message: `year ${MIN_YEAR}..${MAX_YEAR}` });
/** A real instant with its offset (ISO 8601). */
export const InstantSchema = z.iso
  .datetime({ offset: true })
  .refine(yearInRange, { message: `year ${MIN_YEAR}..${MAX_YEAR}` });

/** PostgreSQL's integer: versions and numbers stored in such columns. */
export const INT32_MAX = 2_147_483_647;
/**
 * A record or person id: UUIDv7 made on a device, or a short readable id
 * (age groups, the district pseudo-device). Bounded because ids are keys of
 * database indexes and of every lookup.
 */
export const ID_MAX = 64;
export const IdSchema = z
  .string()
  .min(1)
  .max(ID_MAX)
  .regex(/^[A-Za-z0-9_.:-]+$/, { message: 'letters, digits and _ . : - only' });
/** A catalog entry's code (preschool-queue): also the name of its journal. */
export const ServiceCodeSchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9-]+$/);
/** A journal year and a number in it (official numbers). */
export const JournalYearSchema = z.number().int().min(2000).max(MAX_YEAR);
export const JournalSeqSchema = z.number().int().positive().max(9_999_999);
export const VersionSchema = z.number().int().nonnegative().max(INT32_MAX);

/**
 * clerk, head, executor: an office's roles in the five steps. admin and
 * specialist are the district education department's console roles (a
 * district head is `head`); shared/district/admin.ts says what each may do.
 */
export const RoleSchema = z.enum(['clerk', 'head', 'executor', 'admin', 'specialist']);
export type Role = z.infer<typeof RoleSchema>;
/** The roles of an office's five steps (the desk's staff forms offer these). */
export const ROLES: Role[] = ['clerk', 'head', 'executor'];

/** Typed text of a given length, refused where it could not be printed as typed (see textProblem). */
const typed = (max: number) =>
  z.string().check((ctx) => {
    const p = textProblem(ctx.value, max);
    if (p) ctx.issues.push({ code: 'custom', message: p, params: { max }, input: ctx.value });
  });
/** A person's name part (surname, given name, patronymic). */
export const NameSchema = typed(TEXT_LIMITS.name);
/** One line of a paper: an address, a document's number and issuer, a workplace. */
export const LineSchema = typed(TEXT_LIMITS.line);
/** A paragraph: a reason, a decision's text. */
export const ParagraphSchema = typed(TEXT_LIMITS.text);
