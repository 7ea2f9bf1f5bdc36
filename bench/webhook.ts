// webhookRatioVsTelegraf: how many webhook updates a second the full bot acknowledges, divided by
// what a bare telegraf echo bot (webhookCallback + ctx.reply) does with the very same updates,
// both behind the fake Bot API with the given API latency and Telegram's 40 webhook connections.
// updates/s = updates ÷ Σ over the phases (last webhook response − phase pushed); the ratio is
// the median over five rounds of bot and echo (see measureWebhook). The traffic, in three phases:
//   1. every member registers: /start CODE (invite codes made beforehand);
//   2. every member but the presiders asks to be excused: /absent <meeting> <reason>;
//   3. the presiders approve each request from its card's button, 10 % pressed twice;
// in each phase 5 % of the updates are delivered a second time (same update_id). Before them,
// 200 other members go through the same three phases unmeasured, on both sides (a rehearsal,
// see rehearsalSize); each run is a process of its own (webhook-run.ts).
// The bot's own sends (replies, cards, notices) leave later at Telegram's pace and are not
// waited for; the echo bot's reply is part of its handling, which is the point of the comparison.
// Both put in the webhook response only what telegraf's default (webhookReply) would: the bot its
// answerCallbackQuery, the echo nothing (its sendMessage is always a request of its own;
// webhookReply is off for the echo only so that this holds whatever the telegraf version).
import { fork } from 'node:child_process';
import http, { type ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { Telegraf } from 'telegraf';
import { encodeAction } from '../src/core/actions.js';
import { TELEGRAM_PACING } from '../src/core/pacing.js';
import { createInvite } from '../src/domain/invites.js';
import { scheduleMeeting } from '../src/domain/meetings.js';
import type { HttpHandler } from '../src/http.js';
import type { ScriptItem } from './fake-process.js';
import type { RunRequest } from './webhook-run.js';
import { WEBHOOK_SECRET, addMembers, newCommittee, percentile, say, startBot, startFakeProcess, type FakeProcess, type Sizes } from './support.js';

const CHAT_FROM = 200_000;
const PRESIDERS = 4;
const WARMUP = 300;
/**
 * Members who go through the three phases first, unmeasured, on both sides (the echo replays
 * their updates): the bot's registration, request and approval code is then past its first,
 * slow, runs as in a bot that has been up a while; the echo's one handler is warm after /help.
 */
const rehearsalSize = (s: Sizes) => (s.quick ? 40 : 200);

export interface WebhookRun {
  updates: number;
  seconds: number;
  perSecond: number;
  ackP50Ms: number;
  ackP99Ms: number;
  failed: number;
  /** updates/s of each phase: registration, requests, approvals. */
  phases: number[];
  /** Share of the time this process's event loop was busy (1 = the bot is the bottleneck). */
  elu: number;
}

export interface WebhookResult {
  latencyMs: number;
  /** Medians over the rounds (see measureWebhook). */
  bot: WebhookRun;
  echo: WebhookRun;
  /** The median of the rounds' bot ÷ echo. */
  ratio: number;
  /** Requests decided once each, whatever the double taps and redeliveries (all rounds). */
  decided: number;
  requests: number;
  /** updates/s of each round, in order. */
  rounds: { bot: number[]; echo: number[] };
}

/** A deterministic 5 % (or `share`) of the items, delivered again at the end of the phase. */
function withRedeliveries(items: ScriptItem[], share: number, seed: number): ScriptItem[] {
  let x = seed;
  const out = [...items];
  for (let i = 0; i < items.length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    if (x / 2 ** 31 < share) out.push({ redeliver: i });
  }
  return out;
}

async function drive(fake: FakeProcess, phases: (() => ScriptItem[])[], played: ScriptItem[][]): Promise<WebhookRun> {
  let total = await fake.call<number>('deliveries');
  let ms = 0;
  let updates = 0;
  let failed = 0;
  const acks: number[] = [];
  const rates: number[] = [];
  const elu0 = performance.eventLoopUtilization();
  for (const phase of phases) {
    const items = phase();
    played.push(items);
    const at = await fake.call<number>('push', { items });
    const r = await fake.call<{ doneAt: number; acks: number[]; failed: number }>('waitDeliveries', { count: total + items.length, from: total, timeoutMs: 300_000 });
    ms += r.doneAt - at;
    rates.push(Math.round(items.length / ((r.doneAt - at) / 1000)));
    acks.push(...r.acks);
    failed += r.failed;
    total += items.length;
    updates += items.length;
  }
  const elu = performance.eventLoopUtilization(elu0).utilization;
  return { elu: Math.round(elu * 100) / 100, updates, seconds: ms / 1000, perSecond: updates / (ms / 1000), ackP50Ms: percentile(acks, 50), ackP99Ms: percentile(acks, 99), failed, phases: rates };
}

/** Updates nobody measures, so both bots are past their first, slow, calls. */
async function warmUp(fake: FakeProcess): Promise<void> {
  const users = Array.from({ length: 50 }, (_, i) => CHAT_FROM - 1 - i);
  await fake.call('users', { ids: users });
  await drive(fake, [() => Array.from({ length: WARMUP }, (_, i) => ({ user: users[i % users.length]!, text: '/help' }))], []);
}

/**
 * The channel answers a button press in the webhook response, once the update is committed.
 * `awaitAnswers` puts back what it did first, for comparison: the answer becomes a request of its
 * own to the Bot API, and the webhook response waits until that request has come back.
 */
function awaitCallbackAnswers(fake: FakeProcess): (handler: HttpHandler) => HttpHandler {
  return (handler) => (req, res) => {
    const end = res.end.bind(res) as (body?: string) => ServerResponse;
    let answered: Promise<unknown> | undefined;
    res.end = ((body?: unknown) => {
      const call = typeof body === 'string' && body.startsWith('{') ? (JSON.parse(body) as { method?: string }) : undefined;
      if (call?.method !== 'answerCallbackQuery') return end(body as string);
      const { method, ...payload } = call;
      answered = fetch(`${fake.apiRoot}/bot${fake.token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) })
        .then((r) => r.arrayBuffer())
        .catch(() => undefined)
        .then(() => end());
      return res;
    }) as typeof res.end;
    return Promise.resolve(handler(req, res)).then(async () => {
      await answered;
    });
  };
}

export async function runBot(s: Sizes, latencyMs: number, awaitAnswers = false): Promise<BotOutcome> {
  const fake = await startFakeProcess({ latencyMs });
  const bot = await startBot(fake, TELEGRAM_PACING, awaitAnswers ? awaitCallbackAnswers(fake) : undefined);
  const deps = bot.app.deps;
  const n = s.webhookMembers;
  const committeeId = newCommittee(deps, 'Ban Chỉ đạo thử webhook');
  const presiders = addMembers(deps, committeeId, PRESIDERS, { role: 'vice_chair', name: 'Phó trưởng ban' });
  const members = addMembers(deps, committeeId, n - PRESIDERS, { role: 'member', name: 'Thành viên' });
  const extras = addMembers(deps, committeeId, rehearsalSize(s), { role: 'member', name: 'Thành viên diễn tập' });
  const codes = new Map([...presiders, ...members, ...extras].map((id) => [id, createInvite(deps, id, 'bench').code]));
  const chatOf = new Map([...presiders, ...members, ...extras].map((id, i) => [id, CHAT_FROM + i]));
  const startsAt = deps.clock.now() + 10 * 86_400_000;
  const meetings = presiders.map((presiderId, k) => scheduleMeeting(deps, { committeeId, title: `Họp chuyên đề ${k + 1}`, startsAt: startsAt + k * 3_600_000, presiderId }, 'bench').id);
  await fake.call('users', { ids: [...chatOf.values()] });
  await warmUp(fake);

  /** The three phases for `joining` registering, `asking` asking to be excused, the presiders approving. */
  const phases = (joining: number[], asking: number[]): (() => ScriptItem[])[] => [
    () => withRedeliveries(joining.map((id) => ({ user: chatOf.get(id)!, text: `/start ${codes.get(id)}` })), 0.05, 1),
    () => withRedeliveries(asking.map((id, i) => ({ user: chatOf.get(id)!, text: `/absent ${meetings[i % PRESIDERS]} Bận công tác tại cơ sở` })), 0.05, 2),
    () => {
      const pending = bot.db.$client.prepare(`SELECT id, nonce, approver_id AS approver FROM requests WHERE status = 'pending' ORDER BY id`).all() as { id: number; nonce: string; approver: number }[];
      const presses: ScriptItem[] = [];
      for (const [i, r] of pending.entries()) {
        const press = { user: chatOf.get(r.approver)!, press: encodeAction('rq', r.id, 'a', r.nonce) };
        presses.push(press);
        if (i % 10 === 0) presses.push(press); // a double tap
      }
      return withRedeliveries(presses, 0.05, 3);
    },
  ];
  const rehearsal: ScriptItem[][] = [];
  await drive(fake, phases(extras, extras), rehearsal);
  const script: ScriptItem[][] = [];
  const run = await drive(fake, phases([...presiders, ...members], members), script);
  const counts = bot.db.$client.prepare(`SELECT sum(status = 'approved') AS decided, count(*) AS requests FROM requests`).get() as { decided: number; requests: number };
  await bot.close();
  await fake.close();
  return { run, script, rehearsal, ...counts };
}

export async function runEcho(latencyMs: number, script: ScriptItem[][], rehearsal: ScriptItem[][]): Promise<WebhookRun> {
  const fake = await startFakeProcess({ latencyMs });
  const bot = new Telegraf(fake.token, { telegram: { apiRoot: fake.apiRoot, webhookReply: false } });
  bot.on('message', (ctx) => ctx.reply('text' in ctx.message ? ctx.message.text : 'ok'));
  bot.on('callback_query', (ctx) => ctx.reply('ok'));
  bot.catch(() => undefined);
  const server = http.createServer(bot.webhookCallback('/hook', { secretToken: WEBHOOK_SECRET }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  bot.botInfo = await bot.telegram.getMe();
  await bot.telegram.setWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, { secret_token: WEBHOOK_SECRET });
  const users = [...new Set([...rehearsal, ...script].flat().flatMap((it) => ('user' in it ? [it.user] : [])))];
  await fake.call('users', { ids: users });
  await warmUp(fake);
  await drive(fake, rehearsal.map((items) => () => items), []);
  const run = await drive(fake, script.map((items) => () => items), []);
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await fake.close();
  return run;
}

type BotOutcome = { run: WebhookRun; script: ScriptItem[][]; rehearsal: ScriptItem[][]; decided: number; requests: number };

/**
 * Runs one side in a fresh process (webhook-run.ts); in --quick mode in this one, as starting a
 * process per run would take it past a minute.
 */
function inProcess(req: RunRequest & { side: 'bot' }): Promise<BotOutcome>;
function inProcess(req: RunRequest & { side: 'echo' }): Promise<{ run: WebhookRun }>;
function inProcess(req: RunRequest): Promise<unknown> {
  if (req.side === 'bot' && req.sizes.quick) return runBot(req.sizes, req.latencyMs, req.awaitAnswers);
  if (req.side === 'echo' && req.quick) return runEcho(req.latencyMs, req.script, req.rehearsal).then((run) => ({ run }));
  const child = fork(fileURLToPath(new URL('./webhook-run.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { ok: boolean; result?: unknown; error?: string }) => (m.ok ? resolve(m.result) : reject(new Error(`webhook run: ${m.error}`))));
    // After the message, if there was one (a settled promise ignores the rest).
    child.once('exit', (code) => setTimeout(() => reject(new Error(`webhook run exited with ${code}`)), 100));
    child.send(req);
  });
}

/**
 * Bot and echo in turn, five times (`webhookRounds`), each time a fresh bot, database and fake. On a shared
 * two-core machine one run of either varies by ±20 % from one minute to the next, so a single
 * pair could land anywhere. The ratio is the median of the rounds' own ratios (each pair ran
 * side by side in time); the other figures are medians over the rounds. The echo replays the
 * bot's updates, so it mostly runs second; in the even rounds it runs first, on the previous
 * round's updates (the same kinds and number), so that neither side always follows the other.
 */
/** Five rounds; three in --quick mode, which must stay under a minute. */
export const webhookRounds = (s: Sizes) => (s.quick ? 3 : 5);

export async function measureWebhook(s: Sizes, latencyMs: number): Promise<WebhookResult> {
  const bots: WebhookRun[] = [];
  const echoes: WebhookRun[] = [];
  let decided = 0;
  let requests = 0;
  let played: { script: ScriptItem[][]; rehearsal: ScriptItem[][] } | undefined;
  const rounds = webhookRounds(s);
  for (let round = 1; round <= rounds; round++) {
    const label = `webhook, ${latencyMs} ms API, round ${round}/${rounds}`;
    const echoFirst = round % 2 === 0 && played !== undefined;
    let echo: WebhookRun | undefined;
    if (echoFirst) {
      say(`${label}: bare telegraf echo, the previous round's ${played!.script.flat().length} updates`);
      echo = (await inProcess({ side: 'echo', latencyMs, ...played!, quick: s.quick })).run;
    }
    say(`${label}: full bot, ${s.webhookMembers} members`);
    const bot = await inProcess({ side: 'bot', sizes: s, latencyMs, awaitAnswers: false });
    played = { script: bot.script, rehearsal: bot.rehearsal };
    if (!echo) {
      say(`${label}: bare telegraf echo, same ${bot.run.updates} updates`);
      echo = (await inProcess({ side: 'echo', latencyMs, ...played, quick: s.quick })).run;
    }
    say(`${label}: ${bot.run.perSecond.toFixed(0)} vs ${echo.perSecond.toFixed(0)} updates/s`);
    bots.push(bot.run);
    echoes.push(echo);
    decided += bot.decided;
    requests += bot.requests;
  }
  return {
    latencyMs,
    bot: medianRun(bots),
    echo: medianRun(echoes),
    ratio: percentile(bots.map((b, i) => b.perSecond / echoes[i]!.perSecond), 50),
    decided,
    requests,
    rounds: { bot: bots.map((r) => r.perSecond), echo: echoes.map((r) => r.perSecond) },
  };
}

/** Every figure of the runs, each its own median. */
function medianRun(runs: WebhookRun[]): WebhookRun {
  const m = (f: (r: WebhookRun) => number) => percentile(runs.map(f), 50);
  return {
    updates: m((r) => r.updates),
    seconds: m((r) => r.seconds),
    perSecond: m((r) => r.perSecond),
    ackP50Ms: m((r) => r.ackP50Ms),
    ackP99Ms: m((r) => r.ackP99Ms),
    failed: runs.reduce((n, r) => n + r.failed, 0),
    phases: runs[0]!.phases.map((_, i) => m((r) => r.phases[i]!)),
    elu: m((r) => r.elu),
  };
}

/** The full bot alone, answering button presses before acknowledging them, as it used to. */
export async function measureAwaitedAnswers(s: Sizes, latencyMs: number): Promise<WebhookRun> {
  say(`webhook, ${latencyMs} ms API: full bot holding each press's webhook response for answerCallbackQuery (the old way)`);
  return (await inProcess({ side: 'bot', sizes: s, latencyMs, awaitAnswers: true })).run;
}
