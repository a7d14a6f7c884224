// Local secrets for `npm start`: generated once into .env.local, existing values never overwritten.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureLocalSecrets, parseEnvFile, SECRET_NAMES } from "@/scripts/lib/local-secrets";

const dir = mkdtempSync(path.join(tmpdir(), "peatio-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("ensureLocalSecrets", () => {
  it("creates every secret on first run, in a usable shape", () => {
    const file = path.join(dir, "fresh.env.local");
    const { values, added } = ensureLocalSecrets(file);
    expect(added).toEqual([...SECRET_NAMES]);
    expect(parseEnvFile(readFileSync(file, "utf8"))).toEqual(values);
    expect(values.PUSHER_APP_ID).toMatch(/^\d+$/);
    expect(Buffer.from(values.PUSHER_ENCRYPTION_MASTER_KEY_BASE64!, "base64")).toHaveLength(32);
  });

  it("keeps existing values and other lines, adding only what is missing", () => {
    const file = path.join(dir, "partial.env.local");
    writeFileSync(file, "# mine\nPUSHER_KEY=\"my-key\"\nPUSHER_CLUSTER=eu");
    const { values, added } = ensureLocalSecrets(file);
    expect(added).not.toContain("PUSHER_KEY");
    expect(values.PUSHER_KEY).toBe("my-key");
    expect(values.PUSHER_CLUSTER).toBe("eu");
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("# mine\nPUSHER_KEY=\"my-key\"\nPUSHER_CLUSTER=eu\n")).toBe(true);
    expect(ensureLocalSecrets(file).added).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe(text);
  });
});
