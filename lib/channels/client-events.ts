// client-* events (when the app enables them): private and presence channels the sender joined, never echoed, rate-limited (4301).
import type { AppRuntime } from "./app-runtime";
import { channelKind } from "./channel-names";
import type { Connection } from "./connection";
import { isReservedLogChannel } from "./console-log/log-channel";
import { Codes, protocolError, type ProtocolError } from "./errors";
import type { InboundFrame } from "./protocol/messages";
import { rawMemberText } from "./protocol/raw-json";

const MAX_EVENT_NAME = 200;
const reject = (message: string) => protocolError(Codes.clientEventRejected, `Client event rejected: ${message}`);

/** Relays a client event (its `data` text exactly as sent) to the channel's other subscribers, or returns why it was refused. */
export function handleClientEvent(runtime: AppRuntime, connection: Connection, frame: InboundFrame, raw: string): ProtocolError | null {
  const { event, channel: name } = frame;
  if (runtime.app.clientEvents !== true) return reject("client events are not enabled for this app");
  if (name === undefined) return reject("no channel given");
  if (event.length > MAX_EVENT_NAME) return reject(`event name longer than ${MAX_EVENT_NAME} characters`);
  const kind = channelKind(name);
  if (!kind.authenticated) return reject(`client events are only allowed on private and presence channels, not '${name}'`);
  if (isReservedLogChannel(name)) return reject(`'${name}' is reserved for the server's log`);
  if (kind.encrypted) return reject(`client events are not allowed on encrypted channels ('${name}')`);
  const channel = runtime.channels.get(name);
  if (!channel || !connection.subscriptions.has(name)) return reject(`not subscribed to '${name}'`);
  // Never re-serialize client data: JSON.stringify overflows the stack on deeply nested input.
  const rawData = rawMemberText(raw, "data") ?? "null";
  // The webhook carries data as a string: a string as sent, anything else as its JSON text.
  const data = typeof frame.data === "string" ? frame.data : rawData;
  if (Buffer.byteLength(data) > runtime.settings.maxEventBytes) {
    return reject(`data larger than ${runtime.settings.maxEventBytes} bytes`);
  }
  if (!connection.takeClientEvent(runtime.settings.clientEventsPerSecond, runtime.settings.clock())) {
    return reject(`rate limit of ${runtime.settings.clientEventsPerSecond} events per second exceeded`);
  }
  const userId = channel.presence?.userIdOf(connection);
  runtime.adapter.relayClientEvent({ channel: name, event, rawData, sender: connection, userId });
  runtime.webhooks.emit({
    name: "client_event",
    channel: name,
    event,
    data,
    socket_id: connection.socketId,
    ...(userId !== undefined ? { user_id: userId } : {}),
  });
  return null;
}
