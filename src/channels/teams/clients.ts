/**
 * The Bot Connector and token clients, made once and reused for every turn.
 *
 * For every incoming activity the SDK builds a new ConnectorClient (for the reply) and a new
 * UserTokenClient, each an Azure service client with its own request pipeline, header sanitizer and
 * user-agent string: about a tenth of a bare echo bot's CPU per turn, and more garbage than the
 * turn's own work. Neither holds anything of a turn (the credentials keep their tokens in a cache of
 * their own), so they are kept per app id, audience and service URL, as botbuilder's older
 * BotFrameworkAdapter kept its connector clients. At most {@link MAX_CLIENTS} of each are kept (the
 * service URL comes from the activity), the least recently used let go first; a client that could
 * not be made is not kept, so the next turn tries again.
 */
import { AuthenticationConstants, ConnectorFactory, type ClaimsIdentity, type ConnectorClient } from 'botframework-connector';
import type { Agents } from '../http.js';
import { withDirectSends } from './directSend.js';

/** How many clients of one kind are kept at most. Teams uses a handful of service URLs per region. */
export const MAX_CLIENTS = 16;

/** Promises of made things by key, the least recently used let go beyond `max`; a rejected one is forgotten. */
export class KeptClients<T> {
  readonly #kept = new Map<string, Promise<T>>();

  constructor(private readonly max = MAX_CLIENTS) {}

  get(key: string, make: () => Promise<T>): Promise<T> {
    const kept = this.#kept.get(key);
    if (kept !== undefined) {
      // Re-inserted: most recently used.
      this.#kept.delete(key);
      this.#kept.set(key, kept);
      return kept;
    }
    const made = make();
    this.#kept.set(key, made);
    made.catch(() => {
      if (this.#kept.get(key) === made) this.#kept.delete(key);
    });
    for (const old of this.#kept.keys()) {
      if (this.#kept.size <= this.max) break;
      this.#kept.delete(old);
    }
    return made;
  }

  get size(): number {
    return this.#kept.size;
  }
}

/** The bot's app id as the SDK takes it from an incoming activity's claims (empty when authentication is off). */
export function appIdOf(identity: ClaimsIdentity): string {
  return identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

/**
 * A ConnectorFactory that hands out the kept client for a service URL and audience, made by `inner` the
 * first time, its sends posted directly over `agents` (directSend.ts).
 */
export class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly appId: string,
    private readonly kept: KeptClients<ConnectorClient>,
    private readonly agents: Agents,
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.kept.get(`${this.appId}\u0000${audience ?? ''}\u0000${serviceUrl}`, async () => withDirectSends(await this.inner.create(serviceUrl, audience), this.agents));
  }
}
