// Wrappers that check the session inside route handlers and server actions (never only in a proxy).
import "server-only";
import { getSessionUser } from "@/lib/auth/get-session-user";
import type { SessionUser } from "@/lib/auth/session-user";

/** JSON error body with a real status; the message is ours, never an exception's text. */
export function jsonError(status: number, error: string): Response {
  return Response.json({ error }, { status, headers: { "Cache-Control": "no-store" } });
}

/** Wraps a route handler: 401 without a session, otherwise calls it with the signed-in user. */
export function withSession<Ctx>(
  handler: (request: Request, context: Ctx, user: SessionUser) => Promise<Response>,
): (request: Request, context: Ctx) => Promise<Response> {
  return async (request, context) => {
    const user = await getSessionUser();
    if (!user) return jsonError(401, "Sign in first.");
    return handler(request, context, user);
  };
}

/** What a signed-in-only action returns when nobody is signed in, or the session could not be read. */
export type SessionRefusal = { ok: false; signedOut: boolean; message: string };

/** Wraps a server action body: returns a SessionRefusal value without a session, else runs it with the user. */
export function withSessionAction<Args extends unknown[], Result>(
  action: (user: SessionUser, ...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result | SessionRefusal> {
  return async (...args) => {
    let user: SessionUser | null;
    try {
      user = await getSessionUser();
    } catch (error) {
      console.error("[with-session] could not read the session:", error);
      return { ok: false, signedOut: false, message: "Something went wrong. Please try again." };
    }
    if (!user) return { ok: false, signedOut: true, message: "Sign in to continue." };
    return action(user, ...args);
  };
}
