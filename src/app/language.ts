/**
 * The one way to find the language to speak to a user in: the language their conversation runs in
 * (chosen in the dialogue, kept with their state), else what their platform says now, else what it
 * said when we last saw them (their profile), else the organisation's default.
 */
import type { Lang } from '../domain/types.js';
import type { UserState } from '../engine/types.js';
import { langFromLocale } from '../i18n/index.js';
import { loadProfile } from '../store/profiles.js';
import { isStoreOutage, StoreError, type Store } from '../store/store.js';

/** The platform locale kept in a profile's address (a Teams conversation reference or a Slack profile carry one). */
export function profileLocale(address: unknown): string | undefined {
  const locale = address !== null && typeof address === 'object' ? (address as { locale?: unknown }).locale : undefined;
  return typeof locale === 'string' && locale !== '' ? locale : undefined;
}

/** How many users' last language is remembered in memory, for answering while the store is down. */
const REMEMBERED = 10_000;

export class UserLanguage {
  /** The language last found per user: what a message in a store outage is written in. */
  readonly #last = new Map<string, Lang>();

  constructor(private readonly deps: { store: Store; orgLang: Lang }) {}

  /**
   * `locale`: what the platform says for this request (e.g. "en-GB"), if anything. While the store
   * cannot be used (isStoreOutage) this does not fail: the language last found for the user, else the
   * platform's, else the organisation's, so the "try again shortly" message is in the user's language.
   */
  async of(userKey: string, locale?: string): Promise<Lang> {
    try {
      const lang = await this.lookUp(userKey, locale);
      this.#remember(userKey, lang);
      return lang;
    } catch (err) {
      if (!isStoreOutage(err)) throw err;
      return this.#last.get(userKey) ?? (locale ? langFromLocale(locale) : this.deps.orgLang);
    }
  }

  /**
   * The language for someone whose state says none (new, erased or unreadable), found without reading the state:
   * the language last found for them in this process, else what the platform says now, else their profile, else
   * the organisation's. A dialogue turn passes this to the turn runner, which reads the state itself (the state's
   * language wins there), so a turn reads the user's state once. Never fails: while the store cannot be used, the
   * profile is not needed for the "try again shortly" message.
   */
  async seed(userKey: string, locale?: string): Promise<Lang> {
    const last = this.#last.get(userKey);
    if (last) return last;
    if (locale) return langFromLocale(locale);
    try {
      const known = profileLocale((await loadProfile(this.deps.store, userKey)).address);
      return known ? langFromLocale(known) : this.deps.orgLang;
    } catch (err) {
      if (!isStoreOutage(err)) throw err;
      return this.deps.orgLang;
    }
  }

  /** Notes the language a turn ran in: what {@link seed} and a message during a store outage use. */
  noted(userKey: string, lang: Lang): void {
    this.#remember(userKey, lang);
  }

  private async lookUp(userKey: string, locale?: string): Promise<Lang> {
    const chosen = await this.stateLang(userKey);
    if (chosen) return chosen;
    if (locale) return langFromLocale(locale);
    const known = profileLocale((await loadProfile(this.deps.store, userKey)).address);
    return known ? langFromLocale(known) : this.deps.orgLang;
  }

  #remember(userKey: string, lang: Lang): void {
    if (this.#last.get(userKey) === lang) return;
    this.#last.delete(userKey);
    if (this.#last.size >= REMEMBERED) this.#last.delete(this.#last.keys().next().value as string);
    this.#last.set(userKey, lang);
  }

  /** Whether the platform's locale for this user is known already (so it need not be asked for). */
  async knowsLocale(userKey: string): Promise<boolean> {
    try {
      return profileLocale((await loadProfile(this.deps.store, userKey)).address) !== undefined;
    } catch (err) {
      // While the store is down there is nowhere to keep it: ask at a later turn.
      if (isStoreOutage(err)) return true;
      throw err;
    }
  }

  private async stateLang(userKey: string): Promise<Lang | undefined> {
    try {
      return (await this.deps.store.loadUser<UserState>(userKey))?.lang;
    } catch (err) {
      // An unreadable state file is reported by the turn itself; the language falls back.
      if (err instanceof StoreError && err.code === 'CORRUPT_FILE') return undefined;
      throw err;
    }
  }
}
