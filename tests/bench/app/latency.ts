// Matches every trade's submit stamp with the moments each subscriber showed or received it, per
// trade rate: p50/p99 per kind of subscriber, and how many deliveries never arrived.
import { percentile } from "../lib/stats.ts";
import { priceKey } from "./wall-clock.ts";

/** One subscriber's view: when it first showed (or received) each trade, by price key. */
export interface SubscriberTimeline {
  kind: "chromium" | "pusher-js";
  firstSeen: Map<number, number>;
  /** Chromium pages: when the trade's tape row appeared (it arrived even if the price node skipped it). */
  rowSeen?: Map<number, number>;
}

/** Latency of one group of subscribers at one trade rate. */
export interface GroupLatency {
  subscribers: number;
  expected: number;
  seen: number;
  missing: number;
  /** Of the missing: arrived (tape row shown) but the price node went straight to a later trade. */
  superseded: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Builds first-seen maps from (text, time) stamps; texts are prices as shown (commas allowed). */
export function firstSeen(stamps: Array<[string, number]>): Map<number, number> {
  const seen = new Map<number, number>();
  for (const [text, at] of stamps) {
    const key = priceKey(text);
    if (Number.isFinite(key) && !seen.has(key)) seen.set(key, at);
  }
  return seen;
}

/** Latencies (shown - submitted) of `timelines` for the trades in `submitted` (price key -> submit time). */
export function groupLatency(timelines: SubscriberTimeline[], submitted: Map<number, number>): GroupLatency {
  const samples: number[] = [];
  let missing = 0;
  let superseded = 0;
  for (const timeline of timelines) {
    for (const [key, sentAt] of submitted) {
      const at = timeline.firstSeen.get(key);
      if (at !== undefined) samples.push(at - sentAt);
      else {
        missing += 1;
        if (timeline.rowSeen?.has(key)) superseded += 1;
      }
    }
  }
  samples.sort((a, b) => a - b);
  return {
    subscribers: timelines.length,
    expected: timelines.length * submitted.size,
    seen: samples.length,
    missing,
    superseded,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    maxMs: samples.length > 0 ? (samples[samples.length - 1] ?? Number.NaN) : Number.NaN,
  };
}
