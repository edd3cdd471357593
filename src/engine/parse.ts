/** Recognising typed words as commands. Only whole messages count, so free text is never hijacked. */
import type { Command } from './types.js';
import type { Lang } from '../domain/types.js';

export type Typed = { command: Command } | { start: true } | { lang: Lang } | undefined;

const WORDS: Record<string, Typed> = {};
const add = (typed: Typed, ...words: string[]) => words.forEach((w) => (WORDS[w] = typed));
add({ command: 'menu' }, 'menu', 'hoofdmenu', 'main menu');
add({ command: 'back' }, 'terug', 'vorige', 'back', 'previous');
add({ command: 'stop' }, 'stop', 'stoppen', 'cancel', 'annuleren');
add({ command: 'later' }, 'later', 'later verder', 'pauze', 'continue later', 'pause');
add({ command: 'acute' }, 'er is nu direct gevaar', 'there is danger right now');
add({ command: 'acute' }, 'gevaar', 'direct gevaar', 'acuut', 'nood', 'noodgeval', '112', 'danger', 'emergency', 'sos');
add({ command: 'help' }, 'help', '?', 'hulp nodig');
add({ start: true }, 'hallo', 'hoi', 'hi', 'hello', 'hey', 'start', 'begin', 'goedemorgen', 'goedemiddag', 'goedenavond');
add({ lang: 'en' }, 'english', 'engels');
add({ lang: 'nl' }, 'nederlands', 'dutch');

export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[!.,;:'"()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function parseTyped(text: string): Typed {
  const n = normalise(text);
  return n === '' ? undefined : WORDS[n];
}
