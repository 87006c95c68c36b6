-- CreateEnum
CREATE TYPE "ClosureState" AS ENUM ('submitted', 'approved', 'rejected', 'withdrawn');

-- CreateTable
CREATE TABLE "ProjectClosure" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "state" "ClosureState" NOT NULL DEFAULT 'submitted',
    "reason" TEXT NOT NULL,
    "requestedById" UUID NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "lastBackupName" TEXT,
    "lastCopyAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "ProjectClosure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProjectClosure_projectId_idx" ON "ProjectClosure"("projectId");

-- CreateIndex
CREATE INDEX "ProjectClosure_state_requestedAt_idx" ON "ProjectClosure"("state", "requestedAt");

-- AddForeignKey
ALTER TABLE "ProjectClosure" ADD CONSTRAINT "ProjectClosure_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written (decision 0058): one open closure a project, whatever two forms race.
CREATE UNIQUE INDEX "ProjectClosure_one_open" ON "ProjectClosure"("projectId") WHERE "state" IN ('submitted', 'approved');
