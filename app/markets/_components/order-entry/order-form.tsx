"use client";
// The order form (peatio/baseapp's order entry): buy or sell, limit or market, price (limit) and amount,
// the balance the order spends from, 25/50/75/100% of it, the total, and the market's rules (price step,
// lot size, minimum value, the price band around the last trade). Formats are checked here for instant
// feedback; the rules, the funds and everything else are the server action's (the matching engine's) to
// judge, and each refusal comes back as {status, code, errors, message}: the message in the live region,
// each field's error under its field, the focus on the first one.
//
// Every submission carries a key (hidden field clientKey, made here): one per order intent, the same for
// every retry of it, so the server places it at most once (it becomes the client order id). A failed action
// call (server down, the app died after the commit, connection lost) is answered here, never by the error
// boundary: the typed values and the page stay, the form says it is checking, asks the app about the key
// (POST /api/orders/by-key/<key>) until it answers, and then says what the app says. It never claims "not
// placed" on its own. A price picked on the page (a book level) lands in the price field (usePickedPrice).
import { unstable_rethrow } from "next/navigation";
import { startTransition, useActionState, useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { Field } from "@/app/_components/field";
import { useOwnTrades } from "@/app/_components/own-trades";
import { placeOrderAction } from "@/app/markets/[marketId]/place-order-action";
import { defineMarket, type MarketConfig } from "@/lib/exchange/engine/market";
import { newClientKey } from "@/lib/exchange/new-client-key";
import { CHECKING_MESSAGE, outcomeFormState, settledFailureState, waitForOrderOutcome, type OrderEntryState } from "@/lib/exchange/order-call-failure";
import { atPricePrecision, describeRules, orderTotal, SHARE_PERCENTS, shareOfBalance, type SharePercent } from "@/lib/exchange/order-entry-math";
import { formatDecimal } from "@/lib/market/format";
import { formatPrice } from "@/lib/market/format-market";
import type { MarketSummary } from "@/lib/schemas/market";
import { initialOrderFormState, placeOrderFormSchema, type OrderField, type OrderFieldErrors } from "@/lib/schemas/order";
import { useMarketLive } from "../market-live-provider";
import { usePickedPrice } from "../picked-price";
import { RadioToggle } from "./radio-toggle";
import { availableOf } from "./trader-state";
import { useTraderLive } from "./trader-live-provider";
import styles from "./order-entry.module.css";

/** The text-input props the decimal fields share. */
const DECIMAL_INPUT = { type: "text", inputMode: "decimal", autoComplete: "off", spellCheck: false, maxLength: 40 } as const;

/** The side choice: buy in green, sell in red. */
const SIDE_OPTIONS = [
  { value: "buy", label: "Buy", className: "side-buy" },
  { value: "sell", label: "Sell", className: "side-sell" },
] as const;

/** The order type choice. */
const KIND_OPTIONS = [
  { value: "limit", label: "Limit" },
  { value: "market", label: "Market" },
] as const;

/** The fields in the order they appear: the first invalid one gets the focus. */
const FIELD_ORDER: readonly OrderField[] = ["side", "kind", "price", "volume", "quoteBound"];

/** The format checks the form makes before sending (the server repeats them, and checks the rules). */
const formatSchema = placeOrderFormSchema.pick({ marketId: true, side: true, kind: true, price: true, volume: true, quoteBound: true });

/** Field errors of a failed format check, one list per field. */
function formatErrors(fields: Record<string, string | undefined>): OrderFieldErrors | null {
  const parsed = formatSchema.safeParse(fields);
  if (parsed.success) return null;
  const errors: OrderFieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = FIELD_ORDER.find((name) => name === issue.path[0]);
    if (field !== undefined) (errors[field] ??= []).push(issue.message);
  }
  return errors;
}

/** Moves the focus to the first field of `form` that `errors` names (the checked radio of a group). */
function focusFirstInvalid(form: HTMLFormElement | null, errors: OrderFieldErrors): void {
  const field = FIELD_ORDER.find((name) => errors[name]?.length);
  if (!form || !field) return;
  const target = form.elements.namedItem(field);
  if (target instanceof HTMLInputElement) target.focus();
  else if (target instanceof RadioNodeList) {
    const radios = [...target].filter((node): node is HTMLInputElement => node instanceof HTMLInputElement);
    (radios.find((radio) => radio.checked) ?? radios[0])?.focus();
  }
}

/** A placeholder with the step's precision ("0.01" -> "0.00"). */
function zeroLike(step: string): string {
  return step.replace(/\d/g, "0").replace(/^0+(?=0)/, "");
}

/** The order form of `market`, whose trading rules are `rules` (the Market row's, as the engine compiles them). */
export function OrderForm({ market, rules }: { market: MarketSummary; rules: MarketConfig }) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const { applyTrade, lastPrice } = useMarketLive();
  const trader = useTraderLive();
  const ownTrades = useOwnTrades();
  const compiled = useMemo(() => defineMarket(rules), [rules]);
  const [side, setSide] = useState<"buy" | "sell">("buy");
  const [kind, setKind] = useState<"limit" | "market">("limit");
  // Prefilled once with the last price; live prices never overwrite it (the button below copies one).
  const [price, setPrice] = useState(() => (lastPrice === null ? "" : atPricePrecision(compiled, lastPrice)));
  const [amount, setAmount] = useState("");
  const [spend, setSpend] = useState("");
  const [clientErrors, setClientErrors] = useState<OrderFieldErrors | null>(null);

  // A price picked on the page (a book level): into the price field, as a limit order, on the side given.
  const { picked } = usePickedPrice();
  const [seenPick, setSeenPick] = useState(picked?.pick ?? 0);
  if (picked !== null && picked.pick !== seenPick) {
    setSeenPick(picked.pick);
    setKind("limit");
    setPrice(atPricePrecision(compiled, picked.price));
    if (picked.side !== null) setSide(picked.side);
    setClientErrors(null);
  }

  // Set on submit, cleared when the action settles: a second submit in between is ignored.
  const inFlight = useRef(false);
  // The key of the order intent being submitted: made at its first submit, kept while its outcome is
  // unknown (so a new try is a retry the server answers with the original), dropped once the server has
  // answered (the next submit is a new intent).
  const intentKey = useRef<string | null>(null);
  const keyField = useRef<HTMLInputElement>(null);
  // The action call failed and the form is asking the app about the key (while still pending).
  const [checking, setChecking] = useState(false);
  // Stops asking when the form goes away.
  const unmounted = useRef<AbortController | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    unmounted.current = controller;
    return () => controller.abort();
  }, []);

  /** What the app says about `clientKey` after the action call failed with `error`. */
  async function settleFailedCall(error: unknown, clientKey: string): Promise<OrderEntryState> {
    const settled = settledFailureState(error);
    if (settled) return settled;
    setChecking(true);
    try {
      return outcomeFormState(await waitForOrderOutcome(clientKey, { signal: unmounted.current?.signal }), market);
    } catch {
      // The form is gone (unmounted): nobody reads this.
      return { status: "error", code: "failed", message: CHECKING_MESSAGE, delivery: "unknown" };
    }
  }

  const [state, dispatch, pending] = useActionState<OrderEntryState, FormData>(async (previous: OrderEntryState, formData: FormData): Promise<OrderEntryState> => {
    // Until it settles, a private fill confirmation may be this submission's: the alerts hold it till then.
    ownTrades.submissionStarted();
    let fillIds: number[] = [];
    const clientKey = formData.get("clientKey");
    try {
      let next: OrderEntryState;
      try {
        next = await placeOrderAction(previous, formData);
      } catch (error) {
        // A rejected action would reach the error boundary and replace the page: answer it here instead.
        unstable_rethrow(error);
        next = await settleFailedCall(error, typeof clientKey === "string" ? clientKey : "");
      }
      if (next.status === "success") {
        trader?.applyOrder(next.order);
        for (const fill of next.fills) applyTrade(fill);
        fillIds = next.fills.map((fill) => fill.id);
      }
      // The server answered (placed, refused, not placed): the next submit is a new order intent.
      if (next.delivery !== "unknown" && intentKey.current === clientKey) intentKey.current = null;
      trader?.refreshBalances();
      if (next.delivery !== undefined) trader?.refreshOrders();
      return next;
    } finally {
      inFlight.current = false;
      ownTrades.submissionSettled(fillIds);
    }
  }, initialOrderFormState);

  // Formats are checked here first for instant feedback; the action checks everything (the server decides).
  // The form is submitted here, not through <form action>: React resets a form after its action, which
  // would put the side and type radios back to their first values while the form still shows the choices.
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || inFlight.current) return;
    const errors = formatErrors({
      marketId: market.id,
      side,
      kind,
      price: kind === "limit" ? price : undefined,
      volume: amount,
      quoteBound: kind === "market" && side === "buy" ? spend : undefined,
    });
    if (errors === null) {
      setClientErrors(null);
      setChecking(false);
      inFlight.current = true;
      intentKey.current ??= newClientKey();
      if (keyField.current) keyField.current.value = intentKey.current;
      const formData = new FormData(event.currentTarget);
      startTransition(() => dispatch(formData));
      return;
    }
    setClientErrors(errors);
  }

  // After a refused submit the focus goes to the first invalid field (its error is its description).
  useEffect(() => {
    if (clientErrors) focusFirstInvalid(formRef.current, clientErrors);
  }, [clientErrors]);
  useEffect(() => {
    if (state.status === "error" && state.errors) focusFirstInvalid(formRef.current, state.errors);
  }, [state]);

  const base = market.baseUnit.toUpperCase();
  const quote = market.quoteUnit.toUpperCase();
  const spendsCurrency = side === "buy" ? market.quoteUnit : market.baseUnit;
  const available = trader ? availableOf(trader.state, spendsCurrency) : null;
  const rulesView = describeRules(compiled, lastPrice);
  const total = kind === "limit" ? orderTotal(compiled, price, amount) : null;
  const estimate = kind === "market" && lastPrice !== null ? orderTotal(compiled, atPricePrecision(compiled, lastPrice), amount) : null;

  const errors: OrderFieldErrors = clientErrors ?? (state.status === "error" ? (state.errors ?? {}) : {});
  const fieldsShown = new Set<OrderField>(["side", "kind", "volume", ...(kind === "limit" ? (["price"] as const) : []), ...(kind === "market" && side === "buy" ? (["quoteBound"] as const) : [])]);
  // A field error the form no longer shows (e.g. the price of a market order) is said in the message.
  const hiddenErrors = Object.entries(errors)
    .filter(([field]) => !fieldsShown.has(field as OrderField))
    .flatMap(([, messages]) => messages ?? []);
  const formError = clientErrors
    ? "Check the highlighted fields."
    : state.status === "error"
      ? [state.errors?.marketId ? state.errors.marketId.join(" ") : state.message, ...hiddenErrors.filter((message) => message !== state.message)].join(" ")
      : undefined;
  // Checking only ever happens inside a pending submission; the flag is reset by the next submit.
  const isChecking = pending && checking;

  function fillShare(percent: SharePercent) {
    const fill = shareOfBalance(compiled, { side, kind, available, price: kind === "limit" ? price : lastPrice, percent });
    if (fill === null) return;
    setAmount(fill.amount);
    if (fill.spend !== null) setSpend(fill.spend);
  }

  return (
    <section className="panel form-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel-title">
        Place an order
      </h2>
      <form ref={formRef} className="trade-form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-title`}>
        <input type="hidden" name="marketId" value={market.id} />
        {/* Uncontrolled: handleSubmit writes the submission's key just before it reads the form data. */}
        <input ref={keyField} type="hidden" name="clientKey" defaultValue="" />

        <RadioToggle id={id} name="side" legend="Side" options={SIDE_OPTIONS} value={side} onChange={setSide} errors={errors.side} />
        <RadioToggle id={id} name="kind" legend="Order type" options={KIND_OPTIONS} value={kind} onChange={setKind} errors={errors.kind} compact />

        {kind === "limit" ? (
          <div className={styles.priceField}>
            <Field
              {...DECIMAL_INPUT}
              id={`${id}-price`}
              name="price"
              label="Price"
              unit={quote}
              value={price}
              placeholder={zeroLike(rulesView.tickSize)}
              errors={errors.price}
              onChange={(event) => setPrice(event.target.value)}
            />
            {lastPrice !== null ? (
              <button type="button" className={styles.linkButton} onClick={() => setPrice(atPricePrecision(compiled, lastPrice))}>
                Use last price {formatPrice(atPricePrecision(compiled, lastPrice))}
              </button>
            ) : null}
          </div>
        ) : (
          <p className={styles.note}>Fills at the best prices in the book, within the price band; what does not fill is cancelled.</p>
        )}

        <Field
          {...DECIMAL_INPUT}
          id={`${id}-amount`}
          name="volume"
          label="Amount"
          unit={base}
          value={amount}
          placeholder={zeroLike(rulesView.lotSize)}
          errors={errors.volume}
          onChange={(event) => setAmount(event.target.value)}
        />

        {kind === "market" && side === "buy" ? (
          <Field
            {...DECIMAL_INPUT}
            id={`${id}-spend`}
            name="quoteBound"
            label="Spend at most"
            unit={quote}
            value={spend}
            placeholder={zeroLike(rulesView.minOrderValue)}
            errors={errors.quoteBound}
            onChange={(event) => setSpend(event.target.value)}
          />
        ) : null}

        <div className={styles.shares}>
          <p className={styles.available}>
            <span className={styles.muted}>Available</span>{" "}
            <span data-testid="available-balance" data-currency={spendsCurrency} data-value={available ?? ""}>
              {available === null ? "—" : `${formatDecimal(available)} ${spendsCurrency.toUpperCase()}`}
            </span>
          </p>
          <div className={styles.shareButtons} role="group" aria-label={`Share of your available ${spendsCurrency.toUpperCase()}`}>
            {SHARE_PERCENTS.map((percent) => (
              <button key={percent} type="button" className={styles.shareButton} onClick={() => fillShare(percent)}>
                {percent}%
              </button>
            ))}
          </div>
        </div>

        <p className={styles.total}>
          <span className={styles.muted}>{kind === "limit" ? "Total" : "Estimated total"}</span>{" "}
          <span data-testid="order-total">
            {kind === "limit"
              ? total === null
                ? "—"
                : `${formatDecimal(total)} ${quote}`
              : estimate === null
                ? "—"
                : `≈ ${formatDecimal(estimate)} ${quote} at the last price`}
          </span>
        </p>

        {/* aria-disabled, not disabled: a disabled button would drop the focus to <body> while pending. */}
        <button type="submit" className={`submit submit-${side}${pending ? ` ${styles.pending}` : ""}`} aria-disabled={pending} aria-busy={pending}>
          {pending ? (isChecking ? "Checking…" : "Placing…") : `${side === "buy" ? "Buy" : "Sell"} ${base}`}
        </button>

        <div className="form-feedback" aria-live="polite" data-testid="order-feedback">
          {isChecking ? (
            <p role="status" className={styles.checking}>
              {CHECKING_MESSAGE}
            </p>
          ) : formError ? (
            <p role="alert" className="form-error" data-code={clientErrors ? "invalid_input" : state.status === "error" ? state.code : undefined} data-delivery={clientErrors ? undefined : state.delivery}>
              {formError}
            </p>
          ) : state.status === "success" && !pending ? (
            <p role="status" className="form-success" data-delivery={state.delivery} data-order-id={state.order.id}>
              {state.message}
            </p>
          ) : null}
        </div>

        <dl className={styles.rules} data-testid="market-rules" aria-label="Market rules">
          <div>
            <dt>Price step</dt>
            <dd>
              {rulesView.tickSize} {quote}
            </dd>
          </div>
          <div>
            <dt>Lot size</dt>
            <dd>
              {rulesView.lotSize} {base}
            </dd>
          </div>
          <div>
            <dt>Minimum order value</dt>
            <dd>
              {formatDecimal(rulesView.minOrderValue)} {quote}
            </dd>
          </div>
          <div>
            <dt>Price band</dt>
            <dd data-testid="price-band">
              {rulesView.bandPercent === null
                ? "none"
                : rulesView.band === null
                  ? `±${rulesView.bandPercent}% of the last trade (none before the first trade)`
                  : `${formatPrice(rulesView.band.low)} – ${formatPrice(rulesView.band.high)} ${quote} (±${rulesView.bandPercent}% of ${formatPrice(rulesView.band.reference)})`}
            </dd>
          </div>
        </dl>
      </form>
    </section>
  );
}
