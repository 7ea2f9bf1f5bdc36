import { lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { chatState } from '../schema/index.js';
import { prepared, rowQuery } from './prepared.js';

export function getChatState<T>(db: Db, address: string, kind: string, now: number): T | undefined {
  const row = rowQuery(db, 'chatState.get', chatState, (cols) => `SELECT ${cols} FROM chat_state WHERE address = @address AND kind = @kind AND expires_at > @now`).get({ address, kind, now });
  return row?.data as T | undefined;
}

export function setChatState(db: Db, address: string, kind: string, data: unknown, expiresAt: number): void {
  prepared(db, 'chatState.set', () =>
    db.$client.prepare(
      `INSERT INTO chat_state (address, kind, data, expires_at) VALUES (@address, @kind, @data, @expiresAt)
       ON CONFLICT (address, kind) DO UPDATE SET data = @data, expires_at = @expiresAt`,
    ),
  ).run({
    address,
    kind,
    // As drizzle encodes a JSON column: null stays NULL (refused, the column is NOT NULL), the rest JSON text.
    data: data == null ? null : JSON.stringify(data),
    expiresAt,
  });
}

/** Prepared: every command ends the dialog in progress. */
export function clearChatState(db: Db, address: string, kind: string): void {
  prepared(db, 'chatState.clear', () => db.$client.prepare('DELETE FROM chat_state WHERE address = @address AND kind = @kind')).run({ address, kind });
}

export function pruneChatState(db: Db, now: number): void {
  db.delete(chatState).where(lt(chatState.expiresAt, now)).run();
}
