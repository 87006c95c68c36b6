-- Editing a registration and re-reviewing a confirmed level (issue 15, decision 0084).

-- CreateEnum
CREATE TYPE "LevelReviewState" AS ENUM ('reopened', 'proposed');

-- AlterEnum
ALTER TYPE "SystemRegistrationStepKind" ADD VALUE 'reopened';
ALTER TYPE "SystemRegistrationStepKind" ADD VALUE 'refused';

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'system_level_change_proposed';
ALTER TYPE "NotificationKind" ADD VALUE 'system_reopened';
ALTER TYPE "NotificationKind" ADD VALUE 'system_level_changed';
ALTER TYPE "NotificationKind" ADD VALUE 'system_level_change_refused';

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "levelReview" "LevelReviewState",
ADD COLUMN     "registrationVersion" INTEGER NOT NULL DEFAULT 1;

-- Hand-written below. The steps' shape with the two new kinds; compared as text, since a value
-- added to an enum cannot be used in the transaction that added it.
ALTER TABLE "SystemRegistrationStep" DROP CONSTRAINT "SystemRegistrationStep_shape";
ALTER TABLE "SystemRegistrationStep" ADD CONSTRAINT "SystemRegistrationStep_shape" CHECK (
  CASE "kind"::text
    WHEN 'submitted' THEN "securityLevel" IS NOT NULL AND "documentNumber" IS NOT NULL
                          AND "documentDate" IS NOT NULL AND "documentIssuer" IS NOT NULL
    WHEN 'confirmed' THEN "securityLevel" IS NOT NULL
    WHEN 'level_set' THEN "securityLevel" IS NOT NULL AND "reason" IS NOT NULL
    WHEN 'returned' THEN "securityLevel" IS NULL AND "reason" IS NOT NULL
    WHEN 'reopened' THEN "securityLevel" IS NULL AND "reason" IS NOT NULL
    WHEN 'refused' THEN "securityLevel" IS NULL AND "reason" IS NOT NULL
  END);
-- Only a confirmed system's level is re-reviewed.
ALTER TABLE "Project" ADD CONSTRAINT "Project_level_review_confirmed"
  CHECK ("levelReview" IS NULL OR "registrationState" = 'confirmed');
ALTER TABLE "Project" ADD CONSTRAINT "Project_registration_version_positive" CHECK ("registrationVersion" >= 1);
