CREATE TABLE `meeting_attendees` (
	`meeting_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`status` text DEFAULT 'invited' NOT NULL,
	`responded_at` integer,
	`documents_received_at` integer,
	PRIMARY KEY(`meeting_id`, `member_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attendees_member_idx` ON `meeting_attendees` (`member_id`);--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`committee_id` integer NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT 'full' NOT NULL,
	`kind` text DEFAULT 'regular' NOT NULL,
	`starts_at` integer NOT NULL,
	`location` text,
	`online_link` text,
	`presider_id` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`documents_due_at` integer,
	`documents_rule` text,
	`documents_published_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`presider_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `meetings_committee_idx` ON `meetings` (`committee_id`,`starts_at`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`name` text NOT NULL,
	`mime` text,
	`size` integer,
	`platform` text,
	`file_id` text,
	`local_path` text,
	`url` text,
	`uploaded_by` text NOT NULL,
	`uploaded_at` integer NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_meeting_idx` ON `documents` (`meeting_id`);--> statement-breakpoint
CREATE TABLE `reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`committee_id` integer NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`member_id` integer,
	`due_at` integer NOT NULL,
	`expires_at` integer,
	`urgent` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'planned' NOT NULL,
	`data` text,
	`note` text,
	`created_at` integer NOT NULL,
	`settled_at` integer,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminders_key_unique` ON `reminders` (`key`);--> statement-breakpoint
CREATE INDEX `reminders_due_idx` ON `reminders` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `reminders_subject_idx` ON `reminders` (`subject`);--> statement-breakpoint
CREATE TABLE `report_submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`committee_id` integer NOT NULL,
	`rule_id` text NOT NULL,
	`period` text NOT NULL,
	`member_id` integer NOT NULL,
	`text` text,
	`file_name` text,
	`file_id` text,
	`platform` text,
	`local_path` text,
	`due_at` integer NOT NULL,
	`submitted_at` integer NOT NULL,
	`late` integer DEFAULT false NOT NULL,
	`receipt` text NOT NULL,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_submissions_uq` ON `report_submissions` (`committee_id`,`rule_id`,`period`,`member_id`);--> statement-breakpoint
CREATE INDEX `report_submissions_member_idx` ON `report_submissions` (`member_id`);