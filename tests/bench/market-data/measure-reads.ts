// The market data reads, timed in this process against a generated database: each read called back to
// back (one at a time), in rounds that rotate the reads so load drifting on the shared machine falls on
// all of them alike. The reads are the functions the page and the JSON routes call.
import type { DbClient } from "../../../lib/db-client.ts";
import { readOrderBook } from "../../../lib/exchange/read-order-book.ts";
import { getCandles } from "../../../lib/market/get-candles.ts";
import { getRecentTrades } from "../../../lib/market/get-recent-trades.ts";
import { getTicker } from "../../../lib/market/get-ticker.ts";
import { percentile } from "../lib/stats.ts";

/**
 * A read's figures: wall-clock latency percentiles, back-to-back reads per second, and the percentiles of
 * the CPU time the process spent on each read (process.cpuUsage around each call: time the read waited
 * for a core taken by other work does not count, so it stays comparable on a loaded machine).
 */
export interface ReadFigures {
  name: string;
  reads: number;
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
  cpuP50Ms: number;
  cpuP99Ms: number;
}

/** The reads measured, by name. */
export function marketReads(client: DbClient, marketId: string): Array<{ name: string; read: () => Promise<unknown> }> {
  return [
    { name: "ticker", read: () => getTicker(marketId, { client }) },
    { name: "candles 1m", read: () => getCandles(marketId, "1m", { client }) },
    { name: "candles 5m", read: () => getCandles(marketId, "5m", { client }) },
    { name: "candles 1h", read: () => getCandles(marketId, "1h", { client }) },
    { name: "candles 1d", read: () => getCandles(marketId, "1d", { client }) },
    { name: "tape (50)", read: () => getRecentTrades(marketId, { client, limit: 50 }) },
    { name: "book (50 a side)", read: () => readOrderBook(client, marketId) },
  ];
}

/** The reads' figures of one database. */
export interface DatabaseReads {
  label: string;
  reads: ReadFigures[];
}

/**
 * Times every read of every database: `rounds` rounds, each calling every read of every database
 * `perRound` times back to back, databases and reads in an order rotated each round (so load from other
 * work on the shared cores falls on every size alike); a warm-up round first. A database's `touch`, when
 * given, runs before each call, untimed (a commit from another connection).
 */
export async function measureReads(
  databases: ReadonlyArray<{ label: string; client: DbClient; touch?: () => void }>,
  marketId: string,
  { rounds = 20, perRound = 100 } = {},
): Promise<DatabaseReads[]> {
  const targets = databases.flatMap(({ label, client, touch }) => marketReads(client, marketId).map((read) => ({ label, touch, ...read })));
  const samples = new Map<string, { latencies: number[]; cpu: number[]; ms: number }>(targets.map((target) => [`${target.label}|${target.name}`, { latencies: [], cpu: [], ms: 0 }]));
  for (const { read } of targets) for (let index = 0; index < perRound; index += 1) await read();
  for (let round = 0; round < rounds; round += 1) {
    for (let offset = 0; offset < targets.length; offset += 1) {
      const shifted = (offset + round) % targets.length;
      const target = targets[round % 2 === 0 ? shifted : targets.length - 1 - shifted]!;
      const sample = samples.get(`${target.label}|${target.name}`)!;
      let started = performance.now();
      for (let index = 0; index < perRound; index += 1) {
        // Another connection commits first (when asked): the read cannot answer from what it kept.
        if (target.touch !== undefined) {
          const touched = performance.now();
          target.touch();
          started += performance.now() - touched;
        }
        const cpuBefore = process.cpuUsage();
        const sent = performance.now();
        await target.read();
        sample.latencies.push(performance.now() - sent);
        const cpu = process.cpuUsage(cpuBefore);
        sample.cpu.push((cpu.user + cpu.system) / 1000);
      }
      sample.ms += performance.now() - started;
    }
  }
  return databases.map(({ label, client }) => ({
    label,
    reads: marketReads(client, marketId).map(({ name }) => {
      const { latencies, cpu, ms } = samples.get(`${label}|${name}`)!;
      const sorted = [...latencies].sort((a, b) => a - b);
      const cpuSorted = [...cpu].sort((a, b) => a - b);
      return {
        name,
        reads: sorted.length,
        p50Ms: percentile(sorted, 50),
        p99Ms: percentile(sorted, 99),
        perSecond: (sorted.length * 1000) / ms,
        cpuP50Ms: percentile(cpuSorted, 50),
        cpuP99Ms: percentile(cpuSorted, 99),
      };
    }),
  }));
}
