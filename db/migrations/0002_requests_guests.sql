CREATE TABLE `meeting_guests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`for_member_id` integer NOT NULL,
	`name` text NOT NULL,
	`title` text,
	`agency` text,
	`contact` text,
	`code_hash` text NOT NULL,
	`code_expires_at` integer NOT NULL,
	`address` text,
	`bound_at` integer,
	`locale` text DEFAULT 'vi' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`for_member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_guests_code_hash_unique` ON `meeting_guests` (`code_hash`);--> statement-breakpoint
CREATE INDEX `meeting_guests_meeting_idx` ON `meeting_guests` (`meeting_id`);--> statement-breakpoint
CREATE INDEX `meeting_guests_address_idx` ON `meeting_guests` (`address`);--> statement-breakpoint
CREATE TABLE `requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`kind` text NOT NULL,
	`reason` text,
	`substitute_name` text,
	`substitute_title` text,
	`substitute_agency` text,
	`substitute_contact` text,
	`opinion_text` text,
	`opinion_file_id` text,
	`opinion_file_name` text,
	`opinion_platform` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`approver_id` integer NOT NULL,
	`approver_chain` text NOT NULL,
	`escalate_at` integer,
	`nonce` text NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`decision_note` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`approver_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `requests_meeting_idx` ON `requests` (`meeting_id`);--> statement-breakpoint
CREATE INDEX `requests_pending_idx` ON `requests` (`status`,`escalate_at`);--> statement-breakpoint
CREATE INDEX `requests_member_idx` ON `requests` (`member_id`);