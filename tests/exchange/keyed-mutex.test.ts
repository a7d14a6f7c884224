// The per-market mutex that serializes a process's order commands: sections of one key run one after
// another (also after a section that failed, and also when a later section arrives after an earlier one
// finished), sections of different keys run side by side. Deferred promises, no sleeps.
import { describe, expect, it } from "vitest";
import { KeyedMutex } from "@/lib/exchange/keyed-mutex";

/** A promise and the function that settles it. */
function deferred() {
  let resolve: () => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("KeyedMutex", () => {
  it("runs sections of one key one at a time, in the order they came, past a failed one", async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const gates = [deferred(), deferred(), deferred()];
    const section = (name: string, gate: ReturnType<typeof deferred>) => () => {
      log.push(`${name} starts`);
      return gate.promise.then(() => {
        log.push(`${name} ends`);
        return name;
      });
    };
    const a = mutex.run("btcusd", section("a", gates[0]!));
    const b = mutex.run("btcusd", section("b", gates[1]!));
    await settle();
    expect(log).toEqual(["a starts"]);
    gates[0]!.reject(new Error("a failed"));
    await expect(a).rejects.toThrow("a failed");
    await settle();
    expect(log).toEqual(["a starts", "b starts"]);
    // c arrives after a has settled and its tail was tidied away: it still waits for b.
    const c = mutex.run("btcusd", section("c", gates[2]!));
    await settle();
    expect(log).toEqual(["a starts", "b starts"]);
    gates[1]!.resolve();
    expect(await b).toBe("b");
    await settle();
    expect(log).toEqual(["a starts", "b starts", "b ends", "c starts"]);
    gates[2]!.resolve();
    expect(await c).toBe("c");
  });

  it("runs sections of different keys side by side", async () => {
    const mutex = new KeyedMutex();
    const started: string[] = [];
    const gate = deferred();
    const first = mutex.run("btcusd", () => {
      started.push("btcusd");
      return gate.promise;
    });
    const second = mutex.run("ethusd", async () => {
      started.push("ethusd");
      return 2;
    });
    expect(await second).toBe(2);
    expect(started).toEqual(["btcusd", "ethusd"]);
    gate.resolve();
    await first;
  });

  it("starts a key's next section once the last one settled, however long ago", async () => {
    const mutex = new KeyedMutex();
    expect(await mutex.run("btcusd", async () => 1)).toBe(1);
    await settle();
    expect(await mutex.run("btcusd", async () => 2)).toBe(2);
  });
});
