/**
 * How an application came and when its applicant arrived (issue #14): the
 * rules the intake form, the desk and the server apply alike, so a record
 * the desk stored is one the district takes in, and the reports' channel split
 * and waiting-time share count only what could have happened.
 */
import { AppChannelSchema, type AppChannel } from '../reports/channel';
import type { ServiceEntry } from '../catalog/schema';
import type { Office, OfficeType } from '../model/office';
import { InstantSchema } from '../model/common';
import { TEXT_LIMITS, textProblem } from '../records/bounds';
import { normalizeText, searchFold } from '../text/normalize';
import { localParts } from '../time';
import type { FieldError } from './fieldError';

/** What intake records besides the application itself. */
export type ChannelInput = {
  channel?: AppChannel;
  /** The settlement a mobile centre took the application in. */
  settlement?: string;
  /** When the applicant arrived or took a ticket (an instant), where the office records it. */
  arrivalAt?: string;
  ticketNo?: string;
};

/** A ticket number as printed by a queue machine: short, so the longest is this. */
export const TICKET_NO_MAX = 20;

/**
 * Channels where someone stands in a queue the office can time: its own
 * counter, the mobile centre, and a State Corporation counter (whose ticket
 * the papers carry; the catalog has a waiting norm for it). Nobody arrives
 * through the portal.
 */
export function arrivalRecordable(channel: AppChannel): boolean {
  return channel !== 'portal';
}

/**
 * The channel an intake takes unless the clerk picks another: a mobile centre
 * at work in a settlement (an open visit) takes applications there; any other
 * office, and a mobile centre between visits, at its own counter.
 */
export function defaultChannel(
  officeType: OfficeType,
  openVisitSettlement?: string | null,
): { channel: AppChannel; settlement?: string } {
  return officeType === 'mobileCentre' && openVisitSettlement
    ? { channel: 'mobile', settlement: openVisitSettlement }
    : { channel: 'office' };
}

/** Only a mobile centre works by the mobile channel (visits are a mobile centre's too). */
export function channelsFor(officeType: OfficeType): readonly AppChannel[] {
  return AppChannelSchema.options.filter((c) => c !== 'mobile' || officeType === 'mobileCentre');
}

const sameName = (a: string, b: string) => searchFold(a) === searchFold(b);

/**
 * The office's own name of a settlement typed or chosen (its Kazakh name, so
 * one village is one line in a report whatever the clerk's language), or the
 * text as typed where the office lists none that matches.
 */
export function canonicalSettlement(name: string, listed: Office['settlements']): string {
  const typed = normalizeText(name);
  const hit = (listed ?? []).find((s) => sameName(s.name.kk, typed) || sameName(s.name.ru, typed));
  return hit ? hit.name.kk : typed;
}

type ChannelRuleOptions = {
  offsetMinutes?: number;
  /** The office's type, where known: only a mobile centre takes the mobile channel. */
  officeType?: OfficeType;
  /**
   * Names a settlement may have (the office's list in both languages, and the
   * settlement of the visit open on the laptop); absent or empty: any name.
   */
  settlements?: readonly string[];
};

/**
 * The channel and arrival of an application accepted at `acceptedAt`: the
 * channel is one of the four (the mobile one only at a mobile centre); a
 * settlement with the mobile channel and only with it (one of the office's
 * where it lists them); the arrival, if recorded, at a counter someone stands
 * at, not after the acceptance and on the same office-local day (a queue is
 * not carried over a night), and a ticket number short enough for its field.
 */
export function channelErrors(input: ChannelInput, acceptedAt: string, opts: ChannelRuleOptions = {}): FieldError[] {
  const errors: FieldError[] = [];
  const parsed = input.channel === undefined ? null : AppChannelSchema.safeParse(input.channel);
  if (parsed && !parsed.success) return [{ field: 'channel', code: 'channel.unknown' }];
  const channel = parsed?.data;
  if (channel === 'mobile' && opts.officeType && opts.officeType !== 'mobileCentre')
    errors.push({ field: 'channel', code: 'channel.mobileOnlyAtCentre' });
  const settlement = input.settlement?.trim() ?? '';
  if (channel === 'mobile') {
    if (!settlement) errors.push({ field: 'settlement', code: 'channel.settlementRequired' });
    else if (opts.settlements?.length && !opts.settlements.some((s) => sameName(s, settlement)))
      errors.push({ field: 'settlement', code: 'channel.settlementUnknown' });
  } else if (settlement) errors.push({ field: 'settlement', code: 'channel.settlementNotMobile' });
  for (const [field, value, max] of [
    ['settlement', input.settlement, TEXT_LIMITS.line],
    ['ticketNo', input.ticketNo, TICKET_NO_MAX],
  ] as const) {
    const p = value ? textProblem(value, max) : null;
    if (p) errors.push({ field, code: p, ...(p === 'text.tooLong' ? { params: { max } } : {}) });
  }
  const inPerson = !channel || arrivalRecordable(channel);
  if (input.ticketNo?.trim() && !inPerson) errors.push({ field: 'ticketNo', code: 'arrival.notInPerson' });
  if (input.arrivalAt !== undefined) {
    if (!InstantSchema.safeParse(input.arrivalAt).success || Number.isNaN(Date.parse(input.arrivalAt)))
      errors.push({ field: 'arrivalAt', code: 'arrival.invalid' });
    else if (!inPerson) errors.push({ field: 'arrivalAt', code: 'arrival.notInPerson' });
    else if (Date.parse(input.arrivalAt) > Date.parse(acceptedAt))
      errors.push({ field: 'arrivalAt', code: 'arrival.afterAcceptance' });
    else if (localParts(input.arrivalAt, opts.offsetMinutes).date !== localParts(acceptedAt, opts.offsetMinutes).date)
      errors.push({ field: 'arrivalAt', code: 'arrival.otherDay' });
  }
  return errors;
}

/**
 * The waiting norm in minutes for an application of the entry by a channel:
 * the entry's own limit at the provider's counter, the State Corporation's
 * where the entry sets one (else the provider's), none for the portal.
 */
export function waitNormMinutes(
  entry: Pick<ServiceEntry, 'waitMinutes' | 'channelTimes'>,
  channel: AppChannel,
): number | undefined {
  if (channel === 'stateCorporation') return entry.channelTimes?.stateCorporation?.waitMinutes ?? entry.waitMinutes;
  if (channel === 'portal') return entry.channelTimes?.portal?.waitMinutes;
  return entry.waitMinutes;
}

/** Whole minutes the applicant waited, where the arrival is recorded (and not after the acceptance). */
export function waitedMinutes(app: { arrivalAt?: string; acceptedAt: string }): number | undefined {
  if (!app.arrivalAt) return undefined;
  const ms = Date.parse(app.acceptedAt) - Date.parse(app.arrivalAt);
  return ms >= 0 ? Math.floor(ms / 60_000) : undefined;
}
