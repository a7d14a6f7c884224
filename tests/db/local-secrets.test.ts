// Local secrets for `npm start`: generated once into .env.local, existing values never overwritten, and
// the embedded server's generated credentials kept apart from hosted Pusher's PUSHER_* settings.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { embeddedChannelsCredentials, ensureLocalSecrets, parseEnvFile, SECRET_NAMES } from "@/scripts/lib/local-secrets";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ensureLocalSecrets", () => {
  it("creates every secret on first run, in a usable shape", () => {
    const file = path.join(dir, "fresh.env.local");
    const { values, added } = ensureLocalSecrets(file);
    expect(added).toEqual([...SECRET_NAMES]);
    expect(parseEnvFile(readFileSync(file, "utf8"))).toEqual(values);
    expect(values.CHANNELS_APP_ID).toMatch(/^\d+$/);
    expect(Buffer.from(values.PUSHER_ENCRYPTION_MASTER_KEY_BASE64!, "base64")).toHaveLength(32);
  });

  it("never writes PUSHER_APP_ID, PUSHER_KEY or PUSHER_SECRET (Next would read them next to a hosted PUSHER_URL)", () => {
    const file = path.join(dir, "hosted.env.local");
    writeFileSync(file, "PUSHER_URL=https://hostedkey:hostedsecret@api-eu.pusher.com/apps/1\n");
    const { values } = ensureLocalSecrets(file);
    for (const name of ["PUSHER_APP_ID", "PUSHER_KEY", "PUSHER_SECRET"]) expect(values[name], name).toBeUndefined();
    expect(readFileSync(file, "utf8")).not.toMatch(/^PUSHER_(APP_ID|KEY|SECRET)=/m);
  });

  it("keeps existing values and other lines, adding only what is missing", () => {
    const file = path.join(dir, "partial.env.local");
    writeFileSync(file, "# mine\nCHANNELS_APP_KEY=\"my-key\"\nPUSHER_CLUSTER=eu");
    const { values, added } = ensureLocalSecrets(file);
    expect(added).not.toContain("CHANNELS_APP_KEY");
    expect(values.CHANNELS_APP_KEY).toBe("my-key");
    expect(values.PUSHER_CLUSTER).toBe("eu");
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("# mine\nCHANNELS_APP_KEY=\"my-key\"\nPUSHER_CLUSTER=eu\n")).toBe(true);
    expect(ensureLocalSecrets(file).added).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});

describe("embeddedChannelsCredentials", () => {
  it("explicit PUSHER_* win; the generated CHANNELS_APP_* fill in; blank counts as unset", () => {
    const generated = { CHANNELS_APP_ID: "1", CHANNELS_APP_KEY: "gk", CHANNELS_APP_SECRET: "gs" };
    expect(embeddedChannelsCredentials(generated)).toEqual({ PUSHER_APP_ID: "1", PUSHER_KEY: "gk", PUSHER_SECRET: "gs" });
    expect(embeddedChannelsCredentials({ ...generated, PUSHER_KEY: "mine", PUSHER_SECRET: "" })).toEqual({
      PUSHER_APP_ID: "1",
      PUSHER_KEY: "mine",
      PUSHER_SECRET: "gs",
    });
  });
});
