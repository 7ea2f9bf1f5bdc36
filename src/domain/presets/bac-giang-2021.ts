/**
 * Bắc Giang 2021 — Quy chế hoạt động của Ban Chỉ đạo Chuyển đổi số tỉnh Bắc Giang
 * (seed 001_02f0eca9fc04db58.txt).
 *
 * Notes on the original:
 *  - The seed is the version for signature: the decision's number and day are blank
 *    ("Số: /QĐ-BCĐCĐS", "ngày tháng 11 năm 2021"); we keep "…" where the text is blank.
 *  - Điều 1 and Điều 2 are bulleted rather than numbered, so they are cited without a clause.
 *  - Điều 4.1 sits under "Phó Trưởng ban thường trực"; its sentence says "Phó Trưởng ban" for short.
 *    The text names only the standing vice chair as acting chair; the vice chair (Điều 5, who
 *    "Giúp Trưởng ban, Phó Trưởng ban thường trực") follows as the bot's fallback.
 *  - No standing body meets; the standing agency (Cơ quan thường trực = Sở TT&TT, Điều 7)
 *    receives member reports, the Tổ Thư ký (Điều 8) reports quarterly.
 */
import { SYSTEM_DEFAULTS, botDefault, botOperationalDefaults, type Preset } from './schema.js';

const ATTENDANCE_QUOTE = 'Tham dự đầy đủ các cuộc họp của Ban Chỉ đạo';
const ABSENCE_QUOTE = 'trong trường hợp không thể tham dự phải báo cáo và được sự đồng ý của người chủ trì cuộc họp';
const SUBSTITUTE_QUOTE = 'trường hợp ủy quyền cho người dự họp thay phải có ý kiến bằng văn bản';
const SECRETARIAT_MEETING_QUOTE = 'Tổ Thư ký họp định kỳ một quý một lần và theo yêu cầu của Tổ trưởng Tổ Thư ký.';
const SECRETARIAT_REPORT_QUOTE =
  'Định kỳ hằng quý (hoặc đột xuất) báo cáo Trưởng ban, các Phó Trưởng ban và các Ủy viên Ban Chỉ đạo về tình hình, kết quả hoạt động của Ban Chỉ đạo và Tổ Thư ký.';

export const bacGiang2021: Preset = {
  id: 'bac-giang-2021',
  nameVi: 'Bắc Giang 2021 — Ban Chỉ đạo Chuyển đổi số tỉnh',
  nameEn: 'Bắc Giang 2021 — Provincial Digital Transformation Steering Committee',
  regulation: {
    titleVi: 'Quy chế hoạt động của Ban Chỉ đạo Chuyển đổi số tỉnh Bắc Giang',
    issuedBy: 'Trưởng ban Chỉ đạo Chuyển đổi số tỉnh Bắc Giang (Chủ tịch UBND tỉnh)',
    decision: 'Quyết định số …/QĐ-BCĐCĐS ngày … tháng 11 năm 2021',
    seedFile: '001_02f0eca9fc04db58.txt',
  },
  settings: {
    bodies: {
      full: {
        nameVi: 'Ban Chỉ đạo Chuyển đổi số tỉnh Bắc Giang',
        nameEn: 'Bắc Giang Provincial Digital Transformation Steering Committee',
        article: 'Điều 1',
        exists: true,
      },
      standing: { ...SYSTEM_DEFAULTS.bodies.standing },
      secretariat: {
        nameVi: 'Tổ Thư ký giúp việc Ban Chỉ đạo',
        nameEn: 'Secretariat',
        article: 'Điều 8',
        exists: true,
      },
    },
    meetings: {
      full: { value: 'quarterly', article: 'Điều 10.1', quote: 'Ban Chỉ đạo định kỳ họp một quý một lần.' },
      standing: botDefault(SYSTEM_DEFAULTS.meetings.standing),
      secretariat: { value: 'quarterly', article: 'Điều 10.3', quote: SECRETARIAT_MEETING_QUOTE },
      extraordinaryConvenedBy: {
        value: ['chair', 'standing_vice_chair'],
        article: 'Điều 10.1',
        quote: 'Ban Chỉ đạo có thể họp đột xuất theo triệu tập của Trưởng ban, Phó Trưởng ban thường trực.',
      },
      extraordinaryProposedBy: botDefault(SYSTEM_DEFAULTS.meetings.extraordinaryProposedBy),
      standingExtraordinaryConvenedBy: botDefault(SYSTEM_DEFAULTS.meetings.standingExtraordinaryConvenedBy),
      secretariatExtraordinaryConvenedBy: {
        value: ['secretariat_lead'],
        article: 'Điều 10.3',
        quote: SECRETARIAT_MEETING_QUOTE,
      },
    },
    documentsLeadTime: {
      value: { unit: 'workingDays', amount: 2 },
      article: 'Điều 10.4',
      quote: 'gửi tài liệu điện tử cho các Ủy viên Ban Chỉ đạo chậm nhất 02 ngày làm việc trước khi tổ chức họp',
    },
    documentsCopyToAgencyEmail: {
      value: true,
      article: 'Điều 10.5',
      quote: 'đồng thời gửi 01 bản điện tử đến hòm thư điện tử công vụ của cơ quan, đơn vị',
    },
    memberReports: {
      value: [
        {
          id: 'member-quarterly-report',
          nameVi: 'Báo cáo định kỳ hằng quý việc thực hiện nhiệm vụ được phân công',
          nameEn: 'Quarterly report on assigned tasks',
          from: 'member',
          to: 'secretariat', // "Báo cáo gửi về Cơ quan thường trực Ban Chỉ đạo để tổng hợp"
          period: 'quarterly',
          // The text sets no day. Default: 7 calendar days after the quarter ends, so that the
          // Tổ Thư ký can compile its own quarterly report (Điều 8.4, due 15 days after).
          due: { kind: 'afterPeriodEnd', days: 7 },
          article: 'Điều 6.5',
          quote:
            'Có trách nhiệm thực hiện chế độ báo cáo định kỳ một quý một lần việc thực hiện nhiệm vụ được phân công',
        },
        {
          id: 'member-ad-hoc-report',
          nameVi: 'Báo cáo đột xuất theo yêu cầu của Trưởng ban, các Phó Trưởng ban',
          nameEn: 'Ad hoc report at the chair’s or a vice chair’s request',
          from: 'member',
          to: 'secretariat',
          period: 'onRequest',
          due: { kind: 'onRequest' },
          article: 'Điều 6.5',
          quote: 'báo cáo đột xuất khi Trưởng ban, các Phó Trưởng ban yêu cầu',
        },
        {
          id: 'agency-report-on-request',
          nameVi: 'Báo cáo của sở, ngành, địa phương theo quy định và yêu cầu của Ban Chỉ đạo',
          nameEn: 'Agency report as required by the committee',
          from: 'agency',
          to: 'secretariat',
          period: 'onRequest',
          due: { kind: 'onRequest' },
          article: 'Điều 13.4',
          quote: 'Thực hiện chế độ thông tin, báo cáo theo quy định và yêu cầu của Ban Chỉ đạo.',
        },
      ],
      article: 'Điều 6.5',
      quote: 'Có trách nhiệm thực hiện chế độ báo cáo định kỳ một quý một lần việc thực hiện nhiệm vụ được phân công',
    },
    secretariatReports: {
      value: [
        {
          id: 'secretariat-quarterly-report',
          nameVi: 'Báo cáo hằng quý về tình hình, kết quả hoạt động của Ban Chỉ đạo và Tổ Thư ký',
          nameEn: 'Quarterly report on the committee’s and the secretariat’s work',
          from: 'secretariat',
          to: 'chair',
          cc: ['standing_vice_chair', 'vice_chair', 'member'],
          period: 'quarterly',
          // No day in the text. Default: 15 calendar days after the quarter ends.
          due: { kind: 'afterPeriodEnd', days: 15 },
          article: 'Điều 8.4',
          quote: SECRETARIAT_REPORT_QUOTE,
        },
        {
          id: 'secretariat-ad-hoc-report',
          nameVi: 'Báo cáo đột xuất về tình hình, kết quả hoạt động của Ban Chỉ đạo và Tổ Thư ký',
          nameEn: 'Ad hoc report on the committee’s and the secretariat’s work',
          from: 'secretariat',
          to: 'chair',
          cc: ['standing_vice_chair', 'vice_chair', 'member'],
          period: 'onRequest',
          due: { kind: 'onRequest' },
          article: 'Điều 8.4',
          quote: SECRETARIAT_REPORT_QUOTE,
        },
      ],
      article: 'Điều 8.4',
      quote: SECRETARIAT_REPORT_QUOTE,
    },
    absence: {
      requiresConsent: { value: true, article: 'Điều 6.4', quote: ABSENCE_QUOTE },
      attendanceRequired: { value: true, article: 'Điều 6.4', quote: ATTENDANCE_QUOTE },
    },
    substitute: {
      allowed: { value: true, article: 'Điều 6.4', quote: SUBSTITUTE_QUOTE },
      requiresWrittenOpinion: { value: true, article: 'Điều 6.4', quote: SUBSTITUTE_QUOTE },
    },
    actingChairOrder: {
      value: ['standing_vice_chair', 'vice_chair'],
      article: 'Điều 4.1',
      quote: 'Khi Trưởng ban vắng mặt, Phó Trưởng ban thay mặt Trưởng ban lãnh đạo công tác của Ban Chỉ đạo.',
    },
    longAbsenceNoticeMonths: botDefault(SYSTEM_DEFAULTS.longAbsenceNoticeMonths),
    ...botOperationalDefaults(),
  },
};
