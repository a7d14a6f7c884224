// GET/POST /api/auth/* - next-auth (csrf, session, credentials callback, sign-out). The credentials
// callback answers 429 (with Retry-After) while the client's address, its (email, address) pair or the
// email must wait (lib/auth/auth-throttle.ts). Sign-out revokes every session of the user (options.ts).
import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { authThrottle, throttledMessage } from "@/lib/auth/auth-throttle";
import { clientIp } from "@/lib/auth/client-ip";
import { isKnownDevice } from "@/lib/auth/device-cookie";
import { getAuthOptions } from "@/lib/auth/options";
import { MAX_FORM_BODY_BYTES } from "@/lib/auth/read-form-body";
import { jsonError } from "@/lib/auth/with-session";
import { readLimitedBody } from "@/lib/http/read-limited-body";
import { signInSchema } from "@/lib/schemas/auth";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

/** 413 or 429 for a credentials sign-in that must not run; null to let next-auth handle it. */
async function refuseCredentialsCallback(request: NextRequest): Promise<Response | null> {
  const body = await readLimitedBody(request.clone(), MAX_FORM_BODY_BYTES);
  if (!body.ok) return jsonError(413, "Request body too large.");
  const email = signInSchema.shape.email.safeParse(new URLSearchParams(body.bytes.toString("utf8")).get("email"));
  const address = clientIp(request.headers);
  const knownDevice = email.success ? await isKnownDevice(email.data) : false;
  const verdict = await authThrottle().check({ address, email: email.success ? email.data : null, knownDevice });
  if (verdict.ok) return null;
  return Response.json(
    { error: throttledMessage(verdict.retryAfterSeconds) },
    { status: 429, headers: { "Retry-After": String(verdict.retryAfterSeconds), "Cache-Control": "no-store" } },
  );
}

// Options are built on the first request, so `next build` needs no secret.
async function handler(request: NextRequest, context: RouteContext): Promise<Response> {
  const { nextauth } = await context.params;
  if (request.method === "POST" && nextauth.join("/") === "callback/credentials") {
    const refusal = await refuseCredentialsCallback(request);
    if (refusal) return refusal;
  }
  const response: Response = await NextAuth(request, context, getAuthOptions());
  return response;
}

export { handler as GET, handler as POST };
