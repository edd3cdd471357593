/** What every channel adapter (Teams, Slack, web chat) is given. */
import type { Dispatcher } from '../cases/dispatcher.js';
import type { LeadService } from '../cases/lead.js';
import type { Lang } from '../domain/types.js';
import type { Translator } from '../i18n/index.js';
import type { Store } from '../store/store.js';
import type { TurnHandler } from './turns.js';

export interface ChannelDeps {
  /** Runs a turn (the gateway in front of the engine). */
  turns: TurnHandler;
  lead: LeadService;
  store: Store;
  translator: Translator;
  dispatcher: Dispatcher;
  /** Language of channel posts, and of users whose platform gives no locale. */
  orgLang: Lang;
}
