/**
 * The period the lead's figures cover, in the organisation's time zone. Accepted forms (case and spaces ignored):
 * - nothing, "dit kwartaal", "this quarter": the quarter `now` falls in;
 * - "vorig kwartaal", "last quarter", "previous quarter": the quarter before it;
 * - "dit jaar", "this year": the calendar year `now` falls in (days ahead of today simply hold no cases);
 * - "2026-Q3" (or "2026 Q3", "Q3 2026", "Q3-2026"): that quarter;
 * - "2026-01-01..2026-03-31": those days, both included (at most 1000 days).
 * Periods run from local midnight of the first day up to (not including) local midnight after the last day, so a
 * case started at 23:30 on 31 March in Amsterdam belongs to the first quarter even though it is 21:30 or 22:30 UTC.
 */

/** A half-open interval of instants [from, to), with the local days it stands for. */
export interface Period {
  /** ISO instant of local midnight at the start of the first day. */
  from: string;
  /** ISO instant of local midnight after the last day (exclusive). */
  to: string;
  /** First and last local day, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
  /** "2026-Q3" for a quarter, else "2026-01-01..2026-03-31": no words, so it reads the same in nl and en. */
  label: string;
  /** The IANA time zone the days are local to (the organisation's). */
  timeZone: string;
}

interface Day {
  y: number;
  m: number;
  d: number;
}

const MAX_DAYS = 1000;

/** The local calendar date of an instant in `timeZone`. */
export function localDay(at: Date, timeZone: string): Day {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { y: get('year'), m: get('month'), d: get('day') };
}

/** Offset of `timeZone` from UTC at an instant, in milliseconds (Amsterdam in summer: +2 h). */
function offsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant of local midnight at the start of `day` in `timeZone`. */
export function localMidnight(day: Day, timeZone: string): Date {
  const naive = Date.UTC(day.y, day.m - 1, day.d);
  let t = naive - offsetMs(naive, timeZone);
  // A second pass settles the offset when midnight lies on the other side of a DST change from the naive guess.
  t = naive - offsetMs(t, timeZone);
  return new Date(t);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const dayText = (d: Day) => `${pad(d.y, 4)}-${pad(d.m)}-${pad(d.d)}`;

function addDays(day: Day, n: number): Day {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function validDay(y: number, m: number, d: number): Day | undefined {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (y < 2000 || y > 2999 || t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return undefined;
  return { y, m, d };
}

function span(first: Day, last: Day, label: string, timeZone: string): Period {
  return {
    from: localMidnight(first, timeZone).toISOString(),
    to: localMidnight(addDays(last, 1), timeZone).toISOString(),
    firstDay: dayText(first),
    lastDay: dayText(last),
    label,
    timeZone,
  };
}

/** Quarter `q` (1–4) of year `y`. */
export function quarter(y: number, q: number, timeZone: string): Period {
  const first = { y, m: (q - 1) * 3 + 1, d: 1 };
  const last = addDays({ y: q === 4 ? y + 1 : y, m: q === 4 ? 1 : q * 3 + 1, d: 1 }, -1);
  return span(first, last, `${y}-Q${q}`, timeZone);
}

/** The quarter `at` falls in, locally. */
export function quarterOf(at: Date, timeZone: string): Period {
  const d = localDay(at, timeZone);
  return quarter(d.y, Math.floor((d.m - 1) / 3) + 1, timeZone);
}

/** Parses a period (see the module comment); undefined when the text is not one of the accepted forms. */
export function parsePeriod(text: string | undefined, now: Date, timeZone: string): Period | undefined {
  const s = (text ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
  if (s === '' || s === 'dit kwartaal' || s === 'this quarter') return quarterOf(now, timeZone);
  if (s === 'vorig kwartaal' || s === 'last quarter' || s === 'previous quarter') {
    const d = localDay(now, timeZone);
    const q = Math.floor((d.m - 1) / 3) + 1;
    return q === 1 ? quarter(d.y - 1, 4, timeZone) : quarter(d.y, q - 1, timeZone);
  }
  if (s === 'dit jaar' || s === 'this year') {
    const { y } = localDay(now, timeZone);
    return span({ y, m: 1, d: 1 }, { y, m: 12, d: 31 }, `${y}-01-01..${y}-12-31`, timeZone);
  }
  const yq = /^(\d{4})[- ]?q([1-4])$/.exec(s);
  const qy = /^q([1-4])[- ]?(\d{4})$/.exec(s);
  if (yq || qy) {
    const [y, q] = yq ? [Number(yq[1]), Number(yq[2])] : [Number(qy![2]), Number(qy![1])];
    return y >= 2000 && y <= 2999 ? quarter(y, q, timeZone) : undefined;
  }
  const range = /^(\d{4})-(\d{2})-(\d{2}) ?\.\. ?(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (range) {
    const [a, b] = [validDay(+range[1]!, +range[2]!, +range[3]!), validDay(+range[4]!, +range[5]!, +range[6]!)];
    if (!a || !b) return undefined;
    const days = (Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000;
    if (days < 0 || days >= MAX_DAYS) return undefined;
    return span(a, b, `${dayText(a)}..${dayText(b)}`, timeZone);
  }
  return undefined;
}

/** Whether an ISO instant lies inside the period. */
export function inPeriod(iso: string, p: Period): boolean {
  const t = Date.parse(iso);
  return t >= Date.parse(p.from) && t < Date.parse(p.to);
}
