// Inbound frame dispatch: parse with a schema, route by `event` through a map, answer errors as values.
import type { AppRuntime } from "./app-runtime";
import { handleClientEvent } from "./client-events";
import type { Connection } from "./connection";
import { Codes, protocolError, type ProtocolError } from "./errors";
import {
  encodeEvent,
  parseFrame,
  signinDataSchema,
  subscribeDataSchema,
  unsubscribeDataSchema,
  type InboundFrame,
} from "./protocol/messages";
import { subscribe, unsubscribe } from "./subscriptions";

type Handler = (runtime: AppRuntime, connection: Connection, frame: InboundFrame, raw: string) => ProtocolError | null;

const PONG = encodeEvent("pusher:pong", undefined, {});
const invalid = (message: string) => protocolError(Codes.invalidMessage, message);

const handlers = new Map<string, Handler>([
  [
    "pusher:ping",
    (_runtime, connection) => {
      connection.send(PONG);
      return null;
    },
  ],
  ["pusher:pong", () => null],
  [
    "pusher:subscribe",
    (runtime, connection, frame) => {
      if (!withinSubscriptionChangeRate(runtime, connection)) return null;
      const data = subscribeDataSchema.safeParse(frame.data);
      if (!data.success) return invalid("Invalid pusher:subscribe: data needs a string 'channel' (and string 'auth', 'channel_data')");
      const result = subscribe(runtime, connection, data.data);
      runtime.consoleLog.subscription(connection, data.data.channel, result);
      if (!result.ok) connection.send(encodeEvent("pusher:subscription_error", data.data.channel, result.error));
      return null;
    },
  ],
  [
    "pusher:unsubscribe",
    (runtime, connection, frame) => {
      if (!withinSubscriptionChangeRate(runtime, connection)) return null;
      const data = unsubscribeDataSchema.safeParse(frame.data);
      if (!data.success) return invalid("Invalid pusher:unsubscribe: data needs a string 'channel'");
      runtime.consoleLog.unsubscribed(connection, data.data.channel);
      unsubscribe(runtime, connection, data.data.channel);
      return null;
    },
  ],
  [
    "pusher:signin",
    (runtime, connection, frame) => {
      const data = signinDataSchema.safeParse(frame.data);
      if (!data.success) return invalid("Invalid pusher:signin: data needs string 'auth' and 'user_data'");
      return runtime.users.signin(runtime.app, connection, data.data.auth, data.data.user_data, runtime.settings.maxWatchlistSize);
    },
  ],
]);

/** Handles one text frame from a client (already counted against its frame rate by the caller). */
export function handleMessage(runtime: AppRuntime, connection: Connection, raw: string): void {
  const parsed = parseFrame(raw);
  if (!parsed.ok) {
    runtime.consoleLog.protocolError(connection, invalid(parsed.message));
    connection.fail(invalid(parsed.message));
    return;
  }
  const { frame } = parsed;
  const handler = frame.event.startsWith("client-") ? handleClientEvent : handlers.get(frame.event);
  const error = handler ? handler(runtime, connection, frame, raw) : invalid(`Unknown event '${frame.event.slice(0, 100)}'`);
  if (error) runtime.consoleLog.protocolError(connection, error, frame.event, frame.channel);
  if (error) connection.fail(error);
}

/** Bytes a frame counts as one frame per: a 60 KB frame counts as 15 (decoding and parsing cost grows with size). */
export const FRAME_COST_BYTES = 4096;

/**
 * Counts one inbound frame of `bytes`, whatever it is (client events and refused frames included), against
 * the connection's rate, as one frame per started FRAME_COST_BYTES; over it, 4100 (pusher-js backs off,
 * reconnects, resubscribes). Called before the frame is decoded or parsed, so a flood costs no more than the count.
 */
export function withinMessageRate(runtime: AppRuntime, connection: Connection, bytes: number): boolean {
  const { messagesPerSecond, clock } = runtime.settings;
  if (connection.takeMessage(messagesPerSecond, clock(), Math.max(1, Math.ceil(bytes / FRAME_COST_BYTES)))) return true;
  runtime.consoleLog.rateLimited(connection, messagesPerSecond);
  connection.fail(protocolError(Codes.overCapacity, `Over capacity: more than ${messagesPerSecond} messages per second`, true));
  // A flooding client may ignore the close frame and keep sending: read nothing more from it.
  connection.stopReading();
  return false;
}

/**
 * Counts a pusher:subscribe / pusher:unsubscribe against the connection's churn limit: each one can cost
 * webhooks and fan-out, so a socket looping them is closed with 4100 (pusher-js backs off and resubscribes).
 */
function withinSubscriptionChangeRate(runtime: AppRuntime, connection: Connection): boolean {
  const { subscriptionChangesPerSecond: rate, maxSubscriptionsPerConnection, clock } = runtime.settings;
  if (connection.takeSubscriptionChange(rate, Math.max(maxSubscriptionsPerConnection, rate * 2), clock())) return true;
  connection.fail(protocolError(Codes.overCapacity, `Over capacity: more than ${rate} subscribe/unsubscribe per second`, true));
  connection.stopReading();
  return false;
}
