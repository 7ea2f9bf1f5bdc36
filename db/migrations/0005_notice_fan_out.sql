ALTER TABLE `notices` ADD `fan_out_ids` text;--> statement-breakpoint
ALTER TABLE `notices` ADD `fan_out_done` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `notices_fan_out_idx` ON `notices` (`id`) WHERE fan_out_ids IS NOT NULL;