-- Hand-written (decision 0062): a month row again, but never from the metering's hourly write. The
-- statements job writes a closed month's rows once, from its day rows (server/metering/month-rows.ts);
-- afterwards the write path moves them with a late correction in the same statement as the day's.
-- The CHECK of 20261206223000_rollup_days_only guarded the write path against upserting a month row
-- per record; it becomes: a month row starts on the first of its month (a day row on any day).
ALTER TABLE "UsageRollup" DROP CONSTRAINT "UsageRollup_days_only";
ALTER TABLE "UsageRollup" ADD CONSTRAINT "UsageRollup_month_rows"
  CHECK ("period" = 'day' OR "start" = date_trunc('month', "start")::date);
