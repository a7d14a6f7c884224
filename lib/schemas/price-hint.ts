// A `price_channel` / `update` event that names a market but carries no trade (one sent by hand from the
// debug console, as in the product brief's walkthrough): the market page shows its price as a hint.
import { z } from "zod";

/** `{"marketId": "btcusd", "price": "12345.67"}`: the least a market page can apply. */
export const priceHintSchema = z.object({
  marketId: z.string().min(1),
  price: z.string().regex(/^\d+(\.\d+)?$/),
});

/** A parsed price hint. */
export type PriceHint = z.infer<typeof priceHintSchema>;
