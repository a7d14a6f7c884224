// A cluster member's settings: which Redis, which key prefix, how fast a dead node is noticed.

/** Makes a Channels server one node of a cluster sharing state over Redis (absent: the server is on its own). */
export interface ClusterConfig {
  /** redis://[user:password@]host:port[/db], or rediss:// for TLS. */
  redisUrl: string;
  /** Prefix of every Redis key and pub/sub channel (several clusters may share one Redis); the app id follows it. */
  prefix: string;
  /**
   * A node that sent no heartbeat for this long is dead: its members leave and its channels vacate, at most
   * 1.25 x this after its last heartbeat. Nodes heartbeat every third of it and look for dead ones every quarter.
   */
  nodeTtlMs: number;
  /** How long a starting node waits for Redis before it serves its own clients alone (and keeps trying). */
  startTimeoutMs: number;
  /** Longest wait between two reconnection attempts while Redis is away. */
  reconnectMaxDelayMs: number;
}

/** Defaults for everything but the URL. */
export const defaultClusterConfig: Omit<ClusterConfig, "redisUrl"> = {
  prefix: "channels",
  nodeTtlMs: 10_000,
  startTimeoutMs: 5_000,
  reconnectMaxDelayMs: 1_000,
};
