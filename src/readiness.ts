/**
 * `/readyz`: whether this instance can serve turns now, for a load balancer or Kubernetes'
 * readinessProbe. Ready means the store answers (PostgreSQL reachable, the data folder takes a
 * write: Store.ready). `/healthz` stays plain liveness: a store outage must not get the process
 * restarted, it recovers by itself once the store is back.
 *
 * The body names only a reason code, never a path, host or error text: the endpoint is unauthenticated.
 */
import type { Request, Response } from 'express';
import type { Logger } from './log.js';
import type { Store } from './store/store.js';

export interface ReadinessBody {
  status: 'ready' | 'not ready';
  /** Why not (a {@link NotReadyReason} code); absent when ready. */
  store?: string;
}

/**
 * The `/readyz` handler. Logs a change of state once (not every probe): `store.unready` with the
 * reason when the store stops answering, `store.ready` when it answers again.
 */
export function readinessHandler(store: Store, log: Logger): (req: Request, res: Response) => Promise<void> {
  let lastReady = true;
  return async (_req, res) => {
    const r = await store.ready();
    if (r.ok !== lastReady) {
      lastReady = r.ok;
      log(r.ok ? 'store.ready' : 'store.unready', r.ok ? {} : { reason: r.reason });
    }
    res.setHeader('Cache-Control', 'no-store');
    const body: ReadinessBody = r.ok ? { status: 'ready' } : { status: 'not ready', store: r.reason };
    res.status(r.ok ? 200 : 503).json(body);
  };
}
