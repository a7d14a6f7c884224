// Messages on the cluster's pub/sub channel: "<change number>|<json>" (0: not numbered). Events and member changes
// are numbered by the Lua scripts (lib/channels/cluster/redis-scripts.ts), client events and terminations are not.

/** A server event from the HTTP API of some node. */
export interface EventMessage {
  t: "e";
  c: string;
  n: string;
  d: string;
  /** socket_id to leave out */
  x?: string;
}

/** A client event relayed from some node's connection. */
export interface ClientEventMessage {
  t: "ce";
  c: string;
  n: string;
  /** the data as JSON source text */
  r: string;
  /** the sender's socket id */
  x: string;
  /** the sender's member id on presence channels */
  u?: string;
}

/** A presence member joined the cluster (its first socket anywhere). */
export interface MemberAddedMessage {
  t: "ma";
  c: string;
  u: string;
  /** user_info as JSON text */
  i: string;
  /** the joining socket, which is not told about itself */
  x?: string;
}

/** A presence member left the cluster (its last socket anywhere). */
export interface MemberRemovedMessage {
  t: "mr";
  c: string;
  u: string;
}

/** A channel's subscription count across the cluster, announced (subscription_count on). */
export interface CountMessage {
  t: "sc";
  c: string;
  n: number;
}

/** A signed-in user's first connection in the cluster (online) or its last one left (offline): watchlist events. */
export interface UserPresenceMessage {
  t: "on" | "off";
  u: string;
}

/** terminate_connections for a user. */
export interface TerminateMessage {
  t: "tu";
  u: string;
}

/** Anything on the bus. */
export type BusMessage = EventMessage | ClientEventMessage | MemberAddedMessage | MemberRemovedMessage | CountMessage | UserPresenceMessage | TerminateMessage;

/** Text of an unnumbered message (the scripts number theirs). */
export function encodeUnnumbered(message: ClientEventMessage | TerminateMessage): string {
  return `0|${JSON.stringify(message)}`;
}

/** Parses "<seq>|<json>"; null for anything else (logged by the caller). */
export function parseBusMessage(text: string): { seq: number; message: BusMessage } | null {
  const bar = text.indexOf("|");
  if (bar < 1) return null;
  const seq = Number(text.slice(0, bar));
  if (!Number.isSafeInteger(seq) || seq < 0) return null;
  let json: unknown;
  try {
    json = JSON.parse(text.slice(bar + 1));
  } catch {
    return null;
  }
  return isBusMessage(json) ? { seq, message: json } : null;
}

const text = (value: unknown): value is string => typeof value === "string";
const optionalText = (value: unknown) => value === undefined || typeof value === "string";

function isBusMessage(json: unknown): json is BusMessage {
  if (typeof json !== "object" || json === null) return false;
  const m = json as Record<string, unknown>;
  switch (m.t) {
    case "e":
      return text(m.c) && text(m.n) && text(m.d) && optionalText(m.x);
    case "ce":
      return text(m.c) && text(m.n) && text(m.r) && text(m.x) && optionalText(m.u);
    case "ma":
      return text(m.c) && text(m.u) && text(m.i) && optionalText(m.x);
    case "mr":
      return text(m.c) && text(m.u);
    case "sc":
      return text(m.c) && typeof m.n === "number" && Number.isSafeInteger(m.n) && m.n >= 0;
    case "on":
    case "off":
    case "tu":
      return text(m.u);
    default:
      return false;
  }
}
