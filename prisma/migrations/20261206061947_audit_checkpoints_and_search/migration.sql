-- DropIndex
DROP INDEX "AuditEntry_entityType_entityId_idx";

-- DropIndex
DROP INDEX "AuditEntry_agencyId_at_idx";

-- CreateTable
CREATE TABLE "AuditCheckpoint" (
    "number" INTEGER NOT NULL,
    "objectKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "firstSeq" BIGINT NOT NULL,
    "headSeq" BIGINT NOT NULL,
    "headHash" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "signature" TEXT NOT NULL,
    "body" BYTEA NOT NULL,

    CONSTRAINT "AuditCheckpoint_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "AuditVerification" (
    "id" BIGSERIAL NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "intact" BOOLEAN NOT NULL,
    "requestedBy" TEXT,
    "report" JSONB NOT NULL,

    CONSTRAINT "AuditVerification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditCheckpoint_headSeq_idx" ON "AuditCheckpoint"("headSeq");

-- CreateIndex
CREATE INDEX "AuditVerification_finishedAt_idx" ON "AuditVerification"("finishedAt");

-- CreateIndex
CREATE INDEX "AuditEntry_agencyId_seq_idx" ON "AuditEntry"("agencyId", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_actorId_seq_idx" ON "AuditEntry"("actorId", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_action_seq_idx" ON "AuditEntry"("action", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_outcome_seq_idx" ON "AuditEntry"("outcome", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_entityType_entityId_seq_idx" ON "AuditEntry"("entityType", "entityId", "seq");

-- CreateIndex
CREATE INDEX "AuditEntry_at_seq_idx" ON "AuditEntry"("at", "seq");

-- Hand-written below: the index of checkpoints is append-only like the trail it anchors (decision
-- 0036); the grants then give the console's role INSERT and SELECT on it only (decision 0033).
CREATE TRIGGER "AuditCheckpoint_append_only" BEFORE UPDATE OR DELETE ON "AuditCheckpoint"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "AuditCheckpoint_no_truncate" BEFORE TRUNCATE ON "AuditCheckpoint"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
