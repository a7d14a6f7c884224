// Password hashing: argon2id PHC strings, salted, verified, and never throwing on junk.
import { describe, expect, it } from "vitest";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "@/lib/auth/password";

describe("hashPassword / verifyPassword", () => {
  it("produces a salted argon2id hash that verifies the password and only it", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
  });

  it("salts: the same password hashes differently each time", async () => {
    const [a, b] = await Promise.all([hashPassword("same"), hashPassword("same")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "same")).toBe(true);
    expect(await verifyPassword(b, "same")).toBe(true);
  });

  it("keeps spaces and unicode significant", async () => {
    const hash = await hashPassword(" pässwörd ");
    expect(await verifyPassword(hash, " pässwörd ")).toBe(true);
    expect(await verifyPassword(hash, "pässwörd")).toBe(false);
  });

  it("returns false, never throws, for a malformed hash", async () => {
    expect(await verifyPassword("not-a-hash", "x")).toBe(false);
    expect(await verifyPassword("", "x")).toBe(false);
  });

  it("the timing stand-in for unknown emails always fails", async () => {
    expect(await verifyAgainstDummy("dummy password for timing equalisation")).toBe(false);
  });
});
