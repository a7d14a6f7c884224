"use client";
// Trades submitted by this page's own trade form, so the private `trade` event confirming one of them is
// not shown and announced a second time (the form's message is its one announcement). The boundary
// notes each submission as it bubbles up from the form; the private alerts inside claim a confirmation
// that matches one (market, side, price, amount), and show only the others: trades made elsewhere.
import { createContext, useCallback, useContext, useMemo, useRef, type FormEvent, type ReactNode } from "react";
import type { PrivateTrade } from "@/lib/schemas/notifications";
import { findSubmission, SUBMISSION_WINDOW_MS, submissionFromForm, type TradeSubmission } from "./own-trade-match";

/** Claims a confirmation for a submission of this page: true when it is one (each submission claims once). */
type ClaimOwnTrade = (trade: Pick<PrivateTrade, "marketId" | "side" | "price" | "amount">) => boolean;

const OwnTradesContext = createContext<ClaimOwnTrade>(() => false);

/** A block (a div with `className`) around the trade form and the private alerts. */
export function OwnTradesBoundary({ className, children }: { className?: string; children: ReactNode }) {
  const submissions = useRef<TradeSubmission[]>([]);

  // A submit the form's own validation stopped is not a submission.
  function handleSubmit(event: FormEvent<HTMLDivElement>) {
    if (event.nativeEvent.defaultPrevented || !(event.target instanceof HTMLFormElement)) return;
    const now = Date.now();
    const submission = submissionFromForm(new FormData(event.target), now);
    if (!submission) return;
    submissions.current = [...submissions.current.filter((item) => now - item.at <= SUBMISSION_WINDOW_MS), submission];
  }

  const claim = useCallback<ClaimOwnTrade>((trade) => {
    const index = findSubmission(submissions.current, trade, Date.now());
    if (index < 0) return false;
    submissions.current = submissions.current.filter((_, position) => position !== index);
    return true;
  }, []);

  const value = useMemo(() => claim, [claim]);
  return (
    <OwnTradesContext.Provider value={value}>
      <div className={className} onSubmit={handleSubmit}>
        {children}
      </div>
    </OwnTradesContext.Provider>
  );
}

/** The boundary's claim function (outside a boundary nothing is claimed). Call it in event handlers. */
export function useClaimOwnTrade(): ClaimOwnTrade {
  return useContext(OwnTradesContext);
}
