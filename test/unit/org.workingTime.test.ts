/**
 * Working-time arithmetic. Instants are written in UTC with the Amsterdam local time beside them:
 * CET = UTC+1 (winter), CEST = UTC+2 (summer). In 2026 summer time starts on Sunday 29 March
 * (02:00 CET → 03:00 CEST) and ends on Sunday 25 October (03:00 CEST → 02:00 CET).
 */
import { describe, expect, it } from '@jest/globals';
import type { WorkingHours } from '../../src/org/settings.js';
import { DEFAULT_SETTINGS } from '../../src/org/settings.js';
import { addWorkingMinutes, isWorkingTime } from '../../src/org/workingTime.js';

const WH: WorkingHours = DEFAULT_SETTINGS.reminders.workingHours; // 8–17, Mon–Fri, Europe/Amsterdam
const at = (iso: string) => new Date(iso);
const add = (iso: string, minutes: number, wh: WorkingHours = WH) => addWorkingMinutes(at(iso), minutes, wh).toISOString();

describe('addWorkingMinutes (Europe/Amsterdam, 8–17 Mon–Fri)', () => {
  it('Friday 16:00 + 4 working hours is Monday 11:00', () => {
    expect(add('2026-01-09T15:00:00.000Z', 240)).toBe('2026-01-12T10:00:00.000Z'); // Fri 16:00 CET → Mon 11:00 CET
  });

  it('30 minutes inside working time are 30 minutes', () => {
    expect(add('2026-01-14T09:00:00.000Z', 30)).toBe('2026-01-14T09:30:00.000Z'); // Wed 10:00 → 10:30 CET
    expect(add('2026-01-14T09:17:45.250Z', 30)).toBe('2026-01-14T09:47:45.250Z'); // keeps seconds and milliseconds
  });

  it('a start on Saturday counts from Monday 08:00', () => {
    expect(add('2026-01-10T09:00:00.000Z', 30)).toBe('2026-01-12T07:30:00.000Z'); // Sat 10:00 → Mon 08:30 CET
    expect(add('2026-01-11T22:59:00.000Z', 60)).toBe('2026-01-12T08:00:00.000Z'); // Sun 23:59 → Mon 09:00 CET
  });

  it('a start at 06:00 counts from 08:00 the same day', () => {
    expect(add('2026-01-13T05:00:00.000Z', 60)).toBe('2026-01-13T08:00:00.000Z'); // Tue 06:00 → 09:00 CET
  });

  it('a start after 17:00 counts from 08:00 the next working day', () => {
    expect(add('2026-01-13T17:30:00.000Z', 90)).toBe('2026-01-14T08:30:00.000Z'); // Tue 18:30 → Wed 09:30 CET
  });

  it('a count that ends exactly at 17:00 returns 17:00, not the next morning', () => {
    expect(add('2026-01-09T15:00:00.000Z', 60)).toBe('2026-01-09T16:00:00.000Z'); // Fri 16:00 → Fri 17:00 CET
  });

  it('carries seconds over the weekend', () => {
    expect(add('2026-01-09T15:59:30.000Z', 1)).toBe('2026-01-12T07:00:30.000Z'); // Fri 16:59:30 → Mon 08:00:30 CET
  });

  it('0 minutes: the start itself in working time, else the next period start', () => {
    expect(add('2026-01-14T09:00:00.000Z', 0)).toBe('2026-01-14T09:00:00.000Z');
    expect(add('2026-01-10T09:00:00.000Z', 0)).toBe('2026-01-12T07:00:00.000Z');
  });

  it('over the start of summer time (last Sunday of March 2026)', () => {
    // Fri 27 March 16:00 CET → Mon 30 March 11:00 CEST: 66 hours later instead of 67.
    expect(add('2026-03-27T15:00:00.000Z', 240)).toBe('2026-03-30T09:00:00.000Z');
  });

  it('over the end of summer time (last Sunday of October 2026)', () => {
    // Fri 23 October 16:00 CEST → Mon 26 October 11:00 CET: 68 hours later instead of 67.
    expect(add('2026-10-23T14:00:00.000Z', 240)).toBe('2026-10-26T10:00:00.000Z');
  });

  it('fractional minutes (0.25 working hours)', () => {
    expect(add('2026-01-14T09:00:00.000Z', 0.25 * 60)).toBe('2026-01-14T09:15:00.000Z');
  });

  it('168 working hours (the maximum reminder)', () => {
    // Mon 12 January 08:00 CET + 18 working days of 9 hours + 6 hours = Thu 5 February 14:00 CET.
    expect(add('2026-01-12T07:00:00.000Z', 168 * 60)).toBe('2026-02-05T13:00:00.000Z');
  });
});

describe('addWorkingMinutes during the DST hour itself', () => {
  it('spring: the missing hour 02:00–03:00 is not counted', () => {
    const night: WorkingHours = { start: 1, end: 4, days: [7], timeZone: 'Europe/Amsterdam' };
    // Sun 29 March 01:00 CET (00:00Z): 01:00–02:00 CET, then 03:00–04:00 CEST (01:00Z–02:00Z).
    expect(add('2026-03-29T00:00:00.000Z', 120, night)).toBe('2026-03-29T02:00:00.000Z');
    expect(add('2026-03-29T00:00:00.000Z', 180, night)).toBe('2026-04-05T00:00:00.000Z'); // next Sunday 01:00–02:00 CEST
  });

  it('autumn: the repeated hour 02:00–03:00 counts twice', () => {
    const night: WorkingHours = { start: 2, end: 3, days: [7], timeZone: 'Europe/Amsterdam' };
    // Sun 25 October: 02:00–03:00 CEST (00:00Z–01:00Z), then 02:00–03:00 CET (01:00Z–02:00Z).
    expect(add('2026-10-25T00:00:00.000Z', 120, night)).toBe('2026-10-25T02:00:00.000Z');
  });

  it('round the clock: working minutes are real minutes over a DST change', () => {
    const always: WorkingHours = { start: 0, end: 24, days: [1, 2, 3, 4, 5, 6, 7], timeZone: 'Europe/Amsterdam' };
    expect(add('2026-03-28T23:00:00.000Z', 24 * 60, always)).toBe('2026-03-29T23:00:00.000Z');
  });
});

describe('addWorkingMinutes in other time zones', () => {
  it('New York 9–17 counts in New York time', () => {
    const ny: WorkingHours = { start: 9, end: 17, days: [1, 2, 3, 4, 5], timeZone: 'America/New_York' };
    // Fri 9 January 2026 16:00 EST (21:00Z) + 2h → Mon 10:00 EST (15:00Z).
    expect(add('2026-01-09T21:00:00.000Z', 120, ny)).toBe('2026-01-12T15:00:00.000Z');
  });

  it('a 45-minute offset (Asia/Kathmandu, UTC+5:45)', () => {
    const ktm: WorkingHours = { start: 10, end: 17, days: [1, 2, 3, 4, 5, 7], timeZone: 'Asia/Kathmandu' };
    // Wed 14 January 2026 09:00 local (03:15Z) → counting starts 10:00 local (04:15Z).
    expect(add('2026-01-14T03:15:00.000Z', 30, ktm)).toBe('2026-01-14T04:45:00.000Z');
  });
});

describe('addWorkingMinutes input checks', () => {
  it('refuses negative or non-finite minutes and an invalid date', () => {
    expect(() => addWorkingMinutes(at('2026-01-14T09:00:00Z'), -1, WH)).toThrow(RangeError);
    expect(() => addWorkingMinutes(at('2026-01-14T09:00:00Z'), Number.NaN, WH)).toThrow(RangeError);
    expect(() => addWorkingMinutes(at('not a date'), 1, WH)).toThrow(RangeError);
  });

  it('refuses working hours without working time or with an unknown time zone', () => {
    const t = at('2026-01-14T09:00:00Z');
    expect(() => addWorkingMinutes(t, 1, { ...WH, days: [] })).toThrow(RangeError);
    expect(() => addWorkingMinutes(t, 1, { ...WH, start: 17, end: 8 })).toThrow(RangeError);
    expect(() => addWorkingMinutes(t, 1, { ...WH, timeZone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});

describe('isWorkingTime', () => {
  it.each([
    ['2026-01-12T07:00:00.000Z', true, 'Mon 08:00 CET'],
    ['2026-01-12T06:59:59.999Z', false, 'Mon 07:59:59 CET'],
    ['2026-01-12T15:59:59.000Z', true, 'Mon 16:59:59 CET'],
    ['2026-01-12T16:00:00.000Z', false, 'Mon 17:00 CET'],
    ['2026-01-10T10:00:00.000Z', false, 'Sat 11:00 CET'],
    ['2026-01-11T10:00:00.000Z', false, 'Sun 11:00 CET'],
    ['2026-07-06T06:00:00.000Z', true, 'Mon 08:00 CEST'],
    ['2026-07-06T05:30:00.000Z', false, 'Mon 07:30 CEST (08:30 in winter offset)'],
  ])('%s is %s (%s)', (iso, expected) => {
    expect(isWorkingTime(at(iso), WH)).toBe(expected);
  });

  it('takes the weekday in local time, not UTC', () => {
    const mondays: WorkingHours = { start: 0, end: 24, days: [1], timeZone: 'Europe/Amsterdam' };
    expect(isWorkingTime(at('2026-01-11T23:30:00.000Z'), mondays)).toBe(true); // Sunday in UTC, Mon 00:30 CET
    expect(isWorkingTime(at('2026-01-12T23:30:00.000Z'), mondays)).toBe(false); // Monday in UTC, Tue 00:30 CET
  });

  it('uses the configured time zone', () => {
    const ny: WorkingHours = { ...WH, timeZone: 'America/New_York' };
    // 15:00Z on a Monday in January is 16:00 in Amsterdam but 10:00 in New York.
    expect(isWorkingTime(at('2026-01-12T15:00:00.000Z'), WH)).toBe(true);
    expect(isWorkingTime(at('2026-01-12T13:00:00.000Z'), ny)).toBe(true); // 08:00 EST
    expect(isWorkingTime(at('2026-01-12T12:59:00.000Z'), ny)).toBe(false); // 07:59 EST
  });
});
