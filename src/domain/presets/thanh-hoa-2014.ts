/**
 * Thanh Hóa 2014 — Quy chế làm việc của Ban Chỉ đạo ứng dụng công nghệ thông tin tỉnh Thanh Hóa
 * (seed 004_2d2ed8fea102fe12.txt).
 *
 * Notes on the original:
 *  - The only regulation of the five with a standing body that meets: Thường trực Ban Chỉ đạo
 *    (Điều 9.2), every 6 months; the plenary meets once a year (Điều 9.1).
 *  - Extraordinary meetings: the plenary's are convened by the chair alone (Điều 9.1), but
 *    Điều 9.2 lets the chair *or a vice chair* convene an extraordinary meeting of the standing
 *    members and some members. DOMAIN.md says "chair (Đ.9.1, 9.2)": the original wins, so the
 *    standing body's extraordinary meetings may be convened by the vice chair too.
 *  - The periodic reports of Điều 11.2 are owed by the departments, agencies and localities that
 *    run IT programmes (from: 'agency'), not by members as such; Điều 9.3 adds a report of every
 *    member to the standing agency for each meeting, which DOMAIN.md does not list.
 *  - The Tổ giúp việc's tasks (and any meeting rhythm) are in Quyết định số 2605/QĐ-BCĐ, not in
 *    this text: its meetings keep the bot's default.
 *  - The regulation requires attendance (Điều 6.1.c) but sets no absence or substitute procedure:
 *    the bot's defaults (presiding person's consent; substitute allowed with consent) apply.
 *  - Điều 4.1: the vice chair acts for the chair "khi được ủy quyền" and runs day-to-day business.
 */
import { SYSTEM_DEFAULTS, botDefault, botOperationalDefaults, type Preset } from './schema.js';

const AGENCY_REPORT_QUOTE =
  'định kỳ 6 tháng (trước ngày 25 tháng 6), hàng năm (trước ngày 25 tháng 11) hoặc báo cáo đột xuất theo yêu cầu của Trưởng ban';
const STANDING_AGENCY_REPORT_QUOTE =
  'xây dựng báo cáo 6 tháng và báo cáo năm về hoạt động của Ban Chỉ đạo, gửi xin ý kiến các Ủy viên Ban Chỉ đạo trước khi trình Trưởng ban Chỉ đạo';
const MEETING_REPORT_QUOTE =
  'báo cáo kết quả thực hiện nội dung được phân công về Cơ quan thường trực để tổng hợp, báo cáo tại kỳ họp Ban Chỉ đạo';

export const thanhHoa2014: Preset = {
  id: 'thanh-hoa-2014',
  nameVi: 'Thanh Hóa 2014 — Ban Chỉ đạo ứng dụng công nghệ thông tin tỉnh',
  nameEn: 'Thanh Hóa 2014 — Provincial IT Application Steering Committee',
  regulation: {
    titleVi: 'Quy chế làm việc của Ban Chỉ đạo ứng dụng công nghệ thông tin tỉnh Thanh Hóa',
    issuedBy: 'Trưởng ban Chỉ đạo ứng dụng công nghệ thông tin tỉnh Thanh Hóa (Chủ tịch UBND tỉnh)',
    decision: 'Quyết định số 3461/QĐ-BCĐ ngày 16 tháng 10 năm 2014',
    seedFile: '004_2d2ed8fea102fe12.txt',
  },
  settings: {
    bodies: {
      full: {
        nameVi: 'Ban Chỉ đạo ứng dụng công nghệ thông tin tỉnh Thanh Hóa',
        nameEn: 'Thanh Hóa Provincial IT Application Steering Committee',
        article: 'Điều 1.1',
        exists: true,
      },
      standing: {
        nameVi: 'Thường trực Ban Chỉ đạo',
        nameEn: 'Standing Board',
        article: 'Điều 9.2',
        exists: true,
        quote:
          'Thành phần tham dự cuộc họp bao gồm: Trưởng ban, Phó Trưởng ban, các Ủy viên thường trực Ban Chỉ đạo, Chánh Văn phòng UBND tỉnh và Tổ trưởng Tổ giúp việc cho Ban Chỉ đạo.',
      },
      secretariat: {
        nameVi: 'Tổ giúp việc cho Ban Chỉ đạo',
        nameEn: 'Support Team',
        article: 'Điều 8',
        exists: true,
      },
    },
    meetings: {
      full: {
        value: 'yearly',
        article: 'Điều 9.1',
        quote: 'Ban Chỉ đạo họp phiên toàn thể định kỳ một năm một lần.',
      },
      standing: {
        value: 'semiannual',
        article: 'Điều 9.2',
        quote: 'Thường trực Ban Chỉ đạo họp định kỳ 6 tháng một lần.',
      },
      secretariat: botDefault(SYSTEM_DEFAULTS.meetings.secretariat),
      extraordinaryConvenedBy: {
        value: ['chair'],
        article: 'Điều 9.1',
        quote: 'Trường hợp cần thiết, Trưởng ban Chỉ đạo quyết định triệu tập họp đột xuất.',
      },
      extraordinaryProposedBy: botDefault(SYSTEM_DEFAULTS.meetings.extraordinaryProposedBy),
      standingExtraordinaryConvenedBy: {
        value: ['chair', 'vice_chair'],
        article: 'Điều 9.2',
        quote: 'Trường hợp cần thiết, Trưởng ban hoặc Phó Trưởng ban Chỉ đạo quyết định triệu tập cuộc họp đột xuất các Ủy viên thường trực',
      },
      secretariatExtraordinaryConvenedBy: botDefault(SYSTEM_DEFAULTS.meetings.secretariatExtraordinaryConvenedBy),
    },
    documentsLeadTime: {
      value: { unit: 'workingDays', amount: 5 },
      article: 'Điều 9.4',
      quote: 'gửi tài liệu đến các đại biểu tham dự ít nhất 5 ngày làm việc trước cuộc họp',
    },
    documentsCopyToAgencyEmail: botDefault(SYSTEM_DEFAULTS.documentsCopyToAgencyEmail),
    memberReports: {
      value: [
        {
          id: 'member-meeting-report',
          nameVi: 'Báo cáo kết quả thực hiện nội dung được phân công để tổng hợp tại kỳ họp',
          nameEn: 'Report on assigned tasks for each meeting',
          from: 'member',
          to: 'secretariat', // the standing agency (Sở TT&TT)
          period: 'perMeeting',
          // No day in the text. Default: 7 working days before the meeting, so that the standing
          // agency can include it in the documents it must send 5 working days before (Điều 9.4).
          due: { kind: 'beforeMeeting', workingDays: 7 },
          article: 'Điều 9.3',
          quote: MEETING_REPORT_QUOTE,
        },
        {
          id: 'agency-semiannual-report',
          nameVi: 'Báo cáo định kỳ 6 tháng về các chương trình, kế hoạch, đề án, dự án CNTT',
          nameEn: 'Six-monthly report on IT programmes and projects',
          from: 'agency',
          to: 'secretariat', // "gửi về Sở Thông tin và Truyền thông (Cơ quan thường trực)"
          period: 'semiannual',
          // "trước ngày 25 tháng 6" => strictly before: due end of 24/6.
          due: { kind: 'fixedDates', dates: [{ month: 6, day: 25 }], inclusive: false },
          article: 'Điều 11.2',
          quote: AGENCY_REPORT_QUOTE,
        },
        {
          id: 'agency-yearly-report',
          nameVi: 'Báo cáo hằng năm về các chương trình, kế hoạch, đề án, dự án CNTT',
          nameEn: 'Yearly report on IT programmes and projects',
          from: 'agency',
          to: 'secretariat',
          period: 'yearly',
          // "trước ngày 25 tháng 11" => strictly before: due end of 24/11.
          due: { kind: 'fixedDates', dates: [{ month: 11, day: 25 }], inclusive: false },
          article: 'Điều 11.2',
          quote: AGENCY_REPORT_QUOTE,
        },
        {
          id: 'agency-ad-hoc-report',
          nameVi: 'Báo cáo đột xuất theo yêu cầu của Trưởng ban',
          nameEn: 'Ad hoc report at the chair’s request',
          from: 'agency',
          to: 'secretariat',
          period: 'onRequest',
          due: { kind: 'onRequest' },
          article: 'Điều 11.2',
          quote: AGENCY_REPORT_QUOTE,
        },
      ],
      article: 'Điều 9.3, Điều 11.2',
      quote: AGENCY_REPORT_QUOTE,
    },
    secretariatReports: {
      value: [
        {
          id: 'standing-agency-semiannual-report',
          nameVi: 'Báo cáo 6 tháng về hoạt động của Ban Chỉ đạo',
          nameEn: 'Six-monthly report on the committee’s work',
          from: 'secretariat',
          to: 'chair',
          cc: ['member'],
          period: 'semiannual',
          // No day in the text. Default: on or before 15 July, three weeks after the agencies'
          // reports (before 25 June), leaving time for the members' comment round.
          due: { kind: 'fixedDates', dates: [{ month: 7, day: 15 }], inclusive: true },
          commentRoundBeforeSubmission: true,
          article: 'Điều 11.3',
          quote: STANDING_AGENCY_REPORT_QUOTE,
        },
        {
          id: 'standing-agency-yearly-report',
          nameVi: 'Báo cáo năm về hoạt động của Ban Chỉ đạo',
          nameEn: 'Yearly report on the committee’s work',
          from: 'secretariat',
          to: 'chair',
          cc: ['member'],
          period: 'yearly',
          // No day in the text. Default: on or before 15 December, three weeks after the
          // agencies' yearly reports (before 25 November), leaving time for the comment round.
          due: { kind: 'fixedDates', dates: [{ month: 12, day: 15 }], inclusive: true },
          commentRoundBeforeSubmission: true,
          article: 'Điều 11.3',
          quote: STANDING_AGENCY_REPORT_QUOTE,
        },
      ],
      article: 'Điều 11.3',
      quote: STANDING_AGENCY_REPORT_QUOTE,
    },
    absence: {
      // Silent on an absence procedure: bot default (the presiding person's consent).
      requiresConsent: botDefault(SYSTEM_DEFAULTS.absence.requiresConsent),
      attendanceRequired: {
        value: true,
        article: 'Điều 6.1.c',
        quote: 'Tham dự đầy đủ các phiên họp của Ban chỉ đạo',
      },
    },
    substitute: {
      allowed: botDefault(SYSTEM_DEFAULTS.substitute.allowed),
      requiresWrittenOpinion: botDefault(SYSTEM_DEFAULTS.substitute.requiresWrittenOpinion),
    },
    actingChairOrder: {
      value: ['vice_chair'],
      article: 'Điều 4.1',
      quote: 'thay mặt Trưởng ban điều hành hoạt động và xử lý các công việc thường xuyên của Ban Chỉ đạo',
    },
    longAbsenceNoticeMonths: {
      value: 6,
      article: 'Điều 2.4',
      quote:
        'Ủy viên Ban chỉ đạo đi công tác, đi học tập trung trên 6 tháng, nghỉ chế độ hoặc có sự thay đổi về nhân sự thì cơ quan chủ quản phải thông báo bằng văn bản',
    },
    ...botOperationalDefaults(),
  },
};
