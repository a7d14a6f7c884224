// Driving the market page's trade form as a user does, for the specs that trade.
import type { Page } from "@playwright/test";

/** A trade as typed into the form. */
export interface TradeFields {
  side: "buy" | "sell";
  price: string;
  amount: string;
}

/** Picks the side, fills price and amount, and presses "Buy/Sell <base>" (BTC unless the page is another market). */
export async function submitTrade(page: Page, { side, price, amount }: TradeFields, base = "BTC"): Promise<void> {
  await page.getByRole("radio", { name: side === "buy" ? "Buy" : "Sell" }).check();
  await page.getByLabel("Price", { exact: true }).fill(price);
  await page.getByLabel("Amount", { exact: true }).fill(amount);
  await page.getByRole("button", { name: `${side === "buy" ? "Buy" : "Sell"} ${base}` }).click();
}
