// planMsAt40k and tickMsAt40k: 1,000 committees × 40 members (five presets in turn), no network.
//   planMs      = wall time to schedule one meeting per committee (each scheduleMeeting is one
//                 transaction: attendees, ~200 reminder rows, 40 notices in the outbox), then the
//                 scheduler pass that plans every committee's report reminders (chunks of 10–30 ms,
//                 yielding in between), as the running bot does it;
//   maxTransactionMs = the longest of those transactions / chunks (what can stall the bot);
//   tickMs      = busy time of one steady-state scheduler pass a minute later (all 7 jobs), the
//                 worst of 5 consecutive minutes;
//   dailyPassMs = the once-a-day look at every committee (next morning, 07:30), wall and longest chunk;
//   stalls      = monitorEventLoopDelay max while planning / ticking.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { startCheckpointer } from '../db/checkpointer.js';
import { closeDb, openDb } from '../db/client.js';
import type { MemberRole } from '../db/schema/members.js';
import { createApp } from '../src/app.js';
import { VN_ZONE } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { scheduleMeeting } from '../src/domain/meetings.js';
import { PRESET_IDS } from '../src/domain/presets/index.js';
import { addMembers, newCommittee, percentile, say, withStalls, type Sizes } from './support.js';

const ROLES: [MemberRole, number][] = [['chair', 1], ['standing_vice_chair', 1], ['vice_chair', 2], ['standing_member', 3], ['secretariat_lead', 1], ['secretary', 2]];
const DAY = 86_400_000;

export interface PlanningResult {
  committees: number;
  members: number;
  reminders: number;
  planMs: number;
  perMeetingMs: number;
  meetingP99Ms: number;
  maxTransactionMs: number;
  meetingMaxMs: number;
  passMs: number;
  passLongestMs: number;
  tickMs: number;
  tickLongestMs: number;
  dailyPassMs: number;
  dailyLongestMs: number;
  maxStallMs: number;
  tickStallMs: number;
  seedMs: number;
}

export async function measurePlanning(s: Sizes): Promise<PlanningResult> {
  const dir = mkdtempSync(join(tmpdir(), 'committee-bench-plan-'));
  const db = openDb(join(dir, 'committee.db'));
  // As src/main.ts runs it: WAL checkpoints on a worker thread, not inside the bot's commits.
  const checkpoints = startCheckpointer(db, { log: silentLogger });
  let now = DateTime.fromISO('2026-03-02T08:00:00', { zone: VN_ZONE }).toMillis();
  const app = createApp({ db, clock: { now: () => now }, log: silentLogger });
  const deps = app.deps;
  say(`planning: seeding ${s.committees} committees × ${s.membersPerCommittee} members`);
  const seedStart = performance.now();
  const committees = Array.from({ length: s.committees }, (_, c) => {
    const id = newCommittee(deps, `Ban Chỉ đạo số ${c + 1}`, PRESET_IDS[c % PRESET_IDS.length]);
    let left = s.membersPerCommittee;
    for (const [role, n] of ROLES) {
      addMembers(deps, id, n, { role, name: `${role} ${c + 1}` });
      left -= n;
    }
    addMembers(deps, id, left, { role: 'member', name: `Thành viên ${c + 1}` });
    return id;
  });
  const seedMs = performance.now() - seedStart;
  // Whatever the seeding left for the scheduler (a first look at new committees) is not planning.
  await app.runTick(now);

  say('planning: one meeting per committee, then the report-reminder pass');
  const meetingMs: number[] = [];
  const { result: plan, maxStallMs } = await withStalls(async () => {
    const t0 = performance.now();
    now += 60_000;
    for (const [i, committeeId] of committees.entries()) {
      const t = performance.now();
      // Spread over the next quarter, on the hour, as regular meetings are.
      scheduleMeeting(deps, { committeeId, title: 'Họp định kỳ quý', startsAt: now + (3 + (i % 85)) * DAY + 2 * 3_600_000 }, 'bench');
      meetingMs.push(performance.now() - t);
      await new Promise((r) => setImmediate(r));
    }
    now += 60_000;
    const pass = await app.runTick(now);
    return { planMs: performance.now() - t0, pass };
  });
  const reminders = (db.$client.prepare('SELECT count(*) FROM reminders').pluck().get() as number) ?? 0;

  say('planning: steady ticks, then the next morning');
  const ticks = await withStalls(async () => {
    const out = [];
    for (let i = 0; i < 5; i++) {
      now += 60_000;
      out.push(await app.runTick(now));
    }
    now = DateTime.fromMillis(now, { zone: VN_ZONE }).plus({ days: 1 }).set({ hour: 7, minute: 30 }).toMillis();
    const daily = await app.runTick(now);
    return { steady: out, daily };
  });
  await checkpoints?.stop();
  closeDb(db);
  rmSync(dir, { recursive: true, force: true });
  const result: PlanningResult = {
    committees: s.committees,
    members: s.committees * s.membersPerCommittee,
    reminders,
    planMs: plan.planMs,
    perMeetingMs: meetingMs.reduce((a, b) => a + b, 0) / meetingMs.length,
    meetingP99Ms: percentile(meetingMs, 99),
    maxTransactionMs: Math.max(...meetingMs, plan.pass.longestMs),
    meetingMaxMs: Math.max(...meetingMs),
    passMs: plan.pass.totalMs,
    passLongestMs: plan.pass.longestMs,
    tickMs: Math.max(...ticks.result.steady.map((r) => r.ms)),
    tickLongestMs: Math.max(...ticks.result.steady.map((r) => r.longestMs)),
    dailyPassMs: ticks.result.daily.totalMs,
    dailyLongestMs: ticks.result.daily.longestMs,
    maxStallMs,
    tickStallMs: ticks.maxStallMs,
    seedMs,
  };
  say(`planning: ${reminders} reminders; plan ${result.planMs.toFixed(0)} ms, tick ${result.tickMs.toFixed(1)} ms, daily pass ${result.dailyPassMs.toFixed(0)} ms`);
  return result;
}
