-- A notice of failed or missing backups (issue 15, decision 0056).
ALTER TYPE "NotificationKind" ADD VALUE IF NOT EXISTS 'backup_unhealthy';
