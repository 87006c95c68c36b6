-- CreateTable
CREATE TABLE "CapacityReading" (
    "id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "totals" JSONB NOT NULL,
    "detail" JSONB NOT NULL,

    CONSTRAINT "CapacityReading_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PoolVersion" (
    "id" UUID NOT NULL,
    "poolId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "resources" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "readingId" UUID,

    CONSTRAINT "PoolVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CapacityReading_source_readAt_idx" ON "CapacityReading"("source", "readAt");

-- CreateIndex
CREATE UNIQUE INDEX "PoolVersion_poolId_version_key" ON "PoolVersion"("poolId", "version");

-- AddForeignKey
ALTER TABLE "PoolVersion" ADD CONSTRAINT "PoolVersion_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "CapacityPool"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolVersion" ADD CONSTRAINT "PoolVersion_readingId_fkey" FOREIGN KEY ("readingId") REFERENCES "CapacityReading"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The evidence and the history of pools are append-only, as the audit trail and the ledger are:
-- a version says what an operator set and on which reading, and neither may be rewritten.
CREATE TRIGGER "CapacityReading_append_only" BEFORE UPDATE OR DELETE ON "CapacityReading"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "PoolVersion_append_only" BEFORE UPDATE OR DELETE ON "PoolVersion"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
ALTER TABLE "PoolVersion" ADD CONSTRAINT "PoolVersion_version_positive" CHECK ("version" >= 1);
ALTER TABLE "CapacityReading" ADD CONSTRAINT "CapacityReading_source_known" CHECK ("source" IN ('kubernetes', 'storage'));

-- Pools made before versions were kept get their present figures as version 1, so every pool's
-- history starts somewhere; they were read from no platform reading.
INSERT INTO "PoolVersion" ("id", "poolId", "version", "actorLabel", "resources", "reason")
SELECT gen_random_uuid(), p."id", 1, 'system',
       COALESCE((SELECT jsonb_agg(jsonb_build_object(
                   'resource', r."resource", 'physical', r."physical"::text,
                   'overcommitNum', r."overcommitNum", 'overcommitDen', r."overcommitDen",
                   'allocated', r."allocated"::text) ORDER BY r."resource")
                 FROM "PoolResource" r WHERE r."poolId" = p."id"), '[]'::jsonb),
       'as the pool stood when versions began to be kept'
  FROM "CapacityPool" p;
