// A writer process for `bench:market-data`: records trades into each database at a steady rate while the
// pages and routes are measured, the way the app's writers do (the Trade row and its candles in one
// transaction: lib/market/record-market-trades.ts), so the reads' kept answers go stale as they would on
// a live market. Started with IPC: {files, ratePerSecond}; stops on "stop" and answers with the count.
import { createDbClient } from "../../../lib/db-client.ts";
import { recordMarketTrades, toCandleTrade } from "../../../lib/market/record-market-trades.ts";
import { sleep } from "../lib/clock.ts";

interface WriterRequest {
  files: string[];
  ratePerSecond: number;
}

let stopping = false;

async function run({ files, ratePerSecond }: WriterRequest): Promise<number> {
  const clients = files.map((file) => createDbClient(`file:${file}`));
  let written = 0;
  const started = performance.now();
  try {
    while (!stopping) {
      for (const client of clients) {
        await client.$transaction(async (tx) => {
          const price = (64_000 + Math.floor(Math.random() * 200_000) / 100).toFixed(2);
          const amount = (1 + Math.floor(Math.random() * 5_000)) / 10_000;
          const row = await tx.trade.create({ data: { marketId: "btcusd", side: Math.random() < 0.5 ? "buy" : "sell", price, amount: String(amount) }, select: { id: true, price: true, amount: true, createdAt: true } });
          await recordMarketTrades(tx, "btcusd", [toCandleTrade({ ...row, price: row.price.toFixed(), amount: row.amount.toFixed() })]);
        });
      }
      written += 1;
      const due = started + (written * 1000) / ratePerSecond;
      await sleep(Math.max(0, due - performance.now()));
    }
  } finally {
    for (const client of clients) await client.$disconnect();
  }
  return written;
}

process.on("message", (message: WriterRequest | "stop") => {
  if (message === "stop") {
    stopping = true;
    return;
  }
  run(message).then(
    (written) => process.send?.({ written }),
    (error: unknown) => process.send?.({ error: String(error) }),
  );
});
process.send?.({ ready: true });
