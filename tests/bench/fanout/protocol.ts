// Messages between the fan-out driver and its load-client worker processes (IPC, structured clone).

/** How a worker's clients connect: raw Pusher protocol over `ws`, bare `ws`, socket.io-client, or real pusher-js. */
export type LoadKind = "pusher" | "ws" | "socketio" | "pusher-js";

/** The channel (or room) every subscriber joins, and the event name triggered on it. */
export const benchChannel = "bench";
export const benchEvent = "update";

/** Driver -> worker: open `count` subscriber connections, each subscribed to every one of `channels`. */
export interface InitMessage {
  type: "init";
  kind: LoadKind;
  host: string;
  port: number;
  appKey: string;
  count: number;
  connectConcurrency: number;
  /** Channels (Socket.IO: rooms) each subscriber joins; every non-protocol event on them is a delivery. */
  channels: string[];
}

/** Driver -> worker: zero the counters; keep up to `latencyCapacity` latency samples. */
export interface ResetMessage {
  type: "reset";
  latencyCapacity: number;
}

/** Driver -> worker: reply with a {@link ReportMessage}; `withLatencies` ships the samples. */
export interface ReportRequest {
  type: "report";
  withLatencies: boolean;
}

/** Driver -> worker: close every connection and exit. */
export interface StopMessage {
  type: "stop";
}

/** Any message the driver sends. */
export type DriverMessage = InitMessage | ResetMessage | ReportRequest | StopMessage;

/** Worker -> driver: connections are open and subscribed (or failed). */
export interface ReadyMessage {
  type: "ready";
  subscribed: number;
  failed: number;
  firstError?: string;
}

/** Worker -> driver: deliveries counted since the last reset. */
export interface ReportMessage {
  type: "report";
  received: number;
  firstAtMs: number;
  lastAtMs: number;
  minPerClient: number;
  maxPerClient: number;
  outOfOrder: number;
  closedUnexpectedly: number;
  /** pusher:ping frames the server sent (answered with pusher:pong) since the last reset. */
  serverPings: number;
  latencies?: Float64Array;
}

/** Any message a worker sends. */
export type WorkerMessage = ReadyMessage | ReportMessage | { type: "reset-done" };

/** The payload every trigger carries: a send timestamp, a sequence number, and price-update-like fields. */
export interface BenchPayload {
  t: number;
  seq: number;
  market: string;
  price: string;
  amount: string;
  side: "buy" | "sell";
}

/** Builds the trigger payload for event `seq`, stamped with the send time `t` (monotonic ms). */
export function makePayload(seq: number, t: number): BenchPayload {
  return { t, seq, market: "btcusd", price: (60000 + (seq % 1000) / 100).toFixed(2), amount: "0.2500", side: seq % 2 ? "sell" : "buy" };
}
