// The client address a request came from, for per-address throttling of sign-in and sign-up.
//
// Route handlers and server actions cannot see the socket, so the app server entry
// (scripts/app-server.ts) decides the address from the socket and TRUSTED_PROXIES, strips whatever
// forwarding headers the client sent, and writes the result as the only X-Forwarded-For entry
// (lib/http/client-address-header.ts). This reads it back.
import { clientAddressFromHeaders } from "@/lib/http/client-address-header";

/** The client's address as the app server entry computed it ("unknown" outside the entry). */
export function clientIp(headers: { get(name: string): string | null }): string {
  return clientAddressFromHeaders(headers);
}
