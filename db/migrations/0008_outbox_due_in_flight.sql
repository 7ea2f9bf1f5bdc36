DROP INDEX `outbox_due_idx`;--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`lane`,`not_before`) WHERE status IN ('pending', 'sending');