// The live log's client state: a bounded buffer (newest first, oldest dropped with a count), pause and
// resume (rows arriving while paused wait, bounded too), clear, and the filters. Pure, no I/O.
import type { LogRow } from "@/lib/schemas/console";

/** Rows kept in the buffer at most. */
export const LOG_BUFFER_LIMIT = 1000;

/** What the filters select: a row type (or all), a channel prefix and an event name (substring). */
export interface LogFilters {
  type: string;
  channelPrefix: string;
  event: string;
}

/** The live log. */
export interface LogState {
  /** Shown rows, newest first. */
  rows: LogRow[];
  /** Rows that arrived while paused, newest first; shown on resume. */
  held: LogRow[];
  paused: boolean;
  /** Rows this page dropped from its buffer (oldest first) since the last clear. */
  droppedHere: number;
  /** Rows the server dropped to stay within its rate bound, since the last clear. */
  droppedByServer: number;
  filters: LogFilters;
}

/** Something that changes the log. */
export type LogAction =
  | { type: "received"; rows: LogRow[]; droppedByServer: number }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "clear" }
  | { type: "filter"; filters: Partial<LogFilters> };

/** An empty, running log with no filter. */
export function initialLogState(limit = LOG_BUFFER_LIMIT): LogState & { limit: number } {
  return { rows: [], held: [], paused: false, droppedHere: 0, droppedByServer: 0, filters: { type: "", channelPrefix: "", event: "" }, limit };
}

function newestFirst(rows: readonly LogRow[]): LogRow[] {
  return [...rows].sort((a, b) => b.time - a.time || b.id - a.id);
}

/** `incoming` put on top of `rows`, cut to `limit`; how many were cut. */
function bounded(incoming: LogRow[], rows: LogRow[], limit: number): { rows: LogRow[]; cut: number } {
  const all = [...incoming, ...rows];
  return all.length <= limit ? { rows: all, cut: 0 } : { rows: all.slice(0, limit), cut: all.length - limit };
}

/** Applies one action. */
export function logReducer(state: LogState & { limit: number }, action: LogAction): LogState & { limit: number } {
  switch (action.type) {
    case "received": {
      const incoming = newestFirst(action.rows);
      const droppedByServer = state.droppedByServer + action.droppedByServer;
      if (state.paused) {
        const held = bounded(incoming, state.held, state.limit);
        return { ...state, held: held.rows, droppedHere: state.droppedHere + held.cut, droppedByServer };
      }
      const shown = bounded(incoming, state.rows, state.limit);
      return { ...state, rows: shown.rows, droppedHere: state.droppedHere + shown.cut, droppedByServer };
    }
    case "pause":
      return { ...state, paused: true };
    case "resume": {
      const shown = bounded(state.held, state.rows, state.limit);
      return { ...state, paused: false, held: [], rows: shown.rows, droppedHere: state.droppedHere + shown.cut };
    }
    case "clear":
      return { ...state, rows: [], held: [], droppedHere: 0, droppedByServer: 0 };
    case "filter":
      return { ...state, filters: { ...state.filters, ...action.filters } };
  }
}

/** True when `row` passes the filters (type exact; channel by prefix, any of an API message's channels; event by substring). */
export function matchesFilters(row: LogRow, filters: LogFilters): boolean {
  if (filters.type !== "" && row.type !== filters.type) return false;
  const prefix = filters.channelPrefix.trim();
  if (prefix !== "") {
    const channels = row.channels ?? (row.channel !== undefined ? [row.channel] : []);
    if (!channels.some((channel) => channel.startsWith(prefix))) return false;
  }
  const event = filters.event.trim().toLowerCase();
  if (event !== "" && !(row.event ?? "").toLowerCase().includes(event)) return false;
  return true;
}
