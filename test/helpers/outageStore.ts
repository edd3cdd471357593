/**
 * A real store that can be switched off: while `isDown()` every call fails with the store's IO error (as a
 * database gone or a full disk make it), and `ready` answers "unreachable" as its contract says it must
 * (never throwing). `close` always reaches the real store, so a test can clean up whatever the switch says.
 */
import { StoreError, type Store } from '../../src/store/store.js';

export function switchableStore(real: Store, isDown: () => boolean, message = 'PostgreSQL: could not connect: ECONNREFUSED 10.0.0.7:5432'): Store {
  return new Proxy(real, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = (value as (...a: unknown[]) => unknown).bind(target);
      if (prop === 'close') return fn;
      if (prop === 'ready') return async () => (isDown() ? { ok: false, reason: 'unreachable' } : fn());
      return (...args: unknown[]) => (isDown() ? Promise.reject(new StoreError('IO', message)) : fn(...args));
    },
  });
}
