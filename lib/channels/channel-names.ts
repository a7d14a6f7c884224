// Channel name rules and types (public, private, presence, encrypted, cache, user).

/** What a channel name's prefix makes it. */
export interface ChannelKind {
  /** Needs a signed `auth` to subscribe. */
  authenticated: boolean;
  presence: boolean;
  encrypted: boolean;
  cache: boolean;
  /** `#server-to-user-<id>`: only that signed-in user may subscribe. */
  userId: string | null;
}

const NAME_CHARS = /^[A-Za-z0-9_\-=@,.;]+$/;
// The SDK's sendToUser accepts any non-empty user id; refuse only control characters.
const isUserId = (id: string) => id.length > 0 && ![...id].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
const USER_PREFIX = "#server-to-user-";
const MAX_NAME_LENGTH = 200;

/** True for names the SDK accepts, plus `#server-to-user-<id>`. */
function isValidChannelName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return false;
  if (name.startsWith(USER_PREFIX)) return isUserId(name.slice(USER_PREFIX.length));
  return NAME_CHARS.test(name);
}

/** Why a name is invalid, or null when it is fine. */
export function channelNameProblem(name: unknown): string | null {
  if (typeof name !== "string" || name === "") return "Invalid channel name: must be a non-empty string";
  if (name.length > MAX_NAME_LENGTH) return `Channel name too long: '${name.slice(0, 40)}...' (${name.length} > ${MAX_NAME_LENGTH} characters)`;
  if (!isValidChannelName(name)) return `Invalid channel name: '${name}' (allowed: A-Z a-z 0-9 _ - = @ , . ; or #server-to-user-<id>)`;
  return null;
}

/** Classifies a (valid) channel name by prefix. */
export function channelKind(name: string): ChannelKind {
  const encrypted = name.startsWith("private-encrypted-");
  const presence = name.startsWith("presence-");
  const userId = name.startsWith(USER_PREFIX) ? name.slice(USER_PREFIX.length) : null;
  return {
    authenticated: presence || name.startsWith("private-"),
    presence,
    encrypted,
    cache:
      name.startsWith("cache-") ||
      name.startsWith("private-cache-") ||
      name.startsWith("presence-cache-") ||
      name.startsWith("private-encrypted-cache-"),
    userId,
  };
}
