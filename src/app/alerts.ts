/**
 * Telling people that delivery to the aandachtsfunctionaris channel went wrong, by another path than
 * that channel, or that the integrity sweep found data files it cannot read safely: a calm message in
 * the personal chat of every aandachtsfunctionaris, deputy and beheerder (the Notifier), and a notice
 * in the local web panel where it runs. The messages name the case reference (or the files) and what
 * to do, never anything of the case itself.
 */
import type { DeadLetter } from '../cases/deadLetters.js';
import { RESTORABLE } from '../cases/delivery.js';
import type { Notifier } from '../cases/notify.js';
import type { Lang } from '../domain/types.js';
import type { Translator } from '../i18n/index.js';
import type { OrgSettings } from '../org/settings.js';
import type { DamagedFile, Store } from '../store/store.js';
import type { Logger as Log } from '../log.js';
import { pushItems, readItems } from './channelDocs.js';

/** The web panel's notices (newest first). */
export const WEB_NOTICES_DOC = 'web-af-notices';
const MAX_NOTICES = 50;
/** Damaged files a notice names; the log names every one. */
const MAX_FILES_NAMED = 20;

export interface WebNotice {
  id: string;
  at: string;
  text: string;
}

/** Why a registered channel was cleared. */
export type RemovalReason = 'app-removed' | 'bot-removed' | 'channel-deleted' | 'team-deleted' | 'app-uninstalled' | 'tokens-revoked';

export interface AlertDeps {
  store: Store;
  settings: () => OrgSettings;
  notifier: Notifier;
  translator: Translator;
  orgLang: Lang;
  clock: () => Date;
  log: Log;
  /** Whether the local web panel runs (then notices also go there). */
  webPanel: () => boolean;
}

/** The platform names as people know them. */
const PLATFORM: Record<string, string> = { teams: 'Teams', slack: 'Slack', web: 'web' };

/** The case reference of a queued post: the one thing of the case the messages name. */
function refOf(payload: unknown): string {
  const ref = (payload as { summary?: { ref?: unknown } } | undefined)?.summary?.ref;
  return typeof ref === 'string' ? ref : '?';
}

export class Alerts {
  private seq = 0;

  constructor(private readonly deps: AlertDeps) {}

  /** A post a channel did not take, or that may not have arrived: tell the leads and beheerders. */
  async deadLetter(letter: DeadLetter): Promise<void> {
    const key = letter.reason === 'unsure' ? 'delivery.unsure' : RESTORABLE.has(letter.reason) ? 'delivery.channelGone' : 'delivery.refused';
    await this.tellDelivery(key, { ref: refOf(letter.payload), platform: PLATFORM[letter.sink] ?? letter.sink }, letter.sink);
  }

  /** A post that keeps failing for a passing reason (the platform unavailable): still tried, but late. */
  async delayed(info: { sink: string; payload: unknown }): Promise<void> {
    await this.tellDelivery('delivery.delayed', { ref: refOf(info.payload), platform: PLATFORM[info.sink] ?? info.sink }, info.sink);
  }

  /** A registered channel was cleared (the app removed, the channel deleted, Slack uninstalled): tell everyone who can act. */
  async channelRemoved(platform: string, reason: RemovalReason): Promise<void> {
    const key = platform === 'slack' ? 'delivery.slackRevoked' : 'delivery.channelRemoved';
    // Without its tokens the Slack app reaches nobody in Slack: the others, and the web panel, still hear it.
    await this.tellDelivery(key, { platform: PLATFORM[platform] ?? platform }, platform, platform === 'slack' ? 'slack:' : undefined);
  }

  /** Data files the integrity sweep refused (sweep.ts): named by their path in the data folder, with why; never what they hold. */
  async damagedFiles(files: readonly DamagedFile[]): Promise<void> {
    const { translator } = this.deps;
    const named = files.slice(0, MAX_FILES_NAMED);
    const text = (lang: Lang) => {
      const list = named.map((d) => `${d.file} (${translator.t(lang, `store.damage.reason.${d.reason}`)})`);
      if (files.length > named.length) list.push(translator.t(lang, 'store.damage.more', { count: files.length - named.length }));
      return translator.t(lang, 'store.damage.notice', { files: list.join(', ') });
    };
    await this.tell(text, 'store.damage.alerted', {});
  }

  /** Every aandachtsfunctionaris, deputy and beheerder, once each. */
  private recipients(): string[] {
    const s = this.deps.settings();
    return [...new Set([...s.aandachtsfunctionarissen, ...s.deputies, ...s.beheerders])];
  }

  /** A message about delivery to the channel of `platform` (`key` under "delivery."), with how to set that channel up again. */
  private async tellDelivery(key: string, params: Record<string, string>, platform: string, unreachable?: string): Promise<void> {
    const { translator } = this.deps;
    const howto = (lang: Lang) => translator.t(lang, platform === 'slack' ? 'delivery.howto.slack' : platform === 'teams' ? 'delivery.howto.teams' : 'delivery.howto.other');
    await this.tell((lang) => translator.t(lang, key, { ...params, howto: howto(lang) }), 'delivery.alerted', { kind: key.replace('delivery.', '').toLowerCase() }, unreachable);
  }

  /** Sends `text` (in each person's language) to everyone who can act, except user keys starting with `unreachable`; logs `event` with how many it reached. */
  private async tell(text: (lang: Lang) => string, event: string, fields: Record<string, string>, unreachable?: string): Promise<void> {
    const { store, orgLang } = this.deps;
    let reached = 0;
    for (const userKey of this.recipients().filter((k) => unreachable === undefined || !k.startsWith(unreachable))) {
      const lang = (await store.loadUser<{ lang?: Lang }>(userKey).catch(() => undefined))?.lang ?? orgLang;
      try {
        const ok = await this.deps.notifier.send(userKey, [{ kind: 'info', tone: 'warning', text: text(lang) }], lang);
        if (ok) reached++;
      } catch (err) {
        // A channel that is itself failing (e.g. Slack after its tokens were revoked): the others still hear it.
        this.deps.log('notify.failed', { platform: userKey.split(':')[0], error: err instanceof Error ? err.name : typeof err });
      }
    }
    if (this.deps.webPanel()) {
      const at = this.deps.clock().toISOString();
      const notice: WebNotice = { id: `${Date.parse(at).toString(36)}-${(this.seq++).toString(36)}`, at, text: text(orgLang) };
      await pushItems(store, WEB_NOTICES_DOC, [notice], MAX_NOTICES, true);
    }
    this.deps.log(event, { ...fields, count: reached });
  }
}

export function webNotices(store: Store): Promise<WebNotice[]> {
  return readItems<WebNotice>(store, WEB_NOTICES_DOC);
}
