// Seam for accounts (issue 4): who is recording a trade. Trading needs no account yet, so this is
// null; the auth part replaces the body with the session's user id and the action then refuses
// anonymous trades. Keep it the only place the trade action learns about the user.
import "server-only";

/** The signed-in trader's user id, or null when nobody is signed in. */
export async function getTraderId(): Promise<string | null> {
  return null;
}
