/**
 * Pictures in Teams cards (the figures' chart, the afwegingskader, stap 0's balance), and which way they go.
 *
 * A Teams client loads an Adaptive Card `Image` from its `url` (PNG/JPEG/GIF, ≤ 1024×1024, < 1 MB, no
 * redirects: platform-facts §3). Whether Teams shows a `data:` URL in a bot's card Image is not confirmed there,
 * so a picture is never inlined: the card points at the picture's own path on this server (app/pictures.ts: an
 * unguessable token that expires after 12 hours), under PUBLIC_URL.
 * - `served-url`: PUBLIC_URL is set, or local mode (the Emulator and the Agents Playground run on this machine
 *   and reach the server's own address): the card shows the Image, with its text alternative as `altText`.
 * - `text`: credentials but no PUBLIC_URL: the only address would be where the server listens, which a Teams
 *   client cannot load, so the picture goes as its text alternative (a plain info block) and nothing is broken.
 */
import type { Config } from '../../config.js';
import type { Prompt } from '../../engine/types.js';

export type TeamsPictureMode = 'served-url' | 'text';

/** How Teams cards carry pictures under this configuration (see the module comment). */
export function teamsPictureMode(config: Pick<Config, 'publicUrl' | 'localMode'>): TeamsPictureMode {
  return config.publicUrl !== undefined || config.localMode ? 'served-url' : 'text';
}

/** The prompts as Teams gets them: in `text` mode every image is its text alternative, under its title. */
export function forTeams(prompts: Prompt[], mode: TeamsPictureMode): Prompt[] {
  if (mode === 'served-url') return prompts;
  return prompts.map((p): Prompt => (p.kind === 'image' ? { kind: 'info', tone: 'normal', text: p.alt, ...(p.title ? { title: p.title } : {}) } : p));
}
