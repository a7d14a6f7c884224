// The shape of the signed-in user as the app sees it (never includes the password hash).

/** The signed-in user: identity for the UI plus the sn that names their private channel. */
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  sn: string;
  /** The version every session token of this user must carry (lib/auth/session-version.ts). */
  sessionVersion: number;
};

/** Columns to select for a SessionUser. */
export const sessionUserSelect = { id: true, email: true, name: true, sn: true, sessionVersion: true } as const;
