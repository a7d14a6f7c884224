// Text for the cluster's log lines (no Redis client needed: `npm run channels` prints its line with these).

/** One line for an error of any shape. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The URL without its password, for log lines. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}
