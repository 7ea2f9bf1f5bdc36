import { listCommittees } from '../../db/queries/committees.js';
import { createCommittee } from './committees.js';
import type { Deps } from './deps.js';
import { addMember, type MemberInput } from './members.js';

/** A committee to try every flow with on the console, created on the first run only. */
const DEMO_MEMBERS: MemberInput[] = [
  { name: 'Nguyễn Văn An', role: 'chair', title: 'Phó Chủ tịch UBND tỉnh', agency: 'UBND tỉnh', phone: '0912000001' },
  { name: 'Trần Thị Bình', role: 'standing_vice_chair', title: 'Giám đốc Sở Khoa học và Công nghệ', agency: 'Sở Khoa học và Công nghệ', phone: '0912000002' },
  { name: 'Lê Văn Cường', role: 'vice_chair', title: 'Chánh Văn phòng UBND tỉnh', agency: 'Văn phòng UBND tỉnh', phone: '0912000003' },
  { name: 'Phạm Thị Dung', role: 'standing_member', title: 'Phó Giám đốc Sở Khoa học và Công nghệ', agency: 'Sở Khoa học và Công nghệ', phone: '0912000004' },
  { name: 'Hoàng Văn Em', role: 'member', title: 'Giám đốc Sở Tài chính', agency: 'Sở Tài chính', phone: '0912000005' },
  { name: 'Vũ Thị Giang', role: 'member', title: 'Giám đốc Sở Nội vụ', agency: 'Sở Nội vụ', phone: '0912000006' },
  { name: 'Đặng Văn Hùng', role: 'secretariat_lead', title: 'Trưởng phòng Chuyển đổi số', agency: 'Sở Khoa học và Công nghệ', phone: '0912000007' },
  { name: 'Bùi Thị Lan', role: 'secretary', title: 'Chuyên viên', agency: 'Sở Khoa học và Công nghệ', phone: '0912000008' },
];

export function seedDemoIfEmpty(deps: Deps): { committeeId: number; memberIds: number[] } | undefined {
  if (listCommittees(deps.db).length > 0) return undefined;
  const committee = createCommittee(deps, { name: 'Ban Chỉ đạo Chuyển đổi số tỉnh (demo)', presetId: 'binh-dinh-2019' }, 'demo');
  const memberIds = DEMO_MEMBERS.map((m) => addMember(deps, committee.id, m, 'demo').id);
  return { committeeId: committee.id, memberIds };
}
