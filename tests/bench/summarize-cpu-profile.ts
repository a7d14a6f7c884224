// `tsx tests/bench/summarize-cpu-profile.ts <file.cpuprofile>`: where a V8 CPU profile spends its
// time, as self time per function and per source file (written by `bench:channels -- --cpu-prof`).
import { readFileSync } from "node:fs";
import { fmt, formatTable } from "./lib/table.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function shortUrl(url: string): string {
  if (!url) return "(native)";
  const path = url.replace(/^file:\/\//, "");
  const nm = path.lastIndexOf("node_modules/");
  if (nm >= 0) return path.slice(nm + "node_modules/".length);
  const repo = path.indexOf("/work/main/");
  return repo >= 0 ? path.slice(repo + "/work/main/".length) : path;
}

/** Self time in microseconds per profile node id. */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  profile.samples.forEach((id, i) => times.set(id, (times.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  return times;
}

function top(entries: Map<string, number>, total: number, limit: number): string[][] {
  return [...entries]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, us]) => [key, fmt(us / 1000, 0), fmt((100 * us) / total, 1)]);
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error("usage: summarize-cpu-profile.ts <file.cpuprofile>");
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfTimes(profile)) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === "(idle)") continue;
    total += us;
    const where = shortUrl(frame.url);
    const name = `${frame.functionName || "(anonymous)"} ${frame.url ? `${where}:${frame.lineNumber + 1}` : ""}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byFile.set(where, (byFile.get(where) ?? 0) + us);
  }
  console.log(`${file}\nbusy (non-idle) samples: ${fmt(total / 1000, 0)} ms\n`);
  console.log(formatTable(["self time by function", "ms", "%"], top(byFunction, total, 30)));
  console.log(`\n${formatTable(["self time by file", "ms", "%"], top(byFile, total, 20))}`);
}

main();
