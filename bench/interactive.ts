// interactiveP99DuringBroadcastMs: while a notice to every member is being sent at the platform's
// limit, other members (standing members, not in the notice's audience) send /help or /meetings,
// one every 250 ms, each user at most once every few seconds (Telegram allows 1 msg/s per chat).
// The figure is the time from the fake POSTing the update to the webhook until the fake has
// recorded the bot's reply in that chat (so it includes the Bot API latency of the reply).
import { PROBE_CHAT_FROM, MEMBER_CHAT_FROM, startNotice, type BroadcastSetup } from './broadcast.js';
import type { SendStats } from './fake-process.js';
import { percentile, say, sleep, withStalls, type Sizes } from './support.js';

export interface InteractiveResult {
  probes: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Notice messages delivered while the probes ran, and the notice's size: proof it was in progress. */
  noticeSentDuring: number;
  n429: number;
  maxStallMs: number;
}

export async function measureInteractive(s: Sizes, setup: BroadcastSetup): Promise<InteractiveResult> {
  const marker = 'Mã đợt gửi B';
  const range = { lo: MEMBER_CHAT_FROM, hi: MEMBER_CHAT_FROM + s.broadcastMembers - 1, marker, windowMs: 1000 / s.scale };
  const before = await setup.fake.call<SendStats>('sendStats', range);
  startNotice(setup, marker);
  await sleep(2000 / s.scale); // the broadcast is at full speed
  const count = Math.round((s.probeSeconds * 1000) / s.probeEveryMs);
  say(`interactive: ${count} probes over ${s.probeSeconds} s during a ${s.broadcastMembers}-member notice`);
  const { result: times, maxStallMs } = await withStalls(async () => {
    const pending: Promise<number>[] = [];
    for (let i = 0; i < count; i++) {
      const user = PROBE_CHAT_FROM + (i % setup.probeChats.length);
      pending.push(setup.fake.call<number>('probe', { user, text: i % 2 ? '/meetings' : '/help', timeoutMs: 30_000 }));
      await sleep(s.probeEveryMs);
    }
    return Promise.all(pending);
  });
  const after = await setup.fake.call<SendStats>('sendStats', range);
  await setup.bot.app.dispatcher?.stop();
  return {
    probes: times.length,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: Math.max(...times),
    noticeSentDuring: after.delivered,
    n429: after.n429 - before.n429,
    maxStallMs,
  };
}
