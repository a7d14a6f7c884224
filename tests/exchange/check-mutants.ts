// Shows that the engine's tests can fail: copies lib/exchange and tests/exchange to a scratch
// directory, breaks the engine in one small way at a time (a "mutant"), runs the exchange tests
// there and lists which tests caught it. Every mutant must be caught; the working tree is never
// touched. Not part of `npm test` (about 15 runs of the suite): `npx tsx tests/exchange/check-mutants.ts`
// (optionally followed by mutant name prefixes, e.g. `M1 M7`).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** One deliberate defect: replace `from` (which must occur exactly once) by `to` in `file`. */
interface Mutant {
  name: string;
  file: string;
  from: string;
  to: string;
}

const ENGINE = "lib/exchange/engine/";

const MUTANTS: Mutant[] = [
  {
    name: "M1 LIFO instead of FIFO within a price level",
    file: `${ENGINE}price-level.ts`,
    from: "    order.prev = this.tail;\n    order.next = null;\n    if (this.tail) this.tail.next = order;\n    else this.head = order;\n    this.tail = order;",
    to: "    order.next = this.head;\n    order.prev = null;\n    if (this.head) this.head.prev = order;\n    else this.tail = order;\n    this.head = order;",
  },
  { name: "M2 trade at the taker's limit price", file: `${ENGINE}matching-engine.ts`, from: "this.fill(taker, maker, level, price, volume, events, seq);", to: "this.fill(taker, maker, level, limit ?? price, volume, events, seq);" },
  { name: "M3 sell limit orders rest without matching", file: `${ENGINE}matching-engine.ts`, from: "    this.match(taker, events, seq);", to: '    if (order.side === "buy" || order.kind === "market") this.match(taker, events, seq);' },
  { name: "M4 a fill takes the taker's whole volume", file: `${ENGINE}matching-engine.ts`, from: "let volume = taker.volume < maker.volume ? taker.volume : maker.volume;", to: "let volume = taker.volume;" },
  { name: "M5 the maker's filled funds are not counted", file: `${ENGINE}matching-engine.ts`, from: "    maker.filledFunds += funds;\n", to: "" },
  {
    name: "M6 a market taker keeps its volume when it fills a maker completely",
    file: `${ENGINE}matching-engine.ts`,
    from: "    taker.volume -= volume;\n",
    to: '    if (!(taker.kind === "market" && maker.volume === volume)) taker.volume -= volume;\n',
  },
  { name: "M7 fees are not credited to the fee account", file: `${ENGINE}funds.ts`, from: "  if (buyerFee > 0n) out.push(", to: "  if (buyerFee < 0n) out.push(" },
  { name: "M8 the seller is credited one unit too many", file: `${ENGINE}funds.ts`, from: "quoteAmount - sellerFee, 0n,", to: "quoteAmount - sellerFee + 1n, 0n," },
  { name: "M9 funding is not checked", file: `${ENGINE}matching-engine.ts`, from: "if (lock.amount > available) {", to: "if (lock.amount > available * 1000n) {" },
  { name: "M10 a bid's lock above the trade price is not released", file: `${ENGINE}funds.ts`, from: "const refund = buyer.limitPrice === null ? 0n : (buyer.limitPrice - price) * volume * market.quoteFactor;", to: "const refund = 0n;" },
  {
    name: "M11 a refused cancel bumps the sequence",
    file: `${ENGINE}matching-engine.ts`,
    from: "    const order = this.book.get(orderId);\n    if (order === undefined",
    to: "    const order = this.book.get(orderId);\n    if (order === undefined || order.memberId !== memberId) this.sequenceValue++;\n    if (order === undefined",
  },
  { name: "M12 a market remainder is left in state wait", file: `${ENGINE}matching-engine.ts`, from: '      taker.state = "cancel";\n      taker.cancelReason = "market-remainder";', to: '      taker.cancelReason = "market-remainder";' },
  { name: "M13 a self-trade cancel is not reported as a level change", file: `${ENGINE}matching-engine.ts`, from: "    if (order.level !== null) this.touch(order.level, seq);\n", to: '    if (order.level !== null && reason !== "self-trade") this.touch(order.level, seq);\n' },
  { name: "M14 the engine reads a clock", file: `${ENGINE}matching-engine.ts`, from: "    order.updatedAt = at;\n", to: "    order.updatedAt = at + (Math.floor(performance.now() * 1000) % 7);\n" },
  { name: "M15 a rebuild ignores time priority", file: `${ENGINE}matching-engine.ts`, from: "const sorted = [...orders].sort((a, b) => a.seq - b.seq);", to: "const sorted = [...orders].sort((a, b) => (a.id < b.id ? -1 : 1));" },
  { name: "M16 a limit order trades with its own member", file: `${ENGINE}matching-engine.ts`, from: "if (maker.memberId === taker.memberId) {", to: 'if (maker.memberId === taker.memberId && taker.kind === "market") {' },
  { name: "M17 a market buy ignores its spend limit", file: `${ENGINE}matching-engine.ts`, from: "if (affordable < volume) volume = affordable;", to: "" },
];

const root = new URL("../../", import.meta.url).pathname;

/** A scratch copy of what the exchange tests need, with node_modules linked. */
function makeScratch(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "engine-mutants-"));
  for (const part of ["lib/exchange", "tests/exchange", "tests/support/server-only-stub.ts", "vitest.config.ts", "tsconfig.json", "package.json"]) {
    mkdirSync(path.dirname(path.join(dir, part)), { recursive: true });
    cpSync(path.join(root, part), path.join(dir, part), { recursive: true });
  }
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

/** Names of the tests that failed in a vitest run of tests/exchange in `dir`. */
function failingTests(dir: string): string[] {
  const report = path.join(dir, "report.json");
  try {
    execFileSync(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "tests/exchange/", "--reporter=json", `--outputFile=${report}`], { cwd: dir, stdio: "ignore" });
  } catch {
    // a failing run exits non-zero; the report says which tests failed
  }
  const parsed = JSON.parse(readFileSync(report, "utf8")) as { testResults: Array<{ assertionResults: Array<{ status: string; title: string }> }> };
  return parsed.testResults.flatMap((file) => file.assertionResults.filter((test) => test.status === "failed").map((test) => test.title));
}

function main(): void {
  const wanted = process.argv.slice(2);
  const dir = makeScratch();
  let survivors = 0;
  try {
    const baseline = failingTests(dir);
    if (baseline.length > 0) throw new Error(`the unmutated tests fail: ${baseline.join("; ")}`);
    for (const mutant of MUTANTS.filter((m) => wanted.length === 0 || wanted.some((w) => m.name.startsWith(`${w} `)))) {
      const file = path.join(dir, mutant.file);
      const source = readFileSync(file, "utf8");
      if (source.split(mutant.from).length !== 2) throw new Error(`${mutant.name}: the text to replace does not occur exactly once`);
      writeFileSync(file, source.replace(mutant.from, mutant.to));
      const caughtBy = failingTests(dir);
      writeFileSync(file, source);
      if (caughtBy.length === 0) survivors++;
      console.log(`${caughtBy.length > 0 ? "caught  " : "SURVIVED"} ${mutant.name}`);
      for (const title of caughtBy) console.log(`           by: ${title}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(survivors === 0 ? "\nevery mutant was caught" : `\n${survivors} mutant(s) survived`);
  if (survivors > 0) process.exitCode = 1;
}

main();
