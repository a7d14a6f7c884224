// zod schemas of HTTP API request bodies (POST events, POST batch_events).
import { z } from "zod";

const socketId = z.string().regex(/^\d+\.\d+$/, "socket_id must look like '123.456'");

/** POST /apps/<id>/events body. */
export const triggerBodySchema = z.object({
  name: z.string().min(1, "name must not be empty").max(200, "name longer than 200 characters"),
  data: z.string({ error: "data must be a string (JSON-encode objects)" }),
  channels: z.array(z.string()).optional(),
  channel: z.string().optional(),
  socket_id: socketId.nullish(),
  info: z.string().nullish(),
});
/** A parsed trigger body. */
export type TriggerBody = z.infer<typeof triggerBodySchema>;

/** One event of POST /apps/<id>/batch_events. */
export const batchEventSchema = z.object({
  channel: z.string(),
  name: z.string().min(1, "name must not be empty").max(200, "name longer than 200 characters"),
  data: z.string({ error: "data must be a string (JSON-encode objects)" }),
  socket_id: socketId.nullish(),
  info: z.string().nullish(),
});
/** A parsed batch event. */
export type BatchEvent = z.infer<typeof batchEventSchema>;

/** POST /apps/<id>/batch_events body. */
export const batchBodySchema = z.object({ batch: z.array(batchEventSchema) });

/** Turns a zod error into one readable line. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`).join("; ");
}
