// The node's two Redis connections (commands, and the bus subscription), their ups and downs, and the scripts.
import { createHash } from "node:crypto";
import { Redis, type RedisOptions } from "ioredis";
import type { ClusterConfig } from "./cluster-config";
import { describeError } from "./log-text";

/** What the link tells its owner. */
export interface LinkEvents {
  /** Both connections are up and the bus is subscribed: the node may (re)join. */
  up(): void;
  /** Either connection went down (or a command timed out): the node serves alone until `up`. */
  down(reason: string): void;
  /** A bus message. */
  message(text: string): void;
}

/** How long Redis may take to answer one command before the node treats it as gone. */
function pickCommandTimeoutMs(config: ClusterConfig): number {
  return Math.max(2000, Math.round(config.nodeTtlMs / 2));
}

/** Two ioredis clients that fail fast while Redis is away and reconnect on their own. */
export class RedisLink {
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private commandsReady = false;
  private busReady = false;
  private isUp = false;
  private closed = false;
  private readonly shas = new Map<string, string>();

  constructor(
    private readonly config: ClusterConfig,
    private readonly busChannel: string,
    private readonly events: LinkEvents,
    private readonly log: (line: string) => void,
  ) {
    const options: RedisOptions = {
      lazyConnect: true,
      // While Redis is away a command fails at once (the node then serves alone) instead of queueing.
      enableOfflineQueue: false,
      autoResendUnfulfilledCommands: false,
      autoResubscribe: false,
      maxRetriesPerRequest: 0,
      connectTimeout: Math.max(1000, Math.min(10_000, config.nodeTtlMs)),
      commandTimeout: pickCommandTimeoutMs(config),
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), config.reconnectMaxDelayMs),
    };
    this.commands = new Redis(config.redisUrl, { ...options, connectionName: "channels-node" });
    this.subscriber = new Redis(config.redisUrl, { ...options, connectionName: "channels-node-bus", commandTimeout: undefined });
    this.commands.on("ready", () => {
      this.commandsReady = true;
      this.update();
    });
    this.commands.on("close", () => {
      this.commandsReady = false;
      this.update("the command connection closed");
    });
    this.subscriber.on("ready", () => {
      this.subscriber.subscribe(this.busChannel).then(
        () => {
          this.busReady = true;
          this.update();
        },
        (error: unknown) => this.log(`Channels cluster: subscribing to the bus failed: ${describeError(error)}`),
      );
    });
    this.subscriber.on("close", () => {
      this.busReady = false;
      this.update("the bus connection closed");
    });
    this.subscriber.on("message", (channel: string, text: string) => {
      if (channel === this.busChannel) this.events.message(text);
    });
    // ioredis reports every failed reconnect as an error; the owner logs outages (once, then as they last).
    this.commands.on("error", ignore);
    this.subscriber.on("error", ignore);
  }

  /** True while both connections are up and the bus is subscribed. */
  get up(): boolean {
    return this.isUp;
  }

  /** Starts connecting (and reconnecting, for as long as the link is open). */
  connect(): void {
    this.commands.connect().catch(ignore);
    this.subscriber.connect().catch(ignore);
  }

  /** Runs a script (EVALSHA, loading it when Redis does not know it, e.g. after a restart). */
  async run(lua: string, args: readonly (string | number)[]): Promise<unknown> {
    let sha = this.shas.get(lua);
    if (!sha) {
      sha = createHash("sha1").update(lua).digest("hex");
      this.shas.set(lua, sha);
    }
    try {
      return await this.commands.evalsha(sha, 0, ...args);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("NOSCRIPT")) return this.commands.eval(lua, 0, ...args);
      this.noteFailure(error);
      throw error;
    }
  }

  /** PUBLISH on the bus. */
  async publish(text: string): Promise<void> {
    try {
      await this.commands.publish(this.busChannel, text);
    } catch (error) {
      this.noteFailure(error);
      throw error;
    }
  }

  /** HKEYS. */
  async hashKeys(key: string): Promise<string[]> {
    try {
      return await this.commands.hkeys(key);
    } catch (error) {
      this.noteFailure(error);
      throw error;
    }
  }

  /** Closes both connections for good. */
  async close(): Promise<void> {
    this.closed = true;
    this.isUp = false;
    await Promise.all([this.commands.quit().catch(ignore), this.subscriber.quit().catch(ignore)]);
    this.commands.disconnect();
    this.subscriber.disconnect();
  }

  /** A command that timed out means a Redis that stopped answering: drop the connection, so the node goes alone. */
  private noteFailure(error: unknown): void {
    if (!(error instanceof Error) || !/timed out/i.test(error.message) || this.closed) return;
    this.commands.disconnect(true);
  }

  private update(reason?: string): void {
    if (this.closed) return;
    const up = this.commandsReady && this.busReady;
    if (up === this.isUp) return;
    this.isUp = up;
    if (up) this.events.up();
    else this.events.down(reason ?? "a connection closed");
  }
}

function ignore(): void {}
