// What the three order actions share: the session check (inside each action), the form's named
// fields, and announcing a committed command. Announcing starts right after the commit, so this app
// process sends each market's events in commit order, and after() keeps the request alive until they
// are out (the seeds' trigger_async): the response never waits for the Channels server.
import "server-only";
import { after } from "next/server";
import { getSessionUser } from "@/lib/auth/get-session-user";
import { privateChannelFor } from "@/lib/auth/private-channel";
import type { SessionUser } from "@/lib/auth/session-user";
import { db } from "@/lib/db";
import { announceExchangeUpdate } from "@/lib/exchange/announce-exchange-update";
import type { ExchangeUpdate } from "@/lib/exchange/exchange-update";
import { pusher } from "@/lib/pusher/server";

/** The signed-in member, or why there is none to act for. */
export type Trader = { kind: "member"; user: SessionUser } | { kind: "signed-out" } | { kind: "failed" };

/** Reads the session (a DB failure is logged and answered as "failed", never as signed out). */
export async function readTrader(action: string): Promise<Trader> {
  try {
    const user = await getSessionUser();
    return user === null ? { kind: "signed-out" } : { kind: "member", user };
  } catch (error) {
    console.error(`[${action}] session not read, nothing done:`, error);
    return { kind: "failed" };
  }
}

/** The named string fields of a form (others and files are left out). */
export function formFields(formData: FormData, names: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of names) {
    const value = formData.get(name);
    fields[name] = typeof value === "string" ? value : undefined;
  }
  return fields;
}

/** Announces a committed command's update (nothing for null); failures are logged, never thrown. */
export function announceAfterResponse(action: string, update: ExchangeUpdate | null): void {
  if (update === null) return;
  try {
    const announced = announceExchangeUpdate(pusher, db, update, { privateChannel: (sn) => privateChannelFor({ sn }) });
    after(() => announced);
  } catch (error) {
    // The command stands; pages see it on their next re-read of the DB.
    console.error(`[${action}] ${update.marketId} sequence ${update.sequence} committed but not announced:`, error);
  }
}
