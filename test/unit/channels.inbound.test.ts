import { describe, expect, it } from '@jest/globals';
import { rememberUser } from '../../src/app/channelDocs.js';
import { allowedBy, RateLimiter, RecentRequests } from '../../src/app/inbound.js';
import { UserLanguage } from '../../src/app/language.js';
import { MemoryStore } from '../../src/store/memory.js';
import { StoreError } from '../../src/store/store.js';
import { loadProfile, PROFILE_CONFIRMED_MS, profileDocName, rememberProfile } from '../../src/store/profiles.js';

describe('shared inbound checks', () => {
  it('recognises a request id seen before, keeping only the most recent ones', () => {
    const recent = new RecentRequests(2);
    expect(recent.first('a')).toBe(true);
    expect(recent.first('a')).toBe(false);
    expect(recent.first(undefined)).toBe(true);
    expect(recent.first(undefined)).toBe(true);
    recent.first('b');
    recent.first('c');
    // 'a' was the oldest and is forgotten.
    expect(recent.first('a')).toBe(true);
    expect(recent.first('c')).toBe(false);
  });

  it('allows any organisation with an empty list, otherwise only those listed', () => {
    expect(allowedBy(new Set(), undefined)).toBe(true);
    expect(allowedBy(new Set(['t1']), 't1')).toBe(true);
    expect(allowedBy(new Set(['t1']), 't2')).toBe(false);
    expect(allowedBy(new Set(['t1']), undefined)).toBe(false);
  });

  it('limits turns per user per minute and refills over time', () => {
    let now = 0;
    const rate = new RateLimiter(2, () => now);
    expect([rate.allow('u'), rate.allow('u'), rate.allow('u')]).toEqual([true, true, false]);
    expect(rate.allow('other')).toBe(true);
    now += 30_000;
    expect([rate.allow('u'), rate.allow('u')]).toEqual([true, false]);
    expect(new RateLimiter(0).allow('u')).toBe(true);
  });
});

describe('the language of a user', () => {
  it('is the conversation’s, else the platform’s now, else the profile’s, else the organisation’s', async () => {
    const store = new MemoryStore();
    const language = new UserLanguage({ store, orgLang: 'nl' });
    expect(await language.of('slack:T:U1')).toBe('nl');
    expect(await language.of('slack:T:U1', 'en-GB')).toBe('en');
    await rememberUser(store, 'slack:T:U1', { address: { locale: 'en-US' } });
    expect(await language.knowsLocale('slack:T:U1')).toBe(true);
    expect(await language.of('slack:T:U1')).toBe('en');
    await store.saveUser('slack:T:U1', { lang: 'nl', cases: {} });
    expect(await language.of('slack:T:U1', 'en-GB')).toBe('nl');
    expect(await new UserLanguage({ store, orgLang: 'en' }).of('web:nobody')).toBe('en');
  });

  it('for someone without a state is found without reading one: the last turn’s, the platform’s, the profile’s, the organisation’s; never failing in an outage', async () => {
    const store = new MemoryStore();
    store.loadUser = () => {
      throw new Error('the seed must not read the state');
    };
    const language = new UserLanguage({ store, orgLang: 'nl' });
    expect(await language.seed('slack:T:U2')).toBe('nl');
    expect(await language.seed('slack:T:U2', 'en-GB')).toBe('en');
    await rememberUser(store, 'slack:T:U2', { address: { locale: 'en-US' } });
    expect(await language.seed('slack:T:U2')).toBe('en');
    language.noted('slack:T:U2', 'nl');
    expect(await language.seed('slack:T:U2', 'en-GB')).toBe('nl');
    store.getDoc = () => Promise.reject(new StoreError('IO', 'the disk is gone'));
    expect(await language.seed('slack:T:U3')).toBe('nl');
    expect(await new UserLanguage({ store, orgLang: 'en' }).seed('slack:T:U2')).toBe('en');
  });
});

describe("a user's profile (what the platform says about them)", () => {
  it('is read and written once for the same data, written at once when it changes, and checked again after a while', async () => {
    const store = new MemoryStore();
    const getDoc = store.getDoc.bind(store);
    const putDoc = store.putDoc.bind(store);
    let reads = 0;
    let writes = 0;
    store.getDoc = ((name: string) => {
      reads += 1;
      return getDoc(name);
    }) as typeof store.getDoc;
    store.putDoc = ((name: string, value: unknown) => {
      writes += 1;
      return putDoc(name, value);
    }) as typeof store.putDoc;
    const t0 = Date.parse('2026-12-02T10:00:00Z');
    const address = { conversation: { id: 'a:1' }, serviceUrl: 'https://smba.example/' };

    await rememberProfile(store, 'teams:anna', { name: 'Anna', address }, t0);
    for (let i = 1; i <= 5; i++) await rememberProfile(store, 'teams:anna', { name: 'Anna', address }, t0 + i * 1000);
    expect([reads, writes]).toEqual([1, 1]);

    // The platform says something else: written at once.
    const moved = { ...address, serviceUrl: 'https://smba2.example/' };
    await rememberProfile(store, 'teams:anna', { name: 'Anna', address: moved }, t0 + 10_000);
    expect(writes).toBe(2);
    // Another instance (or a hand) changed it meanwhile: seen once the time is up, and put right.
    await putDoc(profileDocName(store, 'teams:anna'), { name: 'Anna', address });
    writes = 0;
    await rememberProfile(store, 'teams:anna', { name: 'Anna', address: moved }, t0 + 10_000 + PROFILE_CONFIRMED_MS - 1);
    expect(writes).toBe(0);
    await rememberProfile(store, 'teams:anna', { name: 'Anna', address: moved }, t0 + 10_000 + PROFILE_CONFIRMED_MS);
    expect(writes).toBe(1);
    expect((await loadProfile(store, 'teams:anna')).address).toEqual(moved);
  });
});
