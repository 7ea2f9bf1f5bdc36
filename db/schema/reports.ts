import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { committees } from './committees.js';
import { members } from './members.js';

/**
 * A periodic report handed in for an obligation (a preset ReportRule) and a period
 * (`2026-Q1`, `2026-H1`, `2026`, `meeting:12`, `request:3`). One per member, rule and period.
 */
export const reportSubmissions = sqliteTable(
  'report_submissions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    committeeId: integer('committee_id').notNull().references(() => committees.id),
    ruleId: text('rule_id').notNull(),
    period: text('period').notNull(),
    memberId: integer('member_id').notNull().references(() => members.id),
    text: text('text'),
    fileName: text('file_name'),
    fileId: text('file_id'),
    platform: text('platform'),
    localPath: text('local_path'),
    dueAt: integer('due_at').notNull(),
    submittedAt: integer('submitted_at').notNull(),
    late: integer('late', { mode: 'boolean' }).notNull().default(false),
    /** Shown to the member as the receipt number, e.g. `BC-2026-000123`. */
    receipt: text('receipt').notNull(),
  },
  (t) => [
    uniqueIndex('report_submissions_uq').on(t.committeeId, t.ruleId, t.period, t.memberId),
    index('report_submissions_member_idx').on(t.memberId),
  ],
);
