-- The rate card and the footprint coefficients (issue 14, decision 0048): versions dated by the local day they take
-- effect, each version's prices (10^-4 đồng per billing unit) and its storage media. Append-only: a change is a
-- new version, never an edit.
-- CreateEnum
CREATE TYPE "ChargeBasis" AS ENUM ('granted', 'max_requested_used', 'used');

-- CreateEnum
CREATE TYPE "StorageMedium" AS ENUM ('ssd', 'hdd');

-- CreateTable
CREATE TABLE "RateCardVersion" (
    "id" UUID NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "createdByLabel" TEXT NOT NULL,

    CONSTRAINT "RateCardVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateCardPrice" (
    "versionId" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "price" BIGINT NOT NULL,
    "basis" "ChargeBasis" NOT NULL,

    CONSTRAINT "RateCardPrice_pkey" PRIMARY KEY ("versionId","resource")
);

-- CreateTable
CREATE TABLE "FootprintVersion" (
    "id" UUID NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "minWattsPerVcpu" BIGINT NOT NULL,
    "maxWattsPerVcpu" BIGINT NOT NULL,
    "fallbackCpuUtilisation" BIGINT NOT NULL,
    "memoryWhPerGibHour" BIGINT NOT NULL,
    "ssdWhPerTbHour" BIGINT NOT NULL,
    "hddWhPerTbHour" BIGINT NOT NULL,
    "pue" BIGINT NOT NULL,
    "gridKgCo2ePerKwh" BIGINT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "createdByLabel" TEXT NOT NULL,

    CONSTRAINT "FootprintVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FootprintMedia" (
    "versionId" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "medium" "StorageMedium" NOT NULL,
    "replicas" INTEGER NOT NULL,

    CONSTRAINT "FootprintMedia_pkey" PRIMARY KEY ("versionId","resource")
);

-- CreateIndex
CREATE UNIQUE INDEX "RateCardVersion_effectiveFrom_key" ON "RateCardVersion"("effectiveFrom");

-- CreateIndex
CREATE UNIQUE INDEX "FootprintVersion_effectiveFrom_key" ON "FootprintVersion"("effectiveFrom");

-- AddForeignKey
ALTER TABLE "RateCardPrice" ADD CONSTRAINT "RateCardPrice_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "RateCardVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FootprintMedia" ADD CONSTRAINT "FootprintMedia_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "FootprintVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below: Prisma cannot say these.
-- Versions are history: UPDATE, DELETE and TRUNCATE are refused (the app role then gets INSERT and SELECT only,
-- server/db/grants.ts). Prices and media are written with their version, in the same transaction.
CREATE TRIGGER "RateCardVersion_append_only" BEFORE UPDATE OR DELETE ON "RateCardVersion"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "RateCardVersion_no_truncate" BEFORE TRUNCATE ON "RateCardVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "RateCardPrice_append_only" BEFORE UPDATE OR DELETE ON "RateCardPrice"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "RateCardPrice_no_truncate" BEFORE TRUNCATE ON "RateCardPrice"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "FootprintVersion_append_only" BEFORE UPDATE OR DELETE ON "FootprintVersion"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "FootprintVersion_no_truncate" BEFORE TRUNCATE ON "FootprintVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "FootprintMedia_append_only" BEFORE UPDATE OR DELETE ON "FootprintMedia"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "FootprintMedia_no_truncate" BEFORE TRUNCATE ON "FootprintMedia"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();

-- What the domain refuses, held by the database too (server/domain/rate-card.ts, footprint-input.ts).
ALTER TABLE "RateCardPrice" ADD CONSTRAINT "RateCardPrice_not_negative" CHECK ("price" >= 0);
ALTER TABLE "FootprintVersion" ADD CONSTRAINT "FootprintVersion_figures" CHECK (
  "minWattsPerVcpu" >= 0 AND "minWattsPerVcpu" <= "maxWattsPerVcpu"
  AND "fallbackCpuUtilisation" BETWEEN 0 AND 1000000
  AND "memoryWhPerGibHour" >= 0 AND "ssdWhPerTbHour" >= 0 AND "hddWhPerTbHour" >= 0
  AND "pue" >= 1000000 AND "gridKgCo2ePerKwh" >= 0);
ALTER TABLE "FootprintMedia" ADD CONSTRAINT "FootprintMedia_replicas" CHECK ("replicas" BETWEEN 1 AND 10);
