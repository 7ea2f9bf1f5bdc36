DROP INDEX `processed_updates_at_idx`;--> statement-breakpoint
DROP INDEX `outbox_due_idx`;--> statement-breakpoint
ALTER TABLE `outbox` ADD `parts_sent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`lane`,`not_before`) WHERE status IN ('pending', 'sending');--> statement-breakpoint
ALTER TABLE `notices` ADD `fan_out_ids` text;--> statement-breakpoint
ALTER TABLE `notices` ADD `fan_out_done` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `notices_fan_out_idx` ON `notices` (`id`) WHERE fan_out_ids IS NOT NULL;