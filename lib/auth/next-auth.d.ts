// next-auth module augmentation: the session's user carries its id; a signed-in User its session version.
import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    user?: DefaultSession["user"] & { id?: string };
  }

  interface User {
    /** The session version the new session token must carry (lib/auth/session-version.ts). */
    sessionVersion?: number;
  }
}
