// The operator check inside every console page, route and action (never only in a proxy or a layout).
import "server-only";
import { notFound, redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/get-session-user";
import type { SessionUser } from "@/lib/auth/session-user";
import { jsonError } from "@/lib/auth/with-session";
import { isOperator } from "@/lib/console/operators";

/** The console's own path (sign-in returns there). */
export const CONSOLE_PATH = "/console";

/** For pages: the operator; a visitor is sent to sign in, anybody else gets the 404 page. */
export async function requireOperatorPage(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(CONSOLE_PATH)}`);
  if (!isOperator(user)) notFound();
  return user;
}

/** For route handlers: runs `handler` for the operator; 404 for everyone else (signed in or not). */
export function withOperator(handler: (request: Request, user: SessionUser) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    const user = await getSessionUser();
    if (!isOperator(user) || user === null) return jsonError(404, "Not found.");
    return handler(request, user);
  };
}

/** What a console action answers anyone but the operator: as little as a 404 says. */
export type OperatorRefusal = { ok: false; refused: true; message: string };

/** For server actions: runs `action` for the operator; anybody else gets an OperatorRefusal value. */
export function withOperatorAction<Args extends unknown[], Result>(
  action: (user: SessionUser, ...args: Args) => Promise<Result>,
): (...args: Args) => Promise<Result | OperatorRefusal> {
  return async (...args) => {
    const user = await getSessionUser();
    if (!isOperator(user) || user === null) return { ok: false, refused: true, message: "Not found." };
    return action(user, ...args);
  };
}
