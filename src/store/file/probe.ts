/**
 * The file store's readiness check: can the data folder take a write now? A small probe file is
 * created, written, synced to disk and removed. A full disk shows here as it would in a turn's write
 * (the probe needs a block of its own), a read-only or vanished folder too.
 */
import { randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readiness } from '../store.js';
import { READY_TIMEOUT_MS } from '../store.js';
import { errorCode } from './adapter.js';

/** The probe's name: a dot file (the store's listings skip it), unique per check. */
const probeName = (): string => `.ready-${process.pid}-${randomBytes(4).toString('hex')}.probe`;

const PROBE = Buffer.from('ready\n');

/** The reason a write failed, as a readiness code (never the message: it names paths). */
function reasonOf(err: unknown): Exclude<Readiness, { ok: true }>['reason'] {
  const code = errorCode(err);
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'ENOENT') return 'not_writable';
  return 'io';
}

async function probe(dir: string): Promise<Readiness> {
  const file = path.join(dir, probeName());
  let created = false;
  try {
    const handle = await open(file, 'wx', 0o600);
    created = true;
    try {
      await handle.write(PROBE);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: reasonOf(err) };
  } finally {
    // Removing needs no space; a probe left behind (removal refused) is a dot file nothing reads.
    if (created) await unlink(file).catch(() => undefined);
  }
}

/** Whether `dir` takes a synced write now, within {@link READY_TIMEOUT_MS} (a hung disk is `timeout`). */
export async function folderReady(dir: string): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      probe(dir),
      new Promise<Readiness>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, reason: 'timeout' }), READY_TIMEOUT_MS);
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
