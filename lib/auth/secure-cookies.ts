// Whether the app's own cookies (session, device) carry the Secure flag and the __Secure- prefix.
import "server-only";
import { env } from "@/lib/env";

/** True when cookies carry the __Secure- prefix and Secure flag (the app is served over https). */
export const useSecureCookies = env.NEXTAUTH_URL?.startsWith("https://") ?? false;
