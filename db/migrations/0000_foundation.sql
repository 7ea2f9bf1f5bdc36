CREATE TABLE `committees` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`preset_id` text NOT NULL,
	`settings_overrides` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`committee_id` integer NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`title` text,
	`agency` text,
	`phone` text,
	`email` text,
	`agency_email` text,
	`locale` text DEFAULT 'vi' NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`committee_id`) REFERENCES `committees`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `members_committee_idx` ON `members` (`committee_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `members_committee_phone_uq` ON `members` (`committee_id`,`phone`) WHERE "members"."phone" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `chat_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`platform` text NOT NULL,
	`user_id` text NOT NULL,
	`address` text NOT NULL,
	`display_name` text,
	`priority` integer DEFAULT 0 NOT NULL,
	`reachable` integer DEFAULT true NOT NULL,
	`unreachable_reason` text,
	`bound_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_accounts_platform_user_uq` ON `chat_accounts` (`platform`,`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `chat_accounts_address_uq` ON `chat_accounts` (`address`);--> statement-breakpoint
CREATE INDEX `chat_accounts_member_idx` ON `chat_accounts` (`member_id`);--> statement-breakpoint
CREATE TABLE `invite_attempts` (
	`address` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`window_started_at` integer NOT NULL,
	`locked_until` integer
);
--> statement-breakpoint
CREATE TABLE `invites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`member_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by_address` text,
	`revoked_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invites_code_hash_unique` ON `invites` (`code_hash`);--> statement-breakpoint
CREATE INDEX `invites_member_idx` ON `invites` (`member_id`);--> statement-breakpoint
CREATE TABLE `processed_updates` (
	`source` text NOT NULL,
	`update_id` text NOT NULL,
	`processed_at` integer NOT NULL,
	PRIMARY KEY(`source`, `update_id`)
);
--> statement-breakpoint
CREATE INDEX `processed_updates_at_idx` ON `processed_updates` (`processed_at`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`idempotency_key` text NOT NULL,
	`lane` text NOT NULL,
	`member_id` integer,
	`address` text,
	`message` text NOT NULL,
	`topic` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer NOT NULL,
	`claimed_by` text,
	`lease_until` integer,
	`last_error` text,
	`sent_address` text,
	`sent_ref` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_idempotency_key_unique` ON `outbox` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`lane`,`not_before`);--> statement-breakpoint
CREATE INDEX `outbox_topic_idx` ON `outbox` (`topic`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `audit_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `chat_state` (
	`address` text NOT NULL,
	`kind` text NOT NULL,
	`data` text NOT NULL,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`address`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
