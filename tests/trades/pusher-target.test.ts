// Which Channels service the app talks to, from env alone: ours by default, hosted Pusher by config.
import { describe, expect, it } from "vitest";
import { resolvePusherTarget, type PusherEnv } from "@/lib/pusher/resolve-target";

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

  it("uses PUSHER_HOST/PUSHER_PORT/PUSHER_USE_TLS when set", () => {
    expect(resolvePusherTarget({ ...base, PUSHER_HOST: "channels.internal", PUSHER_PORT: 7001, PUSHER_USE_TLS: true })).toMatchObject({
      kind: "local",
      host: "channels.internal",
      port: 7001,
      useTLS: true,
    });
  });

  it("goes to hosted Pusher when PUSHER_CLUSTER is set", () => {
    expect(resolvePusherTarget({ ...base, PUSHER_CLUSTER: "eu" })).toEqual({
      kind: "cluster",
      appId: "1",
      key: "key",
      secret: "secret",
      cluster: "eu",
    });
  });

  it("stays on our server when PUSHER_HOST is set, even with a cluster", () => {
    expect(resolvePusherTarget({ ...base, PUSHER_CLUSTER: "eu", PUSHER_HOST: "127.0.0.1" }).kind).toBe("local");
  });

  it("reads key and cluster from a hosted PUSHER_URL", () => {
    const url = "https://urlkey:urlsecret@api-ap1.pusher.com/apps/123";
    expect(resolvePusherTarget({ ...base, PUSHER_KEY: undefined, PUSHER_URL: url })).toEqual({
      kind: "url",
      url,
      key: "urlkey",
      cluster: "ap1",
      host: "api-ap1.pusher.com",
      port: null,
      useTLS: true,
    });
  });

  it("treats a PUSHER_URL on another host as a self-hosted server", () => {
    expect(resolvePusherTarget({ ...base, PUSHER_URL: "http://k:s@10.0.0.5:6001/apps/9" })).toMatchObject({
      kind: "url",
      cluster: null,
      host: "10.0.0.5",
      port: 6001,
      useTLS: false,
    });
  });
});
