// Submission keys answered "not recorded": once the server has said so about a key, no trade is ever
// recorded under it (a lost request arriving late is refused), so the answer stays true.
import "server-only";
import type { DbClient } from "@/lib/db";

/** Whether `userId`'s `clientKey` was answered "not recorded" (call inside the recording transaction). */
export async function isClientKeyVoided(client: Pick<DbClient, "voidedClientKey">, userId: string, clientKey: string): Promise<boolean> {
  const row = await client.voidedClientKey.findUnique({ where: { userId_clientKey: { userId, clientKey } }, select: { userId: true } });
  return row !== null;
}

/** Marks `userId`'s `clientKey` as never recordable (idempotent; call inside the transaction that found no trade). */
export async function voidClientKey(client: Pick<DbClient, "voidedClientKey">, userId: string, clientKey: string): Promise<void> {
  await client.voidedClientKey.upsert({ where: { userId_clientKey: { userId, clientKey } }, create: { userId, clientKey }, update: {} });
}
