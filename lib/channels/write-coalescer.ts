// Coalesced fan-out: a socket written during one event-loop turn stays corked until the turn's I/O callbacks
// have run, then sends everything it was given with one writev: one kernel write per connection per turn.

/** A connection held corked for the rest of the turn. */
export interface HeldWrites {
  /** Uncorks: what was written since the hold leaves in one write. Safe to call twice or on a closed socket. */
  release(): void;
}

/**
 * Collects the connections written to during this turn and releases them all in setImmediate, i.e. after
 * every I/O callback of this loop iteration (several HTTP triggers read in one poll phase coalesce too).
 */
export class WriteCoalescer {
  private held: HeldWrites[] = [];
  private scheduled = false;

  /** Remembers a connection that just corked its socket; it is released at the end of this turn. */
  hold(connection: HeldWrites): void {
    this.held.push(connection);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.releaseAll);
  }

  /** Releases every held connection now (also what the end of the turn does). */
  readonly releaseAll = (): void => {
    this.scheduled = false;
    const held = this.held;
    this.held = [];
    for (const connection of held) connection.release();
  };
}
