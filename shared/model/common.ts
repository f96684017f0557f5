import { z } from 'zod';

export const LangSchema = z.enum(['kk', 'ru']);
export type Lang = z.infer<typeof LangSchema>;
/** A text the office keeps in both state languages (names of offices, kindergartens...). */
export const BiTextSchema = z.object({ kk: z.string().trim().min(1), ru: z.string().trim().min(1) });
export type BiText = z.infer<typeof BiTextSchema>;
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const InstantSchema = z.string().datetime({ offset: true });
export const RoleSchema = z.enum(['clerk', 'head', 'executor']);
export type Role = z.infer<typeof RoleSchema>;
export const ROLES: Role[] = ['clerk', 'head', 'executor'];
