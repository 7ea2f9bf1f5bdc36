import { openDb, closeDb, type Db } from '../../db/client.js';
import { createApp, type App } from '../../src/app.js';
import type { Channel } from '../../src/core/channel.js';
import { silentLogger } from '../../src/core/logger.js';
import { CONSOLE_PACING } from '../../src/core/pacing.js';
import { createCommittee } from '../../src/domain/committees.js';
import { addMember, type MemberInput } from '../../src/domain/members.js';
import type { PresetId } from '../../src/domain/presets/index.js';
import { fakeClock, type FakeClock } from './fake-clock.js';

export interface TestApp {
  app: App;
  db: Db;
  clock: FakeClock;
  close(): Promise<void>;
}

/** The whole bot in-process on a fresh in-memory SQLite with the real migrations. */
export async function startTestApp(channels: Channel[], opts: { clock?: FakeClock; db?: Db } = {}): Promise<TestApp> {
  const db = opts.db ?? openDb(':memory:');
  const clock = opts.clock ?? fakeClock();
  const app = createApp({ db, clock, log: silentLogger, pollMs: 50, pacing: { console: CONSOLE_PACING, zalo_bot: CONSOLE_PACING, zalo_oa: CONSOLE_PACING } });
  await app.start(channels);
  return {
    app,
    db,
    clock,
    async close() {
      await app.stop();
      closeDb(db);
    },
  };
}

export const STANDARD_MEMBERS: MemberInput[] = [
  { name: 'Nguyễn Văn An', role: 'chair', title: 'Phó Chủ tịch UBND tỉnh', phone: '0912000001' },
  { name: 'Trần Thị Bình', role: 'standing_vice_chair', phone: '0912000002' },
  { name: 'Lê Văn Cường', role: 'vice_chair', phone: '0912000003' },
  { name: 'Hoàng Văn Em', role: 'member', title: 'Giám đốc Sở Tài chính', agency: 'Sở Tài chính', phone: '0912000005' },
  { name: 'Bùi Thị Lan', role: 'secretary', phone: '0912000008' },
];

/** A committee with a chair, two vice chairs, a member and a secretary; returns their ids by role. */
export function seedCommittee(t: Pick<TestApp, 'app'>, presetId: PresetId = 'binh-dinh-2019', members = STANDARD_MEMBERS) {
  const deps = t.app.deps;
  const committee = createCommittee(deps, { name: 'Ban Chỉ đạo thử nghiệm', presetId }, 'test');
  const ids = members.map((m) => addMember(deps, committee.id, m, 'test').id);
  return { committeeId: committee.id, memberIds: ids };
}
