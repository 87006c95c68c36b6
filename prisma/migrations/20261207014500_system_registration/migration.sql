-- CreateEnum
CREATE TYPE "SystemRegistrationState" AS ENUM ('pending', 'returned', 'confirmed');

-- CreateEnum
CREATE TYPE "SystemRegistrationStepKind" AS ENUM ('submitted', 'confirmed', 'level_set', 'returned');

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'system_registered';
ALTER TYPE "NotificationKind" ADD VALUE 'system_confirmed';
ALTER TYPE "NotificationKind" ADD VALUE 'system_returned';

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "ownerName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "registrationState" "SystemRegistrationState" NOT NULL DEFAULT 'confirmed';

-- CreateTable
CREATE TABLE "SystemRegistrationStep" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "kind" "SystemRegistrationStepKind" NOT NULL,
    "securityLevel" INTEGER,
    "documentNumber" TEXT,
    "documentDate" DATE,
    "documentIssuer" TEXT,
    "reason" TEXT,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SystemRegistrationStep_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SystemRegistrationStep_projectId_at_idx" ON "SystemRegistrationStep"("projectId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "SystemRegistrationStep_projectId_round_kind_key" ON "SystemRegistrationStep"("projectId", "round", "kind");

-- AddForeignKey
ALTER TABLE "SystemRegistrationStep" ADD CONSTRAINT "SystemRegistrationStep_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below. The registration's history is append-only, as the ledger and the trail are:
-- a proposal says which document approved which level, a review who decided what and why.
CREATE TRIGGER "SystemRegistrationStep_append_only" BEFORE UPDATE OR DELETE ON "SystemRegistrationStep"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
ALTER TABLE "SystemRegistrationStep" ADD CONSTRAINT "SystemRegistrationStep_round_positive" CHECK ("round" >= 1);
ALTER TABLE "SystemRegistrationStep" ADD CONSTRAINT "SystemRegistrationStep_level_known"
  CHECK ("securityLevel" IS NULL OR "securityLevel" BETWEEN 1 AND 5);
-- A proposal names its document; a decision other than the proposed level and a return say why.
ALTER TABLE "SystemRegistrationStep" ADD CONSTRAINT "SystemRegistrationStep_shape" CHECK (
  CASE "kind"
    WHEN 'submitted' THEN "securityLevel" IS NOT NULL AND "documentNumber" IS NOT NULL
                          AND "documentDate" IS NOT NULL AND "documentIssuer" IS NOT NULL
    WHEN 'confirmed' THEN "securityLevel" IS NOT NULL
    WHEN 'level_set' THEN "securityLevel" IS NOT NULL AND "reason" IS NOT NULL
    WHEN 'returned' THEN "securityLevel" IS NULL AND "reason" IS NOT NULL
  END);

-- The systems that existed before registration (the seed's) were confirmed at their level by the
-- column's default; their history starts with that confirmation, by no one, without a document.
INSERT INTO "SystemRegistrationStep" ("id", "projectId", "round", "kind", "securityLevel", "actorLabel", "at")
SELECT gen_random_uuid(), p."id", 1, 'confirmed', p."securityLevel", 'system', p."createdAt" FROM "Project" p;
