import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../db/client.js';
import { createApp } from '../src/app.js';
import { silentLogger } from '../src/core/logger.js';
import { createCommittee } from '../src/domain/committees.js';
import { addMember } from '../src/domain/members.js';
import { scheduleMeeting } from '../src/domain/meetings.js';
import { fakeClock } from '../test/support/fake-clock.js';
import { PRESET_IDS } from '../src/domain/presets/index.js';
import { schedulerJobs } from '../scheduler/jobs.js';

const C = Number(process.argv[2] ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'plan-'));
const db = openDb(join(dir, 'b.db'));
const clock = fakeClock('2026-03-02T08:00:00');
const app = createApp({ db, clock, log: silentLogger });
const deps = app.deps;
const roles = ['chair', 'standing_vice_chair', 'vice_chair', 'standing_member', 'standing_member', 'secretariat_lead', 'secretary'] as const;
let t = performance.now();
const ids: number[] = [];
db.transaction(() => {
for (let c = 0; c < C; c++) {
  const com = createCommittee(deps, { name: `BCĐ ${c}`, presetId: PRESET_IDS[c % PRESET_IDS.length]! }, 'bench');
  ids.push(com.id);
  for (let i = 0; i < 40; i++) addMember(deps, com.id, { name: `TV ${c}-${i}`, role: roles[i] ?? 'member' }, 'bench');
}
});
console.log('seed', (performance.now() - t).toFixed(0));
const per: number[] = [];
t = performance.now();
for (const [i, id] of ids.entries()) {
  const s = performance.now();
  scheduleMeeting(deps, { committeeId: id, title: 'Họp', startsAt: clock.now() + (3 + (i % 85)) * 86_400_000 }, 'bench');
  per.push(performance.now() - s);
}
per.sort((a, b) => a - b);
console.log('schedule total', (performance.now() - t).toFixed(0), 'max', per.at(-1)!.toFixed(1), 'p50', per[per.length >> 1]!.toFixed(1));
console.log('reminders', db.$client.prepare('select count(*) n from reminders').get(), 'outbox', db.$client.prepare('select count(*) n from outbox').get());
for (let k = 0; k < 3; k++) {
  clock.advance(60_000);
  const r = app.tick(clock.now());
  console.log('tick', r.ms.toFixed(1), JSON.stringify(r.jobs));
}
// per job
for (const job of schedulerJobs()) {
  clock.advance(60_000);
  const s = performance.now();
  db.transaction(() => job.run(deps, clock.now()));
  console.log(job.name, (performance.now() - s).toFixed(1));
}
