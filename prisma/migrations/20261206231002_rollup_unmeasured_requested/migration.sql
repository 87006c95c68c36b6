-- AlterTable
ALTER TABLE "UsageRollup" ADD COLUMN     "unmeasuredRequestedSum" BIGINT NOT NULL DEFAULT 0;

-- Hand-written below: the day rows already there (the rollups keep days only), from the current revision of
-- each hour's records, with the local day (UTC+7 all year) the write path uses.
WITH latest AS (
  SELECT DISTINCT ON ("projectId", "hour", "resource") "projectId", "resource", "hour", "requested", "used"
    FROM "UsageRecord" ORDER BY "projectId", "hour", "resource", "revision" DESC
), sums AS (
  SELECT "projectId", "resource", ("hour" + interval '7 hours')::date AS start,
         coalesce(sum("requested") FILTER (WHERE "used" IS NULL), 0) AS total
    FROM latest GROUP BY 1, 2, 3
)
UPDATE "UsageRollup" r SET "unmeasuredRequestedSum" = s.total
  FROM sums s
 WHERE r."projectId" = s."projectId" AND r."resource" = s."resource" AND r."period" = 'day' AND r."start" = s.start
   AND s.total <> 0;
