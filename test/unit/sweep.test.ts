import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { addMember } from '../../src/domain/members.js';
import { sweepCommittees } from '../../scheduler/sweep.js';
import { fakeClock, type FakeClock } from '../support/fake-clock.js';
import { domainDeps, newCommittee } from '../support/unit-helpers.js';

let db: Db;
let clock: FakeClock;
let deps: ReturnType<typeof domainDeps>;
let ids: number[];

beforeEach(() => {
  db = openDb(':memory:');
  clock = fakeClock('2026-03-02T09:00:00');
  deps = domainDeps(db, clock);
  ids = [newCommittee(deps, 'A'), newCommittee(deps, 'B'), newCommittee(deps, 'C')];
});
afterEach(() => closeDb(db));

/** One tick of a job that only records which committees it looked at. */
function tick(wake: (id: number) => number | undefined = () => undefined) {
  const seen: number[] = [];
  const r = sweepCommittees(deps, 'test', clock.now(), (c) => {
    seen.push(c.id);
    return wake(c.id);
  });
  return { seen, more: r.more };
}

describe('which committees a scheduler job looks at', () => {
  it('when nothing changed since the last tick the same day, then no committee is looked at', () => {
    expect(tick().seen).toEqual(ids);
    clock.advanceMinutes(1);
    expect(tick().seen).toEqual([]);
    clock.advanceMinutes(600);
    expect(tick().seen).toEqual([]);
  });

  it('when a member joins one committee, then only that committee is looked at on the next tick', () => {
    tick();
    addMember(deps, ids[1]!, { name: 'Nguyễn Văn Mới', role: 'member' }, 'test');
    clock.advanceMinutes(1);
    expect(tick().seen).toEqual([ids[1]]);
    clock.advanceMinutes(1);
    expect(tick().seen).toEqual([]);
  });

  it('when the local date changes, then every committee is looked at again', () => {
    tick();
    clock.set('2026-03-02T23:59:00');
    expect(tick().seen).toEqual([]);
    clock.set('2026-03-03T00:00:30');
    expect(tick().seen).toEqual(ids);
  });

  it('when a committee asks to be woken (after quiet hours), then the next tick from that moment looks at every committee', () => {
    const at = clock.now() + 30 * 60_000;
    tick((id) => (id === ids[0] ? at : undefined));
    clock.advanceMinutes(10);
    expect(tick().seen).toEqual([]);
    clock.advanceMinutes(21);
    expect(tick().seen).toEqual(ids);
    clock.advanceMinutes(1);
    expect(tick().seen).toEqual([]);
  });

  it('when looking at committees is slow, then the pass goes in chunks and finishes on later calls', () => {
    const slow = () => {
      const until = performance.now() + 25;
      while (performance.now() < until);
      return undefined;
    };
    const calls = [tick(slow), tick(slow), tick(slow)];
    expect(calls.map((c) => c.seen)).toEqual([[ids[0]], [ids[1]], [ids[2]]]);
    expect(calls.map((c) => c.more)).toEqual([true, true, false]);
    expect(tick().seen).toEqual([]);
  });
});
