-- The rollups carry the default charge basis (decisions 0047 and 0048): Σ of each hour's max(requested, used),
-- which cannot be rebuilt from requestedSum and usedSum. An hour whose use is not measured counts what was
-- requested, an hour with neither counts nothing (GREATEST ignores NULLs); its measured hours are "usedHours".
-- AlterTable
ALTER TABLE "UsageRollup" ADD COLUMN     "maxRequestedUsedSum" BIGINT NOT NULL DEFAULT 0;

-- Hand-written below: the rows already there, from the current revision of each hour's records, with the local
-- day (UTC+7 all year) and month the write path uses.
WITH latest AS (
  SELECT DISTINCT ON ("projectId", "hour", "resource") "projectId", "resource", "hour", "requested", "used"
    FROM "UsageRecord" ORDER BY "projectId", "hour", "resource", "revision" DESC
), local AS (
  SELECT "projectId", "resource", ("hour" + interval '7 hours')::date AS day,
         coalesce(GREATEST("requested", "used"), 0) AS occupied
    FROM latest
), sums AS (
  SELECT "projectId", "resource", 'day'::"UsagePeriod" AS period, day AS start, sum(occupied) AS total
    FROM local GROUP BY 1, 2, 4
  UNION ALL
  SELECT "projectId", "resource", 'month'::"UsagePeriod", date_trunc('month', day)::date, sum(occupied)
    FROM local GROUP BY 1, 2, 4
)
UPDATE "UsageRollup" r SET "maxRequestedUsedSum" = s.total
  FROM sums s
 WHERE r."projectId" = s."projectId" AND r."resource" = s."resource" AND r."period" = s.period AND r."start" = s.start;
