import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';
import { committees } from './committees.js';

export const MEMBER_ROLES = [
  'chair',
  'standing_vice_chair',
  'vice_chair',
  'standing_member',
  'member',
  'secretariat_lead',
  'secretary',
] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const LOCALES = ['vi', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export const members = sqliteTable(
  'members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    committeeId: integer('committee_id').notNull().references(() => committees.id),
    name: text('name').notNull(),
    role: text('role', { enum: MEMBER_ROLES }).notNull(),
    title: text('title'),
    agency: text('agency'),
    phone: text('phone'),
    email: text('email'),
    agencyEmail: text('agency_email'),
    locale: text('locale', { enum: LOCALES }).notNull().default('vi'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('members_committee_idx').on(t.committeeId),
    // A phone number identifies one person within a committee (CSV import refuses duplicates).
    uniqueIndex('members_committee_phone_uq').on(t.committeeId, t.phone).where(sql`${t.phone} IS NOT NULL`),
  ],
);
