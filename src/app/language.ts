/**
 * The one way to find the language to speak to a user in: the language their conversation runs in
 * (chosen in the dialogue, kept with their state), else what their platform says now, else what it
 * said when we last saw them (their profile), else the organisation's default.
 */
import type { Lang } from '../domain/types.js';
import type { UserState } from '../engine/types.js';
import { langFromLocale } from '../i18n/index.js';
import { loadProfile } from '../store/profiles.js';
import { StoreError, type Store } from '../store/store.js';

/** The platform locale kept in a profile's address (a Teams conversation reference or a Slack profile carry one). */
export function profileLocale(address: unknown): string | undefined {
  const locale = address !== null && typeof address === 'object' ? (address as { locale?: unknown }).locale : undefined;
  return typeof locale === 'string' && locale !== '' ? locale : undefined;
}

export class UserLanguage {
  constructor(private readonly deps: { store: Store; orgLang: Lang }) {}

  /** `locale`: what the platform says for this request (e.g. "en-GB"), if anything. */
  async of(userKey: string, locale?: string): Promise<Lang> {
    const chosen = await this.stateLang(userKey);
    if (chosen) return chosen;
    if (locale) return langFromLocale(locale);
    const known = profileLocale((await loadProfile(this.deps.store, userKey)).address);
    return known ? langFromLocale(known) : this.deps.orgLang;
  }

  /** Whether the platform's locale for this user is known already (so it need not be asked for). */
  async knowsLocale(userKey: string): Promise<boolean> {
    return profileLocale((await loadProfile(this.deps.store, userKey)).address) !== undefined;
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
