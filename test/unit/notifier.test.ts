// notifyMembers queues one message for many members with one statement per language; each row
// must be the row notify() writes for that member, and a key already queued must stay as it was.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { insertCommittee } from '../../db/queries/committees.js';
import { insertMember } from '../../db/queries/members.js';
import { createI18n } from '../../src/core/i18n.js';
import { notify, notifyMembers, type Render } from '../../src/core/notifier.js';

let db: Db;
const i18n = createI18n();
const clock = { now: () => 1_767_000_000_000 };
const deps = () => ({ db, i18n, clock });
/** A message that shows the language it was rendered in. */
const render: Render = (t, locale) => ({ text: `${t('role.member')} (${locale})`, buttons: [[{ label: 'OK', action: 'ack:1' }]] });

beforeEach(() => {
  db = openDb(':memory:');
});
afterEach(() => closeDb(db));

function seed(locales: ('vi' | 'en')[]) {
  const c = insertCommittee(db, { name: 'Ban', presetId: 'bac-giang-2021', createdAt: 1 });
  return locales.map((locale, i) => insertMember(db, { committeeId: c.id, name: `TV ${i}`, role: 'member', locale, createdAt: 2 }));
}

const rows = () =>
  db.$client
    .prepare('SELECT idempotency_key AS key, lane, member_id AS memberId, address, message, topic, status, attempts, not_before AS notBefore, created_at AS createdAt FROM outbox ORDER BY id')
    .all() as { key: string; memberId: number; message: string }[];

describe('notifyMembers', () => {
  it('when many members are told the same thing, then each row is what notify() writes for them, in their own language', () => {
    const members = seed(['vi', 'en', 'vi', 'en', 'vi']);
    const opts = { lane: 'bulk' as const, topic: 'notice:9', notBefore: 5 };
    expect(notifyMembers(deps(), members, render, { ...opts, keyPrefix: 'notice:9:m' })).toBe(5);
    const bulk = rows();
    db.$client.exec('DELETE FROM outbox');
    for (const m of members) notify(deps(), { memberId: m.id }, render, { ...opts, key: `notice:9:m${m.id}` });
    const one = rows();
    // Same rows, same order within each language (a language's rows go in together).
    const byKey = (r: { key: string }[]) => [...r].sort((a, b) => a.key.localeCompare(b.key));
    expect(byKey(bulk)).toEqual(byKey(one));
    expect(bulk.map((r) => r.memberId)).toEqual([members[0]!.id, members[2]!.id, members[4]!.id, members[1]!.id, members[3]!.id]);
    expect(JSON.parse(bulk.find((r) => r.memberId === members[1]!.id)!.message).text).toBe(`${i18n.t('en')('role.member')} (en)`);
    expect(JSON.parse(bulk.find((r) => r.memberId === members[0]!.id)!.message).text).toBe(`${i18n.t('vi')('role.member')} (vi)`);
  });

  it('when some keys are already queued, then those rows are kept as they were and only the new ones count', () => {
    const members = seed(['vi', 'vi', 'en']);
    notify(deps(), { memberId: members[1]!.id }, () => ({ text: 'earlier' }), { key: `notice:3:m${members[1]!.id}`, topic: 'notice:3' });
    expect(notifyMembers(deps(), members, render, { keyPrefix: 'notice:3:m', topic: 'notice:3' })).toBe(2);
    expect(notifyMembers(deps(), members, render, { keyPrefix: 'notice:3:m', topic: 'notice:3' })).toBe(0);
    const stored = rows();
    expect(stored).toHaveLength(3);
    expect(JSON.parse(stored.find((r) => r.memberId === members[1]!.id)!.message).text).toBe('earlier');
  });

  it('when nobody is given, then nothing is queued', () => {
    expect(notifyMembers(deps(), [], render, { keyPrefix: 'notice:1:m' })).toBe(0);
    expect(rows()).toEqual([]);
  });
});
