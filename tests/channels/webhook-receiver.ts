// A local webhook receiver for tests: records deliveries, can hold requests, counts concurrent ones.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";

/** One webhook event as received. */
export type WebhookEvent = { name: string; channel: string; [key: string]: unknown };

/** One POST as received. */
export interface Delivery {
  headers: IncomingHttpHeaders;
  rawBody: string;
}

/** A local webhook receiver; `answer` picks the status per request number (0 = hold it until release()). */
export class Receiver {
  readonly deliveries: Delivery[] = [];
  /** Requests open at the same time, at most, so far. */
  maxInFlight = 0;
  private inFlight = 0;
  private waiters: { match: (d: Delivery) => boolean; resolve: (d: Delivery) => void }[] = [];
  private countWaiters: { count: number; resolve: () => void }[] = [];
  private readonly server: Server;
  private held: ServerResponse[] = [];

  /** `tls`: listen for https with this certificate and key (PEM) instead of http. */
  constructor(
    private readonly answer: (index: number) => number = () => 200,
    private readonly tls?: { cert: string; key: string },
  ) {
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      this.inFlight += 1;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on("close", () => (this.inFlight -= 1));
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const delivery = { headers: req.headers, rawBody: Buffer.concat(chunks).toString() };
        const status = this.answer(this.deliveries.length);
        this.deliveries.push(delivery);
        for (const waiter of this.waiters.filter((w) => w.match(delivery))) {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          waiter.resolve(delivery);
        }
        for (const waiter of this.countWaiters.filter((w) => this.deliveries.length >= w.count)) {
          this.countWaiters = this.countWaiters.filter((w) => w !== waiter);
          waiter.resolve();
        }
        if (status === 0) this.held.push(res);
        else res.writeHead(status).end();
      });
    };
    // An https.Server is an http.Server over TLS sockets: the same methods are used below.
    this.server = tls ? (createHttpsServer(tls, listener) as unknown as Server) : createServer(listener);
  }

  /** Listens on a free loopback port; resolves with the webhook URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `${this.tls ? "https" : "http"}://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
  }

  /** The first delivery (past or future) carrying an event that matches. */
  delivery(match: (event: WebhookEvent) => boolean): Promise<Delivery> {
    const has = (d: Delivery) => eventsOf(d).some(match);
    const found = this.deliveries.find(has);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ match: has, resolve }));
  }

  /** Resolves once `count` requests have arrived. */
  received(count: number): Promise<void> {
    if (this.deliveries.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.countWaiters.push({ count, resolve }));
  }

  /** Answers every held request with `status`. */
  release(status: number): void {
    for (const res of this.held) res.writeHead(status).end();
    this.held = [];
  }

  /** Every event received so far. */
  events(): WebhookEvent[] {
    return this.deliveries.flatMap(eventsOf);
  }

  /** Drops held requests and stops listening. */
  async stop(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.held = [];
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The events of one delivery. */
export function eventsOf(delivery: Delivery): WebhookEvent[] {
  return (JSON.parse(delivery.rawBody) as { events: WebhookEvent[] }).events;
}
