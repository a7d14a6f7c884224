// One short log description of a failed `pusher.trigger` (shared by the public and private publishers).

/** "HTTP <status> <body>" for an SDK RequestError, else the error's message: never a stack dump. */
export function describeTriggerFailure(error: unknown): string {
  if (error && typeof error === "object") {
    const { status, body, message } = error as { status?: unknown; body?: unknown; message?: unknown };
    const parts = [typeof status === "number" ? `HTTP ${status}` : null, typeof body === "string" ? body.trim() : null];
    const detail = parts.filter(Boolean).join(" ");
    if (detail) return detail;
    if (typeof message === "string") return message;
  }
  return String(error);
}
