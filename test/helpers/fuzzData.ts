/** Deterministic random input for robustness tests: a seeded PRNG, junk values and a bounded task pool. */

/** mulberry32: small, fast, good enough for test data; the same seed gives the same sequence. */
export class Rng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** A new generator seeded from this one (for independent streams). */
  fork(): Rng {
    return new Rng(this.int(0xffffffff));
  }
}

/** Pieces random strings are made of: scripts, emoji, invisible and control characters, markup, injection classics, command words. */
const PIECES: readonly string[] = [
  'a', 'Z', '0', '9', ' ', '  ', '.', ',', '-', '_', '#', '%', '&', '+', '=', '?', '/', '\\', '"', "'", '`', '{', '}', '[', ']',
  'é', 'ß', 'ñ', 'ø', 'Ω', 'Ж', 'ق', 'א', '中文', '日本語', '한국어', 'ไทย', '🙂', '👩‍👧‍👦', '🏳️‍🌈', '𝔘𝔫𝔦', '\u0301', '\u200b', '\u200d',
  '\u202e', '\ufeff', '\ufffd', '\u0000', '\u0007', '\u001b[31m', '\n', '\r\n', '\t', '\ud800', '\udfff', '\u2028',
  '<at>Meldcode-assistent</at>', '<at>', '</at>', '<!channel>', '<!here>', '<@U123>', '<#C1|x>', '<script>alert(1)</script>', '<img src=x onerror=1>',
  '../../etc/passwd', '..\\..\\', '%2e%2e%2f', '${jndi:ldap://127.0.0.1/x}', '{{7*7}}', '%s%n%x', "'; DROP TABLE cases; --", '__proto__',
  'constructor', 'prototype', 'toString', 'null', 'undefined', 'NaN', 'true', '[object Object]',
  'hallo', 'hello', 'stop', 'menu', 'terug', 'later', 'help', 'english', 'nederlands', 'zaak MC-ABC123', 'open zaken', 'dossier MC-ZZZ pdf',
  'instellingen', 'instelling volgtermijn 3', 'kanaal', 'registreer', 'stap0', 'ja', 'nee', '1', '2', '99', 'menu#1', 'lead#list',
];

/** A random string of up to `max` pieces, now and then a long one. */
export function junkString(rng: Rng, max = 12): string {
  const r = rng.next();
  // Now and then long (over the 4,000-character limits): a few kilobytes, up to about 24 KB.
  if (r < 0.01) return rng.pick(PIECES).repeat(rng.range(400, 1000)).slice(0, rng.range(4001, 24_000));
  if (r < 0.05) return '';
  const n = rng.range(1, max);
  let s = '';
  for (let i = 0; i < n; i++) s += rng.chance(0.3) ? String.fromCodePoint(rng.range(0x20, 0x2fff)) : rng.pick(PIECES);
  return s;
}

const KEYS: readonly string[] = [
  'type', 'id', 'from', 'conversation', 'text', 'value', 'mc', 'promptId', 'caseId', 'command', 'answer', 'user', 'start', 'locale',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'length', '0', '', 'p', 'v', 'payload', 'event', 'actions', 'state', 'values',
];

/** Any JSON value: nested objects and arrays, odd numbers, odd keys, random strings. */
export function junkValue(rng: Rng, depth = 3): unknown {
  const r = rng.int(depth > 0 ? 10 : 7);
  switch (r) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1, 1.5, -0.0, 1e308, -1e308, 2 ** 53 + 1, 123456789012345678901234567890, rng.int(1000)]);
    case 3:
    case 4:
    case 5:
    case 6:
      return junkString(rng);
    case 7:
    case 8: {
      const o: Record<string, unknown> = {};
      const n = rng.int(5);
      for (let i = 0; i < n; i++) {
        const key = rng.chance(0.7) ? rng.pick(KEYS) : junkString(rng, 3);
        // A JSON "__proto__" key must be an own property, as JSON.parse makes it.
        Object.defineProperty(o, key, { value: junkValue(rng, depth - 1), enumerable: true, configurable: true, writable: true });
      }
      return o;
    }
    default:
      return Array.from({ length: rng.int(5) }, () => junkValue(rng, depth - 1));
  }
}

/** Runs `task(0..total-1)` with at most `concurrency` in flight. */
export async function runPool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
}
