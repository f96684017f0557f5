/**
 * How an application reached the provider (issue #14). The desk records one of
 * the four; the annual report (seed 004) splits services three ways: by the
 * provider itself (at the office or by its mobile centre), through the State
 * Corporation, electronically (the e-government portal).
 */
import { z } from 'zod';
import type { OfficeType } from '../model/office';

export const AppChannelSchema = z.enum(['office', 'mobile', 'stateCorporation', 'portal']);
export type AppChannel = z.infer<typeof AppChannelSchema>;

/** Seed 004's split: «көрсетілетін қызметті беруші арқылы», «Мемлекеттік корпорация арқылы», «электрондық түрде». */
export const REPORT_CHANNELS = ['provider', 'stateCorporation', 'portal'] as const;
export type ReportChannel = (typeof REPORT_CHANNELS)[number];

export function reportChannel(c: AppChannel): ReportChannel {
  return c === 'office' || c === 'mobile' ? 'provider' : c;
}

/** Channels counted only as monthly totals entered at the district (they never pass through a desk). */
export const OUTSIDE_CHANNELS = ['stateCorporation', 'portal'] as const satisfies readonly AppChannel[];
export type OutsideChannel = (typeof OUTSIDE_CHANNELS)[number];

/**
 * The channel of a record saved before channels were recorded: a mobile centre's
 * applications came by the mobile centre, every other office's at its counter.
 */
export function channelOf(app: { channel?: AppChannel }, officeType?: OfficeType): AppChannel {
  return app.channel ?? (officeType === 'mobileCentre' ? 'mobile' : 'office');
}
