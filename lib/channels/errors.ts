// Errors as values: every failure carries the Pusher code or HTTP status a client sees.

/** A websocket-level failure answered with `pusher:error`; `fatal` ones also close with `code`. */
export interface ProtocolError {
  code: number;
  message: string;
  fatal: boolean;
}

/** Why a `pusher:subscribe` was refused (`pusher:subscription_error` data). */
export interface SubscriptionError {
  type: string;
  error: string;
  status: number;
}

/** An HTTP API failure: status and a plain-text message for the caller. */
export interface HttpError {
  status: number;
  message: string;
}

/** Success or failure without exceptions. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** Wraps a success value. */
export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
/** Wraps a failure value. */
export const err = <E>(error: E): { ok: false; error: E } => ({ ok: false, error });

/** Pusher close / error codes used by this server. */
export const Codes = {
  appNotFound: 4001,
  appDisabled: 4003,
  overConnectionQuota: 4004,
  invalidVersion: 4006,
  unsupportedProtocol: 4007,
  noProtocol: 4008,
  unauthorized: 4009,
  overCapacity: 4100,
  reconnect: 4200,
  pongNotReceived: 4201,
  invalidMessage: 4300,
  clientEventRejected: 4301,
  watchlistLimit: 4302,
} as const;

/** Builds a ProtocolError. */
export function protocolError(code: number, message: string, fatal = false): ProtocolError {
  return { code, message, fatal };
}

/** Builds an HttpError. */
export function httpError(status: number, message: string): HttpError {
  return { status, message };
}
