/**
 * Whether every file a data folder recorded is there. A removed file is not listed, so a scan of the
 * folders would not miss it: this compares the anchor's records (anchor.ts) with the folders'
 * listings instead, each folder listed once (not a look-up per file) and held as bytes by anchor
 * shard (idBuckets.ts), the records coming one anchor shard at a time, and hands the event loop back
 * every few ms (pace.ts).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { IdLookup } from './idBuckets.js';
import { listedIds } from './layout.js';
import { Pace } from './pace.js';

/**
 * Hands `missing` every recorded file (path in the folder `dir`, with its number of lines) that is not there; ends
 * (`CLOSED`) once `stopped`. `buckets`: how the listings are held (idBuckets.ts), as many as the anchor's shards.
 */
export async function missingFiles(dir: string, recorded: Iterable<[string, number]>, missing: (rel: string, lines: number) => void, stopped: () => boolean, buckets: number): Promise<void> {
  const listed = new Map<string, IdLookup>();
  const pace = new Pace(stopped);
  for (const [rel, lines] of recorded) {
    await pace.pause();
    const slash = rel.lastIndexOf('/');
    let found: boolean;
    if (slash < 0) {
      found = existsSync(path.join(dir, rel));
    } else {
      const sub = rel.slice(0, slash);
      let names = listed.get(sub);
      if (names === undefined) {
        names = new IdLookup(await listedIds(path.join(dir, sub), pace, buckets));
        listed.set(sub, names);
      }
      // Listed by id (the name without ".json"); a name the listing leaves out is looked up itself.
      const name = rel.slice(slash + 1);
      found = (name.endsWith('.json') && names.has(name.slice(0, -5))) || existsSync(path.join(dir, rel));
    }
    if (!found) missing(rel, lines);
  }
}
