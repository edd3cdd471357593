/**
 * The pictures a reply shows: drawn here (cards/pictures, SVG to PNG), kept in the store for a short while and
 * served from our own server through an unguessable URL, because Teams and Slack fetch card images by URL
 * (platform-facts: Teams card images are PNG/JPEG/GIF ≤ 1024×1024, < 1 MB, no redirects; data URLs are not
 * confirmed for Teams). Kept in the store, not in memory, so any instance behind a load balancer serves them.
 *
 * A picture's document is named by its expiry and the SHA-256 of its token (the store never holds a usable
 * link); an expired one is refused before the store is read, and the sweep removes it by its name alone.
 * The turn keeps only the SVG: rendering (which holds the event loop) happens when the image is first fetched,
 * and the PNG is then kept with it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afwegingPathFromAnswers, afwegingTreeAlt, afwegingTreeSvg } from '../../cards/pictures/afwegingTree.js';
import { MAX_SIDE, renderPng, type Picture } from '../../cards/pictures/render.js';
import { stap0BalanceAlt, stap0BalanceSvg } from '../../cards/pictures/stap0Balance.js';
import type { Lang } from '../domain/types.js';
import type { PictureRequest, Prompt } from '../engine/types.js';
import type { Translator } from '../i18n/index.js';
import { isStoreOutage, type Store } from '../store/store.js';

/** How long a picture's URL works: long enough for a client to load the card again later that day. */
export const PICTURE_TTL_MS = 12 * 60 * 60_000;
const PREFIX = 'picture-';
/** `<expiry in base 36>-<48 hex>`: the path segment of a picture's URL (before `.png`). */
const TOKEN = /^([0-9a-z]{6,10})-([0-9a-f]{48})$/;

interface StoredPicture {
  svg?: string;
  /** Base64, once rendered. */
  png?: string;
  expiresAt: string;
}

/** The size renderPng gives an SVG: scaled down (never up) so neither side exceeds {@link MAX_SIDE}. */
export function pngSize(svg: string): { width: number; height: number } {
  const size = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  const w = Number(size?.[1] ?? MAX_SIDE);
  const h = Number(size?.[2] ?? MAX_SIDE);
  if (w >= h) {
    const width = Math.min(MAX_SIDE, Math.round(w));
    return { width, height: Math.ceil((h * width) / w) };
  }
  const height = Math.min(MAX_SIDE, Math.round(h));
  return { width: Math.ceil((w * height) / h), height };
}

const nameOf = (expiry: string, secret: string) => `${PREFIX}${expiry}-${createHash('sha256').update(secret).digest('hex').slice(0, 40)}`;

export interface PicturesDeps {
  store: Store;
  translator: Translator;
  clock: () => Date;
  /**
   * Base URL the platforms fetch images from (PUBLIC_URL, or the server's own address locally). Absent where
   * nothing serves them (the terminal chat): a picture is then shown as its text alternative.
   */
  baseUrl?: () => string;
  log: (event: string, fields?: Record<string, unknown>) => void;
}

/** Pictures drawn lately, kept to be shown again without drawing them anew (at most this many). */
export const DRAWN_KEPT = 64;

export class Pictures {
  /**
   * What {@link draw} returned lately, by language and what the picture shows. A picture is a function of those
   * alone (answers of the fixed questions, a decision, factor ids: nothing anyone typed), and many cases end on
   * the same route, so drawing it again would only repeat the work (about a millisecond of the event loop).
   */
  readonly #drawn = new Map<string, { svg: string; alt: string }>();

  constructor(private readonly deps: PicturesDeps) {}

  /** Whether pictures are served (else they are shown as their text alternative). */
  get served(): boolean {
    return this.deps.baseUrl !== undefined;
  }

  /** Keeps a rendered picture for {@link PICTURE_TTL_MS} and returns the prompt that shows it. */
  async publish(pic: Picture, title?: string): Promise<Extract<Prompt, { kind: 'image' }>> {
    return this.keep({ png: pic.png.toString('base64') }, pic.alt, { width: pic.width, height: pic.height }, title);
  }

  /** Keeps a picture to be rendered when it is first fetched, and returns the prompt that shows it. */
  async publishSvg(svg: string, alt: string, title?: string): Promise<Extract<Prompt, { kind: 'image' }>> {
    return this.keep({ svg }, alt, pngSize(svg), title);
  }

  private async keep(content: Omit<StoredPicture, 'expiresAt'>, alt: string, size: { width: number; height: number }, title?: string): Promise<Extract<Prompt, { kind: 'image' }>> {
    const base = this.deps.baseUrl?.() ?? '';
    const expiry = Math.ceil((this.deps.clock().getTime() + PICTURE_TTL_MS) / 1000).toString(36);
    const secret = randomBytes(24).toString('hex');
    await this.deps.store.putDoc<StoredPicture>(nameOf(expiry, secret), { ...content, expiresAt: new Date(parseInt(expiry, 36) * 1000).toISOString() });
    const url = `${base}/pictures/${expiry}-${secret}.png`;
    return { kind: 'image', url, alt, ...size, ...(title ? { title } : {}) };
  }

  /**
   * The PNG behind a URL's token while it is valid; undefined for an unknown, malformed or expired one. Drawn when
   * first fetched, and with `keep` (a URL a client fetches, and may fetch again from any instance) kept in the
   * store with the picture.
   */
  async png(token: string, keep = true): Promise<Buffer | undefined> {
    const m = TOKEN.exec(token);
    if (!m?.[1] || !m[2]) return undefined;
    if (parseInt(m[1], 36) * 1000 <= this.deps.clock().getTime()) return undefined;
    const name = nameOf(m[1], m[2]);
    const doc = await this.deps.store.getDoc<StoredPicture>(name);
    if (!doc || Date.parse(doc.expiresAt) <= this.deps.clock().getTime()) return undefined;
    if (doc.png !== undefined) return Buffer.from(doc.png, 'base64');
    if (doc.svg === undefined) return undefined;
    let png: Buffer;
    try {
      png = (await renderPng(doc.svg, '')).png;
    } catch (err) {
      this.deps.log('picture.failed', { error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
    if (keep) await this.deps.store.putDoc<StoredPicture>(name, { png: png.toString('base64'), expiresAt: doc.expiresAt });
    return png;
  }

  /**
   * The PNG behind one of our picture URLs (any host: only its path is read), for a channel that sends the picture
   * itself (Slack's uploads, where Slack cannot fetch the URL): nothing fetches that URL afterwards, so the PNG is
   * not written into the store (over 100 kB a picture, encrypted and written twice); the pictures drawn lately are
   * kept in memory by their SVG (render.ts). Undefined as {@link png}.
   */
  async pngAt(url: string): Promise<Buffer | undefined> {
    const token = /\/pictures\/([^/?#]+)\.png(?:[?#]|$)/.exec(url)?.[1];
    return token === undefined ? undefined : this.png(token, false);
  }

  /** Removes the pictures whose time is up (by their names: nothing is read). */
  async prune(): Promise<number> {
    const now = this.deps.clock().getTime();
    let removed = 0;
    for (const name of await this.deps.store.docNames(PREFIX)) {
      const expiry = /^picture-([0-9a-z]+)-/.exec(name)?.[1];
      if (expiry !== undefined && parseInt(expiry, 36) * 1000 > now) continue;
      await this.deps.store.deleteDoc(name);
      removed++;
    }
    return removed;
  }

  /**
   * Replaces every `picture` request among `prompts` with an `image` (rendered when first fetched), or where
   * nothing serves pictures, with its text alternative.
   */
  async resolve(prompts: Prompt[], lang: Lang): Promise<Prompt[]> {
    if (!prompts.some((p) => p.kind === 'picture')) return prompts;
    const out: Prompt[] = [];
    for (const p of prompts) {
      if (p.kind !== 'picture') {
        out.push(p);
        continue;
      }
      const { svg, alt } = this.draw(p.picture, lang);
      const asText: Prompt = { kind: 'info', tone: 'normal', text: alt };
      // After the turn was saved: a store that fails now costs the picture (its text is shown), not the answer.
      out.push(
        this.served
          ? await this.publishSvg(svg, alt).catch((err: unknown) => {
              if (!isStoreOutage(err)) throw err;
              return asText;
            })
          : asText,
      );
    }
    return out;
  }

  private draw(req: PictureRequest, lang: Lang): { svg: string; alt: string } {
    const t = (l: Lang, key: string, params?: Record<string, unknown>) => this.deps.translator.t(l, key, params);
    if (req.of === 'stap0') {
      const picks = { risks: req.risks, protective: req.protective };
      return this.#remembered(`${lang}\nstap0\n${JSON.stringify(picks)}`, () => ({ svg: stap0BalanceSvg(picks, lang, t), alt: stap0BalanceAlt(picks, lang, t) }));
    }
    const path = afwegingPathFromAnswers({ ...req.answers, ...(req.besluit ? { besluit: req.besluit } : {}), ...(req.bound ? { acuut: 'acuut' } : {}) });
    return this.#remembered(`${lang}\nafweging\n${JSON.stringify(path)}`, () => ({ svg: afwegingTreeSvg(path, lang, t), alt: afwegingTreeAlt(path, lang, t) }));
  }

  /** The picture kept under `key`, or drawn now and kept (the one unused longest makes room). */
  #remembered(key: string, drawIt: () => { svg: string; alt: string }): { svg: string; alt: string } {
    const kept = this.#drawn.get(key);
    if (kept) {
      this.#drawn.delete(key);
      this.#drawn.set(key, kept);
      return kept;
    }
    const drawn = drawIt();
    if (this.#drawn.size >= DRAWN_KEPT) this.#drawn.delete(this.#drawn.keys().next().value as string);
    this.#drawn.set(key, drawn);
    return drawn;
  }
}
