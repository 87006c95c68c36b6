-- Usage metering (issue 14, decision 0047): one record per project, resource and UTC hour, appended by the
-- metering job (a correction is a new revision, never an UPDATE); daily and monthly rollups of the current
-- records kept by the same statement; the hours the job has passed over.
CREATE TYPE "UsagePeriod" AS ENUM ('day', 'month');

-- CreateTable
CREATE TABLE "UsageRecord" (
    "projectId" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "revision" INTEGER NOT NULL,
    "granted" BIGINT,
    "requested" BIGINT,
    "used" BIGINT,
    "usedPeak" BIGINT,
    "refusal" TEXT,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("projectId","hour","resource","revision")
);

-- CreateTable
CREATE TABLE "UsageRollup" (
    "projectId" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "period" "UsagePeriod" NOT NULL,
    "start" DATE NOT NULL,
    "hours" INTEGER NOT NULL DEFAULT 0,
    "usedHours" INTEGER NOT NULL DEFAULT 0,
    "usedSum" BIGINT NOT NULL DEFAULT 0,
    "usedPeak" BIGINT,
    "requestedHours" INTEGER NOT NULL DEFAULT 0,
    "requestedSum" BIGINT NOT NULL DEFAULT 0,
    "grantedHours" INTEGER NOT NULL DEFAULT 0,
    "grantedSum" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "UsageRollup_pkey" PRIMARY KEY ("projectId","resource","period","start")
);

-- CreateTable
CREATE TABLE "MeteringHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "passes" INTEGER NOT NULL,
    "firstAt" TIMESTAMP(3) NOT NULL,
    "lastAt" TIMESTAMP(3) NOT NULL,
    "appended" INTEGER NOT NULL,

    CONSTRAINT "MeteringHour_pkey" PRIMARY KEY ("hour")
);

-- CreateIndex
CREATE INDEX "UsageRollup_period_start_idx" ON "UsageRollup"("period", "start");

-- Hand-written below: Prisma cannot say these.
-- The records are history: the console's role gets INSERT and SELECT only (server/db/grants.ts).
CREATE TRIGGER "UsageRecord_append_only" BEFORE UPDATE OR DELETE ON "UsageRecord"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "UsageRecord_no_truncate" BEFORE TRUNCATE ON "UsageRecord"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_hour_whole" CHECK ("hour" = date_trunc('hour', "hour"));
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_revision_not_negative" CHECK ("revision" >= 0);
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_amounts_not_negative"
  CHECK ("granted" >= 0 AND "requested" >= 0 AND "used" >= 0 AND "usedPeak" >= 0);
-- No CHECK on UsageRollup: its upsert proposes each record's delta as the row to insert, and PostgreSQL checks
-- a proposed row before it finds the conflict, so a correction's negative delta would be refused.
