// What `npm start` hands to the app and to the Channels server: generated credentials only ever reach
// the embedded server, hosted Pusher settings pass through untouched, and both bind to loopback by default.
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/schemas/env";
import { resolvePusherTarget } from "@/lib/pusher/resolve-target";
import { appEnvironment, bindHost, browserUrl, channelsEnvironment, localAddress, usesHostedPusher } from "@/scripts/lib/stack";

const generated = { CHANNELS_APP_ID: "555", CHANNELS_APP_KEY: "generated-key", CHANNELS_APP_SECRET: "generated-secret" };

describe("appEnvironment / channelsEnvironment", () => {
  it("embedded server: app and Channels server get the same credentials (the generated ones here)", () => {
    const app = appEnvironment(generated, "http://localhost:3000", 6001);
    const channels = channelsEnvironment(generated, "http://127.0.0.1:3000");
    expect(app).toMatchObject({ PUSHER_APP_ID: "555", PUSHER_KEY: "generated-key", PUSHER_SECRET: "generated-secret", PUSHER_HOST: "127.0.0.1", PUSHER_PORT: "6001" });
    expect(channels).toMatchObject({ PUSHER_APP_ID: "555", PUSHER_KEY: "generated-key", PUSHER_SECRET: "generated-secret" });
    expect(resolvePusherTarget(parseEnv(app))).toMatchObject({ kind: "local", key: "generated-key", port: 6001 });
  });

  it("hosted PUSHER_URL: no generated credential is added, and the URL's key is what the app uses", () => {
    const base = { ...generated, PUSHER_URL: "https://hostedkey:hostedsecret@api-eu.pusher.com/apps/42" };
    expect(usesHostedPusher(base)).toBe(true);
    const app = appEnvironment(base, "http://localhost:3000", undefined);
    for (const name of ["PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET", "PUSHER_HOST", "PUSHER_PORT"]) expect(app[name], name).toBeUndefined();
    expect(resolvePusherTarget(parseEnv(app))).toMatchObject({ kind: "url", appId: "42", key: "hostedkey", secret: "hostedsecret", cluster: "eu" });
  });

  it("hosted cluster: the hosted PUSHER_* pass through; missing ones fail the start instead of borrowing generated ones", () => {
    const hosted = { PUSHER_CLUSTER: "eu", PUSHER_APP_ID: "42", PUSHER_KEY: "hostedkey", PUSHER_SECRET: "hostedsecret" };
    const app = appEnvironment({ ...generated, ...hosted }, "http://localhost:3000", undefined);
    expect(resolvePusherTarget(parseEnv(app))).toEqual({ kind: "cluster", appId: "42", key: "hostedkey", secret: "hostedsecret", cluster: "eu" });
    const incomplete = appEnvironment({ ...generated, PUSHER_CLUSTER: "eu", PUSHER_KEY: "hostedkey" }, "http://localhost:3000", undefined);
    expect(() => parseEnv(incomplete)).toThrow(/PUSHER_APP_ID: is required for hosted Pusher/);
  });
});

describe("HOST", () => {
  it("binds to 127.0.0.1 unless HOST says otherwise", () => {
    expect(bindHost({})).toBe("127.0.0.1");
    expect(bindHost({ HOST: " " })).toBe("127.0.0.1");
    expect(bindHost({ HOST: "0.0.0.0" })).toBe("0.0.0.0");
  });

  it("dials loopback for wildcard binds and shows localhost for loopback ones", () => {
    expect(localAddress("0.0.0.0")).toBe("127.0.0.1");
    expect(localAddress("192.168.1.20")).toBe("192.168.1.20");
    expect(browserUrl("127.0.0.1", 3000)).toBe("http://localhost:3000");
    expect(browserUrl("0.0.0.0", 3000)).toBe("http://localhost:3000");
    expect(browserUrl("192.168.1.20", 3000)).toBe("http://192.168.1.20:3000");
    expect(browserUrl("fd00::1", 3000)).toBe("http://[fd00::1]:3000");
  });

  it("a Channels server bound to a LAN address is dialled there by the app", () => {
    expect(appEnvironment(generated, "http://192.168.1.20:3000", 6001, "192.168.1.20").PUSHER_HOST).toBe("192.168.1.20");
  });
});
