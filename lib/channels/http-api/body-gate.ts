// A server-wide cap on request bodies being read at once: beyond it a request is refused before its body is read.

/** Counts bodies being read; `tryEnter` refuses once `max` are open. */
export class BodyGate {
  private open = 0;

  constructor(private readonly max: number) {}

  /** Takes a slot; false when all are taken. */
  tryEnter(): boolean {
    if (this.open >= this.max) return false;
    this.open += 1;
    return true;
  }

  /** Gives a slot back (once per successful tryEnter). */
  leave(): void {
    this.open = Math.max(0, this.open - 1);
  }
}
