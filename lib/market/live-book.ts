// The live order book's state on a page, as a pure reducer: the book the page holds at a sequence, live
// `market-<id>-global` / `update` snapshots applied in order, and a re-read of GET /api/markets/<id>/book
// asked for whenever the feed cannot be trusted (a gap in the sequence, a resubscription after a reconnect).
// The rule (README, "Announcing"): holding n, apply n + 1, ignore n or older, re-read on anything newer.
import type { BookUpdate } from "@/lib/schemas/order";

/** What to do with a live book update, given the sequence the page holds. */
export type BookDecision = "apply" | "ignore" | "reread";

/** Holding `held`, an update at `incoming` is applied (the next one), ignored (old or a repeat) or means a gap (re-read). */
export function decideBookUpdate(held: number, incoming: number): BookDecision {
  if (incoming === held + 1) return "apply";
  return incoming <= held ? "ignore" : "reread";
}

/** The page's book, and the re-reads it has asked for. */
export interface LiveBookState {
  book: BookUpdate;
  /** The newest sequence the feed has announced (above book.sequence while a re-read is due). */
  newestSeen: number;
  /** Bumped for every re-read asked for: the component fetches the book when it changes. */
  rereads: number;
}

/** A live update, a re-read's answer, or a (re)subscription of the feed (anything may have been missed). */
export type LiveBookEvent = { type: "update"; book: BookUpdate } | { type: "reread"; book: BookUpdate } | { type: "resubscribed" };

/** The state of a page first rendered with `book` (read from the DB). */
export function initialLiveBook(book: BookUpdate): LiveBookState {
  return { book, newestSeen: book.sequence, rereads: 0 };
}

/** Whether the book shown is known to be behind the feed (a re-read is on its way). */
export function isBookStale(state: LiveBookState): boolean {
  return state.newestSeen > state.book.sequence;
}

/** Applies one event (see decideBookUpdate); a re-read's answer replaces the book unless it is older than the one held. */
export function reduceLiveBook(state: LiveBookState, event: LiveBookEvent): LiveBookState {
  if (event.type === "resubscribed") return { ...state, rereads: state.rereads + 1 };
  if (event.type === "reread") {
    if (event.book.sequence < state.book.sequence) return state;
    // The DB is the truth: a sequence the feed claimed beyond it (a forged or misrouted event) is forgotten,
    // so it neither leaves the book marked stale nor hides the next real gap.
    return { ...state, book: event.book, newestSeen: event.book.sequence };
  }
  const decision = decideBookUpdate(state.book.sequence, event.book.sequence);
  if (decision === "ignore") return state;
  if (decision === "apply") return { ...state, book: event.book, newestSeen: Math.max(state.newestSeen, event.book.sequence) };
  // A gap: keep the book held (never jump to one whose history we missed) and ask once per newer sequence.
  if (event.book.sequence <= state.newestSeen) return state;
  return { ...state, newestSeen: event.book.sequence, rereads: state.rereads + 1 };
}
