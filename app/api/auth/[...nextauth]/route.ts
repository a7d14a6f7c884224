// GET/POST /api/auth/* - next-auth (csrf, session, credentials callback, sign-out).
import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/options";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

// Options are built on the first request, so `next build` needs no secret.
async function handler(request: NextRequest, context: RouteContext): Promise<Response> {
  const response: Response = await NextAuth(request, context, getAuthOptions());
  return response;
}

export { handler as GET, handler as POST };
