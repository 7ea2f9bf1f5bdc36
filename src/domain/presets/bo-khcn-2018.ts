/**
 * Bộ KH&CN 2018 — Quy chế hoạt động của Ban Chỉ đạo xây dựng Chính phủ điện tử tại Bộ Khoa học
 * và Công nghệ (seed 003_fd32b33e6fd4b2b5.txt).
 *
 * Notes on the original:
 *  - The seed is the version for signature: decision number and date are blank
 *    ("Quyết định số /QĐ-BCĐCPĐT ngày / /2018"); we keep "…" where the text is blank.
 *  - Its numbering has gaps: there is no Điều 8 (Điều 7 "Tổ công tác" is followed by Điều 9
 *    "Các cuộc họp") and Điều 7 has no khoản 4. We cite the numbers as printed.
 *  - No lead time for meeting documents is set: the bot's default (none) applies, configurable.
 *  - No standing body meets; the Chánh Văn phòng Bộ is at once standing member and Tổ trưởng Tổ
 *    công tác (Điều 5.2.a).
 */
import { SYSTEM_DEFAULTS, botDefault, botOperationalDefaults, type Preset } from './schema.js';

const ABSENCE_QUOTE = 'trong trường hợp không thể tham dự phải báo cáo và được sự đồng ý của người chủ trì cuộc họp';
const SUBSTITUTE_QUOTE = 'trường hợp ủy quyền cho người dự họp thay phải tham gia ý kiến bằng văn bản';
const WORKING_GROUP_MEETING_QUOTE =
  'Tổ công tác họp định kỳ một tháng một lần và họp đột xuất theo yêu cầu của lãnh đạo Tổ công tác.';
const WORKING_GROUP_REPORT_QUOTE =
  'Định kỳ hàng quý báo cáo Trưởng ban, Phó Trưởng ban và các thành viên Ban Chỉ đạo về tình hình, kết quả hoạt động của Ban Chỉ đạo và Tổ công tác.';
const MEMBER_REPORT_QUOTE =
  'Các thành viên Ban Chỉ đạo báo cáo kết quả thực hiện nhiệm vụ được phân công; kiến nghị, đề xuất các giải pháp thực hiện về Tổ công tác để tổng hợp báo cáo tại kỳ họp Ban Chỉ đạo.';

export const boKhcn2018: Preset = {
  id: 'bo-khcn-2018',
  nameVi: 'Bộ KH&CN 2018 — Ban Chỉ đạo xây dựng Chính phủ điện tử tại Bộ Khoa học và Công nghệ',
  nameEn: 'Ministry of Science and Technology 2018 — e-Government Steering Committee',
  regulation: {
    titleVi: 'Quy chế hoạt động của Ban Chỉ đạo xây dựng Chính phủ điện tử tại Bộ Khoa học và Công nghệ',
    issuedBy: 'Trưởng ban Ban Chỉ đạo xây dựng Chính phủ điện tử tại Bộ Khoa học và Công nghệ',
    decision: 'Quyết định số …/QĐ-BCĐCPĐT ngày …/…/2018',
    seedFile: '003_fd32b33e6fd4b2b5.txt',
  },
  settings: {
    bodies: {
      full: {
        nameVi: 'Ban Chỉ đạo xây dựng Chính phủ điện tử tại Bộ Khoa học và Công nghệ',
        nameEn: 'e-Government Steering Committee of the Ministry of Science and Technology',
        article: 'Điều 1.1',
        exists: true,
      },
      standing: { ...SYSTEM_DEFAULTS.bodies.standing },
      secretariat: {
        nameVi: 'Tổ công tác giúp việc Trưởng ban Ban Chỉ đạo',
        nameEn: 'Working Group',
        article: 'Điều 7',
        exists: true,
      },
    },
    meetings: {
      full: { value: 'quarterly', article: 'Điều 9.1', quote: 'Ban Chỉ đạo họp định kỳ một quý một lần.' },
      standing: botDefault(SYSTEM_DEFAULTS.meetings.standing),
      secretariat: { value: 'monthly', article: 'Điều 9.3', quote: WORKING_GROUP_MEETING_QUOTE },
      extraordinaryConvenedBy: {
        value: ['chair', 'vice_chair'],
        article: 'Điều 9.1',
        quote: 'Ban Chỉ đạo có thể họp đột xuất theo triệu tập của Trưởng ban, Phó Trưởng ban.',
      },
      extraordinaryProposedBy: botDefault(SYSTEM_DEFAULTS.meetings.extraordinaryProposedBy),
      standingExtraordinaryConvenedBy: botDefault(SYSTEM_DEFAULTS.meetings.standingExtraordinaryConvenedBy),
      secretariatExtraordinaryConvenedBy: {
        value: ['secretariat_lead'],
        article: 'Điều 9.3',
        quote: WORKING_GROUP_MEETING_QUOTE,
      },
    },
    // Not set by the regulation (DOMAIN.md: "not set (configurable)").
    documentsLeadTime: botDefault(SYSTEM_DEFAULTS.documentsLeadTime),
    documentsCopyToAgencyEmail: botDefault(SYSTEM_DEFAULTS.documentsCopyToAgencyEmail),
    memberReports: {
      value: [
        {
          id: 'member-meeting-report',
          nameVi: 'Báo cáo kết quả thực hiện nhiệm vụ được phân công gửi Tổ công tác trước kỳ họp',
          nameEn: 'Report on assigned tasks to the working group before each meeting',
          from: 'member',
          to: 'secretariat',
          period: 'perMeeting',
          // The text says only "để tổng hợp báo cáo tại kỳ họp". Default: 5 working days before
          // each meeting of the committee, so the working group has time to compile.
          due: { kind: 'beforeMeeting', workingDays: 5 },
          article: 'Điều 10.5',
          quote: MEMBER_REPORT_QUOTE,
        },
        {
          id: 'member-ad-hoc-report',
          nameVi: 'Báo cáo đột xuất theo yêu cầu của Trưởng ban',
          nameEn: 'Ad hoc report at the chair’s request',
          from: 'member',
          to: 'chair',
          period: 'onRequest',
          due: { kind: 'onRequest' },
          article: 'Điều 10.5',
          quote: 'Riêng báo cáo đột xuất thực hiện theo yêu cầu của Trưởng ban.',
        },
        {
          id: 'agency-report-on-request',
          nameVi: 'Báo cáo của đơn vị theo quy định và yêu cầu của Ban Chỉ đạo',
          nameEn: 'Unit report as required by the committee',
          from: 'agency',
          to: 'secretariat',
          period: 'onRequest',
          due: { kind: 'onRequest' },
          article: 'Điều 12.3',
          quote: 'thực hiện chế độ thông tin, báo cáo theo quy định và yêu cầu của Ban Chỉ đạo.',
        },
      ],
      article: 'Điều 10.5',
      quote: MEMBER_REPORT_QUOTE,
    },
    secretariatReports: {
      value: [
        {
          id: 'secretariat-quarterly-report',
          nameVi: 'Báo cáo hằng quý về tình hình, kết quả hoạt động của Ban Chỉ đạo và Tổ công tác',
          nameEn: 'Quarterly report on the committee’s and the working group’s work',
          from: 'secretariat',
          to: 'chair',
          cc: ['vice_chair', 'standing_member', 'member'],
          period: 'quarterly',
          // No day in the text. Default: 15 calendar days after the quarter ends.
          due: { kind: 'afterPeriodEnd', days: 15 },
          article: 'Điều 7.8',
          quote: WORKING_GROUP_REPORT_QUOTE,
        },
      ],
      article: 'Điều 7.8',
      quote: WORKING_GROUP_REPORT_QUOTE,
    },
    absence: {
      requiresConsent: { value: true, article: 'Điều 6.5', quote: ABSENCE_QUOTE },
      attendanceRequired: { value: true, article: 'Điều 6.5', quote: 'Tham dự đầy đủ các cuộc họp của Ban Chỉ đạo' },
    },
    substitute: {
      allowed: { value: true, article: 'Điều 6.5', quote: SUBSTITUTE_QUOTE },
      requiresWrittenOpinion: { value: true, article: 'Điều 6.5', quote: SUBSTITUTE_QUOTE },
    },
    actingChairOrder: {
      value: ['vice_chair'],
      article: 'Điều 4.1',
      quote: 'Khi Trưởng ban vắng mặt, Phó Trưởng ban thay mặt Trưởng ban lãnh đạo công tác của Ban Chỉ đạo.',
    },
    longAbsenceNoticeMonths: botDefault(SYSTEM_DEFAULTS.longAbsenceNoticeMonths),
    ...botOperationalDefaults(),
  },
};
