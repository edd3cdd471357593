/** Reading Adaptive Cards sent to a (fake) Bot Connector: no jest imports, so the benchmark can use it too. */
import type { AdaptiveCard } from '../../cards/adaptive.js';
import type { ConnectorCall } from './fakeConnector.js';

type Json = Record<string, unknown>;

/** All Action.Submit actions anywhere in a card, in document order. */
export function submitActions(card: unknown): { title: string; data: Json }[] {
  const found: { title: string; data: Json }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const n = node as Json;
    if (n.type === 'Action.Submit') found.push({ title: String(n.title), data: (n.data ?? {}) as Json });
    Object.values(n).forEach(walk);
  };
  walk(card);
  return found;
}

export function cardsOf(calls: ConnectorCall[]): AdaptiveCard[] {
  return calls.flatMap((c) =>
    ((c.body.attachments as { contentType: string; content: AdaptiveCard }[] | undefined) ?? [])
      .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
      .map((a) => a.content),
  );
}

