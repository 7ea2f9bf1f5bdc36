/**
 * Hải Phòng 2020 — Quy chế hoạt động của Ban Chỉ đạo xây dựng Chính quyền điện tử thành phố
 * Hải Phòng (seed 002_bb60227291e1789f.txt). Replaces Quyết định số 2831/QĐ-BCĐ ngày 30/10/2018.
 *
 * Notes on the original:
 *  - No lead time for meeting documents is set: the bot's default (none) applies, configurable.
 *  - Members have no periodic report. Điều 8.3 has them report results to the chair, Điều 10.3
 *    obliges the heads of departments and districts (usually the members themselves) to report
 *    "theo quy định và yêu cầu của Ban Chỉ đạo" — both on request. DOMAIN.md cites only Điều 10.3.
 *  - "Phó Trưởng ban" in Điều 7.1 (extraordinary meetings) covers the standing vice chair
 *    (Điều 4.1) and the vice chairs (Điều 4.2) alike.
 *  - The text names only the standing vice chair as acting chair; the vice chair follows as the
 *    bot's fallback.
 */
import { SYSTEM_DEFAULTS, botDefault, botOperationalDefaults, type Preset } from './schema.js';

const ABSENCE_QUOTE = 'trong trường hợp không thể tham dự phải báo cáo và được sự đồng ý của người chủ trì cuộc họp';
const SUBSTITUTE_QUOTE = 'trường hợp ủy quyền cho người dự họp thay phải tham gia ý kiến bằng văn bản';
const WORKING_GROUP_MEETING_QUOTE =
  'Tổ Công tác giúp việc họp định kỳ một quý một lần và theo yêu cầu của Tổ trưởng Tổ Công tác giúp việc Ban Chỉ đạo.';
const WORKING_GROUP_REPORT_QUOTE =
  'Định kỳ hàng quý báo cáo Trưởng ban, Phó Trưởng ban và các Ủy viên Ban Chỉ đạo về tình hình, kết quả hoạt động của Ban Chỉ đạo và Tổ Công tác giúp việc.';

export const haiPhong2020: Preset = {
  id: 'hai-phong-2020',
  nameVi: 'Hải Phòng 2020 — Ban Chỉ đạo xây dựng Chính quyền điện tử thành phố',
  nameEn: 'Hải Phòng 2020 — City e-Government Steering Committee',
  regulation: {
    titleVi: 'Quy chế hoạt động của Ban Chỉ đạo xây dựng Chính quyền điện tử thành phố Hải Phòng',
    issuedBy: 'Trưởng ban Ban Chỉ đạo xây dựng Chính quyền điện tử thành phố Hải Phòng (Chủ tịch UBND thành phố)',
    decision: 'Quyết định số 852/QĐ-BCĐ ngày 25 tháng 3 năm 2020',
    seedFile: '002_bb60227291e1789f.txt',
  },
  settings: {
    bodies: {
      full: {
        nameVi: 'Ban Chỉ đạo xây dựng Chính quyền điện tử thành phố Hải Phòng',
        nameEn: 'Hải Phòng City e-Government Steering Committee',
        article: 'Điều 1.1',
        exists: true,
      },
      standing: { ...SYSTEM_DEFAULTS.bodies.standing },
      secretariat: {
        nameVi: 'Tổ Công tác giúp việc Ban Chỉ đạo',
        nameEn: 'Working Group',
        article: 'Điều 6',
        exists: true,
      },
    },
    meetings: {
      full: { value: 'quarterly', article: 'Điều 7.1', quote: 'Ban Chỉ đạo họp định kỳ một quý một lần.' },
      standing: botDefault(SYSTEM_DEFAULTS.meetings.standing),
      secretariat: { value: 'quarterly', article: 'Điều 7.3', quote: WORKING_GROUP_MEETING_QUOTE },
      extraordinaryConvenedBy: {
        value: ['chair', 'standing_vice_chair', 'vice_chair'],
        article: 'Điều 7.1',
        quote: 'Ban Chỉ đạo có thể họp đột xuất theo triệu tập của Trưởng ban, Phó Trưởng ban Ban Chỉ đạo.',
      },
      extraordinaryProposedBy: botDefault(SYSTEM_DEFAULTS.meetings.extraordinaryProposedBy),
      standingExtraordinaryConvenedBy: botDefault(SYSTEM_DEFAULTS.meetings.standingExtraordinaryConvenedBy),
      secretariatExtraordinaryConvenedBy: {
        value: ['secretariat_lead'],
        article: 'Điều 7.3',
        quote: WORKING_GROUP_MEETING_QUOTE,
      },
    },
    // Not set by the regulation (DOMAIN.md: "not set (configurable)").
    documentsLeadTime: botDefault(SYSTEM_DEFAULTS.documentsLeadTime),
    documentsCopyToAgencyEmail: botDefault(SYSTEM_DEFAULTS.documentsCopyToAgencyEmail),
    memberReports: {
      value: [
        {
          id: 'member-task-result-report',
          nameVi: 'Báo cáo Trưởng ban về kết quả thực hiện nhiệm vụ được giao',
          nameEn: 'Report to the chair on the results of assigned tasks',
          from: 'member',
          to: 'chair',
          period: 'onRequest',
          due: { kind: 'onRequest' },
          article: 'Điều 8.3',
          quote: 'phối hợp với Tổ Công tác giúp việc trong thực hiện nhiệm vụ; báo cáo Trưởng ban về kết quả thực hiện.',
        },
        {
          id: 'agency-report-on-request',
          nameVi: 'Báo cáo của sở, ban, ngành, quận, huyện theo quy định và yêu cầu của Ban Chỉ đạo',
          nameEn: 'Agency report as required by the committee',
          from: 'agency',
          to: 'secretariat',
          period: 'onRequest',
          due: { kind: 'onRequest' },
          article: 'Điều 10.3',
          quote: 'Thực hiện chế độ thông tin, báo cáo theo quy định và yêu cầu của Ban Chỉ đạo.',
        },
      ],
      article: 'Điều 8.3, Điều 10.3',
      quote: 'Thực hiện chế độ thông tin, báo cáo theo quy định và yêu cầu của Ban Chỉ đạo.',
    },
    secretariatReports: {
      value: [
        {
          id: 'secretariat-quarterly-report',
          nameVi: 'Báo cáo hằng quý về tình hình, kết quả hoạt động của Ban Chỉ đạo và Tổ Công tác giúp việc',
          nameEn: 'Quarterly report on the committee’s and the working group’s work',
          from: 'secretariat',
          to: 'chair',
          cc: ['standing_vice_chair', 'vice_chair', 'member'],
          period: 'quarterly',
          // No day in the text. Default: 15 calendar days after the quarter ends.
          due: { kind: 'afterPeriodEnd', days: 15 },
          article: 'Điều 6.7',
          quote: WORKING_GROUP_REPORT_QUOTE,
        },
      ],
      article: 'Điều 6.7',
      quote: WORKING_GROUP_REPORT_QUOTE,
    },
    absence: {
      requiresConsent: { value: true, article: 'Điều 5.5', quote: ABSENCE_QUOTE },
      attendanceRequired: { value: true, article: 'Điều 5.5', quote: 'Tham dự đầy đủ các cuộc họp Ban Chỉ đạo' },
    },
    substitute: {
      allowed: { value: true, article: 'Điều 5.5', quote: SUBSTITUTE_QUOTE },
      requiresWrittenOpinion: { value: true, article: 'Điều 5.5', quote: SUBSTITUTE_QUOTE },
    },
    actingChairOrder: {
      value: ['standing_vice_chair', 'vice_chair'],
      article: 'Điều 4.1',
      quote:
        'Khi Trưởng ban vắng mặt, Phó Trưởng ban Thường trực Ban Chỉ đạo thay mặt Trưởng ban lãnh đạo công tác của Ban Chỉ đạo.',
    },
    longAbsenceNoticeMonths: botDefault(SYSTEM_DEFAULTS.longAbsenceNoticeMonths),
    ...botOperationalDefaults(),
  },
};
