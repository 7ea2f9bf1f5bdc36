import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getMember, listMembersOf } from '../../db/queries/members.js';
import { allOutbox } from '../../db/queries/outbox.js';
import { auditLog } from '../../db/schema/index.js';
import { encodeAction } from '../../src/core/actions.js';
import type { IncomingEvent } from '../../src/core/channel.js';
import { createRegistry, type AppDeps, type Command } from '../../src/core/command.js';
import { DomainError } from '../../src/core/errors.js';
import { createRouter } from '../../src/core/router.js';
import { bindConsoleSeat } from '../../src/domain/invites.js';
import { addMember, changeLanguage, requireMember } from '../../src/domain/members.js';
import { memoryChannel, type MemoryChannel } from '../support/memory-channel.js';
import { seedCommittee, startTestApp, type TestApp } from '../support/test-app.js';
import { captureLogger, events, i18n, outboxIdle } from '../support/unit-helpers.js';

const vi = i18n.t('vi');
const en = i18n.t('en');
const STRANGER = 'console:stranger';

let ch: MemoryChannel;
let t: TestApp;
let committeeId: number;
let ids: { chair: number; member: number; secretary: number };
const seat = { chair: 'console:chair', member: 'console:member', secretary: 'console:secretary' };

beforeEach(async () => {
  ch = memoryChannel(); // the console: no native buttons
  t = await startTestApp([ch]);
  const seeded = seedCommittee(t);
  committeeId = seeded.committeeId;
  const [chair, , , member, secretary] = seeded.memberIds as [number, number, number, number, number];
  ids = { chair, member, secretary };
  for (const role of ['chair', 'member', 'secretary'] as const) bindConsoleSeat(t.app.deps, ids[role], seat[role]);
});

afterEach(() => t.close());

/** Plays an event through the channel and waits until every answer it queued has been sent. */
async function deliver(event: IncomingEvent) {
  const ack = await ch.deliver(event);
  await outboxIdle(t.db);
  return ack;
}

const texts = (address: string) => ch.textsTo(address);

describe('strangers', () => {
  it('when an unregistered sender uses /language, then they are told they are not registered', async () => {
    await deliver(events.command(STRANGER, 'language'));
    expect(texts(STRANGER)).toEqual([vi('error.not_registered')]);
  });

  it('when an unregistered sender asks /help, then they learn how to bind their account', async () => {
    await deliver(events.command(STRANGER, 'help'));
    expect(texts(STRANGER)).toEqual([vi('help.stranger')]);
  });

  it('when an unregistered sender writes free text, then they are told they are not registered', async () => {
    await deliver(events.text(STRANGER, 'xin chào'));
    expect(texts(STRANGER)).toEqual([vi('error.not_registered')]);
  });

  it('when a stranger presses a member-only button, then the toast says so and nothing changes', async () => {
    const ack = await deliver(events.action(STRANGER, encodeAction('lang', 'en')));
    expect(ack).toEqual({ text: vi('error.not_registered_short'), alert: true });
    expect(texts(STRANGER)).toEqual([vi('error.not_registered')]);
  });
});

describe('commands', () => {
  it('when the command does not exist, then the answer names it', async () => {
    await deliver(events.command(seat.member, 'frobnicate'));
    expect(texts(seat.member)).toEqual([vi('error.unknown_command', { command: 'frobnicate' })]);
    expect(texts(seat.member)[0]).toContain('/frobnicate');
  });

  it('when a member asks /help, then the answer lists what their role may do', async () => {
    await deliver(events.command(seat.member, 'help'));
    const [help] = texts(seat.member);
    expect(help).toContain('Hoàng Văn Em');
    expect(help).toContain('/language');
    expect(help).not.toContain('/start');
  });

  it('when the same update is delivered twice, then it is processed once and answered once', async () => {
    const event = events.command(seat.member, 'help', '', 'update-777');
    await deliver(event);
    await deliver(event);
    expect(texts(seat.member)).toHaveLength(1);
    expect(allOutbox(t.db)).toHaveLength(1);
  });

  it('when /language en is sent, then the language switches and the reply is already in English', async () => {
    await deliver(events.command(seat.member, 'language', 'en'));
    expect(texts(seat.member)).toEqual([en('language.set')]);
    expect(getMember(t.db, ids.member)?.locale).toBe('en');
    await deliver(events.command(seat.member, 'frobnicate'));
    expect(texts(seat.member)[1]).toBe(en('error.unknown_command', { command: 'frobnicate' }));
  });

  it('when /language is given an unsupported value, then the value is quoted back escaped and nothing changes', async () => {
    await deliver(events.command(seat.member, 'language', '<b>fr</b>'));
    expect(texts(seat.member)).toEqual([vi('language.bad', { value: '<b>fr</b>' })]);
    expect(texts(seat.member)[0]).toContain('&lt;b&gt;fr&lt;/b&gt;');
    expect(getMember(t.db, ids.member)?.locale).toBe('vi');
  });
});

describe('numbered choices on a channel without buttons', () => {
  it('when /language is sent on the console, then the choices are numbered and replying "2" switches to English', async () => {
    await deliver(events.command(seat.member, 'language'));
    expect(texts(seat.member)).toEqual([`${vi('language.choose')}\n\n1 – Tiếng Việt\n2 – English`]);
    expect(ch.sent[0]!.message.buttons).toBeUndefined();

    await deliver(events.text(seat.member, ' 2 '));
    expect(texts(seat.member)[1]).toBe(en('language.set'));
    expect(getMember(t.db, ids.member)?.locale).toBe('en');
  });

  it('when a number is sent that no card offered, then it is taken as free text', async () => {
    await deliver(events.command(seat.member, 'language'));
    await deliver(events.text(seat.member, '7'));
    expect(texts(seat.member)[1]).toBe(vi('error.free_text'));
    expect(getMember(t.db, ids.member)?.locale).toBe('vi');
  });
});

describe('buttons', () => {
  it('when a junk or forged payload arrives, then the stale-button toast is shown and nothing runs', async () => {
    for (const payload of ['not a payload', 'zzz:1', 'lang:en:../../etc', `lang:${'x'.repeat(80)}`]) {
      const ack = await deliver(events.action(seat.member, payload));
      expect(ack, payload).toEqual({ text: vi('error.stale_button'), alert: true });
    }
    expect(getMember(t.db, ids.member)?.locale).toBe('vi');
  });

  it('when a member presses a language button, then the toast confirms in the new language', async () => {
    const ack = await deliver(events.action(seat.member, encodeAction('lang', 'en')));
    expect(ack).toEqual({ text: en('language.set'), alert: false });
    expect(getMember(t.db, ids.member)?.locale).toBe('en');
  });
});

describe('messages the bot cannot handle', () => {
  it.each(['sticker', 'photo', 'edited'] as const)('when a member sends a %s, then they get the message for it', async (what) => {
    await deliver(events.unsupported(seat.member, what));
    expect(texts(seat.member)).toEqual([vi(`error.unsupported_${what}`)]);
  });

  it('when a stranger sends a sticker, then they are told they are not registered', async () => {
    await deliver(events.unsupported(STRANGER, 'sticker'));
    expect(texts(STRANGER)).toEqual([vi('error.not_registered')]);
  });
});

describe('with a registry of test commands', () => {
  function routerWith(commands: Command[], deps: AppDeps = t.app.deps) {
    return createRouter({ deps, registry: createRegistry(commands), onQueued: () => t.app.dispatcher?.kick() });
  }
  async function handle(router: ReturnType<typeof routerWith>, event: IncomingEvent) {
    const ack = await router.handle(event);
    await outboxIdle(t.db);
    return ack;
  }

  const noticeCommand: Command = {
    name: 'notice',
    descriptionKey: 'cmd.help.description',
    access: 'notices.send',
    run: (ctx) => ctx.reply('notice queued'),
    actions: { ntc: (ctx) => ctx.reply('notice pressed') },
  };

  it('when a member whose role lacks the permission runs the command, then it is refused and does not run', async () => {
    const router = routerWith([noticeCommand]);
    await handle(router, events.command(seat.member, 'notice'));
    expect(texts(seat.member)).toEqual([vi('error.forbidden', { command: 'notice' })]);
    const ack = await handle(router, events.action(seat.member, encodeAction('ntc', 1)));
    expect(ack).toEqual({ text: vi('error.forbidden_short'), alert: true });
    expect(texts(seat.member)).not.toContain('notice pressed');
  });

  it('when a member whose role has the permission runs it, then it runs', async () => {
    const router = routerWith([noticeCommand]);
    await handle(router, events.command(seat.secretary, 'notice'));
    await handle(router, events.action(seat.secretary, encodeAction('ntc', 1)));
    expect(texts(seat.secretary)).toEqual(['notice queued', 'notice pressed']);
  });

  it('when a handler throws an unexpected Error, then its changes and messages roll back, error.internal is answered and the error is logged', async () => {
    const captured = captureLogger();
    const boom: Command = {
      name: 'boom',
      descriptionKey: 'cmd.help.description',
      access: 'member',
      run(ctx) {
        changeLanguage(ctx.deps, ctx.member!, 'en', 'test');
        addMember(ctx.deps, committeeId, { name: 'Người thừa', role: 'member' }, 'test');
        ctx.reply('half done');
        ctx.notify({ memberId: ids.chair }, () => ({ text: 'should never go' }), { key: 'leak' });
        throw new Error('boom');
      },
      actions: { boom: () => { throw new Error('boom'); } },
    };
    const router = routerWith([boom], { ...t.app.deps, log: captured.log });
    const membersBefore = listMembersOf(t.db, committeeId).length;
    const auditBefore = t.db.select().from(auditLog).all().length;

    const event = events.command(seat.member, 'boom');
    await handle(router, event);

    expect(texts(seat.member)).toEqual([vi('error.internal')]);
    expect(texts(seat.chair)).toEqual([]);
    expect(getMember(t.db, ids.member)?.locale).toBe('vi');
    expect(listMembersOf(t.db, committeeId)).toHaveLength(membersBefore);
    expect(t.db.select().from(auditLog).all()).toHaveLength(auditBefore);
    expect(allOutbox(t.db).map((r) => r.idempotencyKey)).not.toContain('leak');
    expect(captured.entries().some((e) => e.msg === 'handler failed' && e.level === 50)).toBe(true);

    // The update still counts as processed: a redelivery is not run again.
    await handle(router, event);
    expect(texts(seat.member)).toHaveLength(1);

    // A button whose handler throws gets the short alert.
    expect(await handle(router, events.action(seat.member, 'boom'))).toEqual({ text: vi('error.internal_short'), alert: true });
  });

  it('when a handler throws a DomainError, then the user reads its message in their language and a button gets an alert', async () => {
    const lookup: Command = {
      name: 'lookup',
      descriptionKey: 'cmd.help.description',
      access: 'member',
      run: () => void requireMember(t.app.deps, 999),
      actions: {
        look: () => {
          throw new DomainError('member.not_found', 'error.member_not_found', { id: 998 });
        },
      },
    };
    const router = routerWith([lookup]);
    changeLanguage(t.app.deps, getMember(t.db, ids.member)!, 'en', 'test');
    await handle(router, events.command(seat.member, 'lookup'));
    expect(texts(seat.member)).toEqual([en('error.member_not_found', { id: 999 })]);
    const ack = await handle(router, events.action(seat.member, encodeAction('look', 1)));
    expect(ack).toEqual({ text: en('error.member_not_found', { id: 998 }), alert: true });
  });
});
