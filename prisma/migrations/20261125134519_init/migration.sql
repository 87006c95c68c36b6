-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AgencyStatus" AS ENUM ('active', 'merged');

-- CreateEnum
CREATE TYPE "RequestKind" AS ENUM ('new', 'increase', 'decrease');

-- CreateEnum
CREATE TYPE "RequestState" AS ENUM ('draft', 'submitted', 'returned', 'approved', 'rejected', 'withdrawn', 'provisioning', 'active', 'expired', 'revoked');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('full', 'partial');

-- CreateEnum
CREATE TYPE "VoteKind" AS ENUM ('approve', 'sign_off', 'reject', 'return');

-- CreateEnum
CREATE TYPE "AllocationState" AS ENUM ('active', 'expired', 'revoked');

-- CreateEnum
CREATE TYPE "PoolKind" AS ENUM ('compute', 'volume', 'objectStorage', 'backup');

-- CreateTable
CREATE TABLE "Agency" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "parentId" UUID,
    "status" "AgencyStatus" NOT NULL DEFAULT 'active',
    "mergedIntoId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Agency_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Project" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "securityLevel" INTEGER NOT NULL,
    "processesPersonalData" BOOLEAN NOT NULL DEFAULT false,
    "contactName" TEXT NOT NULL,
    "contactEmail" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StorageClass" (
    "name" TEXT NOT NULL,
    "descriptionVi" TEXT NOT NULL,
    "descriptionEn" TEXT NOT NULL,

    CONSTRAINT "StorageClass_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "CapacityPool" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "nameVi" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "kind" "PoolKind" NOT NULL,
    "storageClass" TEXT,

    CONSTRAINT "CapacityPool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PoolResource" (
    "poolId" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "physical" BIGINT NOT NULL,
    "overcommitNum" INTEGER NOT NULL DEFAULT 1,
    "overcommitDen" INTEGER NOT NULL DEFAULT 1,
    "allocated" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "PoolResource_pkey" PRIMARY KEY ("poolId","resource")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuotaRequest" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "projectId" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "kind" "RequestKind" NOT NULL DEFAULT 'new',
    "state" "RequestState" NOT NULL DEFAULT 'draft',
    "outcome" "DecisionOutcome",
    "justification" TEXT NOT NULL DEFAULT '',
    "endsAt" TIMESTAMP(3),
    "backupSchedule" TEXT,
    "backupRetentionDays" INTEGER,
    "requestedById" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "submittedAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "QuotaRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RequestLine" (
    "requestId" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "requested" BIGINT NOT NULL,
    "decided" BIGINT,

    CONSTRAINT "RequestLine_pkey" PRIMARY KEY ("requestId","resource")
);

-- CreateTable
CREATE TABLE "RequestVote" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "actorId" UUID NOT NULL,
    "kind" "VoteKind" NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RequestVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Allocation" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "state" "AllocationState" NOT NULL DEFAULT 'active',
    "endsAt" TIMESTAMP(3),
    "backupSchedule" TEXT,
    "backupRetentionDays" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Allocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AllocationLine" (
    "allocationId" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,

    CONSTRAINT "AllocationLine_pkey" PRIMARY KEY ("allocationId","resource")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" BIGSERIAL NOT NULL,
    "poolId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "requestId" UUID,
    "resource" TEXT NOT NULL,
    "delta" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "seq" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "agencyId" UUID,
    "outcome" TEXT NOT NULL DEFAULT 'ok',
    "before" JSONB,
    "after" JSONB,
    "sourceIp" TEXT,
    "userAgent" TEXT,
    "prevHash" TEXT NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE UNIQUE INDEX "Agency_code_key" ON "Agency"("code");

-- CreateIndex
CREATE INDEX "Agency_parentId_idx" ON "Agency"("parentId");

-- CreateIndex
CREATE UNIQUE INDEX "Project_namespace_key" ON "Project"("namespace");

-- CreateIndex
CREATE UNIQUE INDEX "Project_agencyId_slug_key" ON "Project"("agencyId", "slug");

-- CreateIndex
CREATE UNIQUE INDEX "CapacityPool_code_key" ON "CapacityPool"("code");

-- CreateIndex
CREATE UNIQUE INDEX "PoolResource_resource_key" ON "PoolResource"("resource");

-- CreateIndex
CREATE UNIQUE INDEX "User_subject_key" ON "User"("subject");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "QuotaRequest_number_key" ON "QuotaRequest"("number");

-- CreateIndex
CREATE INDEX "QuotaRequest_state_submittedAt_idx" ON "QuotaRequest"("state", "submittedAt");

-- CreateIndex
CREATE INDEX "QuotaRequest_agencyId_state_idx" ON "QuotaRequest"("agencyId", "state");

-- CreateIndex
CREATE INDEX "QuotaRequest_projectId_idx" ON "QuotaRequest"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "RequestVote_requestId_actorId_kind_version_key" ON "RequestVote"("requestId", "actorId", "kind", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Allocation_projectId_key" ON "Allocation"("projectId");

-- CreateIndex
CREATE INDEX "LedgerEntry_projectId_idx" ON "LedgerEntry"("projectId");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_hash_key" ON "AuditEntry"("hash");

-- CreateIndex
CREATE INDEX "AuditEntry_entityType_entityId_idx" ON "AuditEntry"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditEntry_agencyId_at_idx" ON "AuditEntry"("agencyId", "at");

-- AddForeignKey
ALTER TABLE "Agency" ADD CONSTRAINT "Agency_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Agency" ADD CONSTRAINT "Agency_mergedIntoId_fkey" FOREIGN KEY ("mergedIntoId") REFERENCES "Agency"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PoolResource" ADD CONSTRAINT "PoolResource_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "CapacityPool"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuotaRequest" ADD CONSTRAINT "QuotaRequest_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuotaRequest" ADD CONSTRAINT "QuotaRequest_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuotaRequest" ADD CONSTRAINT "QuotaRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestLine" ADD CONSTRAINT "RequestLine_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "QuotaRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestVote" ADD CONSTRAINT "RequestVote_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "QuotaRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RequestVote" ADD CONSTRAINT "RequestVote_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Allocation" ADD CONSTRAINT "Allocation_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AllocationLine" ADD CONSTRAINT "AllocationLine_allocationId_fkey" FOREIGN KEY ("allocationId") REFERENCES "Allocation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_poolId_fkey" FOREIGN KEY ("poolId") REFERENCES "CapacityPool"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "QuotaRequest"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written below: rules the database itself must hold, whatever the application does.

-- A pool can never be allocated past its effective capacity (physical x overcommit), even by two
-- approvals committing at once: the UPDATE that adds to `allocated` fails on this check.
ALTER TABLE "PoolResource" ADD CONSTRAINT "PoolResource_allocated_within_capacity"
  CHECK ("allocated" >= 0 AND "allocated" <= ("physical" * "overcommitNum") / "overcommitDen");
ALTER TABLE "PoolResource" ADD CONSTRAINT "PoolResource_overcommit_positive"
  CHECK ("overcommitNum" > 0 AND "overcommitDen" > 0 AND "physical" >= 0);
ALTER TABLE "AllocationLine" ADD CONSTRAINT "AllocationLine_amount_not_negative" CHECK ("amount" >= 0);
ALTER TABLE "RequestLine" ADD CONSTRAINT "RequestLine_amounts_not_negative"
  CHECK ("requested" >= 0 AND ("decided" IS NULL OR "decided" >= 0));
ALTER TABLE "Project" ADD CONSTRAINT "Project_security_level_1_to_5" CHECK ("securityLevel" BETWEEN 1 AND 5);

-- The audit trail and the ledger are append-only: the application's role cannot rewrite history.
CREATE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER "AuditEntry_append_only" BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "AuditEntry_no_truncate" BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "LedgerEntry_append_only" BEFORE UPDATE OR DELETE ON "LedgerEntry"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
