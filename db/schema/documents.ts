import { sqliteTable, integer, text, index } from 'drizzle-orm/sqlite-core';
import { meetings } from './meetings.js';

/** A meeting document: an uploaded file (platform file id + local copy) or a link. */
export const documents = sqliteTable(
  'documents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    meetingId: integer('meeting_id').notNull().references(() => meetings.id),
    name: text('name').notNull(),
    mime: text('mime'),
    size: integer('size'),
    /** Platform that holds `fileId` (`telegram`, `zalo_oa` …); null for links. */
    platform: text('platform'),
    fileId: text('file_id'),
    /** Copy under the data folder, once downloaded. */
    localPath: text('local_path'),
    url: text('url'),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: integer('uploaded_at').notNull(),
    removedAt: integer('removed_at'),
  },
  (t) => [index('documents_meeting_idx').on(t.meetingId)],
);
