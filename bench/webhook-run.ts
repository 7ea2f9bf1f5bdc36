// One side of the webhook comparison (the full bot, or the bare telegraf echo) in a process of
// its own, started by webhook.ts for each run of a full bench: every run then begins from the same fresh heap,
// whatever ran before it. In one long process a side ran faster after itself than after the
// other (the other's garbage and cold code), which the round order alone could not cancel.
import type { ScriptItem } from './fake-process.js';
import type { Sizes } from './support.js';
import { runBot, runEcho } from './webhook.js';

export type RunRequest =
  | { side: 'bot'; sizes: Sizes; latencyMs: number; awaitAnswers: boolean }
  | { side: 'echo'; latencyMs: number; script: ScriptItem[][]; rehearsal: ScriptItem[][]; quick: boolean };

process.once('message', (req: RunRequest) => {
  const run = req.side === 'bot' ? runBot(req.sizes, req.latencyMs, req.awaitAnswers) : runEcho(req.latencyMs, req.script, req.rehearsal).then((r) => ({ run: r }));
  run.then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send!({ ok: false, error: String((err as Error)?.stack ?? err) }, () => process.exit(1)),
  );
});
