// Without the app server entry (e.g. plain `next start`) X-Forwarded-For is whatever the client wrote:
// clientAddressFromHeaders trusts none of it. (Own file: the entry's mark is process-wide.)
import { describe, expect, it, vi } from "vitest";
import { clientAddressFromHeaders, UNKNOWN_CLIENT_ADDRESS } from "@/lib/http/client-address-header";

describe("clientAddressFromHeaders outside the entry", () => {
  it("is unknown for every request, and says why once", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(clientAddressFromHeaders(new Headers({ "x-forwarded-for": "198.51.100.7" }))).toBe(UNKNOWN_CLIENT_ADDRESS);
    expect(clientAddressFromHeaders(new Headers({ "x-forwarded-for": "198.51.100.8" }))).toBe(UNKNOWN_CLIENT_ADDRESS);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/not started through scripts\/app-server\.ts/);
    warn.mockRestore();
  });
});
