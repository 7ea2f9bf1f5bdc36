import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, type Db } from '../../db/client.js';
import { getMeta, setMeta } from '../../db/queries/meta.js';
import { createGroupCommit } from '../../src/core/group-commit.js';

let db: Db;
beforeEach(() => {
  db = openDb(':memory:');
});
afterEach(() => closeDb(db));

describe('group commit', () => {
  it('when events arrive together, then they share one transaction and each is committed before its promise settles', async () => {
    const commits = createGroupCommit(db);
    const begins: number[] = [];
    const done = Array.from({ length: 5 }, (_, i) =>
      commits.run(() => {
        begins.push(Number(db.$client.inTransaction));
        setMeta(db, `k${i}`, String(i));
      }),
    );
    expect(getMeta(db, 'k0')).toBeUndefined(); // nothing ran yet: the batch is still gathering
    await Promise.all(done);
    expect(begins).toEqual([1, 1, 1, 1, 1]);
    expect(db.$client.inTransaction).toBe(false);
    expect([0, 1, 2, 3, 4].map((i) => getMeta(db, `k${i}`))).toEqual(['0', '1', '2', '3', '4']);
  });

  it('when one event of a batch fails, then only its own changes roll back and only its promise rejects', async () => {
    const commits = createGroupCommit(db);
    const ok = commits.run(() => setMeta(db, 'a', '1'));
    const bad = commits.run(() => {
      setMeta(db, 'b', '1');
      throw new Error('handler bug');
    });
    const ok2 = commits.run(() => setMeta(db, 'c', '1'));
    await expect(bad).rejects.toThrow('handler bug');
    await Promise.all([ok, ok2]);
    expect([getMeta(db, 'a'), getMeta(db, 'b'), getMeta(db, 'c')]).toEqual(['1', undefined, '1']);
  });

  it('when the transport keeps receiving, then events from later turns join the batch, and it still commits (the wait is capped)', async () => {
    let arrived = 0;
    const commits = createGroupCommit(db, { arrivals: () => ++arrived }); // something new on every look
    const log: string[] = [];
    const a = commits.run(() => log.push('work a')).then(() => log.push('done a'));
    await new Promise((r) => setImmediate(r));
    const b = commits.run(() => log.push('work b')).then(() => log.push('done b'));
    const started = performance.now();
    await Promise.all([a, b]);
    expect(log).toEqual(['work a', 'work b', 'done a', 'done b']);
    expect(performance.now() - started).toBeLessThan(1000); // not starved by a busy transport
  });

  it('when the transport is quiet, then a lone event is committed after the short window, not held', async () => {
    const commits = createGroupCommit(db, { arrivals: () => 0 });
    const log: string[] = [];
    await commits.run(() => log.push('work'));
    expect(log).toEqual(['work']);
    expect(db.$client.inTransaction).toBe(false);
  });
});
