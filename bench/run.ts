// `npm run bench [-- --quick]`: the real bot against the fake Bot API (in its own process, on
// 127.0.0.1, enforcing Telegram's limits), bare telegraf measured in the same run as the
// baseline. Prints a table, then one JSON object as the last line. Progress goes to stderr.
// How each figure is defined is written beside the code that measures it (broadcast.ts,
// interactive.ts, webhook.ts, planning.ts) and in the table's last column.
import { measureBroadcast, setupBroadcast } from './broadcast.js';
import { measureInteractive } from './interactive.js';
import { measurePlanning } from './planning.js';
import { peakRssMb, round, say, sizes } from './support.js';
import { measureAwaitedAnswers, measureWebhook, webhookRounds } from './webhook.js';

const unknown = process.argv.slice(2).filter((a) => a !== '--quick');
if (unknown.length > 0) {
  console.error(`bench: unknown option ${unknown.join(' ')} (the only one is --quick)`);
  process.exit(2);
}
const quick = process.argv.includes('--quick');
const s = sizes(quick);
const started = Date.now();
say(`${quick ? 'quick' : 'full'} run${quick ? ` (time compressed ×${s.scale}, sizes scaled down)` : ''}`);

const setup = await setupBroadcast(s);
const broadcast = await measureBroadcast(s, setup);
const interactive = await measureInteractive(s, setup);
await setup.bot.close();
await setup.fake.close();

const web0 = await measureWebhook(s, 0);
const web80 = await measureWebhook(s, 80);
const awaited80 = await measureAwaitedAnswers(s, 80);
const planning = await measurePlanning(s);

const json = {
  mode: quick ? 'quick' : 'full',
  broadcastRatio: round(broadcast.ratio, 3),
  broadcast429: broadcast.n429,
  lost: broadcast.lost,
  duplicated: broadcast.duplicated,
  broadcastMsgPerSec: round(broadcast.perSecond, 2),
  broadcastMaxInSlidingSecond: broadcast.maxInSlidingSecond,
  // Three decimals: rounded to two, a 0.798 would read as the 0.8 it does not reach.
  webhookRatioVsTelegraf: round(web0.ratio, 3),
  webhookRatioVsTelegraf80ms: round(web80.ratio, 3),
  webhookRoundRatios: {
    '0ms': web0.rounds.bot.map((b, i) => round(b / web0.rounds.echo[i]!, 3)),
    '80ms': web80.rounds.bot.map((b, i) => round(b / web80.rounds.echo[i]!, 3)),
  },
  webhookUpdatesPerSec: { bot0ms: round(web0.bot.perSecond, 0), telegraf0ms: round(web0.echo.perSecond, 0), bot80ms: round(web80.bot.perSecond, 0), telegraf80ms: round(web80.echo.perSecond, 0) },
  webhookPhasesPerSec: { bot0ms: web0.bot.phases, telegraf0ms: web0.echo.phases, bot80ms: web80.bot.phases, telegraf80ms: web80.echo.phases },
  webhookRoundsPerSec: {
    bot0ms: web0.rounds.bot.map((x) => round(x, 0)),
    telegraf0ms: web0.rounds.echo.map((x) => round(x, 0)),
    bot80ms: web80.rounds.bot.map((x) => round(x, 0)),
    telegraf80ms: web80.rounds.echo.map((x) => round(x, 0)),
  },
  decidedOnce: `${web80.decided}/${web80.requests}`,
  ackP99Ms: round(web0.bot.ackP99Ms, 1),
  ackP99Ms80ms: round(web80.bot.ackP99Ms, 1),
  telegrafAckP99Ms: { '0ms': round(web0.echo.ackP99Ms, 1), '80ms': round(web80.echo.ackP99Ms, 1) },
  answerNotAwaited80ms: {
    approvalsPerSec: web80.bot.phases[2],
    approvalsPerSecAwaited: awaited80.phases[2],
    updatesPerSec: round(web80.bot.perSecond, 0),
    updatesPerSecAwaited: round(awaited80.perSecond, 0),
    ackP99Ms: round(web80.bot.ackP99Ms, 1),
    ackP99MsAwaited: round(awaited80.ackP99Ms, 1),
  },
  interactiveP99DuringBroadcastMs: round(interactive.p99Ms, 0),
  interactiveP50DuringBroadcastMs: round(interactive.p50Ms, 0),
  planMsAt40k: round(planning.planMs, 0),
  planMsPerMeeting: round(planning.perMeetingMs, 2),
  planMaxTransactionMs: round(planning.maxTransactionMs, 1),
  tickMsAt40k: round(planning.tickMs, 1),
  remindersPlanned: planning.reminders,
  dailyPassMs: { total: round(planning.dailyPassMs, 0), longestChunk: round(planning.dailyLongestMs, 1) },
  maxStallMs: {
    broadcast: round(broadcast.maxStallMs, 0),
    interactive: round(interactive.maxStallMs, 0),
    planning: round(planning.maxStallMs, 0),
    tick: round(planning.tickStallMs, 0),
  },
  rssMb: { idle: round(setup.idleRssMb, 0), peak: round(peakRssMb(), 0) },
  seconds: round((Date.now() - started) / 1000, 0),
};

const goal = (ok: boolean) => (ok ? 'met' : 'NOT MET');
const rows: [string, string, string, string][] = [
  ['figure', 'measured', 'goal', 'definition'],
  [`broadcast ${broadcast.members} members`, `${round(broadcast.perSecond, 2)} msg/s in ${round(broadcast.seconds, 1)} s`, '', 'delivered ÷ (last arrival at the fake − sendNotice called)'],
  ['broadcastRatio', String(json.broadcastRatio), `≥ 0.95 ${goal(broadcast.ratio >= 0.95)}`, `msg/s ÷ ${30 * s.scale} (Telegram's 30/s${s.scale > 1 ? ` ×${s.scale}` : ''})`],
  ['broadcast429 / lost / duplicated', `${broadcast.n429} / ${broadcast.lost} / ${broadcast.duplicated}`, `0 / 0 / – ${goal(broadcast.n429 === 0 && broadcast.lost === 0)}`, '429s answered by the fake; members with 0 copies; extra copies'],
  ['most sends in a sliding second', String(broadcast.maxInSlidingSecond), '≤ 30', "the fake's arrival times, all chats"],
  ['webhookRatioVsTelegraf (0 ms API)', `${json.webhookRatioVsTelegraf} (${json.webhookUpdatesPerSec.bot0ms} vs ${json.webhookUpdatesPerSec.telegraf0ms} upd/s)`, `≥ 0.8 ${goal(web0.ratio >= 0.8)}`, `updates acked/s, full bot ÷ bare telegraf echo: median of ${webhookRounds(s)} rounds' ratios`],
  ['webhookRatioVsTelegraf80ms', `${json.webhookRatioVsTelegraf80ms} (${json.webhookUpdatesPerSec.bot80ms} vs ${json.webhookUpdatesPerSec.telegraf80ms} upd/s)`, `≥ 4 ${goal(web80.ratio >= 4)}`, 'the same with 80 ms Bot API latency'],
  ['ackP99Ms (0 ms / 80 ms API)', `${json.ackP99Ms} / ${json.ackP99Ms80ms}`, '', 'update POSTed → webhook HTTP response'],
  ['telegraf ackP99Ms (0 / 80)', `${round(web0.echo.ackP99Ms, 1)} / ${round(web80.echo.ackP99Ms, 1)}`, '', 'same, bare telegraf echo'],
  ['  each round, bot vs telegraf (0 ms)', json.webhookRoundsPerSec.bot0ms.map((b, i) => `${b} vs ${json.webhookRoundsPerSec.telegraf0ms[i]}`).join(', '), '', 'upd/s; the upd/s above are the medians over the rounds'],
  ['  each round, bot vs telegraf (80 ms)', json.webhookRoundsPerSec.bot80ms.map((b, i) => `${b} vs ${json.webhookRoundsPerSec.telegraf80ms[i]}`).join(', '), '', "even rounds: the echo first, on the previous round's updates"],
  ['  per phase, bot (0 / 80 ms)', `${web0.bot.phases.join(' / ')} | ${web80.bot.phases.join(' / ')}`, '', 'upd/s: /start CODE, /absent, approvals'],
  ['  per phase, telegraf (0 / 80 ms)', `${web0.echo.phases.join(' / ')} | ${web80.echo.phases.join(' / ')}`, '', 'the same updates'],
  ['  requests decided once', json.decidedOnce, 'all', 'despite 10 % double taps and 5 % redeliveries'],
  ['answerCallbackQuery not awaited (80 ms)', `approvals ${web80.bot.phases[2]} vs ${awaited80.phases[2]} upd/s; ack p99 ${round(web80.bot.ackP99Ms, 0)} vs ${round(awaited80.ackP99Ms, 0)} ms`, '', 'ack now (median of the rounds) vs after the Bot API answered (the old way, one run)'],
  ['interactiveP99DuringBroadcastMs', `${json.interactiveP99DuringBroadcastMs} (p50 ${round(interactive.p50Ms, 0)}, max ${round(interactive.maxMs, 0)}, n=${interactive.probes})`, `≤ 250 ${goal(interactive.p99Ms <= 250)}`, 'update POSTed → reply recorded by the fake'],
  ['  notice messages sent meanwhile / 429s', `${interactive.noticeSentDuring} of ${s.broadcastMembers} / ${interactive.n429}`, '', 'the broadcast was in progress throughout'],
  [`planMsAt40k (${s.committees}×${s.membersPerCommittee})`, `${json.planMsAt40k} ms (${json.planMsPerMeeting} ms/meeting)`, '', 'schedule 1 meeting per committee + plan report reminders, wall ms'],
  ['  longest planning transaction', `${json.planMaxTransactionMs} ms (meetings p99 ${round(planning.meetingP99Ms, 1)}, max ${round(planning.meetingMaxMs, 1)}; pass ${round(planning.passMs, 0)} ms, chunk max ${round(planning.passLongestMs, 1)})`, `≤ 50 ${goal(planning.maxTransactionMs <= 50)}`, 'one scheduleMeeting, or one chunk of the report planning'],
  [`tickMsAt40k`, `${json.tickMsAt40k} ms`, `≤ 50 ${goal(planning.tickMs <= 50)}`, 'one steady-state scheduler tick over all committees'],
  ['  reminders planned / daily pass', `${planning.reminders} / ${json.dailyPassMs.total} ms (longest chunk ${json.dailyPassMs.longestChunk} ms)`, '', 'rows in `reminders`; the once-a-day look at every committee'],
  ['max event-loop stall (ms)', `broadcast ${json.maxStallMs.broadcast}, interactive ${json.maxStallMs.interactive}, planning ${json.maxStallMs.planning}, tick ${json.maxStallMs.tick}`, `≤ 50 ${goal(Math.max(...Object.values(json.maxStallMs)) <= 50)}`, 'monitorEventLoopDelay max'],
  ['rssMb idle / peak', `${json.rssMb.idle} / ${json.rssMb.peak}`, '', 'bot process, after setup / max resident (the webhook runs have processes of their own)'],
];
const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const [i, r] of rows.entries()) {
  console.log(r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
}
console.log(JSON.stringify(json));
process.exit(0);
