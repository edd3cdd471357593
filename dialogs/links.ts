/** "Lees meer" links as the flows offer them: the public pages of src/domain/links.ts, labelled in the user's language. */
import type { NodeEnv } from './types.js';
import type { Prompt, PromptLink } from '../src/engine/types.js';
import { linksFor, type LinkTopic } from '../src/domain/links.js';

/** The links of one or more topics, each page once, in the data's order. */
export function promptLinks(env: NodeEnv, ...topics: LinkTopic[]): PromptLink[] {
  const seen = new Set<string>();
  return topics
    .flatMap((t) => linksFor(t))
    .filter((l) => (seen.has(l.id) ? false : (seen.add(l.id), true)))
    .map((l) => ({ label: env.text(l.title), url: l.url }));
}

/** An info that offers a step's public pages ("Lees meer over stap 3"). */
export function readMore(env: NodeEnv, key: string, ...topics: LinkTopic[]): Extract<Prompt, { kind: 'info' }> {
  return { kind: 'info', tone: 'normal', title: env.t('links.title'), text: env.t(`links.${key}`), links: promptLinks(env, ...topics) };
}
