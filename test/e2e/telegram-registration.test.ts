import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMembers } from '../../src/domain/members.js';
import { createInvite, telegramLink } from '../../src/domain/invites.js';
import { auditOf } from '../../db/queries/audit.js';
import { seedCommittee } from '../support/test-app.js';
import { startTelegramBot, WEBHOOK_SECRET, type TelegramHarness } from '../support/telegram-harness.js';

const DAY = 86_400_000;

describe.each(['polling', 'webhook'] as const)('Telegram (%s): registration and bad input', (mode) => {
  let h: TelegramHarness;
  let ids: number[];
  let committeeId: number;

  beforeEach(async () => {
    h = await startTelegramBot(mode);
    ({ memberIds: ids, committeeId } = seedCommittee(h));
  });
  afterEach(async () => h.close());

  const chairId = () => ids[0]!;

  it('when a member opens the invite deep link, then their Telegram account is bound and they are greeted by name', async () => {
    const invite = createInvite(h.app.deps, chairId(), 'test');
    expect(telegramLink(h.app.deps.telegramUsername(), invite.code)).toBe(`https://t.me/committee_test_bot?start=${invite.code}`);
    const user = h.tg.user(501, { firstName: 'An', languageCode: 'vi' });
    user.sendCommand('start', invite.code);
    const reply = await h.tg.waitForSent(501, (m) => m.plain.includes('Đã liên kết'));
    expect(reply.plain).toContain('Nguyễn Văn An');
    expect(reply.plain).toContain('Trưởng ban');
    expect(reply.parse_mode).toBe('HTML');
    const chair = listMembers(h.app.deps, committeeId).find((m) => m.id === chairId())!;
    expect(chair.accounts).toMatchObject([{ platform: 'telegram', userId: '501', address: 'telegram:501', reachable: true }]);
    expect(auditOf(h.db, 'chat_account', String(chair.accounts[0]!.id)).map((a) => a.action)).toEqual(['account.bind']);

    user.sendCommand('help');
    const help = await h.tg.waitForSent(501, (m) => m.plain.includes('/language'));
    expect(help.plain).toContain('Các lệnh anh/chị được dùng');
  });

  it('when a code is wrong, reused or expired, then it is refused with the reason and nothing is bound', async () => {
    const invite = createInvite(h.app.deps, chairId(), 'test');
    const stranger = h.tg.user(601);
    stranger.sendCommand('start', 'A'.repeat(32));
    await h.tg.waitForSent(601, (m) => m.plain.includes('Mã mời không hợp lệ'));
    stranger.sendCommand('start', 'not-a-code!');
    await h.tg.waitForSent(601, (m) => m.plain.includes('không đúng định dạng'));

    h.tg.user(602).sendCommand('start', invite.code);
    await h.tg.waitForSent(602, (m) => m.plain.includes('Đã liên kết'));
    h.tg.user(603).sendCommand('start', invite.code);
    await h.tg.waitForSent(603, (m) => m.plain.includes('đã được sử dụng'));

    const late = createInvite(h.app.deps, ids[3]!, 'test');
    h.clock.advance(14 * DAY);
    h.tg.user(604).sendCommand('start', late.code);
    await h.tg.waitForSent(604, (m) => m.plain.includes('hết hạn'));

    const bound = listMembers(h.app.deps, committeeId).flatMap((m) => m.accounts.map((a) => a.userId));
    expect(bound).toEqual(['602']);
  });

  it('when a chat keeps guessing codes, then it is locked out even for a valid code', async () => {
    const invite = createInvite(h.app.deps, chairId(), 'test');
    const guesser = h.tg.user(700);
    for (let i = 0; i < 5; i++) guesser.sendCommand('start', `${'B'.repeat(31)}${i}`);
    await h.tg.waitForSent(700, (m) => m.plain.includes('sai mã quá nhiều lần'));
    guesser.sendCommand('start', invite.code);
    await h.tg.waitFor(() => h.tg.sent(700).length >= 6);
    expect(h.tg.sent(700).at(-1)!.plain).toContain('sai mã quá nhiều lần');
    expect(listMembers(h.app.deps, committeeId).every((m) => m.accounts.length === 0)).toBe(true);
  });

  it('when an unregistered user, a sticker, a photo, an edit or a junk button arrives, then each gets a clear answer and the bot keeps running', async () => {
    const stranger = h.tg.user(800, { languageCode: 'en' });
    stranger.sendCommand('language');
    await h.tg.waitForSent(800, (m) => m.plain.includes('You are not registered'));

    const invite = createInvite(h.app.deps, ids[3]!, 'test');
    const member = h.tg.user(801);
    member.sendCommand('start', invite.code);
    await h.tg.waitForSent(801, (m) => m.plain.includes('Đã liên kết'));
    member.sendSticker();
    await h.tg.waitForSent(801, (m) => m.plain.includes('chỉ đọc được tin nhắn chữ'));
    member.sendPhoto();
    await h.tg.waitForSent(801, (m) => m.plain.includes('chưa xử lý ảnh'));
    member.sendText('xin chào');
    member.editLastText('xin chào ban');
    await h.tg.waitForSent(801, (m) => m.plain.includes('Tin nhắn đã sửa'));
    const card = h.tg.sent(801).at(-1)!;
    const junk = member.press(card, 'zz:\u0000junk');
    await h.tg.waitFor(() => h.tg.callbackAnswer(junk) !== undefined);
    expect(h.tg.callbackAnswer(junk)).toMatchObject({ text: 'Nút này không còn hiệu lực.', show_alert: true });
    const forged = member.press(card, 'lang:xx');
    await h.tg.waitFor(() => h.tg.callbackAnswer(forged) !== undefined);
    await h.tg.waitForSent(801, (m) => m.plain.includes('Ngôn ngữ chưa hỗ trợ: xx'));

    // Still alive: a normal command works afterwards.
    member.sendCommand('help');
    await h.tg.waitForSent(801, (m) => m.plain.includes('/language'));
  });

  it('when Telegram delivers the same update twice, then it is processed once', async () => {
    const invite = createInvite(h.app.deps, chairId(), 'test');
    const user = h.tg.user(900);
    const updateId = user.sendCommand('start', invite.code);
    await h.tg.waitForSent(900, (m) => m.plain.includes('Đã liên kết'));
    h.tg.redeliver(updateId);
    user.sendCommand('help');
    await h.tg.waitForSent(900, (m) => m.plain.includes('/language'));
    const texts = h.tg.sent(900).map((m) => m.plain);
    expect(texts.filter((t) => t.includes('liên kết'))).toHaveLength(1);
    expect(texts).toHaveLength(2);
  });

  it('when a button is pressed, then the callback is answered and the choice applies', async () => {
    const invite = createInvite(h.app.deps, chairId(), 'test');
    const user = h.tg.user(950);
    user.sendCommand('start', invite.code);
    await h.tg.waitForSent(950, (m) => m.plain.includes('Đã liên kết'));
    user.sendCommand('language');
    const card = await h.tg.waitForSent(950, (m) => m.reply_markup !== undefined);
    const buttons = card.reply_markup!.inline_keyboard[0] as { text: string; callback_data: string }[];
    expect(buttons.map((b) => b.text)).toEqual(['Tiếng Việt', 'English']);
    const press = user.press(card, buttons[1]!.callback_data);
    await h.tg.waitForSent(950, (m) => m.plain.includes('Switched to English'));
    await h.tg.waitFor(() => h.tg.callbackAnswer(press) !== undefined);
    expect(h.tg.callbackAnswer(press)!.text).toBe('✅ Switched to English.');
  });

  it('when the bot starts, then its command menu is published in Vietnamese (default) and English', () => {
    expect(h.tg.commands('vi').map((c) => c.command)).toEqual(expect.arrayContaining(['start', 'help', 'language']));
    expect(h.tg.commands('').find((c) => c.command === 'help')!.description).toBe('Các lệnh anh/chị được dùng');
    expect(h.tg.commands('en').find((c) => c.command === 'help')!.description).toBe('The commands you may use');
  });

  it('when a member name contains markup, then it is escaped and Telegram accepts the message', async () => {
    const deps = h.app.deps;
    const { addMember } = await import('../../src/domain/members.js');
    const odd = addMember(deps, committeeId, { name: 'Trần <b>"Ba"</b> & Co', role: 'member' }, 'test');
    const invite = createInvite(deps, odd.id, 'test');
    h.tg.user(990).sendCommand('start', invite.code);
    const reply = await h.tg.waitForSent(990, (m) => m.plain.includes('Đã liên kết'));
    expect(reply.plain).toContain('Trần <b>"Ba"</b> & Co');
  });

  it('when a message is longer than Telegram allows, then it arrives split in parts under 4096 characters', async () => {
    const channel = (await import('../../src/channels/telegram/index.js')).createTelegramChannel({
      token: h.tg.token,
      apiRoot: h.tg.apiRoot,
      mode: 'polling',
      log: (await import('../../src/core/logger.js')).silentLogger,
    });
    h.tg.user(1001);
    const paragraph = `${'Nội dung thông báo dài. '.repeat(40)}\n\n`;
    const text = paragraph.repeat(12);
    await channel.send('telegram:1001', { text });
    const parts = h.tg.sent(1001);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.plain.length).toBeLessThanOrEqual(4096);
    expect(parts.map((p) => p.plain).join('\n\n').replace(/\s+/g, ' ').trim()).toBe(text.replace(/\s+/g, ' ').trim());
  });

  if (mode === 'webhook') {
    it('when a request comes without the secret or on another path, then it is refused and nothing is processed', async () => {
      h.tg.user(77);
      const body = JSON.stringify({ update_id: 424242, message: { message_id: 1, date: 0, chat: { id: 77, type: 'private' }, from: { id: 77, is_bot: false, first_name: 'X' }, text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }] } });
      const noSecret = await fetch(h.webhookUrl!, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(noSecret.status).toBe(403);
      const wrong = await fetch(h.webhookUrl!, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'nope' }, body });
      expect(wrong.status).toBe(403);
      const otherPath = await fetch(`${h.webhookUrl!}/x`, { method: 'POST', headers: { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body });
      expect(otherPath.status).toBe(404);
      const secret = { 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET };
      expect((await fetch(h.webhookUrl!, { headers: secret })).status).toBe(403); // not a POST
      expect((await fetch(h.webhookUrl!, { method: 'POST', headers: secret, body: '{"update_id": 1, "mess' })).status).toBe(415);
      // JSON that is no update is refused; an update the bot cannot use is acknowledged and ignored.
      for (const odd of ['null', '[]', '"x"', '{"message": {}}']) {
        expect((await fetch(h.webhookUrl!, { method: 'POST', headers: secret, body: odd })).status).toBe(400);
      }
      for (const odd of ['{"update_id": 3}', '{"update_id": 4, "message": {"chat": {}}}', '{"update_id": 5, "callback_query": {}}']) {
        expect((await fetch(h.webhookUrl!, { method: 'POST', headers: secret, body: odd })).status).toBe(200);
      }
      expect((await fetch(h.webhookUrl!, { method: 'POST', headers: secret, body: JSON.stringify({ update_id: 2, pad: 'x'.repeat(2 << 20) }) })).status).toBe(413);
      const ok = await fetch(h.webhookUrl!, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body });
      expect(ok.status).toBe(200);
      await h.tg.waitForSent(77, (m) => m.plain.includes('chưa được đăng ký'));
      expect(h.tg.sent(77)).toHaveLength(1);
      expect(h.tg.webhook.secretToken).toBe(WEBHOOK_SECRET);
    });
  }
});
