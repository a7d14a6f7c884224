// verifyBodyMd5 on its own: the router only reaches it with a body after verifyQuery demanded body_md5, so its own
// refusal of a body without body_md5 (defence in depth) is checked here, on the function itself.
import { describe, expect, it } from "vitest";
import { verifyBodyMd5 } from "@/lib/channels/http-api/request-auth";
import { md5Hex } from "@/lib/channels/signatures";

describe("verifyBodyMd5", () => {
  it("refuses a body without body_md5 with 401", () => {
    expect(verifyBodyMd5(new Map(), Buffer.from("{}"))).toEqual({
      status: 401,
      message: "Missing body_md5 query parameter for a request with a body",
    });
  });

  it("accepts no body without body_md5, and a body with its own MD5", () => {
    expect(verifyBodyMd5(new Map(), Buffer.alloc(0))).toBeNull();
    expect(verifyBodyMd5(new Map([["body_md5", md5Hex("{}")]]), Buffer.from("{}"))).toBeNull();
  });
});
