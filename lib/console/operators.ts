// Who is an operator: the signed-in user's email is listed in OPERATOR_EMAILS (comma-separated,
// case-insensitive). Unset means nobody: the console is off unless an operator is configured.
import "server-only";
import { env } from "@/lib/env";
import { parseOperatorEmails } from "@/lib/schemas/console";

/** The configured operator emails, lower-cased. */
export function operatorEmails(): ReadonlySet<string> {
  return parseOperatorEmails(env.OPERATOR_EMAILS);
}

/** True when `user` (the session's, read fresh from the DB) is a configured operator. */
export function isOperator(user: { email: string } | null): boolean {
  return user !== null && operatorEmails().has(user.email.trim().toLowerCase());
}
