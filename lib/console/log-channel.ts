// The debug console's feed as the app knows it (browser-safe). The Channels server publishes its log
// there; the app never imports the server, so the names are repeated here and a test pins them equal.

/** The reserved private channel of the server's log: the app signs it for operators only. */
export const CONSOLE_LOG_CHANNEL = "private-console-log";

/** The event of each log batch on CONSOLE_LOG_CHANNEL. */
export const CONSOLE_LOG_EVENT = "log";

/** True for the log channel, whose authorization is decided by the operator check, not the user rules. */
export function isConsoleLogChannel(channel: string): boolean {
  return channel === CONSOLE_LOG_CHANNEL;
}
