// broadcastRatio: one notice to N members bound to Telegram accounts, through sendNotice, the
// outbox dispatcher and the Telegram channel, against the fake Bot API enforcing Telegram's limits
// (30 msg/s over all chats and 1 msg/s per chat over sliding windows, 429 + retry_after).
//
//   rate  = N ÷ (the fake's arrival time of the last notice message − the moment sendNotice was
//           called), so queueing the 5,000 rows counts against us;
//   ratio = rate ÷ 30 msg/s (÷ 30 × scale in --quick, where the fake's second lasts 1000/scale ms).
//   lost  = members the fake never saw the notice go to; duplicated = extra copies.
import { noticeStatus, sendNotice } from '../src/domain/notices.js';
import {
  TELEGRAM_LIMIT_PER_SECOND, addMembers, newCommittee, peakRssMb, rssMb, say, scaledPacing, startBot, startFakeProcess, withStalls,
  type Bot, type FakeProcess, type Sizes,
} from './support.js';
import type { SendStats } from './fake-process.js';

export const MEMBER_CHAT_FROM = 100_000;
export const PROBE_CHAT_FROM = 50_000;
const SECRETARY_CHAT = 9_000;

export interface BroadcastSetup {
  fake: FakeProcess;
  bot: Bot;
  committeeId: number;
  secretaryId: number;
  probeChats: number[];
  idleRssMb: number;
}

export interface BroadcastResult {
  members: number;
  seconds: number;
  perSecond: number;
  ratio: number;
  n429: number;
  lost: number;
  duplicated: number;
  /** Most sends the fake accepted within any sliding second (its own window). */
  maxInSlidingSecond: number;
  queueMs: number;
  maxStallMs: number;
  status: { sent: number; pending: number; failed: number; unreachable: number };
}

/** The committee: a secretary (the author), N members, and the probe users of the interactive run, all bound. */
export async function setupBroadcast(s: Sizes): Promise<BroadcastSetup> {
  const fake = await startFakeProcess({
    limits: { globalPerSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 },
    timeScale: s.scale,
    latencyMs: s.broadcastLatencyMs / s.scale,
  });
  // The app's own timers (delivery reports, a large notice's fan-out) compressed like the limits.
  const bot = await startBot(fake, scaledPacing(s.scale), undefined, 3000 / s.scale);
  const deps = bot.app.deps;
  const committeeId = newCommittee(deps, 'Ban Chỉ đạo thử tải');
  const [secretaryId] = addMembers(deps, committeeId, 1, { role: 'secretary', name: 'Thư ký', telegramFrom: SECRETARY_CHAT });
  addMembers(deps, committeeId, s.broadcastMembers, { role: 'member', name: 'Thành viên', telegramFrom: MEMBER_CHAT_FROM });
  addMembers(deps, committeeId, s.probeUsers, { role: 'standing_member', name: 'Ủy viên thường trực', telegramFrom: PROBE_CHAT_FROM });
  const probeChats = Array.from({ length: s.probeUsers }, (_, i) => PROBE_CHAT_FROM + i);
  const memberChats = Array.from({ length: s.broadcastMembers }, (_, i) => MEMBER_CHAT_FROM + i);
  await fake.call('users', { ids: [SECRETARY_CHAT, ...memberChats, ...probeChats] });
  global.gc?.();
  return { fake, bot, committeeId, secretaryId: secretaryId!, probeChats, idleRssMb: rssMb() };
}

/** Starts a notice to every `member` (the probe users hold another role and are not in it). */
export function startNotice(setup: BroadcastSetup, marker: string): number {
  const { notice } = sendNotice(
    setup.bot.app.deps,
    { committeeId: setup.committeeId, authorId: setup.secretaryId, audience: { kind: 'role', role: 'member' }, text: `${marker}: lịch họp quý I đã được cập nhật, đề nghị các thành viên xem và chuẩn bị ý kiến.` },
    'bench',
  );
  setup.bot.app.dispatcher!.kick();
  return notice.id;
}

export async function measureBroadcast(s: Sizes, setup: BroadcastSetup): Promise<BroadcastResult> {
  const n = s.broadcastMembers;
  const limit = TELEGRAM_LIMIT_PER_SECOND * s.scale;
  const marker = 'Mã đợt gửi A';
  say(`broadcast: ${n} members at ${limit} msg/s (≈ ${Math.round(n / limit)} s)`);
  const { result, maxStallMs } = await withStalls(async () => {
    const t0 = Date.now();
    const noticeId = startNotice(setup, marker);
    const queueMs = Date.now() - t0;
    const timeoutMs = (n / limit) * 1500 + 30_000;
    await setup.fake.call('waitSends', { lo: MEMBER_CHAT_FROM, hi: MEMBER_CHAT_FROM + n - 1, marker, count: n, timeoutMs }).catch((e: Error) => say(`broadcast incomplete: ${e.message}`));
    return { t0, noticeId, queueMs };
  });
  // Anything still in flight (a duplicate would show up now) settles before counting.
  await new Promise((r) => setTimeout(r, 2000 / s.scale));
  const st = await setup.fake.call<SendStats>('sendStats', { lo: MEMBER_CHAT_FROM, hi: MEMBER_CHAT_FROM + n - 1, marker, windowMs: 1000 / s.scale });
  const seconds = (st.lastAt - result.t0) / 1000;
  const perSecond = st.delivered / seconds;
  const status = noticeStatus(setup.bot.app.deps, result.noticeId);
  say(`broadcast: ${st.delivered}/${n} in ${seconds.toFixed(1)} s, 429s ${st.n429}, peak RSS ${peakRssMb().toFixed(0)} MB`);
  return {
    members: n,
    seconds,
    perSecond,
    ratio: perSecond / limit,
    n429: st.n429,
    lost: st.lost,
    duplicated: st.duplicated,
    maxInSlidingSecond: st.maxInWindow,
    queueMs: result.queueMs,
    maxStallMs,
    status: { sent: status.sent, pending: status.pending, failed: status.failed, unreachable: status.unreachable },
  };
}
