DROP INDEX `outbox_topic_idx`;--> statement-breakpoint
CREATE INDEX `outbox_notice_topic_idx` ON `outbox` (`topic`) WHERE topic LIKE 'notice:%';