"use client";
// A price the trader picked on the page (a level of the order book, a trade of the tape) for the order form to
// take: the book and the form are separate components, and this context is the only thing they share.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

/** A picked price: the decimal string as shown, the side the form should switch to (or keep), and a counter so picking the same price twice still counts. */
export interface PickedPrice {
  price: string;
  side: "buy" | "sell" | null;
  pick: number;
}

/** What the context carries: the last pick (null before any) and the function to pick. */
interface PickedPriceValue {
  picked: PickedPrice | null;
  pickPrice: (price: string, side?: "buy" | "sell" | null) => void;
}

const PickedPriceContext = createContext<PickedPriceValue>({ picked: null, pickPrice: () => undefined });

/** Holds the market page's last picked price (one per market page). */
export function PickedPriceProvider({ children }: { children: ReactNode }) {
  const [picked, setPicked] = useState<PickedPrice | null>(null);
  const pickPrice = useCallback((price: string, side: "buy" | "sell" | null = null) => {
    setPicked((previous) => ({ price, side, pick: (previous?.pick ?? 0) + 1 }));
  }, []);
  const value = useMemo(() => ({ picked, pickPrice }), [picked, pickPrice]);
  return <PickedPriceContext.Provider value={value}>{children}</PickedPriceContext.Provider>;
}

/** The last picked price and the function that picks one. */
export function usePickedPrice(): PickedPriceValue {
  return useContext(PickedPriceContext);
}
