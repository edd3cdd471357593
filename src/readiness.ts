/**
 * `/readyz`: whether this instance can serve turns now, for a load balancer or Kubernetes'
 * readinessProbe. Ready means the store answers (PostgreSQL reachable, the data folder takes a
 * write: Store.ready). `/healthz` stays plain liveness: a store outage must not get the process
 * restarted, it recovers by itself once the store is back.
 *
 * The integrity sweep (app/sweep.ts) does not change readiness: the instance serves while it runs,
 * and a damaged data file found by it leaves the instance ready (every other case, and the answer to
 * acute danger, still work), with `"data": "damaged"` in the body so a probe or an operator can see
 * that a file must be restored (the log and the leads' notice name it).
 *
 * The body names only codes, never a path, host or error text: the endpoint is unauthenticated.
 */
import type { Request, Response } from 'express';
import type { Logger } from './log.js';
import type { Store } from './store/store.js';

export interface ReadinessBody {
  status: 'ready' | 'not ready';
  /** Why not (a {@link NotReadyReason} code); absent when ready. */
  store?: string;
  /** `damaged` once the integrity sweep found a data file it cannot read safely; absent otherwise. */
  data?: 'damaged';
}

/**
 * The `/readyz` handler. Logs a change of state once (not every probe): `store.unready` with the
 * reason when the store stops answering, `store.ready` when it answers again. `damaged`: whether
 * the integrity sweep found a damaged data file.
 */
export function readinessHandler(store: Store, log: Logger, damaged: () => boolean = () => false): (req: Request, res: Response) => Promise<void> {
  let lastReady = true;
  return async (_req, res) => {
    const r = await store.ready();
    if (r.ok !== lastReady) {
      lastReady = r.ok;
      log(r.ok ? 'store.ready' : 'store.unready', r.ok ? {} : { reason: r.reason });
    }
    res.setHeader('Cache-Control', 'no-store');
    const body: ReadinessBody = r.ok ? { status: 'ready' } : { status: 'not ready', store: r.reason };
    if (damaged()) body.data = 'damaged';
    res.status(r.ok ? 200 : 503).json(body);
  };
}
