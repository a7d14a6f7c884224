// Load process of `npm run bench:app`: a few signed-in members, each a browser-like client of the app's
// server actions (./server-actions.ts). Signs them in through the sign-in form's action, then on the
// driver's command runs one closed loop per member (next request once the previous one is answered):
// orders from the order form's action (placeOrderAction, the mix of ./order-mix.ts, a fresh client key
// each) or the floor (markNotificationsReadAction); or places one maker/taker pair for the latency phase.
import { randomUUID } from "node:crypto";
import { ActionClient, formDataOf, type ActionAnswer } from "./server-actions.ts";
import { createOrderMix, type MarketSteps, type OrderMixOptions } from "./order-mix.ts";
import { wallNowMs } from "./wall-clock.ts";

/** The action ids and pages the worker calls. */
export interface WorkerActions {
  signIn: string;
  placeOrder: string;
  markRead: string;
}

/** Driver -> worker: sign these members in. */
export interface WorkerInit {
  type: "init";
  appUrl: string;
  marketId: string;
  actions: WorkerActions;
  members: string[];
  password: string;
}

/** Driver -> worker: every member runs `kind` requests back to back from `startAt` (wall ms) for `durationMs`. */
export interface WorkerRun {
  type: "run";
  kind: "orders" | "floor";
  startAt: number;
  durationMs: number;
  steps: MarketSteps;
  mix: Omit<OrderMixOptions, "seed">;
  seed: number;
}

/** Driver -> worker: member `maker` rests a sell at `price`, then member `taker` buys it (a trade at `price`). */
export interface WorkerTrade {
  type: "trade";
  /** Echoed in the answer (several trades may be in flight). */
  id: number;
  maker: number;
  taker: number;
  price: string;
  volume: string;
}

/** What one request ended as: accepted (the action did it), refused (an answer saying why), failed (no usable answer). */
export type Outcome = "accepted" | "refused" | "failed";

/** One request of a run. */
export interface RequestRecord {
  member: number;
  /** Wall ms when the request was sent, and its round trip (request -> decoded answer). */
  sentAt: number;
  ms: number;
  outcome: Outcome;
  /** Refusal code, HTTP status or error text. */
  detail: string;
  /** Orders: the client key sent, and the fills the answer reported. */
  clientKey?: string;
  fills?: number;
}

/** Worker -> driver messages. */
export type WorkerMessage =
  | { type: "ready"; signedIn: number; error?: string }
  | { type: "ran"; records: RequestRecord[] }
  | { type: "traded"; id: number; sentAt: number; ms: number; maker: string; taker: string; fills: number; acceptedKeys: string[] }
  | { type: "failed"; error: string };

/** The order form's answer, as far as the bench reads it. */
type OrderFormState = { status: "idle" } | { status: "error"; code: string; message: string } | { status: "success"; repeat: boolean; fills: unknown[]; order: { id: string } };
type MarkReadResult = { ok: true; unreadCount: number } | { ok: false; message: string };

const MARKET_PATH_PREFIX = "/markets/";
const SESSION_COOKIE = "next-auth.session-token";

interface Member {
  client: ActionClient;
  /** The order form's last state: useActionState hands it to the next submission. */
  formState: OrderFormState;
}

let init: WorkerInit | undefined;
const members: Member[] = [];

async function signIn(init: WorkerInit, email: string): Promise<Member> {
  const client = new ActionClient(init.appUrl);
  const path = `${MARKET_PATH_PREFIX}${init.marketId}`;
  const fields = formDataOf({ callbackUrl: path, email, password: init.password });
  const answer = await client.call("/sign-in", init.actions.signIn, [{}, fields], { decode: false });
  if (answer.status !== 200 || !client.hasCookie(SESSION_COOKIE)) throw new Error(`${email} not signed in (HTTP ${answer.status}${answer.error ? `: ${answer.error}` : ""})`);
  return { client, formState: { status: "idle" } };
}

/** Submits one order through the form's action as the browser would: previous state and the form's fields. */
async function placeOrder(member: Member, fields: { side: string; price: string; volume: string }): Promise<{ answer: ActionAnswer<OrderFormState>; clientKey: string }> {
  if (!init) throw new Error("not initialised");
  const clientKey = randomUUID();
  // The order form's fields in its DOM order (app/markets/_components/order-entry/order-form.tsx): a limit order has no quoteBound.
  const form = formDataOf({ marketId: init.marketId, clientKey, side: fields.side, kind: "limit", price: fields.price, volume: fields.volume });
  const answer = await member.client.call<OrderFormState>(`${MARKET_PATH_PREFIX}${init.marketId}`, init.actions.placeOrder, [member.formState, form]);
  if (answer.value !== undefined) member.formState = answer.value;
  return { answer, clientKey };
}

function orderRecord(index: number, sentAt: number, answer: ActionAnswer<OrderFormState>, clientKey: string): RequestRecord {
  const ms = wallNowMs() - sentAt;
  const state = answer.value;
  if (state === undefined) return { member: index, sentAt, ms, outcome: "failed", detail: `HTTP ${answer.status} ${answer.error ?? ""}`.trim(), clientKey };
  if (state.status === "success") return { member: index, sentAt, ms, outcome: state.repeat ? "refused" : "accepted", detail: state.repeat ? "repeat" : "placed", clientKey, fills: state.fills.length };
  if (state.status === "error") return { member: index, sentAt, ms, outcome: state.code === "failed" ? "failed" : "refused", detail: state.code, clientKey };
  return { member: index, sentAt, ms, outcome: "failed", detail: "idle state", clientKey };
}

async function markRead(member: Member, index: number): Promise<RequestRecord> {
  if (!init) throw new Error("not initialised");
  const sentAt = wallNowMs();
  const answer = await member.client.call<MarkReadResult>(`${MARKET_PATH_PREFIX}${init.marketId}`, init.actions.markRead, [{}]);
  const ms = wallNowMs() - sentAt;
  if (answer.value === undefined) return { member: index, sentAt, ms, outcome: "failed", detail: `HTTP ${answer.status}` };
  return answer.value.ok ? { member: index, sentAt, ms, outcome: "accepted", detail: "ok" } : { member: index, sentAt, ms, outcome: "refused", detail: answer.value.message };
}

async function loop(run: WorkerRun, index: number, records: RequestRecord[]): Promise<void> {
  const member = members[index];
  if (!member) return;
  const mix = createOrderMix(run.steps, { ...run.mix, seed: run.seed * 1_000 + index });
  const endAt = run.startAt + run.durationMs;
  const wait = run.startAt - wallNowMs();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  while (wallNowMs() < endAt) {
    try {
      if (run.kind === "floor") records.push(await markRead(member, index));
      else {
        const sentAt = wallNowMs();
        const { answer, clientKey } = await placeOrder(member, mix());
        records.push(orderRecord(index, sentAt, answer, clientKey));
      }
    } catch (error) {
      records.push({ member: index, sentAt: wallNowMs(), ms: 0, outcome: "failed", detail: String(error).slice(0, 200) });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The previous pair's buy: a buy waits for it, or it could take this pair's lower-priced sell first. */
let previousTaker: Promise<unknown> = Promise.resolve();

async function trade(message: WorkerTrade): Promise<WorkerMessage> {
  const maker = members[message.maker];
  const taker = members[message.taker];
  if (!maker || !taker) throw new Error(`no member ${message.maker} or ${message.taker}`);
  // Pairs may overlap (the driver keeps its rate): sells rest at rising prices as they come, but each buy
  // goes only after the buys before it were answered, so the lowest ask it meets is its own pair's sell.
  // The buy's turn is taken in the order the pairs arrive, before anything is sent.
  const turn = previousTaker;
  let done = () => {};
  previousTaker = new Promise<void>((resolve) => (done = resolve));
  let makerRecord: RequestRecord;
  let takerRecord: RequestRecord;
  try {
    const resting = await placeOrder(maker, { side: "sell", price: message.price, volume: message.volume });
    makerRecord = orderRecord(message.maker, wallNowMs(), resting.answer, resting.clientKey);
    await turn;
    const sentAt = wallNowMs();
    const taking = await placeOrder(taker, { side: "buy", price: message.price, volume: message.volume });
    takerRecord = orderRecord(message.taker, sentAt, taking.answer, taking.clientKey);
  } finally {
    done();
  }
  const sentAt = takerRecord.sentAt;
  const acceptedKeys = [makerRecord, takerRecord].filter((record) => record.outcome === "accepted").map((record) => record.clientKey ?? "");
  return { type: "traded", id: message.id, sentAt, ms: takerRecord.ms, maker: makerRecord.detail, taker: takerRecord.detail, fills: takerRecord.fills ?? 0, acceptedKeys };
}

function send(message: WorkerMessage): void {
  process.send?.(message);
}

process.on("message", (message: WorkerInit | WorkerRun | WorkerTrade | { type: "stop" }) => {
  if (message.type === "init") {
    init = message;
    Promise.all(message.members.map((email) => signIn(message, email))).then(
      (signedIn) => {
        members.push(...signedIn);
        send({ type: "ready", signedIn: signedIn.length });
      },
      (error: unknown) => send({ type: "ready", signedIn: 0, error: String(error) }),
    );
  } else if (message.type === "run") {
    const records: RequestRecord[] = [];
    Promise.all(members.map((_, index) => loop(message, index, records))).then(
      () => send({ type: "ran", records }),
      (error: unknown) => send({ type: "failed", error: String(error) }),
    );
  } else if (message.type === "trade") {
    trade(message).then(send, (error: unknown) => send({ type: "failed", error: String(error) }));
  } else if (message.type === "stop") {
    process.disconnect?.();
  }
});
