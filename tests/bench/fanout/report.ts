// Prints the fan-out results: one table per subscriber count with absolute numbers and the
// ratios ours/ws and socket.io/ws, then the targets as met or missed.
import { percentile, ratio } from "../lib/stats.ts";
import { fmt, formatTable } from "../lib/table.ts";
import type { ScenarioPlan, ScenarioResult } from "./arena.ts";
import type { TargetId } from "./targets.ts";

type Row = [label: string, pick: (r: ScenarioResult) => number | undefined, digits: number, noRatio?: "no ratio"];

const labels: Record<TargetId, string> = { ws: "bare ws", ours: "ours", socketio: "socket.io" };

function rows(plan: ScenarioPlan): Row[] {
  const rate = `${plan.sustainedRate} ev/s`;
  return [
    [`saturated: deliveries/s (median of ${plan.rounds})`, (r) => r.saturated.deliveriesPerSec, 0],
    ["saturated: round spread (max-min)/median", (r) => r.saturated.deliveriesPerSecSpread, 2, "no ratio"],
    ["saturated: events sent (all rounds)", (r) => r.saturated.eventsSent, 0, "no ratio"],
    ["saturated: triggers/s answered", (r) => r.saturated.triggersPerSec, 0],
    ["saturated: lost deliveries", (r) => r.saturated.lost, 0, "no ratio"],
    ["saturated: server CPU us/delivery", (r) => r.saturated.serverCpuUsPerDelivery, 2],
    ["saturated: client CPU s (all workers)", (r) => r.saturated.clientCpuMs / 1000, 1],
    ["saturated: driver CPU s (trigger side)", (r) => r.saturated.driverCpuMs / 1000, 2],
    [`${rate}: latency p50 ms`, (r) => r.sustained.latency?.p50Ms, 2],
    [`${rate}: latency p99 ms (all samples)`, (r) => r.sustained.latency?.p99Ms, 2],
    [`${rate}: latency p99 ms (median of rounds)`, (r) => r.sustained.p99MedianOfRoundsMs, 2],
    [`${rate}: latency max ms`, (r) => r.sustained.latency?.maxMs, 2],
    [`${rate}: deliveries expected`, (r) => r.sustained.expected, 0, "no ratio"],
    [`${rate}: lost deliveries`, (r) => r.sustained.lost, 0, "no ratio"],
    [`${rate}: server CPU us/delivery`, (r) => r.sustained.serverCpuUsPerDelivery, 2],
    ["server RSS before clients MiB", (r) => r.rssBaselineBytes / 2 ** 20, 1],
    ["server RSS per idle connection KiB", (r) => r.bytesPerIdleConnection / 1024, 1],
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
  const title =
    `${fmt(plan.subscribers)} subscribers of one channel, ${plan.workers} client processes per server; ${plan.rounds} interleaved rounds of` +
    ` saturated = ${plan.saturatedEventsPerRound} events with ${plan.saturatedWindow} triggers in flight; ${plan.sustainedRounds} of sustained = ${plan.sustainedRate} ev/s for ${plan.sustainedMsPerRound / 1000} s`;
  return `${title}\n${formatTable(headers, body)}`;
}

/** The targets, checked against one run's ratios. */
export function formatTargets(all: Map<ScenarioPlan, Map<TargetId, ScenarioResult>>): string {
  const lines: string[] = [];
  for (const [plan, results] of all) {
    const subscribers = plan.subscribers;
    const ours = results.get("ours");
    const ws = results.get("ws");
    const sio = results.get("socketio");
    if (!ours || !ws) continue;
    const tput = ratio(ours.saturated.deliveriesPerSec, ws.saturated.deliveriesPerSec);
    const sioTput = sio ? ratio(sio.saturated.deliveriesPerSec, ws.saturated.deliveriesPerSec) : Number.NaN;
    const paired = ours.saturated.rounds.map((round, i) => ratio(round.deliveriesPerSec, ws.saturated.rounds[i]?.deliveriesPerSec));
    const pairedText = `per round ${paired.map((r) => fmt(r, 2)).join("/")}, median ${fmt(percentile([...paired].sort((a, b) => a - b), 50), 2)}`;
    lines.push(`${fmt(subscribers)} subs: saturated throughput ours/ws = ${fmt(tput, 2)} (target >= 0.90: ${tput >= 0.9 ? "met" : "MISSED"}; ${pairedText}); socket.io/ws = ${fmt(sioTput, 2)}`);
    const cpu = ratio(ours.saturated.serverCpuUsPerDelivery, ws.saturated.serverCpuUsPerDelivery);
    lines.push(`${fmt(subscribers)} subs: server CPU per delivery ours/ws = ${fmt(cpu, 2)} (lower is better; the server-side cost the wall-clock ratio dilutes)`);
    const p99 = ratio(ours.sustained.latency?.p99Ms, ws.sustained.latency?.p99Ms);
    const p99Rounds = ratio(ours.sustained.p99MedianOfRoundsMs, ws.sustained.p99MedianOfRoundsMs);
    const p99Target = subscribers === 1000 && plan.sustainedRate === 20;
    const verdict = p99Target ? ` (target <= 1.30 at 1,000 subs and 20 ev/s: ${p99 <= 1.3 ? "met" : "MISSED"})` : "";
    lines.push(`${fmt(subscribers)} subs: p99 ours/ws = ${fmt(p99, 2)} over all samples${verdict}; ${fmt(p99Rounds, 2)} as median of per-round p99`);
    const lost = ours.sustained.lost + ours.saturated.lost;
    lines.push(`${fmt(subscribers)} subs: lost deliveries ours = ${fmt(lost)} (target 0: ${lost === 0 ? "met" : "MISSED"})`);
  }
  return lines.join("\n");
}
