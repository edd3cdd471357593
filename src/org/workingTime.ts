/**
 * Working-time arithmetic for reminders ("remind the aandachtsfunctionarissen after 4 working hours").
 *
 * Working time is the local hours [start, end) on the listed weekdays in `timeZone`. Local time comes from
 * Intl.DateTimeFormat, so daylight saving is the time zone database's business, not ours. The walk goes one
 * local clock hour at a time: working periods begin and end on whole local hours, and a DST change happens on
 * an hour boundary, so each step lies entirely inside or entirely outside working time. 168 working hours on a
 * 9-to-5 week is about 650 steps.
 */
import type { WorkingHours } from './settings.js';

const HOUR_MS = 3_600_000;
const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

interface LocalParts {
  weekday: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function localParts(ms: number, timeZone: string): LocalParts {
  const out: LocalParts = { weekday: 0, hour: 0, minute: 0, second: 0 };
  for (const p of formatter(timeZone).formatToParts(ms)) {
    if (p.type === 'weekday') out.weekday = WEEKDAYS[p.value] ?? 0;
    // Some ICU versions write midnight as "24" even with h23.
    else if (p.type === 'hour') out.hour = Number(p.value) % 24;
    else if (p.type === 'minute') out.minute = Number(p.value);
    else if (p.type === 'second') out.second = Number(p.value);
  }
  if (out.weekday === 0) throw new Error(`Could not read the weekday in time zone ${timeZone}.`);
  return out;
}

function check(wh: WorkingHours): void {
  const ok =
    Number.isInteger(wh.start) &&
    Number.isInteger(wh.end) &&
    wh.start >= 0 &&
    wh.end <= 24 &&
    wh.start < wh.end &&
    wh.days.length > 0 &&
    wh.days.every((d) => Number.isInteger(d) && d >= 1 && d <= 7);
  if (!ok) throw new RangeError(`Working hours ${JSON.stringify(wh)} contain no working time.`);
  formatter(wh.timeZone); // throws RangeError for an unknown time zone
}

function working(p: LocalParts, wh: WorkingHours): boolean {
  return wh.days.includes(p.weekday) && p.hour >= wh.start && p.hour < wh.end;
}

/** Whether `d` falls inside working time. */
export function isWorkingTime(d: Date, wh: WorkingHours): boolean {
  check(wh);
  return working(localParts(d.getTime(), wh.timeZone), wh);
}

/**
 * The moment at which `minutes` of working time have passed since `start`. Outside working time the count
 * starts at the next working period; a count that ends exactly at the end of a period returns that end
 * (Friday 16:00 + 60 min = Friday 17:00). With `minutes` 0 it returns `start`, or the next period's start.
 */
export function addWorkingMinutes(start: Date, minutes: number, wh: WorkingHours): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number ≥ 0, not ${minutes}.`);
  if (Number.isNaN(start.getTime())) throw new RangeError('start is not a valid date.');
  check(wh);
  let t = start.getTime();
  let remaining = Math.round(minutes * 60_000);
  // At least one working hour per week, so a week of steps per working hour (plus one week) always suffices.
  const maxSteps = (Math.ceil(remaining / HOUR_MS) + 1) * 24 * 7 + 48;
  for (let step = 0; step < maxSteps; step++) {
    const p = localParts(t, wh.timeZone);
    const ms = ((t % 1000) + 1000) % 1000;
    const toNextHour = HOUR_MS - ((p.minute * 60 + p.second) * 1000 + ms);
    if (working(p, wh)) {
      if (remaining <= toNextHour) return new Date(t + remaining);
      remaining -= toNextHour;
    }
    t += toNextHour;
  }
  throw new Error(`No end found for ${minutes} working minutes from ${start.toISOString()} in ${wh.timeZone}.`);
}

/**
 * How many minutes of working time lie between `from` and `to` (0 when `to` is not after `from`): the
 * inverse of {@link addWorkingMinutes}, used for the time to claim in the lead's figures.
 */
export function workingMinutesBetween(from: Date, to: Date, wh: WorkingHours): number {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new RangeError('from and to must be valid dates.');
  check(wh);
  let t = from.getTime();
  const end = to.getTime();
  let ms = 0;
  while (t < end) {
    const p = localParts(t, wh.timeZone);
    const toNextHour = HOUR_MS - ((p.minute * 60 + p.second) * 1000 + (((t % 1000) + 1000) % 1000));
    const step = Math.min(toNextHour, end - t);
    if (working(p, wh)) ms += step;
    t += step;
  }
  return ms / 60_000;
}
