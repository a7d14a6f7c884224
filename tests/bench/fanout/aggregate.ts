// Combines the rounds of one phase for one server: totals, median throughput and its spread,
// CPU per delivery over all rounds, and latency percentiles over every pooled sample.
import { mergeSorted, percentile, summarizeLatency, type LatencySummary } from "../lib/stats.ts";
import type { PhaseResult } from "./phases.ts";

/** One phase over all its interleaved rounds. */
export interface PhaseAggregate {
  rounds: Array<Omit<PhaseResult, "latencySamples">>;
  eventsSent: number;
  triggersFailed: number;
  expected: number;
  received: number;
  lost: number;
  outOfOrder: number;
  closedUnexpectedly: number;
  /** Median over rounds of deliveries per second. */
  deliveriesPerSec: number;
  /** (max - min) / median of the per-round deliveries per second. */
  deliveriesPerSecSpread: number;
  triggersPerSec: number;
  serverCpuUsPerDelivery: number;
  /** Share of the server's CPU spent in the kernel, over all rounds. */
  serverSysShare: number;
  clientCpuMs: number;
  driverCpuMs: number;
  latency?: LatencySummary;
  /** Median over rounds of each round's own p99 (robust to one round hit by outside load). */
  p99MedianOfRoundsMs?: number;
}

/** A phase result without its (large) latency sample array, for JSON output. */
export function withoutSamples(result: PhaseResult): Omit<PhaseResult, "latencySamples"> {
  const copy = { ...result };
  delete copy.latencySamples;
  return copy;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Aggregates the rounds of one phase (latency samples are pooled, then dropped). */
export function aggregate(rounds: PhaseResult[]): PhaseAggregate {
  const rates = rounds.map((r) => r.deliveriesPerSec).sort((a, b) => a - b);
  const median = percentile(rates, 50);
  const received = sum(rounds.map((r) => r.received));
  const samples = rounds.flatMap((r) => (r.latencySamples ? [r.latencySamples] : []));
  return {
    rounds: rounds.map(withoutSamples),
    eventsSent: sum(rounds.map((r) => r.eventsSent)),
    triggersFailed: sum(rounds.map((r) => r.triggersFailed)),
    expected: sum(rounds.map((r) => r.expected)),
    received,
    lost: sum(rounds.map((r) => r.lost)),
    outOfOrder: sum(rounds.map((r) => r.outOfOrder)),
    closedUnexpectedly: Math.max(0, ...rounds.map((r) => r.closedUnexpectedly)),
    deliveriesPerSec: median,
    deliveriesPerSecSpread: rates.length > 1 ? ((rates[rates.length - 1] ?? 0) - (rates[0] ?? 0)) / median : 0,
    triggersPerSec: percentile(rounds.map((r) => r.triggersPerSec).sort((a, b) => a - b), 50),
    serverCpuUsPerDelivery: received > 0 ? (sum(rounds.map((r) => r.serverCpuMs)) * 1000) / received : Number.NaN,
    serverSysShare: sum(rounds.map((r) => r.serverSysCpuMs)) / sum(rounds.map((r) => r.serverCpuMs)),
    clientCpuMs: sum(rounds.map((r) => r.clientCpuMs)),
    driverCpuMs: sum(rounds.map((r) => r.driverCpuMs)),
    latency: samples.length > 0 ? summarizeLatency(mergeSorted(samples)) : undefined,
    p99MedianOfRoundsMs: samples.length > 0 ? percentile(rounds.map((r) => r.latency?.p99Ms ?? Number.NaN).sort((a, b) => a - b), 50) : undefined,
  };
}
