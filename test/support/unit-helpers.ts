import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppDeps } from '../../src/core/command.js';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { pino, type Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { countByStatus } from '../../db/queries/outbox.js';
import type { IncomingEvent, Platform, Sender } from '../../src/core/channel.js';
import { createWorkingCalendar, type WorkingCalendar } from '../../src/core/calendar/index.js';
import { createI18n, type I18n } from '../../src/core/i18n.js';
import { silentLogger } from '../../src/core/logger.js';
import { createCommittee } from '../../src/domain/committees.js';
import type { Deps } from '../../src/domain/deps.js';
import type { FakeClock } from './fake-clock.js';

/** The catalogues and the working-day calendar, loaded once per test file. */
export const i18n: I18n = createI18n();
const calendar: WorkingCalendar = createWorkingCalendar();

/** Domain deps over a real database and the fake clock; logs go nowhere unless a logger is given. */
export function domainDeps(db: Db, clock: FakeClock, log: Logger = silentLogger): Deps & { i18n: I18n } {
  return { db, clock, log, calendar, i18n };
}

/** Everything a command or scheduler job gets, without any platform: files go to a temp folder. */
export function appDeps(db: Db, clock: FakeClock): AppDeps {
  return {
    ...domainDeps(db, clock),
    telegramUsername: () => undefined,
    filesDir: mkdtempSync(join(tmpdir(), 'committee-unit-')),
    fetchFile: () => Promise.reject(new Error('no platform in unit tests')),
  };
}

/** A committee to hang members on; returns its id. */
export function newCommittee(deps: Deps, name = 'Ban Chỉ đạo thử nghiệm'): number {
  return createCommittee(deps, { name, presetId: 'binh-dinh-2019' }, 'test').id;
}

/** A sender as a channel would build it from `platform:userId`. */
export function senderOf(address: string, extra: Partial<Sender> = {}): Sender {
  const i = address.indexOf(':');
  return { address, platform: address.slice(0, i) as Platform, userId: address.slice(i + 1), ...extra };
}

let seq = 0;
const dedupe = (id?: string) => ({ source: 'test', id: id ?? `u${++seq}` });

/** Incoming events, each with a fresh dedupe key unless one is given. */
export const events = {
  command: (address: string, name: string, args = '', id?: string): IncomingEvent => ({
    kind: 'command', sender: senderOf(address), name, args, dedupeKey: dedupe(id),
  }),
  text: (address: string, text: string, id?: string): IncomingEvent => ({
    kind: 'text', sender: senderOf(address), text, dedupeKey: dedupe(id),
  }),
  action: (address: string, payload: string, id?: string): IncomingEvent => ({
    kind: 'action', sender: senderOf(address), payload, dedupeKey: dedupe(id),
  }),
  unsupported: (address: string, what: 'sticker' | 'photo' | 'edited' | 'voice' | 'other'): IncomingEvent => ({
    kind: 'unsupported', sender: senderOf(address), what, dedupeKey: dedupe(),
  }),
};

/** Resolves once the outbox holds nothing pending or in flight (the dispatcher caught up). */
export async function outboxIdle(db: Db, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const c = countByStatus(db);
    if (c.pending === 0 && c.sending === 0) return;
    if (Date.now() > until) throw new Error(`outbox not idle after ${timeoutMs} ms: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Parses a CSV exactly as `member import` does (src/cli/member.ts). */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as Record<string, string>[];
}

/** A real pino logger writing JSON lines into memory, to see what was logged as our fault. */
export function captureLogger(): { log: Logger; entries: () => Record<string, unknown>[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = pino({ level: 'info', base: undefined }, sink);
  return { log, entries: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}
