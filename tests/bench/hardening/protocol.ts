// Messages between the hardening bench driver and its load processes (IPC, structured clone).

/** Where the measured server listens and which app it serves. */
export interface Target {
  host: string;
  port: number;
  appId: string;
  key: string;
  secret: string;
}

/** Driver -> slow-body worker: open `count` unauthenticated POSTs, each sending `sendBytes` of a `contentLength` body, then stall. */
export interface SlowBodyStart {
  type: "start";
  target: Target;
  count: number;
  sendBytes: number;
  contentLength: number;
  concurrency: number;
}

/** Slow-body worker -> driver: every request is open and has sent its bytes (or failed). */
export interface SlowBodyHolding {
  type: "holding";
  opened: number;
  failed: number;
  /** Requests the server answered before their body was complete, by status. */
  answered: Record<string, number>;
  /** Connections the server closed. */
  closedByServer: number;
}

/** Driver -> canary worker: connect `subscribers` clients to the canary channel. */
export interface CanaryInit {
  type: "init";
  target: Target;
  subscribers: number;
}

/** Driver -> canary worker: trigger `rate` events per second for `seconds` and report latencies. */
export interface CanaryMeasure {
  type: "measure";
  rate: number;
  seconds: number;
}

/** Canary worker -> driver: one measurement. */
export interface CanaryReport {
  type: "report";
  expected: number;
  received: number;
  triggerFailures: number;
  /** Delivery latencies (trigger call -> frame at a subscriber), ms, sorted ascending. */
  latencies: Float64Array;
}

/** Driver -> flood worker: `sockets` sockets each send `frameBytes` client-x frames as fast as the socket drains. */
export interface FloodStart {
  type: "start";
  target: Target;
  sockets: number;
  frameBytes: number;
}

/** Flood worker -> driver: what the flood did. */
export interface FloodReport {
  type: "report";
  framesSent: number;
  bytesSent: number;
  /** pusher:error 4301 answers (client event refused) received. */
  refused4301: number;
  /** pusher:error 4100 answers (over the frame limit) received. */
  overCapacity4100: number;
  connections: number;
}

/** The stop request every worker understands: report (when it has something) and exit. */
export interface Stop {
  type: "stop";
}
