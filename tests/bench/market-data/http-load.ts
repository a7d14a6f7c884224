// A load process for `bench:market-data`: keeps `concurrency` GETs of one URL in flight (a closed loop over
// keep-alive connections) for a warm-up and then a measured period, and reports every measured request's
// latency. Runs in its own process (spawned with IPC), so the app's process and this one do not share a
// JavaScript thread; the machine's cores they do share.
import http from "node:http";

/** What the driver asks for. */
export interface LoadRequest {
  url: string;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Text every answer must contain (checked on the first answers of each connection). */
  expect?: string;
}

/** What the process answers. */
export interface LoadResult {
  url: string;
  requests: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  latenciesMs: number[];
}

function get(agent: http.Agent, url: URL): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

async function run({ url, concurrency, warmupMs, durationMs, expect }: LoadRequest): Promise<LoadResult> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const started = performance.now();
  const measureFrom = started + warmupMs;
  const stopAt = measureFrom + durationMs;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let checked = 0;
  const lane = async () => {
    while (performance.now() < stopAt) {
      const sent = performance.now();
      try {
        const { status, body } = await get(agent, target);
        const problem = status !== 200 ? `status ${status}` : expect !== undefined && checked < concurrency * 2 && !body.includes(expect) ? `answer without ${JSON.stringify(expect)}` : null;
        checked += 1;
        if (problem !== null) throw new Error(problem);
        if (sent >= measureFrom) latencies.push(performance.now() - sent);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - measureFrom) / 1000;
  agent.destroy();
  return { url, requests: latencies.length, errors, firstError, seconds, latenciesMs: latencies };
}

process.on("message", (message: LoadRequest) => {
  run(message).then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ url: message.url, requests: 0, errors: 1, firstError: String(error), seconds: 0, latenciesMs: [] } satisfies LoadResult),
  );
});
process.send?.({ ready: true });
