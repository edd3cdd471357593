/**
 * Times as people read them: in the organisation's time zone (an IANA name, validated with the
 * settings), `YYYY-MM-DD HH:MM`. Stored times stay ISO/UTC; only what is shown is local.
 */
export const DEFAULT_TIME_ZONE = 'Europe/Amsterdam';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** `YYYY-MM-DD HH:MM` in `timeZone`; an unreadable time is returned as it was stored. */
export function localTime(iso: string, timeZone: string = DEFAULT_TIME_ZONE): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const p: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(ms)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** `YYYY-MM-DD` in `timeZone`. */
export const localDate = (iso: string, timeZone: string = DEFAULT_TIME_ZONE): string => localTime(iso, timeZone).slice(0, 10);

/** The local date (`YYYY-MM-DD` in `timeZone`) `days` days before the moment `iso`. */
export function localDateBefore(iso: string, days: number, timeZone: string = DEFAULT_TIME_ZONE): string {
  const [y, m, d] = localDate(iso, timeZone).split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) - days)).toISOString().slice(0, 10);
}

/** The formatter of {@link readableDay} per language, made once (making one costs more than formatting). */
const dayFormats = new Map<'nl' | 'en', Intl.DateTimeFormat>();

/** A stored day (`YYYY-MM-DD`) as people write it ("2 december 2026", "2 December 2026"); anything else as it is. */
export function readableDay(value: string, lang: 'nl' | 'en'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const ms = Date.parse(`${value}T12:00:00Z`);
  if (Number.isNaN(ms)) return value;
  let f = dayFormats.get(lang);
  if (!f) dayFormats.set(lang, (f = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })));
  return f.format(ms);
}
