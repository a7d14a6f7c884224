// Smoke: the app built by the harness answers its home page.
import { expect, test } from "./fixtures.ts";

test("the home page answers 200", async ({ page, stack }) => {
  const response = await page.goto(stack.appUrl);
  expect(response?.status()).toBe(200);
});
