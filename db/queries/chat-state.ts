import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { chatState } from '../schema/index.js';
import { prepared, rowQuery } from './prepared.js';

export function getChatState<T>(db: Db, address: string, kind: string, now: number): T | undefined {
  const row = rowQuery(db, 'chatState.get', chatState, (cols) => `SELECT ${cols} FROM chat_state WHERE address = @address AND kind = @kind AND expires_at > @now`).get({ address, kind, now });
  return row?.data as T | undefined;
}

export function setChatState(db: Db, address: string, kind: string, data: unknown, expiresAt: number): void {
  db.insert(chatState)
    .values({ address, kind, data, expiresAt })
    .onConflictDoUpdate({ target: [chatState.address, chatState.kind], set: { data, expiresAt } })
    .run();
}

/** Prepared: every command ends the dialog in progress. */
export function clearChatState(db: Db, address: string, kind: string): void {
  prepared(db, 'chatState.clear', () =>
    db.delete(chatState).where(and(eq(chatState.address, sql.placeholder('address')), eq(chatState.kind, sql.placeholder('kind')))).prepare(),
  ).run({ address, kind });
}

export function pruneChatState(db: Db, now: number): void {
  db.delete(chatState).where(lt(chatState.expiresAt, now)).run();
}
