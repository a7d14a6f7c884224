// Messages between the connections bench driver and its client processes (IPC, structured clone).

/** How a client process connects: the Pusher protocol (connect, then subscribe) or a bare websocket. */
export type ConnectKind = "pusher" | "ws";

/** Driver -> client: open `count` connections from `localAddress`, `concurrency` handshakes at a time. */
export interface OpenMessage {
  type: "open";
  kind: ConnectKind;
  host: string;
  /** Server ports (one per cluster node): connection i goes to ports[i % ports.length]. */
  ports: number[];
  appKey: string;
  /** The channel every Pusher connection subscribes to. */
  channel: string;
  count: number;
  /** Source address (127.0.0.x): each has its own ~28k ephemeral ports towards one server port. */
  localAddress: string;
  concurrency: number;
}

/** Client -> driver: every connection is open (and subscribed), or failed; stamps on the shared monotonic clock. */
export interface OpenedMessage {
  type: "opened";
  opened: number;
  /** Connections usable per entry of the open message's `ports`. */
  openedPerPort: number[];
  failed: number;
  firstError?: string;
  firstAtMs: number;
  lastAtMs: number;
  /** When the first 10%, 20%, ... 100% of `count` were usable (fewer entries when some failed). */
  tenthsAtMs: number[];
}

/** Driver -> client: how many connections are still open. */
export interface StatusRequest {
  type: "status";
}

/** Client -> driver: connections still open, closed by the server since, pings answered. */
export interface StatusMessage {
  type: "status";
  open: number;
  closedUnexpectedly: number;
  pingsAnswered: number;
}

/** Driver -> client: close everything and exit. */
export interface CloseMessage {
  type: "close";
}

/** Any message the driver sends. */
export type DriverMessage = OpenMessage | StatusRequest | CloseMessage;

/** Any message a client process sends ("ready" once its modules are loaded). */
export type ClientMessage = OpenedMessage | StatusMessage | { type: "ready" };
