-- CreateEnum
CREATE TYPE "FindingSeverity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "WaiverState" AS ENUM ('requested', 'approved', 'rejected', 'withdrawn', 'revoked', 'expired');

-- CreateTable
CREATE TABLE "SecurityFinding" (
    "id" UUID NOT NULL,
    "checkId" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subjectNamespace" TEXT NOT NULL DEFAULT '',
    "subjectName" TEXT NOT NULL,
    "projectId" UUID,
    "agencyId" UUID,
    "securityLevel" INTEGER,
    "severity" "FindingSeverity" NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "SecurityFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecurityScan" (
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "subjects" INTEGER NOT NULL DEFAULT 0,
    "opened" INTEGER NOT NULL DEFAULT 0,
    "resolved" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "SecurityScan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SecurityWaiver" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "projectId" UUID NOT NULL,
    "checkId" TEXT NOT NULL,
    "subjectKind" TEXT,
    "subjectNamespace" TEXT,
    "subjectName" TEXT,
    "justification" TEXT NOT NULL,
    "compensatingControl" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "state" "WaiverState" NOT NULL DEFAULT 'requested',
    "requestedById" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "expiryWarnedAt" TIMESTAMP(3),

    CONSTRAINT "SecurityWaiver_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SecurityFinding_resolvedAt_severity_idx" ON "SecurityFinding"("resolvedAt", "severity");

-- CreateIndex
CREATE INDEX "SecurityFinding_projectId_resolvedAt_idx" ON "SecurityFinding"("projectId", "resolvedAt");

-- CreateIndex
CREATE INDEX "SecurityFinding_agencyId_resolvedAt_idx" ON "SecurityFinding"("agencyId", "resolvedAt");

-- CreateIndex
CREATE INDEX "SecurityFinding_checkId_resolvedAt_idx" ON "SecurityFinding"("checkId", "resolvedAt");

-- CreateIndex
CREATE INDEX "SecurityFinding_firstSeenAt_idx" ON "SecurityFinding"("firstSeenAt");

-- CreateIndex
CREATE INDEX "SecurityScan_source_startedAt_idx" ON "SecurityScan"("source", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SecurityWaiver_number_key" ON "SecurityWaiver"("number");

-- CreateIndex
CREATE INDEX "SecurityWaiver_projectId_state_idx" ON "SecurityWaiver"("projectId", "state");

-- CreateIndex
CREATE INDEX "SecurityWaiver_state_expiresAt_idx" ON "SecurityWaiver"("state", "expiresAt");

-- Hand-written below: rules the database itself must hold, whatever the application does.

-- At most one open finding per check and subject: a scan that sees it again updates that one
-- (server/security/findings.ts upserts on this index); a resolved one stays as it was.
CREATE UNIQUE INDEX "SecurityFinding_open_subject_key" ON "SecurityFinding"
  ("checkId", "subjectKind", "subjectNamespace", "subjectName") WHERE "resolvedAt" IS NULL;

-- Findings and waivers belong to a project (the platform's own findings to none); a project is
-- never deleted, so neither are they.
ALTER TABLE "SecurityFinding" ADD CONSTRAINT "SecurityFinding_projectId_fkey"
  FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "SecurityFinding" ADD CONSTRAINT "SecurityFinding_agencyId_fkey"
  FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "SecurityWaiver" ADD CONSTRAINT "SecurityWaiver_projectId_fkey"
  FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A waiver lasts at most 12 months (the rule per severity is server/security/waivers.ts's), and
-- is decided by someone other than its requester: written here too, so no path around the
-- console's own checks can break it.
ALTER TABLE "SecurityWaiver" ADD CONSTRAINT "SecurityWaiver_expiry_within_a_year"
  CHECK ("expiresAt" <= "requestedAt" + interval '366 days');
ALTER TABLE "SecurityWaiver" ADD CONSTRAINT "SecurityWaiver_decided_by_another"
  CHECK ("decidedById" IS NULL OR "decidedById" <> "requestedById");
