-- AlterEnum
ALTER TYPE "AgencyStatus" ADD VALUE 'archived';

-- AlterTable
ALTER TABLE "Agency" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "AgencyGroupIssue" (
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "groupId" TEXT NOT NULL DEFAULT '',
    "nameVi" TEXT NOT NULL DEFAULT '',
    "detail" TEXT NOT NULL DEFAULT '',
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "AgencyGroupIssue_pkey" PRIMARY KEY ("kind","name")
);

-- Hand-written (decision 0052): the two kinds of mismatch the group sync reports.
ALTER TABLE "AgencyGroupIssue" ADD CONSTRAINT "AgencyGroupIssue_kind" CHECK ("kind" IN ('group_without_agency', 'agency_without_group'));
