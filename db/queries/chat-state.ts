import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { chatState } from '../schema/index.js';

export function getChatState<T>(db: Db, address: string, kind: string, now: number): T | undefined {
  const row = db
    .select()
    .from(chatState)
    .where(and(eq(chatState.address, address), eq(chatState.kind, kind), gt(chatState.expiresAt, now)))
    .get();
  return row?.data as T | undefined;
}

export function setChatState(db: Db, address: string, kind: string, data: unknown, expiresAt: number): void {
  db.insert(chatState)
    .values({ address, kind, data, expiresAt })
    .onConflictDoUpdate({ target: [chatState.address, chatState.kind], set: { data, expiresAt } })
    .run();
}

export function clearChatState(db: Db, address: string, kind: string): void {
  db.delete(chatState).where(and(eq(chatState.address, address), eq(chatState.kind, kind))).run();
}

export function pruneChatState(db: Db, now: number): void {
  db.delete(chatState).where(lt(chatState.expiresAt, now)).run();
}
