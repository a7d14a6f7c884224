// The reserved channel the server publishes its own log on (the debug console's feed), and its event.

/**
 * The log channel. A private channel, so a subscription needs the app's signature (the app signs it for
 * its operators only); the whole `private-console-log` prefix is reserved: no HTTP API trigger, no client event.
 */
export const CONSOLE_LOG_CHANNEL = "private-console-log";

/** The event every log batch is published as: data `{"rows": [...], "dropped": n}`. */
export const CONSOLE_LOG_EVENT = "log";

/** True for names under the reserved prefix, which only the server itself may publish to. */
export function isReservedLogChannel(name: string): boolean {
  return name.startsWith(CONSOLE_LOG_CHANNEL);
}
