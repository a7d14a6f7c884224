// The signed-in user's private channel name, encrypted when PUSHER_ENCRYPTION_MASTER_KEY_BASE64 is set.
import "server-only";
import { env } from "@/lib/env";
import { privateChannelName } from "@/lib/auth/channel-names";

/** True when private channels are end-to-end encrypted (a master key is configured). */
export function isEncryptionEnabled(): boolean {
  return env.PUSHER_ENCRYPTION_MASTER_KEY_BASE64 !== undefined;
}

/** `private-user-<sn>`, or `private-encrypted-user-<sn>` when encryption is on. */
export function privateChannelFor(user: { sn: string }): string {
  return privateChannelName(user.sn, isEncryptionEnabled());
}
