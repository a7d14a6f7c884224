// Fan-out frames: serialize an event once, build its websocket frame once, write the same bytes to every socket.
import * as wsModule from "ws";
import WebSocket from "ws";

/** An event encoded once: the JSON text and the complete unmasked websocket text frame carrying it. */
export interface PreparedFrame {
  message: Buffer;
  /** Header and payload in one buffer, wrapped once for ws's sendFrame (empty when ws's Sender is not reachable). */
  frameList: Buffer[];
  /** Bytes the frame takes on the wire (header and payload). */
  frameBytes: number;
}

type FrameBuilder = { frame(data: Buffer, options: object): Buffer[] };
// ws builds frames in Sender.frame and writes prepared ones in sender.sendFrame; neither is in its
// typed API (websockets/ws#617), so both are used defensively with the public send() as fallback.
type SenderInternals = { _sender?: { _state?: number; sendFrame?: (list: Buffer[]) => void } };
// ESM exposes Sender as a named export, CommonJS as a property of the WebSocket class.
const Sender = (wsModule as unknown as { Sender?: FrameBuilder }).Sender ?? (WebSocket as unknown as { Sender?: FrameBuilder }).Sender;
const TEXT = { binary: false } as const;
const SENDER_IDLE = 0;

/** Encodes a text message into a ready-to-write websocket frame. */
export function prepareFrame(text: string): PreparedFrame {
  const message = Buffer.from(text);
  if (!Sender) return { message, frameList: [], frameBytes: message.length + headerBytes(message.length) };
  const parts = Sender.frame(message, { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true });
  const frame = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
  return { message, frameList: [frame], frameBytes: frame.length };
}

/** An unmasked server frame's header length for a payload of `length` bytes (RFC 6455 5.2). */
function headerBytes(length: number): number {
  if (length < 126) return 2;
  return length < 65536 ? 4 : 10;
}

/** Writes a prepared frame to an open socket (falls back to ws.send while ws is busy with its own queue). */
export function writePrepared(socket: WebSocket, prepared: PreparedFrame): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  const sender = (socket as unknown as SenderInternals)._sender;
  if (prepared.frameList.length === 1 && sender?.sendFrame && sender._state === SENDER_IDLE) sender.sendFrame(prepared.frameList);
  else socket.send(prepared.message, TEXT);
}
