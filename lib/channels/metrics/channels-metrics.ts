// The server's Prometheus metrics (prom-client): gauges read from the live state at scrape time, counters
// copied from each app's TrafficCounters, and the HTTP API's requests by status with a latency histogram.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { AppRuntime } from "../app-runtime";

/** The metrics of one running server. */
export interface ChannelsMetrics {
  registry: Registry;
  /** Times an HTTP API request and counts it by method and status once its answer is sent. */
  observeApiRequest(req: IncomingMessage, res: ServerResponse): void;
}

type PerApp = (runtime: AppRuntime) => number;

/** Builds the registry for `runtimes` (a registry per server, so tests can run several in one process). */
export function createChannelsMetrics(runtimes: readonly AppRuntime[]): ChannelsMetrics {
  const registry = new Registry();
  const gauge = (name: string, help: string, read: PerApp) =>
    new Gauge({
      name,
      help,
      labelNames: ["app_id"],
      registers: [registry],
      collect() {
        for (const runtime of runtimes) this.set({ app_id: runtime.app.id }, read(runtime));
      },
    });
  const counter = (name: string, help: string, read: PerApp) =>
    new Counter({
      name,
      help,
      labelNames: ["app_id"],
      registers: [registry],
      collect() {
        // The totals live in plain fields (cheap on the hot path); the counter takes their current value.
        this.reset();
        for (const runtime of runtimes) this.inc({ app_id: runtime.app.id }, read(runtime));
      },
    });

  gauge("channels_connections", "Open websocket connections.", (r) => r.connections.size);
  gauge("channels_occupied_channels", "Channels with at least one subscriber.", (r) => count(r.channels.list()));
  gauge("channels_subscriptions", "Subscriptions (socket-channel pairs).", (r) => sum(r.channels.list(), (c) => c.subscribers.size));
  gauge("channels_webhook_queue_length", "Webhook events queued or in flight.", (r) => r.webhooks.queueLength);
  counter("channels_messages_received_total", "Websocket frames received from clients.", (r) => r.traffic.messagesIn);
  counter("channels_bytes_received_total", "Bytes of websocket frames received from clients.", (r) => r.traffic.bytesIn);
  counter("channels_messages_sent_total", "Websocket messages sent to clients (one per socket).", (r) => r.traffic.messagesOut);
  counter("channels_bytes_sent_total", "Bytes of websocket messages sent to clients.", (r) => r.traffic.bytesOut);
  counter("channels_api_events_total", "Events accepted by the HTTP API (events and batch_events).", (r) => r.traffic.apiEvents);
  counter("channels_webhooks_delivered_total", "Webhook POSTs answered with a 2xx.", (r) => r.traffic.webhooksDelivered);
  counter("channels_webhook_failures_total", "Webhook POST attempts that failed (each retry counts).", (r) => r.traffic.webhookFailures);
  counter("channels_slow_consumers_dropped_total", "Sockets dropped because they stopped reading.", (r) => r.traffic.slowConsumersDropped);
  counter("channels_console_log_batches_total", "Batches published on the console's log channel.", (r) => r.consoleLog.stats.batches);
  counter("channels_console_log_rows_dropped_total", "Log rows dropped by the console log's rate bound.", (r) => r.consoleLog.stats.dropped);

  const requests = new Counter({
    name: "channels_api_requests_total",
    help: "HTTP API requests by method and status.",
    labelNames: ["method", "status"],
    registers: [registry],
  });
  const latency = new Histogram({
    name: "channels_api_request_duration_seconds",
    help: "HTTP API request latency, from the request to the end of the answer.",
    labelNames: ["method"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  return {
    registry,
    observeApiRequest(req, res) {
      const method = (req.method ?? "GET").toUpperCase();
      const stop = latency.startTimer({ method });
      res.once("finish", () => {
        stop();
        requests.inc({ method, status: String(res.statusCode) });
      });
    },
  };
}

function count(items: Iterable<unknown>): number {
  return sum(items, () => 1);
}

function sum<T>(items: Iterable<T>, value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}
