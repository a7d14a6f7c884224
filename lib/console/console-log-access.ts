// Channel authorization of the console's log channel: signed for a configured operator, refused to
// everybody else. Other channels are left to the user rules (null).
import "server-only";
import type { ChannelAccess } from "@/lib/auth/decide-channel-access";
import { isConsoleLogChannel } from "@/lib/console/log-channel";
import { isOperator } from "@/lib/console/operators";

/** The access to `channel` when it is the log channel (operators only), else null. */
export function decideConsoleLogAccess(user: { email: string }, channel: string): ChannelAccess | null {
  if (!isConsoleLogChannel(channel)) return null;
  return isOperator(user) ? { allowed: true, kind: "private" } : { allowed: false };
}
