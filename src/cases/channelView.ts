/** The labels and values of an aandachtsfunctionaris channel card, in the organisation's language. */
import type { ChannelSummary, Effect } from '../engine/types.js';
import type { CaseMeta } from './types.js';
import { includesMelden } from '../domain/advice.js';
import { CONTACTS } from '../domain/contacts.js';
import { STAFF_ROUTES, staffRouteOf } from '../domain/staffRoute.js';
import { sectorById } from '../domain/sectors.js';
import type { Lang } from '../domain/types.js';
import type { ChannelCardView } from '../../cards/channel.js';
import { DEFAULT_TIME_ZONE, localTime } from '../i18n/time.js';

type T = (lang: Lang, key: string, params?: Record<string, unknown>) => string;
export type PostReason = Extract<Effect, { type: 'af.post' }>['reason'];

export function channelView(
  s: ChannelSummary,
  opts: {
    lang: Lang;
    t: T;
    reporterName?: string;
    reason?: PostReason;
    claimed?: Pick<CaseMeta, 'claimedByName' | 'claimedAt'> & Partial<Pick<CaseMeta, 'lead' | 'closedAt'>>;
    /** The organisation's time zone, for the claim time. */
    timeZone?: string;
  },
): ChannelCardView {
  const { lang, t } = opts;
  const sector = sectorById(s.sector);
  // A closed case keeps its urgency as a fact, but no longer shouts: the banner is for what needs someone now.
  const closed = opts.claimed?.lead === 'gesloten' || opts.claimed?.closedAt !== undefined;
  const leadState = opts.claimed?.lead;
  const title = opts.reason ? `${t(lang, 'channel.title')}: ${t(lang, `channel.reason.${opts.reason}`)}` : t(lang, 'channel.title');
  return {
    title,
    refLabel: t(lang, 'channel.ref'),
    sectorLabel: t(lang, 'channel.sector'),
    sectorValue: sector ? sector.text[lang] : t(lang, 'common.none'),
    stepLabel: t(lang, 'summary.step'),
    stepValue: t(lang, 'summary.stepValue', { count: s.step }),
    urgencyLabel: t(lang, 'channel.urgency'),
    urgencyValue: t(lang, s.urgency === 'urgent' ? 'summary.urgent' : 'summary.normal'),
    ...(s.route !== 'meldcode' ? { routeLabel: t(lang, 'channel.route'), routeValue: t(lang, `channel.routeValue.${s.route}`) } : {}),
    ...(s.outcome ? { outcomeLabel: t(lang, 'channel.outcome'), outcomeValue: t(lang, `outcome.${s.outcome}`) } : {}),
    reporterLabel: t(lang, 'channel.reporter'),
    reporterName: opts.reporterName ?? t(lang, 'channel.unknownName'),
    ...(s.urgency === 'urgent' && !closed ? { urgentBanner: t(lang, 'channel.urgent') } : {}),
    ...(leadState && leadState !== 'nieuw' ? { leadStateLabel: t(lang, 'channel.leadState'), leadStateValue: t(lang, `lead.state.${leadState}`) } : {}),
    ...(closed ? { closed: true } : {}),
    claimButton: t(lang, 'channel.claim'),
    detailsButton: t(lang, 'channel.details'),
    ...routeContact(s, lang, t),
    ...statusLine(s, lang, t),
    ...(s.urgency === 'urgent' && !closed ? { alarmLabel: t(lang, 'channel.alarm'), alarmValue: t(lang, 'channel.alarmValue', { alarm: CONTACTS.alarm.phone }) } : {}),
    ...(s.deviation ? { deviationText: t(lang, 'channel.deviation') } : {}),
    ...(opts.claimed?.claimedByName
      ? { claimedText: t(lang, 'channel.claimed', { name: opts.claimed.claimedByName, date: localTime(opts.claimed.claimedAt ?? '', opts.timeZone ?? DEFAULT_TIME_ZONE) }) }
      : {}),
  };
}

/** The contact the lead needs for this case: Veilig Thuis, or the staff route's own (meldcode-facts §1e, Part 2 §4). */
function routeContact(s: ChannelSummary, lang: Lang, t: T): Pick<ChannelCardView, 'contactLabel' | 'contactValue'> {
  if (s.route !== 'medewerker') {
    return { contactLabel: t(lang, 'channel.vt'), contactValue: t(lang, 'channel.vtValue', { vt: CONTACTS['veilig-thuis'].phone }) };
  }
  const contact = STAFF_ROUTES[staffRouteOf(s.sector)].contact;
  if ('phone' in contact) {
    const c = CONTACTS[contact.phone];
    return { contactLabel: c.name[lang], contactValue: `${c.phone} (${c.hours[lang]})` };
  }
  return { contactLabel: t(lang, 'channel.routeContact.label'), contactValue: t(lang, `channel.routeContact.${contact.body}`) };
}

/** A melden decision's progress: the lead sees whether the melding was made yet. */
function statusLine(s: ChannelSummary, lang: Lang, t: T): Pick<ChannelCardView, 'statusLabel' | 'statusValue'> {
  if (s.status === 'melding-gedaan') return { statusLabel: t(lang, 'channel.status'), statusValue: t(lang, 'channel.statusValue.melding-gedaan') };
  if (s.status === 'besluit' && includesMelden(s.outcome)) return { statusLabel: t(lang, 'channel.status'), statusValue: t(lang, 'channel.statusValue.melding-te-doen') };
  return {};
}

/** The channel summary of a stored case (reminders, claims and updates of its card). */
export function summaryOf(meta: CaseMeta): ChannelSummary {
  return {
    caseId: meta.id,
    ref: meta.ref,
    sector: meta.sector,
    route: meta.route,
    step: meta.step,
    urgency: meta.urgency,
    outcome: meta.outcome,
    status: meta.status,
    ...(meta.deviation ? { deviation: true } : {}),
    reporter: meta.owner,
  };
}
