// Reads a pusher-js auth request body (application/x-www-form-urlencoded, or JSON) into a plain record.
import "server-only";

/** The request's fields as strings; unreadable bodies yield an empty record (the schema then rejects). */
export async function readFormBody(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/json")) {
      const parsed: unknown = await request.json();
      return typeof parsed === "object" && parsed !== null ? { ...parsed } : {};
    }
    return Object.fromEntries(new URLSearchParams(await request.text()));
  } catch {
    return {};
  }
}
