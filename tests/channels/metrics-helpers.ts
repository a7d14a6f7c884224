// Reading the Channels server's /metrics in tests: fetch the text, pick one sample by name and labels.
import type { RunningChannelsServer } from "@/lib/channels/index";

/** GET /metrics from loopback; throws unless 200. */
export async function scrapeMetrics(server: RunningChannelsServer, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${server.port}/metrics`, { headers });
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

/** The value of the sample `name{labels}` (labels matched exactly, in any order); undefined when absent. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .sort()
    .join(",");
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? "").split(",").filter(Boolean).sort().join(",");
    if (have === wanted) return Number(match[3]);
  }
  return undefined;
}
