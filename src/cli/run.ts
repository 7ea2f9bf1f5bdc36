import { parseArgs } from 'node:util';
import { attendanceCli } from './attendance.js';
import { committeeCreate, PRESETS_HELP } from './committee.js';
import { CliError, cliLocale, createCliContext, plain, UsageError, type CliContext, type Output } from './context.js';
import { inviteCreate } from './invite.js';
import { meetingCreate } from './meeting.js';
import { tick } from './tick.js';
import { noticeSend, noticeStatusCmd } from './notice.js';
import { reportsCli } from './reports.js';
import { memberAdd, memberImport, memberList } from './member.js';
import { ConfigError, describeConfigError, loadConfig } from '../config.js';
import { DomainError } from '../core/errors.js';
import { createI18n, type Translate } from '../core/i18n.js';
import { InvalidSettingsError } from '../domain/presets/index.js';

type Handler = (ctx: CliContext, flags: Record<string, string | undefined>, positionals: string[]) => void | Promise<void>;

/** One command: what runs, its usage line (whose `--flags` are the options it takes), how many file arguments. */
interface CliCommand {
  run: Handler;
  usage: string;
  files?: number;
}

/** The secretariat's commands: `npm run cli -- <group> <verb> [--flags]`. The contract is DESIGN.md's table. */
const COMMANDS: Record<string, CliCommand> = {
  'committee create': { run: committeeCreate, usage: `committee create --name N --preset (${PRESETS_HELP})` },
  'member add': { run: memberAdd, usage: 'member add --committee C --name N --role R [--title --agency --phone --email --agency-email --language vi|en]' },
  'member import': { run: memberImport, usage: 'member import --committee C FILE.csv', files: 1 },
  'member list': { run: memberList, usage: 'member list --committee C' },
  'invite create': { run: inviteCreate, usage: 'invite create (--member M | --committee C)' },
  'meeting create': {
    run: meetingCreate,
    usage: 'meeting create --committee C --title T --starts-at ISO [--presider M] [--body full|standing|secretariat] [--location L] [--link URL] [--attendees 1,2,3]',
  },
  tick: { run: tick, usage: 'tick [--now ISO]' },
  'notice send': { run: noticeSend, usage: 'notice send --committee C --text T [--to all|role:R|body:B|agency:A|members:1,2] [--at ISO]' },
  'notice status': { run: noticeStatusCmd, usage: 'notice status --id N' },
  attendance: { run: attendanceCli, usage: 'attendance --meeting M [--xlsx FILE.xlsx]' },
  reports: { run: reportsCli, usage: 'reports --committee C [--period 2026-Q1|2026-H1|2026|meeting:12] [--now ISO] [--xlsx FILE.xlsx]' },
};

const GLOBAL_FLAGS = ['json', 'help'];
const STRING_FLAGS = [...new Set(Object.values(COMMANDS).flatMap((c) => flagsOf(c)))];
const OPTIONS: Record<string, { type: 'string' | 'boolean' }> = {
  ...Object.fromEntries(GLOBAL_FLAGS.map((f) => [f, { type: 'boolean' as const }])),
  ...Object.fromEntries(STRING_FLAGS.map((f) => [f, { type: 'string' as const }])),
};

function flagsOf(command: CliCommand): string[] {
  return [...command.usage.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]!);
}

function usage(t: Translate, commands: CliCommand[] = Object.values(COMMANDS)): string {
  return [plain(t, 'cli.usage.all'), ...commands.map((c) => `  ${c.usage}`)].join('\n');
}

type Token = ReturnType<typeof parseArgs>['tokens'] extends (infer T)[] | undefined ? T : never;

/** What strict parsing refuses in one token, if anything. */
function optionProblem(token: Token): UsageError | undefined {
  if (token.kind !== 'option') return undefined;
  const type = OPTIONS[token.name]?.type;
  const flag = token.name;
  if (!type) return new UsageError('cli.error.unknown_option', { option: token.rawName });
  if (type === 'boolean' && token.value !== undefined) return new UsageError('cli.error.option_takes_no_value', { flag });
  if (type === 'string' && token.value === undefined) return new UsageError('cli.error.option_needs_value', { flag });
  if (type === 'string' && !token.inlineValue && token.value?.startsWith('-')) return new UsageError('cli.error.option_dash_value', { flag, value: token.value });
  return undefined;
}

/**
 * parseArgs refused the line, in English: say which option and what is wrong with it, with the
 * usage of the command the line names, if it names one.
 */
function argumentProblem(argv: string[], error: unknown, t: Translate): string {
  const { tokens, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options: OPTIONS });
  const problem = tokens.map(optionProblem).find((p) => p !== undefined) ?? new UsageError('cli.error.bad_arguments', { detail: (error as Error).message });
  const named = findCommand(positionals);
  const help = 'command' in named ? plain(t, 'cli.usage.one', { usage: named.command.usage }) : usage(t);
  return `${plain(t, problem.messageKey, problem.params)}\n${help}`;
}

/** `member add` → the command; otherwise why not, with the usage lines that help. */
function findCommand(positionals: string[]): { key: string; command: CliCommand } | { problem: UsageError; commands: CliCommand[] } {
  const two = positionals.slice(0, 2).join(' ');
  const key = COMMANDS[two] ? two : (positionals[0] ?? '');
  const command = COMMANDS[key];
  if (command) return { key, command };
  if (!key) return { problem: new UsageError('cli.error.no_command'), commands: Object.values(COMMANDS) };
  // A group with a verb missing or misspelt (`member`, `member frob`): name its verbs.
  const verbs = Object.keys(COMMANDS).filter((k) => k.startsWith(`${key} `));
  if (verbs.length) {
    const params = { group: key, verb: positionals[1] ?? '', verbs: verbs.map((k) => k.slice(key.length + 1)).join(', ') };
    return { problem: new UsageError(positionals[1] === undefined ? 'cli.error.missing_subcommand' : 'cli.error.unknown_subcommand', params), commands: verbs.map((k) => COMMANDS[k]!) };
  }
  return { problem: new UsageError('cli.error.unknown_command', { command: key }), commands: Object.values(COMMANDS) };
}

/** A flag the command does not take, or a word left over (an unquoted `--text Họp chiều nay`). */
function checkArguments(key: string, command: CliCommand, values: Record<string, unknown>, rest: string[]): void {
  const takes = new Set([...GLOBAL_FLAGS, ...flagsOf(command)]);
  for (const flag of Object.keys(values)) if (!takes.has(flag)) throw new UsageError('cli.error.option_not_for_command', { flag, command: key });
  const extra = rest[command.files ?? 0];
  if (extra !== undefined) throw new UsageError('cli.error.unexpected_argument', { arg: extra });
}

/** Where the CLI writes: the process's own streams, or a test's. */
export interface CliIo {
  stdout: Output;
  stderr: Output;
}

/**
 * Runs one command line and returns the exit code: 0, 1 for what the user asked that cannot be
 * done, 2 for a command line or configuration that is wrong. Never throws for bad input.
 */
export async function runCli(argv: string[], env: Record<string, string | undefined> = process.env, io: CliIo = process): Promise<number> {
  // DEFAULT_LOCALE is read before anything else, so every answer below is in the user's language.
  const t = createI18n().t(cliLocale(env));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
  } catch (e) {
    return writeError(io, argv.includes('--json'), argumentProblem(argv, e, t), {}, 2);
  }
  const { values, positionals } = parsed;
  const json = Boolean(values.json);
  if (values.help) {
    io.stderr.write(`${usage(t)}\n`);
    return 0;
  }
  const found = findCommand(positionals);
  if ('problem' in found) return writeError(io, json, `${plain(t, found.problem.messageKey, found.problem.params)}\n${usage(t, found.commands)}`, {}, 2);
  const { key, command } = found;
  let ctx: CliContext | undefined;
  try {
    checkArguments(key, command, values, positionals.slice(key.split(' ').length));
    ctx = createCliContext(loadConfig(env), json, { stdout: io.stdout });
    const flags: Record<string, string> = {};
    for (const [k, v] of Object.entries(values as Record<string, unknown>)) if (typeof v === 'string') flags[k] = v;
    await command.run(ctx, flags, positionals.slice(key.split(' ').length));
    return 0;
  } catch (e) {
    return fail(io, e, t, json, command.usage);
  } finally {
    ctx?.close();
  }
}

/** An error on stderr: the message, or `{"error": message, …details}` with --json. */
function writeError(io: CliIo, json: boolean, message: string, details: object = {}, code = 1): number {
  io.stderr.write(json ? `${JSON.stringify({ error: message, ...details })}\n` : `${message}\n`);
  return code;
}

function fail(io: CliIo, e: unknown, t: Translate, json: boolean, commandUsage: string): number {
  const write = (message: string, details?: object, code?: number) => writeError(io, json, message, details, code);
  if (e instanceof UsageError) return write(`${plain(t, e.messageKey, e.params)}\n${plain(t, 'cli.usage.one', { usage: commandUsage })}`, {}, 2);
  if (e instanceof CliError) return write(plain(t, e.messageKey, e.params), e.details);
  if (e instanceof DomainError) return write(plain(t, e.messageKey, e.params), { code: e.code });
  if (e instanceof InvalidSettingsError) return write(`${plain(t, 'cli.error.bad_settings')}\n${e.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`, { issues: e.issues });
  if (e instanceof ConfigError) return write(describeConfigError(e, t), { problems: e.problems }, 2);
  return write(`${plain(t, 'cli.error.unexpected')}\n${(e as Error)?.stack ?? String(e)}`);
}
