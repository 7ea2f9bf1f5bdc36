/**
 * Bình Định 2019 — Quy chế hoạt động của Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh Bình Định
 * (seed 000_9456a14017cbf368.txt).
 *
 * Notes on the original:
 *  - The decision is dated "ngày 12 tháng 4 năm 2019" in its header, but the regulation's own
 *    heading says it was issued with "Quyết định số 47/QĐ-BCĐ ngày 14/4/2019 của Ủy ban nhân dân
 *    tỉnh Bình Định". We keep the header's date (the signed decision); the text contradicts itself.
 *  - Điều 4 (Phó Trưởng Ban Chỉ đạo) has no numbered clauses, so it is cited as "Điều 4".
 *  - The regulation has no standing body that meets (Thường trực BCĐ); it has standing members and
 *    a standing agency (Cơ quan thường trực = Sở TT&TT, Điều 7) which receives member reports.
 *    The bot's 'secretariat' target stands for both the standing agency and the Tổ thư ký.
 */
import { SYSTEM_DEFAULTS, botDefault, botOperationalDefaults, type Preset } from './schema.js';

const ABSENCE_QUOTE = 'Trong trường hợp không thể tham dự, phải báo cáo và được sự đồng ý của người chủ trì cuộc họp';
const SUBSTITUTE_QUOTE = 'trường hợp ủy quyền cho người dự họp thay phải có ý kiến đồng ý của người chủ trì cuộc họp';
const EXTRAORDINARY_QUOTE =
  'Ban Chỉ đạo có thể họp đột xuất theo triệu tập của Trưởng Ban, Phó Trưởng Ban hoặc theo đề nghị của Thành viên thường trực Ban Chỉ đạo.';
const SECRETARIAT_MEETING_QUOTE = 'Tổ thư ký họp định kỳ và đột xuất theo yêu cầu của Tổ trưởng Tổ thư ký.';
const SECRETARIAT_REPORT_QUOTE =
  'Định kỳ hàng quý hoặc đột xuất báo cáo Trưởng Ban, Phó Trưởng Ban và thành viên Ban Chỉ đạo về tình hình, kết quả hoạt động của Ban Chỉ đạo và Tổ thư ký.';

export const binhDinh2019: Preset = {
  id: 'binh-dinh-2019',
  nameVi: 'Bình Định 2019 — Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh',
  nameEn: 'Bình Định 2019 — Provincial e-Government Steering Committee',
  regulation: {
    titleVi: 'Quy chế hoạt động của Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh Bình Định',
    issuedBy: 'Trưởng Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh Bình Định (KT. Trưởng ban: Phó Chủ tịch UBND tỉnh)',
    decision: 'Quyết định số 47/QĐ-BCĐ ngày 12 tháng 4 năm 2019',
    seedFile: '000_9456a14017cbf368.txt',
  },
  settings: {
    bodies: {
      full: {
        nameVi: 'Ban Chỉ đạo xây dựng Chính quyền điện tử tỉnh Bình Định',
        nameEn: 'Bình Định Provincial e-Government Steering Committee',
        article: 'Điều 1.1',
        exists: true,
      },
      standing: { ...SYSTEM_DEFAULTS.bodies.standing },
      secretariat: {
        nameVi: 'Tổ thư ký giúp việc Ban Chỉ đạo',
        nameEn: 'Secretariat',
        article: 'Điều 8',
        exists: true,
      },
    },
    meetings: {
      full: {
        value: 'semiannual',
        article: 'Điều 11.1.a',
        quote: 'Ban Chỉ đạo định kỳ họp 06 tháng một lần.',
      },
      standing: botDefault(SYSTEM_DEFAULTS.meetings.standing),
      // "họp định kỳ và đột xuất" without a period: the Tổ thư ký meets when its lead calls it.
      secretariat: { value: 'adhoc', article: 'Điều 11.1.b', quote: SECRETARIAT_MEETING_QUOTE },
      extraordinaryConvenedBy: { value: ['chair', 'vice_chair'], article: 'Điều 11.1.a', quote: EXTRAORDINARY_QUOTE },
      extraordinaryProposedBy: { value: ['standing_member'], article: 'Điều 11.1.a', quote: EXTRAORDINARY_QUOTE },
      standingExtraordinaryConvenedBy: botDefault(SYSTEM_DEFAULTS.meetings.standingExtraordinaryConvenedBy),
      secretariatExtraordinaryConvenedBy: {
        value: ['secretariat_lead'],
        article: 'Điều 11.1.b',
        quote: SECRETARIAT_MEETING_QUOTE,
      },
    },
    documentsLeadTime: {
      value: { unit: 'hours', amount: 48 },
      article: 'Điều 11.1.c',
      quote: 'gửi tài liệu điện tử cho các thành viên Ban Chỉ đạo chậm nhất 48 giờ trước khi tổ chức họp',
    },
    documentsCopyToAgencyEmail: {
      value: true,
      article: 'Điều 11.2.b',
      quote:
        'đồng thời gửi 01 bản điện tử đến thư điện tử công vụ của cơ quan, đơn vị nơi thành viên Ban Chỉ đạo công tác',
    },
    memberReports: {
      value: [
        {
          id: 'member-semiannual-report',
          nameVi: 'Báo cáo định kỳ 06 tháng kết quả thực hiện nhiệm vụ được phân công',
          nameEn: 'Six-monthly report on assigned tasks',
          from: 'member',
          to: 'secretariat', // "gửi đến Cơ quan thường trực Ban Chỉ đạo"
          period: 'semiannual',
          // "trước ngày 30 của tháng 6, tháng 12" => strictly before: due end of 29/6 and 29/12.
          due: {
            kind: 'fixedDates',
            dates: [
              { month: 6, day: 30 },
              { month: 12, day: 30 },
            ],
            inclusive: false,
          },
          article: 'Điều 11.2.a',
          quote:
            'Định kỳ 06 tháng (trước ngày 30 của tháng 6, tháng 12), các thành viên Ban Chỉ đạo tổng hợp, báo cáo kết quả thực hiện nhiệm vụ được phân công.',
        },
        {
          id: 'member-ad-hoc-report',
          nameVi: 'Báo cáo đột xuất theo yêu cầu của Trưởng Ban, Phó Trưởng Ban',
          nameEn: 'Ad hoc report at the chair’s or vice chair’s request',
          from: 'member',
          to: 'secretariat', // "Báo cáo gửi về cơ quan thường trực Ban Chỉ đạo để tổng hợp"
          period: 'onRequest',
          due: { kind: 'onRequest' },
          article: 'Điều 6.5',
          quote: 'báo cáo đột xuất khi Trưởng Ban, Phó Trưởng Ban Chỉ đạo yêu cầu',
        },
      ],
      article: 'Điều 6.5, Điều 11.2.a',
      quote: 'Có trách nhiệm thực hiện chế độ báo cáo định kỳ (06 tháng một lần) việc thực hiện nhiệm vụ được phân công',
    },
    secretariatReports: {
      value: [
        {
          id: 'secretariat-quarterly-report',
          nameVi: 'Báo cáo hằng quý về tình hình, kết quả hoạt động của Ban Chỉ đạo và Tổ thư ký',
          nameEn: 'Quarterly report on the committee’s and the secretariat’s work',
          from: 'secretariat',
          to: 'chair',
          cc: ['vice_chair', 'standing_member', 'member'],
          period: 'quarterly',
          // The text gives no day. Default: 15 calendar days after the quarter ends, time enough to
          // compile the quarter's facts; the secretariat may change it.
          due: { kind: 'afterPeriodEnd', days: 15 },
          article: 'Điều 8.4',
          quote: SECRETARIAT_REPORT_QUOTE,
        },
        {
          id: 'secretariat-ad-hoc-report',
          nameVi: 'Báo cáo đột xuất về tình hình, kết quả hoạt động của Ban Chỉ đạo và Tổ thư ký',
          nameEn: 'Ad hoc report on the committee’s and the secretariat’s work',
          from: 'secretariat',
          to: 'chair',
          cc: ['vice_chair', 'standing_member', 'member'],
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
      attendanceRequired: { value: true, article: 'Điều 6.4', quote: 'Tham dự đầy đủ các cuộc họp của Ban Chỉ đạo.' },
    },
    substitute: {
      allowed: { value: true, article: 'Điều 6.4', quote: SUBSTITUTE_QUOTE },
      // The presiding person's consent is needed, not a written opinion of the member.
      requiresWrittenOpinion: { value: false, article: 'Điều 6.4', quote: SUBSTITUTE_QUOTE },
    },
    actingChairOrder: {
      value: ['vice_chair'],
      article: 'Điều 4',
      quote:
        'Khi Trưởng Ban Chỉ đạo vắng mặt, Phó Trưởng Ban Chỉ đạo thay mặt Trưởng Ban Chỉ đạo lãnh đạo công tác của Ban Chỉ đạo.',
    },
    longAbsenceNoticeMonths: botDefault(SYSTEM_DEFAULTS.longAbsenceNoticeMonths),
    ...botOperationalDefaults(),
  },
};
