/**
 * The work after Slack acks, run a bounded number of jobs at a time: a job starts on a later turn of
 * the event loop (after the requests that arrived meanwhile were read and acknowledged), and never
 * more than `concurrency` jobs run at once. However many events arrive together, the synchronous
 * pieces of turn work between two acks stay bounded, so an ack never waits behind a pile of dialogue
 * turns (Slack retries after 3 s and shows the user an error for an interaction).
 *
 * A job spends most of its time waiting for Slack's Web API (a reply posted, a question closed: each
 * a round trip of often a few hundred ms), not on the CPU. The bound is therefore well above the
 * number of turns the CPU can do at once: with 4, one instance could finish only about ten turns a
 * second against the real Slack, and a busy hour would queue replies for seconds. With 16 the stress
 * load's ack p99 was the same as with 4 (within the spread between runs), at more turns a second.
 */
export const WORK_CONCURRENCY = 16;

/**
 * Hands out turns of the event loop one at a time: each {@link pass} resolves in a later turn's check phase
 * (setImmediate), one per turn, after the I/O of that turn (requests read and acknowledged). A job's work after a
 * Web API answer waits for one (fetch.ts), as does the start of a job: many answers arriving together then resume
 * their jobs over as many turns of the loop, each turn with one piece of dialogue work, instead of all in one turn
 * ahead of the requests waiting to be read.
 */
export class LoopTurns {
  readonly #waiting: (() => void)[] = [];
  #scheduled = false;

  /** Resolves in a later turn of the event loop, after those who asked before. */
  pass(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#waiting.push(resolve);
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#waiting.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#waiting.shift()?.();
      // Set during the check phase: runs in the next turn of the loop, after its I/O.
      this.#schedule();
    });
  }
}

/** The process's turns of the loop for Slack work (a job's start, a job's work after a Web API answer). */
export const slackLoopTurns = new LoopTurns();

export class WorkQueue {
  readonly #waiting: (() => void)[] = [];
  #running = 0;
  #scheduled = false;

  constructor(
    private readonly concurrency = WORK_CONCURRENCY,
    private readonly turns = slackLoopTurns,
  ) {}

  /** Runs `job` when a slot is free, on a later event-loop turn; resolves or rejects as the job does. */
  run<T>(job: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push(() => {
        job()
          .then(resolve, reject)
          .finally(() => {
            this.#running -= 1;
            this.#schedule();
          });
      });
      this.#schedule();
    });
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.#waiting.length + this.#running;
  }

  /** Starts the next job in a later turn of the event loop (after pending I/O, so after pending acks), one turn each. */
  #schedule(): void {
    if (this.#scheduled || this.#waiting.length === 0 || this.#running >= this.concurrency) return;
    this.#scheduled = true;
    void this.turns.pass().then(() => {
      this.#scheduled = false;
      const next = this.#running < this.concurrency ? this.#waiting.shift() : undefined;
      if (next) {
        this.#running += 1;
        next();
      }
      this.#schedule();
    });
  }
}
