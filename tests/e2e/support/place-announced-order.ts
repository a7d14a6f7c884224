// Another process placing limit orders and announcing them, as the order actions and the market maker
// do (placeOrder, then announceExchangeUpdate through the `pusher` SDK): what a page sees when someone
// else trades. Run with the stack's env (DATABASE_URL, PUSHER_*); argv: marketId email side volume price...
// (one order per price). Prints each outcome as a JSON line; exits 1 when one is refused.
import { randomUUID } from "node:crypto";

const [marketId = "", email = "", side = "", volume = "", ...prices] = process.argv.slice(2);
const [{ db }, { pusher }, { placeOrder }, { announceExchangeUpdate }, { privateChannelFor }] = await Promise.all([
  import("../../../lib/db.ts"),
  import("../../../lib/pusher/server.ts"),
  import("../../../lib/exchange/place-order.ts"),
  import("../../../lib/exchange/announce-exchange-update.ts"),
  import("../../../lib/auth/private-channel.ts"),
]);
try {
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  for (const price of prices) {
    const result = await placeOrder(db, { marketId, userId: user.id, side, kind: "limit", price, volume, clientOrderId: randomUUID() });
    if (!result.ok) {
      console.log(JSON.stringify({ ok: false, price, error: result.error }));
      process.exitCode = 1;
      continue;
    }
    const announced = result.update ? await announceExchangeUpdate(pusher, db, result.update, { privateChannel: (sn) => privateChannelFor({ sn }), waitForTickers: false }) : false;
    console.log(JSON.stringify({ ok: true, price, sequence: result.update?.sequence ?? null, announced }));
  }
} finally {
  await db.$disconnect();
}
