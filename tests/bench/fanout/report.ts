// Prints the fan-out results: one table per subscriber count with absolute numbers and the
// ratios ours/ws and socket.io/ws, then the targets as met or missed.
import { percentile, ratio } from "../lib/stats.ts";
import { fmt, formatTable } from "../lib/table.ts";
import type { ScenarioPlan, ScenarioResult } from "./arena.ts";
import type { TargetId } from "./targets.ts";

type Row = [label: string, pick: (r: ScenarioResult) => number | undefined, digits: number, noRatio?: "no ratio"];

const labels: Record<TargetId, string> = { ws: "bare ws", ours: "ours", socketio: "socket.io" };

const isFeed = (plan: ScenarioPlan) => plan.kind === "exchange feed";

function rows(plan: ScenarioPlan): Row[] {
  const rate = isFeed(plan) ? `${plan.sustainedRate} batches/s` : `${plan.sustainedRate} ev/s`;
  return [
    [`saturated: deliveries/s (median of ${plan.rounds})`, (r) => r.saturated.deliveriesPerSec, 0],
    ["saturated: round spread (max-min)/median", (r) => r.saturated.deliveriesPerSecSpread, 2, "no ratio"],
    ["saturated: events sent (all rounds)", (r) => r.saturated.eventsSent, 0, "no ratio"],
    [isFeed(plan) ? "saturated: batches/s answered" : "saturated: triggers/s answered", (r) => r.saturated.triggersPerSec, 0],
    ["saturated: lost deliveries", (r) => r.saturated.lost, 0, "no ratio"],
    ["saturated: server CPU us/delivery", (r) => r.saturated.serverCpuUsPerDelivery, 2],
    ["saturated: server CPU share in kernel", (r) => r.saturated.serverSysShare, 2],
    ["saturated: client CPU s (all workers)", (r) => r.saturated.clientCpuMs / 1000, 1],
    ["saturated: driver CPU s (trigger side)", (r) => r.saturated.driverCpuMs / 1000, 2],
    [`${rate}: latency p1 ms`, (r) => r.sustained.latency?.p1Ms, 2],
    [`${rate}: latency p50 ms`, (r) => r.sustained.latency?.p50Ms, 2],
    [`${rate}: latency p99 ms (all samples)`, (r) => r.sustained.latency?.p99Ms, 2],
    [`${rate}: latency p99 ms (median of rounds)`, (r) => r.sustained.p99MedianOfRoundsMs, 2],
    [`${rate}: latency max ms`, (r) => r.sustained.latency?.maxMs, 2],
    [`${rate}: deliveries expected`, (r) => r.sustained.expected, 0, "no ratio"],
    [`${rate}: lost deliveries`, (r) => r.sustained.lost, 0, "no ratio"],
    ["triggers failed (HTTP errors, all phases)", (r) => r.saturated.triggersFailed + r.sustained.triggersFailed, 0, "no ratio"],
    [`${rate}: server CPU us/delivery`, (r) => r.sustained.serverCpuUsPerDelivery, 2],
    ["server RSS before clients MiB", (r) => r.rssBaselineBytes / 2 ** 20, 1],
    // A few MiB over 1,000 connections is within GC noise: per-connection memory is read at 10,000.
    ...(plan.subscribers >= 5000 ? [["server RSS per idle connection KiB", (r: ScenarioResult) => r.bytesPerIdleConnection / 1024, 1] as Row] : []),
    ["connect + subscribe all, s", (r) => r.connectMs / 1000, 1],
  ];
}

/** One table for one subscriber count; columns per server plus ratios to bare ws. */
export function formatScenarioTable(plan: ScenarioPlan, results: Map<TargetId, ScenarioResult>): string {
  const ids = (["ws", "ours", "socketio"] as const).filter((id) => results.has(id));
  const ratioIds = ids.filter((id) => id !== "ws" && results.has("ws"));
  const headers = ["metric", ...ids.map((id) => labels[id]), ...ratioIds.map((id) => `${labels[id]}/ws`)];
  const body = rows(plan).map(([label, pick, digits, noRatio]) => {
    const values = ids.map((id) => pick(results.get(id) as ScenarioResult));
    const base = results.has("ws") ? pick(results.get("ws") as ScenarioResult) : undefined;
    return [label, ...values.map((v) => fmt(v, digits)), ...ratioIds.map((id) => (noRatio ? "" : fmt(ratio(pick(results.get(id) as ScenarioResult), base), 2)))];
  });
  const per = plan.shape.eventsPerTrigger;
  const title = isFeed(plan)
    ? `Exchange feed: ${fmt(plan.subscribers)} subscribers of ${plan.channels?.join(", ")}, ${plan.workers} client processes per server; each trigger a batch of ${per} events` +
      ` (ours: batch_events via the pusher SDK; references: one POST, one frame per event); ${plan.rounds} interleaved rounds of saturated = ${plan.saturatedTriggersPerRound} batches with` +
      ` ${plan.saturatedWindow} in flight; ${plan.sustainedRounds} of sustained = ${plan.sustainedRate} batches/s for ${plan.sustainedMsPerRound / 1000} s`
    : `${fmt(plan.subscribers)} subscribers of one channel, ${plan.workers} client processes per server; ${plan.rounds} interleaved rounds of` +
      ` saturated = ${plan.saturatedTriggersPerRound} events with ${plan.saturatedWindow} triggers in flight; ${plan.sustainedRounds} of sustained = ${plan.sustainedRate} ev/s for ${plan.sustainedMsPerRound / 1000} s`;
  return `${title}\n${formatTable(headers, body)}`;
}

/** Per-round ratios a/b of two servers' interleaved rounds, and their median. */
function pairedRatios(a: number[], b: number[]): { values: number[]; median: number } {
  const values = a.map((value, i) => ratio(value, b[i]));
  return { values, median: percentile([...values].sort((x, y) => x - y), 50) };
}

const verdict = (met: boolean) => (met ? "met" : "MISSED");

/**
 * The targets from one run. The verdict uses the median of per-round paired ratios: each
 * round runs the servers back to back, so outside load that drifts over the run cancels out.
 */
export function formatTargets(all: Map<ScenarioPlan, Map<TargetId, ScenarioResult>>): string {
  const lines: string[] = [];
  for (const [plan, results] of all) {
    const subs = isFeed(plan) ? `feed, ${fmt(plan.subscribers)} subs:` : `${fmt(plan.subscribers)} subs:`;
    const ours = results.get("ours");
    const ws = results.get("ws");
    const sio = results.get("socketio");
    if (!ours || !ws) continue;
    const rates = (r: ScenarioResult) => r.saturated.rounds.map((x) => x.deliveriesPerSec);
    const tput = pairedRatios(rates(ours), rates(ws));
    const sioTput = sio ? pairedRatios(rates(sio), rates(ws)).median : Number.NaN;
    const pooled = ratio(ours.saturated.deliveriesPerSec, ws.saturated.deliveriesPerSec);
    const throughputTarget = isFeed(plan) ? 1.3 : 0.9;
    lines.push(
      `${subs} saturated throughput ours/ws = ${fmt(tput.median, 2)} (per round ${tput.values.map((r) => fmt(r, 2)).join("/")}; ratio of medians ${fmt(pooled, 2)})` +
        ` -> target >= ${fmt(throughputTarget, 2)} ${verdict(tput.median >= throughputTarget)}; socket.io/ws = ${fmt(sioTput, 2)}`,
    );
    const cpu = ratio(ours.saturated.serverCpuUsPerDelivery, ws.saturated.serverCpuUsPerDelivery);
    const sioCpu = sio ? ratio(sio.saturated.serverCpuUsPerDelivery, ws.saturated.serverCpuUsPerDelivery) : Number.NaN;
    const cpuTarget = isFeed(plan) ? ` -> target <= 0.60 ${verdict(cpu <= 0.6)}` : "";
    lines.push(`${subs} server CPU per delivery ours/ws = ${fmt(cpu, 2)} (the server's own cost; lower is better)${cpuTarget}; socket.io/ws = ${fmt(sioCpu, 2)}`);
    const p99s = (r: ScenarioResult) => r.sustained.rounds.map((x) => x.latency?.p99Ms ?? Number.NaN);
    const p99 = pairedRatios(p99s(ours), p99s(ws));
    const pooledP99 = ratio(ours.sustained.latency?.p99Ms, ws.sustained.latency?.p99Ms);
    const target = !isFeed(plan) && plan.subscribers === 1000 && plan.sustainedRate === 20 ? ` -> target <= 1.30 ${verdict(p99.median <= 1.3)}` : "";
    lines.push(`${subs} p99 ours/ws = ${fmt(p99.median, 2)} (per round ${p99.values.map((r) => fmt(r, 2)).join("/")}; over all samples ${fmt(pooledP99, 2)})${target}`);
    const lost = ours.sustained.lost + ours.saturated.lost;
    lines.push(`${subs} lost deliveries ours = ${fmt(lost)} -> target 0 ${verdict(lost === 0)}`);
  }
  return lines.join("\n");
}
