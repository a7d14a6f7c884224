// POST events and POST batch_events: validate, then fan out each event (encoded once per channel).
import type { AppRuntime } from "../app-runtime";
import { channelKind, channelNameProblem } from "../channel-names";
import { isReservedLogChannel } from "../console-log/log-channel";
import { err, httpError, ok, type HttpError, type Result } from "../errors";
import { channelAttributes, parseInfo, type InfoAttribute } from "./channel-info";
import { batchBodySchema, describeIssues, triggerBodySchema } from "./schemas";

const EVENT_INFO = ["user_count", "subscription_count"] as const;

/** Parses a JSON body; 400 with a clear message otherwise. */
export function parseJson(body: Buffer): Result<unknown, HttpError> {
  try {
    return ok(JSON.parse(body.toString("utf8")));
  } catch {
    return err(httpError(400, "Request body is not valid JSON"));
  }
}

/** POST /apps/<id>/events -> {} or {channels: {C: {...}}} when `info` is given. */
export async function triggerEvents(runtime: AppRuntime, json: unknown): Promise<Result<unknown, HttpError>> {
  const parsed = triggerBodySchema.safeParse(json);
  if (!parsed.success) return err(httpError(400, `Invalid event: ${describeIssues(parsed.error)}`));
  const body = parsed.data;
  const channels = body.channels ?? (body.channel !== undefined ? [body.channel] : []);
  const { maxChannelsPerEvent } = runtime.settings;
  if (channels.length === 0) return err(httpError(400, "Invalid event: give 'channels' (1 to 100 names) or 'channel'"));
  if (channels.length > maxChannelsPerEvent) {
    return err(httpError(400, `Too many channels: ${channels.length} (at most ${maxChannelsPerEvent} per event)`));
  }
  const checked = checkEvent(runtime, channels, body.data);
  if (checked) return err(checked);
  const info = parseInfo(body.info, EVENT_INFO);
  if (!info.ok) return info;
  const socketId = body.socket_id ?? undefined;
  runtime.traffic.apiEvents += 1;
  runtime.consoleLog.apiMessage(channels, body.name, body.data, body.socket_id);
  await runtime.adapter.publish(channels.map((channel) => ({ channel, name: body.name, data: body.data, socketId })));
  if (info.value.length === 0) return ok({});
  const attributes = await Promise.all(channels.map(async (c) => [c, await channelAttributes(runtime, c, info.value)] as const));
  return ok({ channels: Object.fromEntries(attributes) });
}

/** POST /apps/<id>/batch_events -> {} or {batch: [{...}]} when any event asks for `info`. */
export async function triggerBatch(runtime: AppRuntime, json: unknown): Promise<Result<unknown, HttpError>> {
  const parsed = batchBodySchema.safeParse(json);
  if (!parsed.success) return err(httpError(400, `Invalid batch: ${describeIssues(parsed.error)}`));
  const { batch } = parsed.data;
  const { maxBatchSize } = runtime.settings;
  if (batch.length === 0) return err(httpError(400, "Invalid batch: 'batch' is empty"));
  if (batch.length > maxBatchSize) return err(httpError(400, `Batch too large: ${batch.length} events (at most ${maxBatchSize})`));
  const infos: InfoAttribute[][] = [];
  for (const [index, event] of batch.entries()) {
    const checked = checkEvent(runtime, [event.channel], event.data);
    if (checked) return err({ ...checked, message: `batch[${index}]: ${checked.message}` });
    const info = parseInfo(event.info, EVENT_INFO);
    if (!info.ok) return err({ ...info.error, message: `batch[${index}]: ${info.error.message}` });
    infos.push(info.value);
  }
  for (const event of batch) {
    runtime.traffic.apiEvents += 1;
    runtime.consoleLog.apiMessage([event.channel], event.name, event.data, event.socket_id);
  }
  await runtime.adapter.publish(batch.map((event) => ({ channel: event.channel, name: event.name, data: event.data, socketId: event.socket_id ?? undefined })));
  if (infos.every((info) => info.length === 0)) return ok({});
  return ok({ batch: await Promise.all(batch.map((event, index) => channelAttributes(runtime, event.channel, infos[index] ?? []))) });
}

function checkEvent(runtime: AppRuntime, channels: string[], data: string): HttpError | null {
  for (const channel of channels) {
    const problem = channelNameProblem(channel);
    if (problem) return httpError(400, problem);
    if (isReservedLogChannel(channel)) return httpError(403, `Channel '${channel}' is reserved: only the server publishes its log there`);
  }
  if (channels.length > 1 && channels.some((channel) => channelKind(channel).encrypted)) {
    return httpError(400, "Encrypted channels cannot be triggered together with other channels");
  }
  const bytes = Buffer.byteLength(data);
  if (bytes > runtime.settings.maxEventBytes) {
    return httpError(413, `Event data too large: ${bytes} bytes (limit ${runtime.settings.maxEventBytes})`);
  }
  return null;
}
