// One websocket client: its socket id, subscriptions, signed-in user, liveness and rate-limit state.
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import { truncateUtf8 } from "./close-reason";
import type { ProtocolError } from "./errors";
import { writePrepared, type PreparedFrame } from "./frames";
import { encodeError } from "./protocol/messages";
import type { TrafficCounters } from "./metrics/traffic-counters";
import { TokenBucket } from "./token-bucket";
import type { HeldWrites, WriteCoalescer } from "./write-coalescer";

/** A user signed in on a connection with `pusher:signin`. */
export interface SignedInUser {
  id: string;
  /** The raw `user_data` string the app signed. */
  userData: string;
  userInfo: unknown;
  watchlist: string[];
}

const TEXT_FRAME = { binary: false } as const;
/** A connection given this much in one turn is released at once (the rest of the turn is held again). */
const RELEASE_EARLY_BYTES = 64 * 1024;

/** Where a connection's fan-out writes are coalesced: the TCP socket under the websocket and the turn's coalescer. */
export interface WriteCoalescing {
  transport: Duplex;
  coalescer: WriteCoalescer;
}

/** A connected websocket client of one app. */
export class Connection implements HeldWrites {
  /** Channel names this socket is subscribed to. */
  readonly subscriptions = new Set<string>();
  user: SignedInUser | null = null;
  /** Last time anything arrived from the client (ms, by the server's clock). */
  lastSeen: number;
  /** When the server pinged and still waits for an answer (ms), else 0. */
  pingSentAt = 0;
  closed = false;
  /** The app's traffic totals, counted per message sent (set when the socket is accepted). */
  traffic: TrafficCounters | null = null;
  /** Created on the first client event: most connections never send one. */
  private clientEvents: TokenBucket | null = null;
  private messages: TokenBucket | null = null;
  private subscriptionChanges: TokenBucket | null = null;
  /** True while the socket is corked for this turn; heldBytes is what was written since. */
  private held = false;
  private heldBytes = 0;

  constructor(
    readonly socket: WebSocket,
    readonly socketId: string,
    /** High-water mark of bytes queued for a client that does not read: past it the socket is dropped. */
    private readonly maxBufferedBytes: number,
    now: number,
    /** Absent: every write goes out at once (one kernel write per frame). */
    private readonly coalescing?: WriteCoalescing,
  ) {
    this.lastSeen = now;
  }

  /** Sends one text message to this socket (behind what this turn already wrote to it). */
  send(message: string): void {
    if (this.closed) return;
    if (this.backlog() > this.maxBufferedBytes) return this.drop();
    this.socket.send(message, TEXT_FRAME);
    const bytes = Buffer.byteLength(message);
    if (this.held) this.heldBytes += bytes;
    if (this.traffic) this.traffic.sent(bytes);
  }

  /**
   * Writes a frame built once for a fan-out: the socket is corked on the turn's first frame and uncorked at
   * the end of the turn, so a batch of events leaves in one write while each stays its own websocket message.
   */
  sendPrepared(prepared: PreparedFrame): void {
    if (this.closed) return;
    if (this.backlog() > this.maxBufferedBytes) return this.drop();
    if (!this.held && this.coalescing) this.hold(this.coalescing);
    writePrepared(this.socket, prepared);
    if (this.traffic) this.traffic.sent(prepared.message.length);
    if (!this.held) return;
    this.heldBytes += prepared.frameBytes;
    if (this.heldBytes >= RELEASE_EARLY_BYTES) this.release();
  }

  /** Uncorks the socket held for this turn: everything written since leaves in one write. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.heldBytes = 0;
    this.coalescing?.transport.uncork();
  }

  private hold({ transport, coalescer }: WriteCoalescing): void {
    this.held = true;
    transport.cork();
    coalescer.hold(this);
  }

  /**
   * Bytes queued for the client from earlier turns, the cutoff's measure: what this turn holds corked is not
   * counted, so a reader is never dropped for one turn's own frames (at most RELEASE_EARLY_BYTES of them).
   */
  private backlog(): number {
    return this.socket.bufferedAmount - this.heldBytes;
  }

  /**
   * Drops a client that stopped reading: terminate(), because a close frame would only queue behind
   * the backlog. pusher-js sees an abnormal close and reconnects; the app re-reads state then.
   */
  private drop(): void {
    this.closed = true;
    if (this.traffic) this.traffic.slowConsumersDropped += 1;
    this.socket.terminate();
  }

  /** Sends `pusher:error` and, when fatal, closes with the same code. */
  fail(error: ProtocolError): void {
    this.send(encodeError(error.code, error.message));
    if (error.fatal) this.close(error.code, error.message);
  }

  /** Closes the websocket with a Pusher code (the reason is cut to the 123-byte limit at a character boundary). */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, truncateUtf8(reason));
  }

  /**
   * Stops reading from a socket the server is closing (the closing handshake then ends by the server's
   * close timeout): frames a flooding client keeps sending are neither decoded nor buffered.
   */
  stopReading(): void {
    this.socket.pause();
  }

  /** Records activity from the client: it is alive. */
  touch(now: number): void {
    this.lastSeen = now;
    this.pingSentAt = 0;
  }

  /** Takes an inbound frame worth `cost` frames from a token bucket with a burst of two seconds' worth. */
  takeMessage(limitPerSecond: number, now: number, cost = 1): boolean {
    this.messages ??= new TokenBucket(limitPerSecond, limitPerSecond * 2, now);
    return this.messages.take(now, cost);
  }

  /** Takes one pusher:subscribe / pusher:unsubscribe from a token bucket (limitPerSecond, burst `burst`); false when over. */
  takeSubscriptionChange(limitPerSecond: number, burst: number, now: number): boolean {
    this.subscriptionChanges ??= new TokenBucket(limitPerSecond, burst, now);
    return this.subscriptionChanges.take(now);
  }

  /** Takes one client event from a token bucket (limitPerSecond, burst of one second's worth); false when over. */
  takeClientEvent(limitPerSecond: number, now: number): boolean {
    this.clientEvents ??= new TokenBucket(limitPerSecond, limitPerSecond, now);
    return this.clientEvents.take(now);
  }
}
