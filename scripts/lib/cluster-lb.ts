// `npm run cluster`'s flags, and the load balancer in front of its nodes: an HAProxy configuration.
import { parseArgs } from "node:util";
import { z } from "zod";

/** host:port of one Channels node. */
export interface NodeAddress {
  host: string;
  port: number;
}

/**
 * HAProxy (Debian's `haproxy` package, 2.6) in front of the nodes: one address for browsers' websockets and the
 * app's HTTP API calls. Any node serves any client (state is shared through Redis), so no stickiness is needed.
 */
export function buildHaproxyConfig(options: { bindHost: string; port: number; nodes: readonly NodeAddress[] }): string {
  const servers = options.nodes.map((node, index) => `    server node${index + 1} ${node.host}:${node.port}`);
  return [
    "# HAProxy in front of a Channels cluster: one address for browsers (websockets) and the app (HTTP API).",
    "# `npm run cluster` writes this for its nodes and runs `haproxy -f <file>`; docs/cluster/haproxy.cfg is the",
    "# copy for its defaults (3 nodes on 127.0.0.1:6101-6103, the balancer on 127.0.0.1:6100).",
    "global",
    "    log stdout format raw local0 notice",
    "    # maxconn follows the file-descriptor limit (ulimit -n): raise that for more than a few thousand sockets.",
    "",
    "defaults",
    "    mode http",
    "    log global",
    "    timeout connect 5s",
    "    timeout client 30s",
    "    timeout server 30s",
    "    # An upgraded websocket is a tunnel: idle ones must outlive pusher-js's ping interval (120 s at most).",
    "    timeout tunnel 1h",
    "    timeout client-fin 5s",
    "",
    "frontend channels",
    `    bind ${options.bindHost}:${options.port}`,
    "    default_backend channels_nodes",
    "",
    "backend channels_nodes",
    "    # Any node serves any websocket and any API call: spread connections evenly, no stickiness.",
    "    balance leastconn",
    "    # A node that stops accepting connections leaves the rotation within about 2 s; its clients reconnect to another.",
    "    default-server check inter 1s fall 2 rise 1",
    ...servers,
    "",
  ].join("\n");
}

const portSchema = z.coerce.number().int().min(1).max(65535);
/** Each flag's schema, under the flag's own name (so an error names the flag as it is typed). */
const flagsSchema = z.object({
  nodes: z.coerce.number().int().min(1).max(16).default(3),
  "base-port": portSchema.default(6101),
  "lb-port": portSchema.default(6100),
  "redis-port": portSchema.default(6380),
});

/** `npm run cluster`'s settings. */
export interface ClusterFlags {
  nodes: number;
  basePort: number;
  lbPort: number;
  redisPort: number;
}

/** What `npm run cluster -- --help` prints. */
export const CLUSTER_USAGE = `Usage: npm run cluster -- [options]

Starts a local Channels cluster: redis-server, N Channels nodes (each its own process and port, with the
app credentials of .env.local) and HAProxy in front of them when it is installed. Ctrl-C stops it all.

Options:
  --nodes N         Channels nodes to start, 1-16 (default 3)
  --base-port P     the first node's port; the others follow (default 6101)
  --lb-port P       HAProxy's port (default 6100)
  --redis-port P    the port of the redis-server it starts (default 6380)
  -h, --help        print this and exit

Environment:
  CHANNELS_REDIS_URL     use this Redis instead of starting redis-server
  PUSHER_APP_ID, PUSHER_KEY, PUSHER_SECRET
                         the app's credentials (default: .env.local's, generated if missing)
  HOST                   the address the nodes bind (default 127.0.0.1)`;

/** True when `argv` asks for the usage (`--help` or `-h`). */
export function wantsClusterUsage(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h");
}

/** Parses `--nodes 3`, `--nodes=3` and the port flags (node:util parseArgs); throws with the flag's name when one is wrong. */
export function parseClusterFlags(argv: readonly string[]): ClusterFlags {
  const options = Object.fromEntries(Object.keys(flagsSchema.shape).map((name) => [name, { type: "string" as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)} (npm run cluster -- --help lists the options)`);
  }
  const parsed = flagsSchema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `--${String(issue.path[0])}: ${issue.message}`).join("; "));
  const flags = parsed.data;
  return { nodes: flags.nodes, basePort: flags["base-port"], lbPort: flags["lb-port"], redisPort: flags["redis-port"] };
}
