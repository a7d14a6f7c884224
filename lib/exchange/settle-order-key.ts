// Settles what happened to an order submission whose answer was lost: the member's order placed under
// that key, or "not placed", made final by voiding the key in the same transaction (placeOrder refuses a
// voided key), so a lost request arriving later cannot turn the answer into a lie. On PostgreSQL both take
// the key's advisory lock (lib/exchange/command-locks.ts), as both hold SQLite's write lock.
import type { DbClient } from "@/lib/db-client";
import { lockClientKey } from "@/lib/exchange/command-locks";
import type { ExchangeDb } from "@/lib/exchange/exchange-market";
import { readOrderByClientKey } from "@/lib/exchange/place-order";
import { NOT_PLACED_MESSAGE, type OrderOutcome } from "@/lib/schemas/order";

/** The outcome of `userId`'s order submission `clientKey`; another member's key is answered like an unused one. */
export async function settleOrderKey(client: Pick<DbClient, "$transaction">, userId: string, clientKey: string): Promise<OrderOutcome> {
  return client.$transaction(async (tx: ExchangeDb): Promise<OrderOutcome> => {
    await lockClientKey(tx, userId, clientKey); // PostgreSQL: a placeOrder under this key runs wholly before or after
    const placed = await readOrderByClientKey(tx, userId, clientKey);
    if (placed !== null) return { outcome: "placed", order: placed.order };
    await tx.voidedClientKey.upsert({ where: { userId_clientKey: { userId, clientKey } }, create: { userId, clientKey }, update: {} });
    return { outcome: "not-placed", message: NOT_PLACED_MESSAGE };
  });
}
