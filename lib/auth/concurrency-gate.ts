// Runs at most N tasks at once and queues a bounded number more; past that it refuses at once. Used to
// cap argon2 (19 MiB and tens of ms of CPU per hash), so a burst of sign-ins cannot exhaust the server.

/** Thrown by ConcurrencyGate.run when every slot is busy and the queue is full. */
export class GateBusyError extends Error {
  constructor() {
    super("Too many concurrent password checks");
    this.name = "GateBusyError";
  }
}

/** A counting semaphore with a bounded wait queue. */
export class ConcurrencyGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly maxActive: number,
    readonly maxQueued: number,
  ) {}

  /** Tasks running now and tasks waiting for a slot. */
  get load(): { active: number; queued: number } {
    return { active: this.active, queued: this.waiting.length };
  }

  /** Runs `task` when a slot is free; throws GateBusyError (without running it) when the queue is full. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.maxActive) {
      if (this.waiting.length >= this.maxQueued) throw new GateBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
