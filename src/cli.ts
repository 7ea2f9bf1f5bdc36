import { parseArgs } from 'node:util';
import { attendanceCli } from './cli/attendance.js';
import { committeeCreate, PRESETS_HELP } from './cli/committee.js';
import { CliError, createCliContext, UsageError, type CliContext } from './cli/context.js';
import { inviteCreate } from './cli/invite.js';
import { meetingCreate } from './cli/meeting.js';
import { tick } from './cli/tick.js';
import { noticeSend, noticeStatusCmd } from './cli/notice.js';
import { reportsCli } from './cli/reports.js';
import { memberAdd, memberImport, memberList } from './cli/member.js';
import { ConfigError, loadConfig } from './config.js';
import { DomainError } from './core/errors.js';
import { InvalidSettingsError } from './domain/presets/index.js';

type Handler = (ctx: CliContext, flags: Record<string, string | undefined>, positionals: string[]) => void | Promise<void>;

/** The secretariat's commands: `npm run cli -- <group> <verb> [--flags]`. The contract is DESIGN.md's table. */
const COMMANDS: Record<string, { run: Handler; usage: string }> = {
  'committee create': { run: committeeCreate, usage: `committee create --name N --preset (${PRESETS_HELP})` },
  'member add': { run: memberAdd, usage: 'member add --committee C --name N --role R [--title --agency --phone --email --agency-email --language vi|en]' },
  'member import': { run: memberImport, usage: 'member import --committee C FILE.csv' },
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

const STRING_FLAGS = ['name', 'preset', 'committee', 'role', 'title', 'agency', 'phone', 'email', 'agency-email', 'language', 'member', 'meeting', 'starts-at', 'presider', 'body', 'location', 'link', 'now', 'text', 'to', 'at', 'id', 'period', 'out', 'xlsx', 'attendees'];

function usage(): string {
  return ['Usage: npm run cli -- <command> [--json]', ...Object.values(COMMANDS).map((c) => `  ${c.usage}`)].join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean' }, ...Object.fromEntries(STRING_FLAGS.map((f) => [f, { type: 'string' as const }])) },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage()}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const json = Boolean(values.json);
  // Commands are one word (`tick`) or two (`member add`).
  const two = positionals.slice(0, 2).join(' ');
  const key = COMMANDS[two] ? two : (positionals[0] ?? '');
  const command = COMMANDS[key];
  if (values.help || !command) {
    if (!values.help) process.stderr.write(key ? `unknown command "${key}"\n` : 'no command given\n');
    process.stderr.write(`${usage()}\n`);
    return values.help ? 0 : 2;
  }
  let ctx: CliContext | undefined;
  try {
    ctx = createCliContext(loadConfig(), json);
    const flags: Record<string, string> = {};
    for (const [k, v] of Object.entries(values as Record<string, unknown>)) if (typeof v === 'string') flags[k] = v;
    await command.run(ctx, flags, positionals.slice(key.split(' ').length));
    return 0;
  } catch (e) {
    return fail(e, ctx, json, command.usage);
  } finally {
    ctx?.close();
  }
}

function fail(e: unknown, ctx: CliContext | undefined, json: boolean, commandUsage: string): number {
  const write = (message: string, details: object = {}, code = 1) => {
    process.stderr.write(json ? `${JSON.stringify({ error: message, ...details })}\n` : `${message}\n`);
    return code;
  };
  if (e instanceof UsageError) return write(`${e.message}\nUsage: npm run cli -- ${commandUsage}`, {}, 2);
  if (e instanceof CliError) return write(e.message, e.details);
  if (e instanceof DomainError) return write(ctx ? ctx.t(e.messageKey, e.params).replace(/<\/?b>/g, '') : e.message, { code: e.code });
  if (e instanceof InvalidSettingsError) return write(`${e.message}\n${e.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`, { issues: e.issues });
  if (e instanceof ConfigError) return write(e.message, { problems: e.problems }, 2);
  return write(`unexpected error: ${(e as Error)?.stack ?? String(e)}`);
}

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${String(e)}\n`);
    process.exit(1);
  },
);
