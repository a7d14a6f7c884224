// How the app's `pusher` SDK reaches the Channels service: its own keep-alive agent, and one fix for the
// keep-alive race. The server closes a connection that stayed idle for its keep-alive timeout (Node's http
// server, ours: 5 s); a request written to that socket as it closes fails with ECONNRESET ("socket hang up")
// before any answer. The agent closes its idle sockets sooner (IDLE_SOCKET_TIMEOUT_MS), but a timer cannot
// fire while the app's event loop is busy, so a request that still meets a closed socket is sent again.
//
// Why sending again is safe although a trigger is not idempotent: only a request that went out on a socket
// taken from the idle pool AND was reset before any answer is sent again. Such a socket was closed by the
// server while idle: it never read the request (our server answers every request it reads, errors
// included). The one other way, the server process dying between acting on a request and answering it,
// drops every browser's websocket too; pages reconnect and re-read, and the exchange's events are
// snapshots or carry ids (book sequence, trade ids) that pages de-duplicate. A reset on a new connection,
// an HTTP error or a timeout is never sent again.
import { Agent as HttpAgent, type ClientRequest } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Duplex } from "node:stream";

/** The client drops a keep-alive socket idle this long: well before the 5 s after which our server closes it. */
export const IDLE_SOCKET_TIMEOUT_MS = 2_000;

/** At most this many re-sends of one request (each takes one closed socket out of the pool). */
const MAX_RESENDS = 3;

/** Network error codes of a connection closed under a request before any answer. */
const RESET_CODES = new Set(["ECONNRESET", "EPIPE"]);

/** The SDK's agent and the wrapper that re-sends a request its reused socket lost. */
export interface TriggerTransport {
  agent: HttpAgent;
  /**
   * Runs `request` (one SDK call that places one HTTP request synchronously, as `pusher.post` does) and
   * runs it again when it failed with a reset before any answer on a socket reused from the idle pool.
   */
  send<T>(request: () => Promise<T>): Promise<T>;
}

/** What the transport needs to know: https or http, and extra trusted certificates for https. */
export interface TriggerTransportOptions {
  useTLS: boolean;
  /** Certificates trusted for https (Node's roots plus a self-signed one); Node's default roots when absent. */
  ca?: string[];
}

/** A keep-alive agent for the SDK and its re-send wrapper. */
export function createTriggerTransport(options: TriggerTransportOptions): TriggerTransport {
  const agentOptions = { keepAlive: true, timeout: IDLE_SOCKET_TIMEOUT_MS };
  const agent: HttpAgent = options.useTLS ? new HttpsAgent({ ...agentOptions, ...(options.ca ? { ca: options.ca } : {}) }) : new HttpAgent(agentOptions);
  // Set while an SDK call places its request: the agent hands it a socket synchronously (node-fetch's fetch).
  let placing: { reused: boolean } | null = null;
  const reuseSocket = agent.reuseSocket.bind(agent);
  agent.reuseSocket = (socket: Duplex, request: ClientRequest) => {
    reuseSocket(socket, request);
    if (placing) placing.reused = true;
  };

  return {
    agent,
    async send<T>(request: () => Promise<T>): Promise<T> {
      for (let resends = 0; ; resends += 1) {
        const placed = { reused: false };
        placing = placed;
        let answer: Promise<T>;
        try {
          answer = request();
        } finally {
          placing = null;
        }
        try {
          return await answer;
        } catch (error) {
          if (!placed.reused || resends >= MAX_RESENDS || !isResetBeforeAnswer(error)) throw error;
        }
      }
    },
  };
}

/**
 * True for the SDK's RequestError of a request whose connection was reset before any answer: no HTTP
 * status, and node-fetch's system error ECONNRESET / EPIPE as its cause (a timeout is "aborted", not a reset).
 */
export function isResetBeforeAnswer(error: unknown): boolean {
  if (error === null || typeof error !== "object") return false;
  const { status, error: cause } = error as { status?: unknown; error?: unknown };
  if (status !== undefined || cause === null || typeof cause !== "object") return false;
  const code = (cause as { code?: unknown }).code;
  return typeof code === "string" && RESET_CODES.has(code);
}
