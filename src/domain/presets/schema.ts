/**
 * Regulation presets: the settings a committee (Ban Chỉ đạo) runs by, each carrying the article
 * of its regulation (Quy chế) it comes from, so that the bot can always say *why* it does what it
 * does ("theo Điều 11.1.c Quy chế …").
 *
 * Everything here is plain data validated with zod. A setting is a `Cited<T>`:
 *   - `article`: "Điều 11.1.c" style (Điều.Khoản.Điểm), several separated by ", ", or `null` when
 *     the regulation is silent and the value is the bot's default (`SYSTEM_DEFAULTS`);
 *   - `quote`: a short verbatim excerpt of the Vietnamese original (≤ 200 characters);
 *   - `source`: set by `resolveSettings` — 'preset' or 'override' (a committee's own value).
 */
import { MEMBER_ROLES } from '../../../db/schema/members.js';
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/** The committee's roles: one list, kept with the members table. */
export const ROLES = MEMBER_ROLES;
export type Role = (typeof ROLES)[number];

/** full committee; smaller standing body (Thường trực BCĐ); secretariat / working group (Tổ thư ký / Tổ công tác). */
export const BODIES = ['full', 'standing', 'secretariat'] as const;
export type Body = (typeof BODIES)[number];

export const FREQUENCIES = ['monthly', 'quarterly', 'semiannual', 'yearly', 'adhoc', 'none'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const REPORT_PERIODS = ['quarterly', 'semiannual', 'yearly', 'perMeeting', 'onRequest'] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export const PRESET_ID_LIST = [
  'binh-dinh-2019',
  'bac-giang-2021',
  'hai-phong-2020',
  'bo-khcn-2018',
  'thanh-hoa-2014',
] as const;
export type PresetId = (typeof PRESET_ID_LIST)[number];

// ---------------------------------------------------------------------------------------------
// Primitive schemas
// ---------------------------------------------------------------------------------------------

/** "Điều 11", "Điều 11.1", "Điều 11.1.c", "Điều 5.1.đ"; several joined by ", ". */
export const ARTICLE_PATTERN = /^Điều \d+(\.\d+)?(\.[a-zđ])?(, Điều \d+(\.\d+)?(\.[a-zđ])?)*$/;

export const articleSchema = z
  .string()
  .regex(ARTICLE_PATTERN, 'must look like "Điều 11.1.c" (Điều.Khoản.Điểm), several joined by ", "');

export const quoteSchema = z.string().min(1).max(200, 'a quote is a short excerpt: at most 200 characters');

/** 'HH:mm', 24-hour clock, local time (Asia/Ho_Chi_Minh). */
export const localTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour local time "HH:mm" (00:00–23:59)');

export const roleSchema = z.enum(ROLES);
export const bodySchema = z.enum(BODIES);
export const frequencySchema = z.enum(FREQUENCIES);
export const presetIdSchema = z.enum(PRESET_ID_LIST);

const nonNegativeInt = z.int().nonnegative();

/** A list of distinct roles, in order of precedence where order matters. */
const roleListSchema = z
  .array(roleSchema)
  .refine((roles) => new Set(roles).size === roles.length, 'roles must not repeat');

const dayListSchema = z
  .array(nonNegativeInt)
  .refine((days) => new Set(days).size === days.length, 'values must not repeat');

// ---------------------------------------------------------------------------------------------
// Cited<T>
// ---------------------------------------------------------------------------------------------

export type SettingSource = 'preset' | 'override';

export type Cited<T> = {
  value: T;
  article: string | null;
  /** short verbatim Vietnamese excerpt, ≤ 200 chars */
  quote?: string;
  source?: SettingSource;
};

export function citedSchema<S extends z.ZodType>(value: S) {
  return z.strictObject({
    value,
    article: articleSchema.nullable(),
    quote: quoteSchema.optional(),
    source: z.enum(['preset', 'override']).optional(),
  });
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

export const leadTimeSchema = z.discriminatedUnion('unit', [
  z.strictObject({ unit: z.literal('hours'), amount: z.int().positive() }),
  z.strictObject({ unit: z.literal('workingDays'), amount: z.int().positive() }),
  z.strictObject({ unit: z.literal('none') }),
]);
export type LeadTime = z.infer<typeof leadTimeSchema>;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const; // 29/2 allowed

export const monthDaySchema = z
  .strictObject({ month: z.int().min(1).max(12), day: z.int().min(1).max(31) })
  .refine((d) => d.day <= (DAYS_IN_MONTH[d.month - 1] ?? 31), 'no such day in that month');
export type MonthDay = z.infer<typeof monthDaySchema>;

export const dueRuleSchema = z.discriminatedUnion('kind', [
  /**
   * "trước ngày 30/6 và 30/12" => inclusive false: due at the end of 29/6 local (DOMAIN.md "Time").
   * inclusive true means "on or before" the date.
   */
  z.strictObject({
    kind: z.literal('fixedDates'),
    dates: z.array(monthDaySchema).min(1),
    inclusive: z.boolean(),
  }),
  /** N calendar days after the period (quarter, half-year, year) ends. */
  z.strictObject({ kind: z.literal('afterPeriodEnd'), days: nonNegativeInt }),
  /** N working days before each meeting of the full committee. */
  z.strictObject({ kind: z.literal('beforeMeeting'), workingDays: nonNegativeInt }),
  z.strictObject({ kind: z.literal('onRequest') }),
]);
export type DueRule = z.infer<typeof dueRuleSchema>;

export const reportRuleSchema = z
  .strictObject({
    /** kebab-case, unique within a preset */
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
    nameVi: z.string().min(1),
    nameEn: z.string().min(1),
    from: z.enum(['member', 'agency', 'secretariat']),
    to: z.union([roleSchema, z.literal('secretariat')]),
    /** Others the report also goes to (e.g. the secretariat's quarterly report to vice chairs and members). */
    cc: z.array(z.union([roleSchema, z.literal('secretariat')])).optional(),
    period: z.enum(REPORT_PERIODS),
    due: dueRuleSchema,
    /** Thanh Hóa Đ.11.3: the draft is sent to the members for comment before it goes to the chair. */
    commentRoundBeforeSubmission: z.boolean().optional(),
    article: articleSchema.nullable(),
    quote: quoteSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.period === 'onRequest') !== (r.due.kind === 'onRequest')) {
      ctx.addIssue({
        code: 'custom',
        path: ['due', 'kind'],
        message: 'a report on request is due on request, and only such a report is',
      });
    }
    if (r.period === 'perMeeting' && r.due.kind !== 'beforeMeeting') {
      ctx.addIssue({ code: 'custom', path: ['due', 'kind'], message: 'a per-meeting report is due before the meeting' });
    }
    if (r.due.kind === 'beforeMeeting' && r.period !== 'perMeeting') {
      ctx.addIssue({ code: 'custom', path: ['period'], message: 'a report due before a meeting has period perMeeting' });
    }
  });
export type ReportRule = z.infer<typeof reportRuleSchema>;

export const reportRuleListSchema = z.array(reportRuleSchema).superRefine((rules, ctx) => {
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate report id "${r.id}"` });
    seen.add(r.id);
  });
});

export const quorumSchema = z.strictObject({
  /** share of the members (0 < fraction ≤ 1) */
  fraction: z.number().gt(0).max(1),
  /** true: more than `fraction`; false: at least `fraction` */
  strict: z.boolean(),
});
export type Quorum = z.infer<typeof quorumSchema>;

export const remindersSchema = z.strictObject({
  /** remind members of scheduled meetings at all */
  onSchedule: z.boolean(),
  /** calendar days before a meeting */
  daysBefore: dayListSchema,
  /** also on the last working day before the meeting */
  workingDayBefore: z.boolean(),
  /** hours before the meeting starts */
  hoursBefore: z.array(z.int().positive()).refine((h) => new Set(h).size === h.length, 'values must not repeat'),
  /** local time of day for day-based reminders */
  atLocalTime: localTimeSchema,
});
export type Reminders = z.infer<typeof remindersSchema>;

export const quietHoursSchema = z
  .strictObject({ start: localTimeSchema, end: localTimeSchema })
  .refine((q) => q.start !== q.end, 'quiet hours must not start and end at the same time');
export type QuietHours = z.infer<typeof quietHoursSchema>;

export const bodyInfoSchema = z.strictObject({
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  article: articleSchema.nullable(),
  /** false when the regulation has no such body (the bot then never schedules its meetings) */
  exists: z.boolean(),
  quote: quoteSchema.optional(),
});
export type BodyInfo = z.infer<typeof bodyInfoSchema>;

// ---------------------------------------------------------------------------------------------
// RegulationSettings
// ---------------------------------------------------------------------------------------------

/**
 * The settings of one regulation. Names from the shared brief, plus a few settings found in the
 * texts (marked "added"):
 *   - meetings.extraordinaryProposedBy: who may *propose* an extraordinary meeting
 *     (Bình Định Đ.11.1.a: "theo đề nghị của Thành viên thường trực");
 *   - meetings.standingExtraordinaryConvenedBy / secretariatExtraordinaryConvenedBy: who convenes
 *     extraordinary meetings of the smaller bodies (Thanh Hóa Đ.9.2; "theo yêu cầu của Tổ trưởng");
 *   - documentsCopyToAgencyEmail: documents also go to the member's agency's official e-mail
 *     (Bình Định Đ.11.2.b, Bắc Giang Đ.10.5);
 *   - absence.attendanceRequired: "Tham dự đầy đủ các cuộc họp" (all five);
 *   - longAbsenceNoticeMonths: a member away longer than N months must be replaced on the agency's
 *     written notice (Thanh Hóa Đ.2.4); null when not regulated.
 */
export const regulationSettingsSchema = z.strictObject({
  bodies: z.strictObject({
    full: bodyInfoSchema,
    standing: bodyInfoSchema,
    secretariat: bodyInfoSchema,
  }),
  meetings: z.strictObject({
    full: citedSchema(frequencySchema),
    standing: citedSchema(frequencySchema),
    secretariat: citedSchema(frequencySchema),
    extraordinaryConvenedBy: citedSchema(roleListSchema.min(1)),
    /** added */
    extraordinaryProposedBy: citedSchema(roleListSchema),
    /** added */
    standingExtraordinaryConvenedBy: citedSchema(roleListSchema.min(1)),
    /** added */
    secretariatExtraordinaryConvenedBy: citedSchema(roleListSchema.min(1)),
  }),
  documentsLeadTime: citedSchema(leadTimeSchema),
  /** added */
  documentsCopyToAgencyEmail: citedSchema(z.boolean()),
  memberReports: citedSchema(reportRuleListSchema),
  secretariatReports: citedSchema(reportRuleListSchema),
  absence: z.strictObject({
    requiresConsent: citedSchema(z.boolean()),
    /** added */
    attendanceRequired: citedSchema(z.boolean()),
  }),
  substitute: z.strictObject({
    allowed: citedSchema(z.boolean()),
    requiresWrittenOpinion: citedSchema(z.boolean()),
  }),
  /** who acts for the chair, in order */
  actingChairOrder: citedSchema(roleListSchema.min(1)),
  /** added */
  longAbsenceNoticeMonths: citedSchema(z.int().positive().nullable()),
  quorum: citedSchema(quorumSchema),
  reminders: citedSchema(remindersSchema),
  quietHours: citedSchema(quietHoursSchema),
  approvalWindowWorkingDays: citedSchema(z.int().positive()),
  reportReminderWorkingDays: citedSchema(dayListSchema),
  overdueEscalationWorkingDays: citedSchema(z.int().positive()),
});
export type RegulationSettings = z.infer<typeof regulationSettingsSchema>;

export const presetSchema = z.strictObject({
  id: presetIdSchema,
  nameVi: z.string().min(1),
  nameEn: z.string().min(1),
  regulation: z.strictObject({
    titleVi: z.string().min(1),
    issuedBy: z.string().min(1),
    /** "Quyết định số …/QĐ-… ngày …" as the text gives it ("…" where the text leaves it blank) */
    decision: z.string().min(1),
    /** file name in shared/seeds/ */
    seedFile: z.string().regex(/^\d{3}_[0-9a-f]+\.txt$/),
  }),
  settings: regulationSettingsSchema,
});
export type Preset = z.infer<typeof presetSchema>;

// ---------------------------------------------------------------------------------------------
// The bot's defaults, used where a regulation is silent (article null)
// ---------------------------------------------------------------------------------------------

const byDefault = <T>(value: T): Cited<T> => ({ value, article: null });

/**
 * Every setting's value when no regulation says otherwise. A preset's setting whose article is
 * null must carry exactly this value (a unit test holds the presets to it). Custom committees
 * start from these.
 */
export const SYSTEM_DEFAULTS: RegulationSettings = {
  bodies: {
    full: { nameVi: 'Ban Chỉ đạo', nameEn: 'Steering Committee', article: null, exists: true },
    standing: { nameVi: 'Thường trực Ban Chỉ đạo', nameEn: 'Standing Board', article: null, exists: false },
    secretariat: { nameVi: 'Tổ thư ký', nameEn: 'Secretariat', article: null, exists: true },
  },
  meetings: {
    full: byDefault<Frequency>('quarterly'),
    standing: byDefault<Frequency>('none'),
    secretariat: byDefault<Frequency>('adhoc'),
    extraordinaryConvenedBy: byDefault<Role[]>(['chair']),
    extraordinaryProposedBy: byDefault<Role[]>([]),
    standingExtraordinaryConvenedBy: byDefault<Role[]>(['chair']),
    secretariatExtraordinaryConvenedBy: byDefault<Role[]>(['secretariat_lead']),
  },
  documentsLeadTime: byDefault<LeadTime>({ unit: 'none' }),
  documentsCopyToAgencyEmail: byDefault(false),
  memberReports: byDefault<ReportRule[]>([]),
  secretariatReports: byDefault<ReportRule[]>([]),
  absence: {
    requiresConsent: byDefault(true),
    attendanceRequired: byDefault(true),
  },
  substitute: {
    allowed: byDefault(true),
    requiresWrittenOpinion: byDefault(false),
  },
  actingChairOrder: byDefault<Role[]>(['standing_vice_chair', 'vice_chair']),
  longAbsenceNoticeMonths: byDefault<number | null>(null),
  quorum: byDefault<Quorum>({ fraction: 0.5, strict: true }),
  reminders: byDefault<Reminders>({
    onSchedule: true,
    daysBefore: [7],
    workingDayBefore: true,
    hoursBefore: [2],
    atLocalTime: '08:00',
  }),
  quietHours: byDefault<QuietHours>({ start: '21:00', end: '07:00' }),
  approvalWindowWorkingDays: byDefault(1),
  reportReminderWorkingDays: byDefault([14, 3, 0]),
  overdueEscalationWorkingDays: byDefault(5),
};

/** The settings that are the same bot defaults in every preset (no regulation sets them). */
export function botOperationalDefaults(): Pick<
  RegulationSettings,
  | 'quorum'
  | 'reminders'
  | 'quietHours'
  | 'approvalWindowWorkingDays'
  | 'reportReminderWorkingDays'
  | 'overdueEscalationWorkingDays'
> {
  const d = structuredClone(SYSTEM_DEFAULTS);
  return {
    quorum: d.quorum,
    reminders: d.reminders,
    quietHours: d.quietHours,
    approvalWindowWorkingDays: d.approvalWindowWorkingDays,
    reportReminderWorkingDays: d.reportReminderWorkingDays,
    overdueEscalationWorkingDays: d.overdueEscalationWorkingDays,
  };
}

/** A fresh copy of one default setting, for a preset whose regulation is silent on it. */
export function botDefault<T>(setting: Cited<T>): Cited<T> {
  return structuredClone({ value: setting.value, article: null });
}
