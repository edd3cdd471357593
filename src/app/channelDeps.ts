/** What every channel (Teams, Slack, web chat, …) is given: the shared services, built once by the server. */
import type { Alerts } from './alerts.js';
import type { Dispatcher } from '../cases/dispatcher.js';
import type { LeadService } from '../cases/lead.js';
import type { Lang } from '../domain/types.js';
import type { Prompt } from '../engine/types.js';
import type { Translator } from '../i18n/index.js';
import type { Store } from '../store/store.js';
import type { UserLanguage } from './language.js';
import type { LeadActions, Notice } from './leadActions.js';
import type { Pictures } from './pictures.js';
import type { TurnHandler } from './turns.js';

export type Log = (event: string, fields?: Record<string, unknown>) => void;

/** A log line an outsider can cause: written at most once per event and key a minute. */
export type RefusalLog = (event: string, key: string, fields: Record<string, unknown>) => void;

export interface ChannelDeps {
  /** Runs a turn (the gateway in front of the engine). */
  turns: TurnHandler;
  lead: LeadService;
  /** Claims, details and case cards, the same for every channel. */
  actions: LeadActions;
  /** The one way to find a user's language. */
  language: UserLanguage;
  /** For the channel's own documents, through app/channelDocs.ts; and the names of documents. */
  store: Store;
  translator: Translator;
  dispatcher: Dispatcher;
  /** Tells the leads and beheerders that a channel was removed (or a post not delivered), by another path. */
  alerts: Alerts;
  /** Language of channel posts, and of users whose platform gives no locale. */
  orgLang: Lang;
  clock: () => Date;
  log: Log;
  refused: RefusalLog;
  /** Delivers a notice to a person through whichever channel serves them (false: not reachable). */
  tell(notice: Notice): Promise<boolean>;
  /** The PNG behind a picture URL of a reply, for a platform that needs the file itself (Slack without PUBLIC_URL). */
  pictures: Pick<Pictures, 'pngAt'>;
  /** Sends prompts to a person outside a turn, through whichever channel serves them. */
  reach(userKey: string, prompts: Prompt[], lang: Lang): Promise<boolean>;
}
