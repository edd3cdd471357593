/** Log lines that an outsider can cause at will (refused requests), at most one per event and key per window. */

export type LogFn = (event: string, fields?: Record<string, unknown>) => void;

interface Window {
  startedAt: number;
  suppressed: number;
}

/**
 * Writes the first line of each event and key (e.g. a source IP) per window and counts the rest;
 * the next line written for that event and key carries the count as `suppressed`.
 */
export class ThrottledLog {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly log: LogFn,
    private readonly clock: () => Date,
    private readonly windowMs = 60_000,
    /** Bounds the memory an attacker with many addresses can make us hold. */
    private readonly maxKeys = 10_000,
  ) {}

  write(event: string, key: string, fields: Record<string, unknown> = {}): void {
    const now = this.clock().getTime();
    const id = `${event}\u0000${key}`;
    const open = this.windows.get(id);
    if (open && now - open.startedAt < this.windowMs) {
      open.suppressed++;
      return;
    }
    this.windows.delete(id);
    if (this.windows.size >= this.maxKeys) this.forgetOld(now);
    this.windows.set(id, { startedAt: now, suppressed: 0 });
    this.log(event, open && open.suppressed > 0 ? { ...fields, suppressed: open.suppressed } : fields);
  }

  private forgetOld(now: number): void {
    for (const [id, w] of this.windows) if (now - w.startedAt >= this.windowMs) this.windows.delete(id);
    // Still full: the oldest windows go (a Map iterates in insertion order), their counts with them.
    for (const id of this.windows.keys()) {
      if (this.windows.size < this.maxKeys) break;
      this.windows.delete(id);
    }
  }
}
