// Which Channels service the app talks to, from env alone: ours by default, hosted Pusher by config;
// and what the browser's pusher-js is told to dial in each case.
import { describe, expect, it } from "vitest";
import { getPusherClientConfig } from "@/lib/pusher/client-config";
import { resolvePusherTarget, type PusherEnv } from "@/lib/pusher/resolve-target";
import { createPusherServer } from "@/lib/pusher/server";

const base: PusherEnv = {
  PUSHER_APP_ID: "1",
  PUSHER_KEY: "key",
  PUSHER_SECRET: "secret",
  PUSHER_CLUSTER: undefined,
  PUSHER_URL: undefined,
  PUSHER_HOST: undefined,
  PUSHER_PORT: undefined,
  PUSHER_USE_TLS: false,
  CHANNELS_PORT: 6001,
  PUSHER_PUBLIC_HOST: undefined,
  PUSHER_PUBLIC_PORT: undefined,
  PUSHER_ENCRYPTION_MASTER_KEY_BASE64: undefined,
};

/** What `npm start` leaves in .env.local: generated credentials of the embedded server only. */
const generated = { CHANNELS_APP_ID: "555", CHANNELS_APP_KEY: "generated-key", CHANNELS_APP_SECRET: "generated-secret" };
const noPusherCredentials = { PUSHER_APP_ID: undefined, PUSHER_KEY: undefined, PUSHER_SECRET: undefined };

/** The key a pusher SDK instance signs with, read from a channel signature it makes. */
function sdkKey(env: PusherEnv): string {
  return createPusherServer(env).authorizeChannel("1.2", "private-x").auth.split(":")[0] ?? "";
}

describe("resolvePusherTarget", () => {
  it("defaults to our Channels server on 127.0.0.1:CHANNELS_PORT", () => {
    expect(resolvePusherTarget(base)).toEqual({
      kind: "local",
      appId: "1",
      key: "key",
      secret: "secret",
      host: "127.0.0.1",
      port: 6001,
      useTLS: false,
    });
  });

  it("our server uses the generated CHANNELS_APP_* credentials when PUSHER_* are unset, PUSHER_* when set", () => {
    expect(resolvePusherTarget({ ...base, ...noPusherCredentials, ...generated })).toMatchObject({
      kind: "local",
      appId: "555",
      key: "generated-key",
      secret: "generated-secret",
    });
    expect(resolvePusherTarget({ ...base, ...generated })).toMatchObject({ kind: "local", appId: "1", key: "key", secret: "secret" });
  });

  it("uses PUSHER_HOST/PUSHER_PORT/PUSHER_USE_TLS when set", () => {
    expect(resolvePusherTarget({ ...base, PUSHER_HOST: "channels.internal", PUSHER_PORT: 7001, PUSHER_USE_TLS: true })).toMatchObject({
      kind: "local",
      host: "channels.internal",
      port: 7001,
      useTLS: true,
    });
  });

  it("goes to hosted Pusher when PUSHER_CLUSTER is set, never with the generated credentials", () => {
    expect(resolvePusherTarget({ ...base, ...generated, PUSHER_CLUSTER: "eu" })).toEqual({
      kind: "cluster",
      appId: "1",
      key: "key",
      secret: "secret",
      cluster: "eu",
    });
    expect(resolvePusherTarget({ ...base, ...noPusherCredentials, ...generated, PUSHER_CLUSTER: "eu" })).toMatchObject({ appId: "", key: "", secret: "" });
  });

  it("stays on our server when PUSHER_HOST is set, even with a cluster", () => {
    expect(resolvePusherTarget({ ...base, PUSHER_CLUSTER: "eu", PUSHER_HOST: "127.0.0.1" }).kind).toBe("local");
  });

  it("reads credentials and cluster from a hosted PUSHER_URL", () => {
    const url = "https://urlkey:urlsecret@api-ap1.pusher.com/apps/123";
    expect(resolvePusherTarget({ ...base, ...noPusherCredentials, PUSHER_URL: url })).toEqual({
      kind: "url",
      url,
      appId: "123",
      key: "urlkey",
      secret: "urlsecret",
      cluster: "ap1",
      host: "api-ap1.pusher.com",
      port: null,
      useTLS: true,
    });
  });

  it("the URL's key wins over a PUSHER_KEY left in .env.local, as it does in the SDK", () => {
    const env = { ...base, PUSHER_KEY: "local-random-key", PUSHER_URL: "https://urlkey:urlsecret@api-eu.pusher.com/apps/7" };
    expect(resolvePusherTarget(env)).toMatchObject({ kind: "url", key: "urlkey", secret: "urlsecret", appId: "7" });
    expect(getPusherClientConfig(env)?.key).toBe("urlkey");
    expect(sdkKey(env)).toBe("urlkey");
  });

  it("treats a PUSHER_URL on another host as a self-hosted server", () => {
    expect(resolvePusherTarget({ ...base, PUSHER_URL: "http://k:s@10.0.0.5:6001/apps/9" })).toMatchObject({
      kind: "url",
      key: "k",
      cluster: null,
      host: "10.0.0.5",
      port: 6001,
      useTLS: false,
    });
  });

  it("throws on a malformed PUSHER_URL instead of guessing", () => {
    for (const url of ["not a url", "https://api-eu.pusher.com/apps/1", "https://k:s@api-eu.pusher.com/", "ftp://k:s@host/apps/1"]) {
      expect(() => resolvePusherTarget({ ...base, PUSHER_URL: url }), url).toThrow(/PUSHER_URL must look like/);
    }
  });
});

describe("getPusherClientConfig", () => {
  const auth = { channelAuthEndpoint: "/api/pusher/auth", userAuthEndpoint: "/api/pusher/user-auth" };

  it("our server: the page's own host on CHANNELS_PORT (or PUSHER_PORT), PUSHER_PUBLIC_* when set", () => {
    expect(getPusherClientConfig(base)).toEqual({ key: "key", cluster: "mt1", hosted: false, wsHost: null, wsPort: 6001, forceTLS: false, ...auth });
    expect(getPusherClientConfig({ ...base, PUSHER_PORT: 41000 })).toMatchObject({ wsHost: null, wsPort: 41000 });
    expect(getPusherClientConfig({ ...base, PUSHER_PUBLIC_HOST: "ws.example.com", PUSHER_PUBLIC_PORT: 443 })).toMatchObject({
      wsHost: "ws.example.com",
      wsPort: 443,
    });
  });

  it("our server with only generated credentials: their key", () => {
    expect(getPusherClientConfig({ ...base, ...noPusherCredentials, ...generated })?.key).toBe("generated-key");
  });

  it("no key at all: null (realtime off)", () => {
    expect(getPusherClientConfig({ ...base, ...noPusherCredentials })).toBeNull();
  });

  it("hosted cluster: pusher-js picks hosts from the cluster, TLS on", () => {
    expect(getPusherClientConfig({ ...base, PUSHER_CLUSTER: "eu" })).toEqual({
      key: "key",
      cluster: "eu",
      hosted: true,
      wsHost: null,
      wsPort: null,
      forceTLS: true,
      ...auth,
    });
  });

  it("hosted PUSHER_URL: the URL's key and cluster", () => {
    expect(getPusherClientConfig({ ...base, PUSHER_URL: "https://urlkey:s@api-mt1.pusher.com/apps/3" })).toMatchObject({
      key: "urlkey",
      cluster: "mt1",
      hosted: true,
    });
  });

  it("self-hosted PUSHER_URL: the browser dials the URL's host, port and scheme, not the page's host", () => {
    expect(getPusherClientConfig({ ...base, PUSHER_URL: "http://k:s@10.0.0.5:6001/apps/9" })).toEqual({
      key: "k",
      cluster: "mt1",
      hosted: false,
      wsHost: "10.0.0.5",
      wsPort: 6001,
      forceTLS: false,
      ...auth,
    });
    expect(getPusherClientConfig({ ...base, PUSHER_URL: "https://k:s@soketi.example.com/apps/9" })).toMatchObject({
      wsHost: "soketi.example.com",
      wsPort: 443,
      forceTLS: true,
    });
    expect(getPusherClientConfig({ ...base, PUSHER_URL: "http://k:s@10.0.0.5:6001/apps/9", PUSHER_PUBLIC_HOST: "ws.example.com" })).toMatchObject({
      wsHost: "ws.example.com",
      wsPort: 6001,
    });
  });
});
