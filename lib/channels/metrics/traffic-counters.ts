// Plain counters of one app's traffic, bumped on the hot paths (no labels, no allocation) and read by /metrics.
import type { RawData } from "ws";

/** What passed through one app since the server started. */
export class TrafficCounters {
  messagesIn = 0;
  bytesIn = 0;
  messagesOut = 0;
  bytesOut = 0;
  /** Sockets terminated because they stopped reading (backlog over maxBufferedBytes). */
  slowConsumersDropped = 0;
  /** Events accepted by the HTTP API (one per event, whatever the number of channels). */
  apiEvents = 0;
  /** Webhook POSTs that succeeded, and attempts that failed (each retry counts). */
  webhooksDelivered = 0;
  webhookFailures = 0;

  /** Counts one message written to a socket. */
  sent(bytes: number): void {
    this.messagesOut += 1;
    this.bytesOut += bytes;
  }

  /** Counts one inbound websocket frame. */
  received(data: RawData): void {
    this.messagesIn += 1;
    this.bytesIn += rawDataBytes(data);
  }
}

function rawDataBytes(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data.byteLength;
}
