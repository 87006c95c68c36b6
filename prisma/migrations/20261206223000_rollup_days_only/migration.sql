-- Hand-written below (decision 0047, "The write path's speed"): the rollups keep days only. The metering's
-- write path upserted a day row and a month row for every record; it now upserts the day's alone, and a
-- month is read as the sum of its at most 31 days (server/metering/rollups.ts). The month rows already here
-- would go stale from the next hour on, so they go; the CHECK keeps any writer from bringing them back
-- (the enum keeps 'month': dropping a value means rebuilding the type under the table's primary key).
DELETE FROM "UsageRollup" WHERE "period" = 'month';
ALTER TABLE "UsageRollup" ADD CONSTRAINT "UsageRollup_days_only" CHECK ("period" = 'day');
