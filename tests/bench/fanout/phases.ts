// The two measured phases of a fan-out scenario: saturated throughput (trigger as fast as the
// server answers, bounded in count and time) and a sustained rate with latency and loss.
import { nowMs, sleep } from "../lib/clock.ts";
import { readCpuMs, readCpuSplitMs } from "../lib/processes.ts";
import { summarizeLatency, type LatencySummary } from "../lib/stats.ts";
import { makePayload } from "./protocol.ts";
import type { Trigger } from "./triggers.ts";
import type { PoolReport, WorkerPool } from "./worker-pool.ts";

/** What one trigger sends: one event, or a batch of events every subscriber receives. */
export interface LoadShape {
  /** Events each trigger delivers to every subscriber. */
  eventsPerTrigger: number;
  /** Sends trigger number `seq`, stamped `t` (monotonic ms). */
  send(trigger: Trigger, seq: number, t: number): Promise<void>;
}

/** One event per trigger on the `bench` channel. */
export const singleEvent: LoadShape = {
  eventsPerTrigger: 1,
  send: (trigger, seq, t) => trigger.send(makePayload(seq, t)),
};

/** What both phases need: the trigger path, the subscribers, what a trigger sends, and the pids to account CPU for. */
export interface PhaseContext {
  trigger: Trigger;
  pool: WorkerPool;
  serverPid: number;
  shape: LoadShape;
}

/** Deliveries and CPU of one phase. */
export interface PhaseResult {
  /** Events fanned out (a batch counts each of its events). */
  eventsSent: number;
  triggersSent: number;
  triggersFailed: number;
  firstTriggerError?: string;
  expected: number;
  received: number;
  lost: number;
  outOfOrder: number;
  minPerClient: number;
  maxPerClient: number;
  closedUnexpectedly: number;
  serverPings: number;
  elapsedMs: number;
  deliveriesPerSec: number;
  /** Triggers answered per second (a batch counts once). */
  triggersPerSec: number;
  serverCpuMs: number;
  /** The kernel's part of serverCpuMs (socket writes land here). */
  serverSysCpuMs: number;
  serverCpuUsPerDelivery: number;
  clientCpuMs: number;
  driverCpuMs: number;
  latency?: LatencySummary;
  /** Sorted latency samples (ms); kept out of the JSON output. */
  latencySamples?: Float64Array;
}

function cpuOf(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + readCpuMs(pid), 0);
}

/** Polls the workers until `expected` deliveries arrived, nothing moved for `quietMs`, or `deadlineMs` passed. */
async function waitForDeliveries(pool: WorkerPool, expected: number, quietMs: number, deadlineMs: number, withLatencies: boolean): Promise<PoolReport> {
  let last = -1;
  let lastChange = nowMs();
  for (;;) {
    const report = await pool.report(false);
    const now = nowMs();
    if (report.received !== last) {
      last = report.received;
      lastChange = now;
    }
    if (report.received >= expected || now - lastChange > quietMs || now > deadlineMs) return withLatencies ? pool.report(true) : report;
    await sleep(50);
  }
}

type SendOutcome = { sent: number; failed: number; firstError?: string; doneAt: number };

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function measure(context: PhaseContext, send: () => Promise<SendOutcome>, latencyCapacity: number): Promise<PhaseResult> {
  const { pool, serverPid } = context;
  await pool.reset(latencyCapacity);
  context.trigger.fresh();
  const serverCpu0 = readCpuSplitMs(serverPid);
  const clientCpu0 = cpuOf(pool.pids());
  const driverCpu0 = process.cpuUsage();
  const t0 = nowMs();
  const { sent, failed, firstError, doneAt } = await send();
  const expected = sent * context.shape.eventsPerTrigger * pool.subscribers;
  const report = await waitForDeliveries(pool, expected, 3000, nowMs() + 30_000, latencyCapacity > 0);
  const driverCpu = process.cpuUsage(driverCpu0);
  const serverCpu1 = readCpuSplitMs(serverPid);
  const serverSysCpuMs = serverCpu1.system - serverCpu0.system;
  const serverCpuMs = serverCpu1.user - serverCpu0.user + serverSysCpuMs;
  const elapsedMs = (report.lastAtMs || nowMs()) - t0;
  return {
    eventsSent: sent * context.shape.eventsPerTrigger,
    triggersSent: sent,
    triggersFailed: failed,
    firstTriggerError: firstError,
    expected,
    received: report.received,
    lost: expected - report.received,
    outOfOrder: report.outOfOrder,
    minPerClient: report.minPerClient,
    maxPerClient: report.maxPerClient,
    closedUnexpectedly: report.closedUnexpectedly,
    serverPings: report.serverPings,
    elapsedMs,
    deliveriesPerSec: report.received / (elapsedMs / 1000),
    triggersPerSec: sent / ((doneAt - t0) / 1000),
    serverCpuMs,
    serverSysCpuMs,
    serverCpuUsPerDelivery: report.received > 0 ? (serverCpuMs * 1000) / report.received : Number.NaN,
    clientCpuMs: cpuOf(pool.pids()) - clientCpu0,
    driverCpuMs: (driverCpu.user + driverCpu.system) / 1000,
    latency: report.latencies ? summarizeLatency(report.latencies) : undefined,
    latencySamples: report.latencies,
  };
}

/**
 * Saturated throughput: `window` triggers (each one event or one batch) in flight at once, each lane sending its next one as
 * soon as the previous is answered, until `events` are sent or `capMs` passes. Deliveries per
 * second = every delivery counted at the clients / (last delivery - first trigger).
 */
export function runSaturated(context: PhaseContext, events: number, window: number, capMs: number): Promise<PhaseResult> {
  return measure(
    context,
    async () => {
      const start = nowMs();
      let next = 0;
      let sent = 0;
      let failed = 0;
      let firstError: string | undefined;
      const lane = async () => {
        while (next < events && nowMs() - start < capMs) {
          const seq = next++;
          try {
            await context.shape.send(context.trigger, seq, nowMs());
            sent += 1;
          } catch (error) {
            failed += 1;
            firstError ??= describeError(error);
          }
        }
      };
      await Promise.all(Array.from({ length: window }, lane));
      return { sent, failed, firstError, doneAt: nowMs() };
    },
    0,
  );
}

/**
 * Sustained rate: `rate` triggers per second on a fixed schedule (no drift) for `durationMs`;
 * every delivery's latency = receive time - the send stamp in its payload (same monotonic clock).
 */
export function runSustained(context: PhaseContext, rate: number, durationMs: number, workers: number): Promise<PhaseResult> {
  const events = Math.max(1, Math.round((rate * durationMs) / 1000));
  const interval = 1000 / rate;
  const capacity = events * context.shape.eventsPerTrigger * (Math.ceil(context.pool.subscribers / workers) + 1);
  return measure(
    context,
    async () => {
      const start = nowMs();
      const inFlight: Array<Promise<string | null>> = [];
      for (let seq = 0; seq < events; seq += 1) {
        const wait = start + seq * interval - nowMs();
        if (wait > 0) await sleep(wait);
        inFlight.push(context.shape.send(context.trigger, seq, nowMs()).then(() => null, describeError));
      }
      const outcomes = await Promise.all(inFlight);
      const errors = outcomes.filter((outcome): outcome is string => outcome !== null);
      return { sent: events - errors.length, failed: errors.length, firstError: errors[0], doneAt: nowMs() };
    },
    capacity,
  );
}
