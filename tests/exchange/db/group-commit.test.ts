// Group commit (runMarketCommand): the commands queued for a market when its turn comes run in one
// transaction, in order, each seeing what the ones before it wrote; when that transaction fails, nothing
// of the group stays and each command runs again alone, so only the failing one fails. On a real SQLite
// file, with the real order commands.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { placeOrder } from "@/lib/exchange/place-order";
import { runMarketCommand, type CommandContext } from "@/lib/exchange/run-market-command";
import { createExchangeDb, createMember, orderRequest, totalsByCurrency, type ExchangeDb } from "../support/exchange-db";

let db: ExchangeDb;

beforeAll(async () => {
  db = await createExchangeDb("group-commit");
});
afterAll(async () => db.close());

describe("commands queued together", () => {
  it("run in one transaction, in order: crossing orders placed at once fill each other, sequences follow each other", async () => {
    const seller = await createMember(db.client, "seller", { btc: "10" });
    const buyer = await createMember(db.client, "buyer", { usd: "1000000" });
    const totals = await totalsByCurrency(db.client);
    const transactions: unknown[] = [];
    const seen = (context: CommandContext) => transactions.push(context.tx);
    await Promise.all([runMarketCommand(db.client, "btcusd", async (context) => seen(context)), runMarketCommand(db.client, "btcusd", async (context) => seen(context))]);
    expect(transactions).toHaveLength(2);
    expect(transactions[0]).toBe(transactions[1]);

    const requests = [
      orderRequest(seller, { side: "sell", price: "50000", volume: "0.1", clientOrderId: randomUUID() }),
      orderRequest(buyer, { side: "buy", price: "50000", volume: "0.1", clientOrderId: randomUUID() }),
      orderRequest(seller, { side: "sell", price: "50001", volume: "0.2", clientOrderId: randomUUID() }),
      orderRequest(buyer, { side: "buy", price: "50001", volume: "0.05", clientOrderId: randomUUID() }),
    ];
    const results = await Promise.all(requests.map((request) => placeOrder(db.client, request)));
    const placed = results.map((result) => {
      if (!result.ok || result.repeat) throw new Error(`not placed: ${JSON.stringify(result)}`);
      return result;
    });
    expect(placed.map((result) => result.fills.length)).toEqual([0, 1, 0, 1]);
    // As each was answered: the first sell rested until the buy after it filled it.
    expect(placed.map((result) => result.order.state)).toEqual(["wait", "done", "wait", "done"]);
    const sequences = placed.map((result) => result.update.sequence);
    expect(sequences.slice(1).map((sequence, i) => sequence - (sequences[i] ?? 0))).toEqual([1, 1, 1]);
    expect(await totalsByCurrency(db.client)).toEqual(totals);
  });

  it("a failing command fails alone: the others of its group are run again on their own and stay written", async () => {
    const member = await createMember(db.client, "member", { usd: "1000000" });
    const keys = [randomUUID(), randomUUID()];
    const [first, failing, last] = await Promise.allSettled([
      placeOrder(db.client, orderRequest(member, { price: "45000", volume: "0.1", clientOrderId: keys[0] })),
      runMarketCommand(db.client, "btcusd", async ({ tx }) => {
        await tx.$executeRaw`UPDATE "Account" SET "balance" = 0 WHERE "userId" = ${member}`;
        throw new Error("this command fails");
      }),
      placeOrder(db.client, orderRequest(member, { price: "45001", volume: "0.1", clientOrderId: keys[1] })),
    ]);
    expect(failing).toMatchObject({ status: "rejected", reason: new Error("this command fails") });
    for (const settled of [first, last]) expect(settled).toMatchObject({ status: "fulfilled", value: { ok: true, repeat: false, order: { state: "wait" } } });
    const stored = await db.client.order.findMany({ where: { userId: member }, select: { clientOrderId: true } });
    expect(stored.map((order) => order.clientOrderId).sort()).toEqual([...keys].sort());
    const account = await db.client.account.findUnique({ where: { userId_currencyId: { userId: member, currencyId: "usd" } } });
    expect(account?.balance).toBeGreaterThan(0n);
  });

  it("commands issued while a market's group runs wait for it, then run together as the next group (one runner per market)", async () => {
    const steps: string[] = [];
    const transactions: unknown[] = [];
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let firstStarted = (): void => undefined;
    const started = new Promise<void>((resolve) => (firstStarted = resolve));
    const first = runMarketCommand(db.client, "btcusd", async () => {
      steps.push("first starts");
      firstStarted();
      await gate;
      steps.push("first ends");
    });
    await started;
    /** Many event-loop turns and a timer: every chance for a second runner to take a command early. */
    const letOthersRun = async () => {
      for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 50));
    };
    const later = (name: string) =>
      runMarketCommand(db.client, "btcusd", async ({ tx }) => {
        steps.push(`${name} runs`);
        transactions.push(tx);
      });
    const second = later("second");
    await letOthersRun();
    const third = later("third");
    await letOthersRun();
    release();
    await Promise.all([first, second, third]);
    expect(steps).toEqual(["first starts", "first ends", "second runs", "third runs"]);
    expect(transactions).toHaveLength(2);
    expect(transactions[0]).toBe(transactions[1]);
  });

  it("a market's queue goes on after a failure and after it ran empty: a later command is run, not left waiting", async () => {
    await expect(runMarketCommand(db.client, "btcusd", async () => Promise.reject(new Error("first fails")))).rejects.toThrow("first fails");
    // The queue ran empty after the failure: a command issued now must start it again.
    await expect(runMarketCommand(db.client, "btcusd", async ({ market }) => market.id)).resolves.toBe("btcusd");
    const order: string[] = [];
    const issued = ["a", "b", "c"].map((name) => runMarketCommand(db.client, "btcusd", async () => void order.push(name)));
    await Promise.all(issued);
    await expect(runMarketCommand(db.client, "btcusd", async () => "again")).resolves.toBe("again");
    expect(order).toEqual(["a", "b", "c"]);
  });
});
