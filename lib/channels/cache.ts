// Cache channels: the last event per channel, replayed to new subscribers until it expires.
import type { PreparedFrame } from "./frames";

/** A cached channel event with its pre-encoded frame. */
export interface CachedEvent {
  event: string;
  data: string;
  frame: PreparedFrame;
  expiresAt: number;
}

/** Last-event store for cache channels of one app. */
export class EventCache {
  private readonly entries = new Map<string, CachedEvent>();

  constructor(private readonly ttlMs: number) {}

  /** Remembers the latest event of a channel. */
  set(channel: string, event: string, data: string, frame: PreparedFrame, now: number): void {
    this.entries.set(channel, { event, data, frame, expiresAt: now + this.ttlMs });
  }

  /** The latest unexpired event of a channel, if any. */
  get(channel: string, now: number): CachedEvent | undefined {
    const entry = this.entries.get(channel);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(channel);
      return undefined;
    }
    return entry;
  }
}
