// Cache channels: the last event per channel, replayed to new subscribers until it expires.
import type { PreparedFrame } from "./frames";

/** A cached channel event with its pre-encoded frame. */
export interface CachedEvent {
  event: string;
  data: string;
  frame: PreparedFrame;
  expiresAt: number;
}

/**
 * Last-event store for cache channels of one app. Every entry lives the same TTL and a write moves its
 * channel to the end, so the map's order is expiry order: sweeping and evicting both work from the front.
 */
export class EventCache {
  private readonly entries = new Map<string, CachedEvent>();

  constructor(
    private readonly ttlMs: number,
    /** Channels remembered at once; the entry written longest ago goes first. */
    private readonly maxEntries: number,
  ) {}

  /** Remembers the latest event of a channel. */
  set(channel: string, event: string, data: string, frame: PreparedFrame, now: number): void {
    this.entries.delete(channel);
    this.entries.set(channel, { event, data, frame, expiresAt: now + this.ttlMs });
    this.sweep(now);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
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

  /** Drops expired entries, nobody having read them (runs on writes and on the server's sweep timer). */
  sweep(now: number): void {
    for (const [channel, entry] of this.entries) {
      if (entry.expiresAt > now) return;
      this.entries.delete(channel);
    }
  }
}
