-- Hand-written (decision 0073): a closed month's rows are one per project, resource and stretch of
-- the month under one rate card and one set of footprint coefficients, starting on the stretch's
-- first day (server/metering/month-rows.ts), so a month row may start on any day of its month.
-- The CHECK of 20261207023000_rollup_month_rows (a month row starts on the 1st) goes; no CHECK can
-- say which days a version starts on.
ALTER TABLE "UsageRollup" DROP CONSTRAINT "UsageRollup_month_rows";
-- Months whose rows were written whole although a version took effect within them: deleted, so the
-- statements job writes them again per stretch on its next run (the same sums, so no new version).
DELETE FROM "UsageRollup" r
 WHERE r."period" = 'month'
   AND EXISTS (SELECT 1 FROM (SELECT "effectiveFrom" AS d FROM "RateCardVersion"
                              UNION SELECT "effectiveFrom" FROM "FootprintVersion") v
                WHERE v.d > date_trunc('month', r."start")::date
                  AND v.d < (date_trunc('month', r."start") + interval '1 month')::date);
