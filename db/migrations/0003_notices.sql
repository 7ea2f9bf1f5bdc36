CREATE TABLE `notice_acks` (
	`notice_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`notice_id`, `member_id`),
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`committee_id` integer NOT NULL,
	`author_id` integer,
	`audience` text NOT NULL,
	`text` text NOT NULL,
	`file_name` text,
	`file_id` text,
	`file_platform` text,
	`ack_requested` integer DEFAULT false NOT NULL,
	`send_at` integer NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`recipients` integer NOT NULL,
	`report_key` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notices_committee_idx` ON `notices` (`committee_id`);