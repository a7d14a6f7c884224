// Names of the per-user private channels and the presence channels the app authorizes (browser-safe).
/** Prefix of a user's private channel when events travel in clear. */
export const PRIVATE_USER_PREFIX = "private-user-";
/** Prefix of a user's private channel when events are end-to-end encrypted. */
export const PRIVATE_ENCRYPTED_USER_PREFIX = "private-encrypted-user-";
/** The presence channel of the market page. */
export const MARKET_PRESENCE_CHANNEL = "presence-market";
/** Presence channels a signed-in user may join; every other presence- name is refused. */
export const PRESENCE_CHANNEL_ALLOW_LIST: readonly string[] = [MARKET_PRESENCE_CHANNEL];

/** The private channel of the user owning `sn`; encrypted when the app has a master key. */
export function privateChannelName(sn: string, encrypted: boolean): string {
  return `${encrypted ? PRIVATE_ENCRYPTED_USER_PREFIX : PRIVATE_USER_PREFIX}${sn}`;
}

/** True for a presence channel on the allow-list. */
export function isAllowedPresenceChannel(channel: string): boolean {
  return PRESENCE_CHANNEL_ALLOW_LIST.includes(channel);
}

/** True for any per-user private channel name, encrypted or not (whoever it belongs to). */
export function isPrivateUserChannel(channel: string): boolean {
  return channel.startsWith(PRIVATE_USER_PREFIX) || channel.startsWith(PRIVATE_ENCRYPTED_USER_PREFIX);
}
