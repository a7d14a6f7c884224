// The page's live book: apply n + 1, ignore n or older, re-read on a gap or a resubscription, and a
// re-read's answer never replaces a newer book.
import { describe, expect, it } from "vitest";
import { decideBookUpdate, initialLiveBook, isBookStale, reduceLiveBook, type LiveBookState } from "@/lib/market/live-book";
import type { BookUpdate } from "@/lib/schemas/order";

function book(sequence: number, ask = "101.00"): BookUpdate {
  return { sequence, asks: [[ask, "1.0000"]], bids: [["99.00", "2.0000"]] };
}

describe("decideBookUpdate", () => {
  it("applies the next sequence, ignores old ones and repeats, re-reads after a gap", () => {
    expect(decideBookUpdate(7, 8)).toBe("apply");
    expect(decideBookUpdate(7, 7)).toBe("ignore");
    expect(decideBookUpdate(7, 3)).toBe("ignore");
    expect(decideBookUpdate(7, 9)).toBe("reread");
    expect(decideBookUpdate(0, 1)).toBe("apply");
  });
});

describe("reduceLiveBook", () => {
  const start = initialLiveBook(book(7));

  it("applies updates in order", () => {
    const next = reduceLiveBook(reduceLiveBook(start, { type: "update", book: book(8, "102.00") }), { type: "update", book: book(9, "103.00") });
    expect(next.book).toEqual(book(9, "103.00"));
    expect(next.rereads).toBe(0);
    expect(isBookStale(next)).toBe(false);
  });

  it("keeps the book on an old or repeated update", () => {
    expect(reduceLiveBook(start, { type: "update", book: book(7, "1.00") })).toBe(start);
    expect(reduceLiveBook(start, { type: "update", book: book(2, "1.00") })).toBe(start);
  });

  it("on a gap keeps the book it holds, marks it stale and asks for one re-read per newer sequence", () => {
    const gap = reduceLiveBook(start, { type: "update", book: book(10, "1.00") });
    expect(gap.book).toEqual(book(7));
    expect(isBookStale(gap)).toBe(true);
    expect(gap.rereads).toBe(1);
    // The same or an older announcement of the gap asks nothing more; a newer one asks again.
    expect(reduceLiveBook(gap, { type: "update", book: book(9, "1.00") })).toBe(gap);
    expect(reduceLiveBook(gap, { type: "update", book: book(11, "1.00") }).rereads).toBe(2);
  });

  it("takes the re-read's book, and is no longer stale once it reaches the newest sequence seen", () => {
    const gap = reduceLiveBook(start, { type: "update", book: book(10, "1.00") });
    const reread = reduceLiveBook(gap, { type: "reread", book: book(10, "105.00") });
    expect(reread.book).toEqual(book(10, "105.00"));
    expect(isBookStale(reread)).toBe(false);
    // Then the feed continues from there.
    expect(reduceLiveBook(reread, { type: "update", book: book(11, "106.00") }).book.sequence).toBe(11);
  });

  it("forgets a sequence the feed claimed beyond what the re-read found (a forged event), so the next real gap still re-reads", () => {
    const forged = reduceLiveBook(start, { type: "update", book: book(1_000, "1.00") });
    const reread = reduceLiveBook(forged, { type: "reread", book: book(8, "102.00") });
    expect(reread.book).toEqual(book(8, "102.00"));
    expect(isBookStale(reread)).toBe(false);
    const gap = reduceLiveBook(reread, { type: "update", book: book(11, "1.00") });
    expect(gap.rereads).toBe(reread.rereads + 1);
    expect(gap.book.sequence).toBe(8);
  });

  it("never lets a re-read older than the book held replace it (an update overtook the read)", () => {
    const applied = reduceLiveBook(start, { type: "update", book: book(8, "102.00") });
    expect(reduceLiveBook(applied, { type: "reread", book: book(7, "101.00") })).toBe(applied);
  });

  it("asks for a re-read after every (re)subscription", () => {
    let state: LiveBookState = start;
    state = reduceLiveBook(state, { type: "resubscribed" });
    state = reduceLiveBook(state, { type: "resubscribed" });
    expect(state.rereads).toBe(2);
    expect(state.book).toBe(start.book);
  });
});
