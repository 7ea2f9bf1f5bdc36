import { PassThrough } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { getRequest } from '../../db/queries/requests.js';
import { attendee } from '../../db/queries/meetings.js';
import { createApp, type App } from '../../src/app.js';
import { buildChannels } from '../../src/channels/index.js';
import { consoleAddress } from '../../src/channels/console/index.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { seedDemoIfEmpty } from '../../src/domain/demo.js';
import { bindConsoleSeat } from '../../src/domain/invites.js';
import { fakeClock } from '../support/fake-clock.js';

let app: App | undefined;
afterEach(async () => app?.stop());

/** The console as an operator uses it: type, wait for the answer on screen, type again. */
function terminal() {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (c: Buffer) => (text += c.toString()));
  return {
    stdin,
    stdout,
    get text() {
      return text;
    },
    async type(line: string, expectFragment: string, from = text.length): Promise<string> {
      stdin.write(`${line}\n`);
      const end = Date.now() + 5000;
      while (!text.slice(from).includes(expectFragment)) {
        if (Date.now() > end) throw new Error(`after "${line}", "${expectFragment}" never appeared:\n${text.slice(from)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return text.slice(from);
    },
  };
}

it('when the secretary schedules a meeting, a member asks to be excused and the chair approves on the console, then every step is shown in Vietnamese', async () => {
  const db = openDb(':memory:');
  app = createApp({ db, clock: fakeClock('2026-12-01T10:00:00'), log: silentLogger, pollMs: 20 });
  const demo = seedDemoIfEmpty(app.deps)!;
  for (const id of demo.memberIds) bindConsoleSeat(app.deps, id, consoleAddress(id));
  const term = terminal();
  await app.start(buildChannels({ config: loadConfig({}), deps: app.deps, registry: app.registry, stdin: term.stdin, stdout: term.stdout, initialSeat: 8 }));

  await term.type('/meeting', 'Xin nhập tên cuộc họp');
  await term.type('Họp Ban Chỉ đạo quý IV', 'Xin nhập thời gian họp');
  await term.type('hôm nay', 'Thời gian không hợp lệ');
  await term.type('14h00 30/12/2026', '2 – Tổ thư ký');
  await term.type('1', 'Xin nhập địa điểm');
  // The body's choices were used: the confirmation's numbers start at 1 again.
  await term.type('Phòng họp số 1, UBND tỉnh', '1 – ✅ Tạo cuộc họp\n│ 2 – ✖ Hủy');
  const mark = term.text.length;
  await term.type('1', 'Đã tạo cuộc họp số 1');
  // Notices go out in the bulk lane, after the secretary's confirmation.
  const created = await term.type('', '┌─ → 8 Bùi Thị Lan (Thành viên Tổ thư ký)\n│ 📅', mark);
  expect(created).toContain('→ 5 Hoàng Văn Em');
  expect(created).toContain('GIẤY MỜI HỌP');
  expect(created).toContain('14h00 thứ Tư, 30/12/2026');
  expect(created).toContain('Tài liệu gửi đại biểu chậm nhất: 14h00 thứ Hai, 28/12/2026 (theo Điều 11.1.c Quy chế)');

  await term.type('/as 5', 'Hoàng Văn Em');
  // The notice's buttons were numbered 1 (attend) and 2 (excuse me) in this chat.
  await term.type('2', 'Xin nhập lý do');
  // The notice's choices were used: the confirmation's start at 1 again.
  await term.type('Đi công tác Hà Nội theo lịch của Bộ', '1 – 📨 Gửi đề nghị\n│ 2 – ✖ Hủy');
  const beforeSend = term.text.length;
  await term.type('1', 'Đã gửi đề nghị vắng mặt số 1');
  const sent = await term.type('', 'Không đồng ý, nêu lý do', beforeSend);
  expect(sent).toContain('→ 1 Nguyễn Văn An');
  expect(sent).toContain('ĐỀ NGHỊ VẮNG MẶT số 1');
  expect(sent).toMatch(/3 – ✅ Đồng ý\n│ 4 – ❌ Không đồng ý\n│ 5 – ✍️ Không đồng ý, nêu lý do/);
  console.log(`CARD (chair's view):\n${sent.slice(sent.indexOf('┌─ → 1 Nguyễn Văn An'))}`);

  await term.type('/as 1', 'Nguyễn Văn An');
  const beforeDecision = term.text.length;
  await term.type('3', 'đã được đồng ý');
  const decided = await term.type('', 'ĐÃ ĐỒNG Ý', beforeDecision);
  expect(decided).toContain('Người quyết định: Nguyễn Văn An, lúc 10h00 thứ Ba, 01/12/2026');
  console.log(`RESOLVED:\n${decided}`);
  expect(getRequest(db, 1)!.status).toBe('approved');
  expect(attendee(db, 1, 5)!.status).toBe('excused');

  // A second press on the old card decides nothing more.
  await term.type('3', 'ⓘ Đề nghị số 1 đã được Nguyễn Văn An xử lý (đồng ý) lúc 10h00 thứ Ba, 01/12/2026.');
  expect(getRequest(db, 1)!.decidedBy).toBe(1);
});
