/**
 * Organisation settings kept in the store, so every instance on one database works with the same people and
 * terms. The settings file only seeds the store on the first start; after that the store is the source of truth
 * and a beheerder's change in chat is written there (compare-and-set, see `Store.modifyDoc`).
 *
 * The file does not win when it changes later: a backup or an old deploy that still lists someone who has since
 * been removed as aandachtsfunctionaris or beheerder would otherwise hand that person their role back without
 * anyone noticing. Re-applying the file is an explicit step (`npm start -- --reseed-settings`); a file that
 * differs from the store is logged at start-up (`settings.file.ignored`) so that step is not forgotten.
 */
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { parseSettings, SettingsError, type OrgSettings } from './settings.js';

/** The store document holding the settings. */
export const SETTINGS_DOC = 'org-settings';

/** How long a read of the settings document is reused before the next turn reads it again, by default. */
export const SETTINGS_MAX_AGE_MS = 5_000;

/** The stored document: the settings and where they last came from. */
interface SettingsDoc {
  settings: OrgSettings;
  /** 'seed' (the settings file, first start or --reseed-settings) or 'chat' (a beheerder's command). */
  source: 'seed' | 'chat';
  updatedAt: string;
}

/**
 * Settings as the rest of the code reads them: synchronously through {@link get}. {@link refresh} brings them up
 * to date with the store (cheaply: at most one read per `maxAgeMs`) and is awaited at the start of each turn.
 */
export interface SettingsHolder {
  get(): OrgSettings;
  /** Re-reads the store when the last read is older than the cache age. Never throws: the last good settings stay. */
  refresh(): Promise<void>;
  /**
   * Applies `change` to the settings now in the store and writes the result, atomically across instances.
   * A {@link SettingsError} from `change` or from validation leaves the store as it was.
   */
  update(change: (current: OrgSettings) => OrgSettings): Promise<OrgSettings>;
}

export interface StoredSettingsOptions {
  /** Settings from the file (or the defaults, without one): written to the store when it has none yet. */
  seed: OrgSettings;
  /** Write `seed` even when the store has settings (`--reseed-settings`). */
  reseed?: boolean;
  /** How long a read is reused; 0 reads the store on every refresh. */
  maxAgeMs?: number;
  /** Monotonic milliseconds for the cache age; not the business clock, which tests may stop. */
  now?: () => number;
  clock?: () => Date;
  log?: Logger;
}

/** Keys sorted, so two equal settings compare equal whatever order their fields were written in. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x,
  );
}

function fromStore(doc: SettingsDoc | undefined): OrgSettings {
  try {
    if (!doc || typeof doc !== 'object') throw new SettingsError('', 'the settings document is missing or not an object.');
    return parseSettings(doc.settings);
  } catch (e) {
    if (e instanceof SettingsError) throw new SettingsError(e.field, `Settings in the store (${SETTINGS_DOC}): ${e.message}`);
    throw e;
  }
}

export class StoredSettings implements SettingsHolder {
  #current: OrgSettings;
  #readAt: number;
  #reading: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly store: Store,
    current: OrgSettings,
    private readonly opts: Required<Pick<StoredSettingsOptions, 'maxAgeMs' | 'now' | 'clock' | 'log'>>,
  ) {
    this.#current = current;
    this.#readAt = opts.now();
  }

  /**
   * Reads the settings from the store, seeding it first when it has none (or when asked to reseed). Refuses
   * (SettingsError) when the stored settings are invalid, as start-up refuses an invalid file.
   */
  static async open(store: Store, o: StoredSettingsOptions): Promise<StoredSettings> {
    const opts = {
      maxAgeMs: o.maxAgeMs ?? SETTINGS_MAX_AGE_MS,
      now: o.now ?? (() => performance.now()),
      clock: o.clock ?? (() => new Date()),
      log: o.log ?? (() => undefined),
    };
    const seed = parseSettings(o.seed);
    const { value, changed } = await store.modifyDoc<SettingsDoc>(SETTINGS_DOC, (current) =>
      current === undefined || o.reseed ? { settings: seed, source: 'seed', updatedAt: opts.clock().toISOString() } : undefined,
    );
    const settings = fromStore(value);
    if (changed) opts.log('settings.seeded', { reseed: o.reseed === true });
    else if (canonical(settings) !== canonical(seed)) opts.log('settings.file.ignored', { source: value?.source ?? 'unknown' });
    return new StoredSettings(store, settings, opts);
  }

  get(): OrgSettings {
    return this.#current;
  }

  async refresh(): Promise<void> {
    if (this.opts.now() - this.#readAt < this.opts.maxAgeMs) return;
    // Turns that start together share one read.
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    return this.#reading;
  }

  async #read(): Promise<void> {
    try {
      const doc = await this.store.getDoc<SettingsDoc>(SETTINGS_DOC);
      // A document that vanished (a store wiped by hand) leaves the last good settings in place.
      if (doc !== undefined) this.#current = fromStore(doc);
      this.#readAt = this.opts.now();
    } catch (e) {
      // Working on with the settings read a moment ago beats failing every turn; the next refresh tries again.
      this.opts.log('settings.refresh.failed', { code: (e as { code?: string }).code ?? (e instanceof Error ? e.name : 'unknown') });
    }
  }

  async update(change: (current: OrgSettings) => OrgSettings): Promise<OrgSettings> {
    let next: OrgSettings | undefined;
    await this.store.modifyDoc<SettingsDoc>(SETTINGS_DOC, (doc) => {
      next = parseSettings(change(doc === undefined ? this.#current : fromStore(doc)));
      return { settings: next, source: 'chat', updatedAt: this.opts.clock().toISOString() };
    });
    this.#current = next!;
    this.#readAt = this.opts.now();
    return next!;
  }

  /** Re-reads every `intervalMs` in the background, for work that does not start with a turn (buttons, reminders). */
  start(intervalMs: number): void {
    this.stop();
    this.#timer = setInterval(() => {
      void this.refresh();
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
