-- Budgets and threshold alerts (issue 14, decision 0050): agencies' yearly budgets as append-only
-- versions, the levels each project's resources and each agency's budget hold (hysteresis needs the
-- level last held), and the hours evaluated.

-- AlterEnum

ALTER TYPE "NotificationKind" ADD VALUE 'usage_threshold';
ALTER TYPE "NotificationKind" ADD VALUE 'budget_threshold';

-- CreateTable
CREATE TABLE "AgencyBudget" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "createdByLabel" TEXT NOT NULL,

    CONSTRAINT "AgencyBudget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UsageAlertState" (
    "projectId" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "permille" INTEGER,
    "hour" TIMESTAMP(3) NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UsageAlertState_pkey" PRIMARY KEY ("projectId","resource")
);

-- CreateTable
CREATE TABLE "BudgetAlertState" (
    "agencyId" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "budgetVersion" INTEGER NOT NULL,
    "spentLevel" INTEGER NOT NULL,
    "forecastLevel" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BudgetAlertState_pkey" PRIMARY KEY ("agencyId","year")
);

-- CreateTable
CREATE TABLE "AlertHour" (
    "hour" TIMESTAMP(3) NOT NULL,
    "evaluatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertHour_pkey" PRIMARY KEY ("hour")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgencyBudget_agencyId_year_version_key" ON "AgencyBudget"("agencyId", "year", "version");

-- AddForeignKey
ALTER TABLE "AgencyBudget" ADD CONSTRAINT "AgencyBudget_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageAlertState" ADD CONSTRAINT "UsageAlertState_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below: Prisma cannot say these.
-- Budget versions are history: the console's role gets INSERT and SELECT only (server/db/grants.ts).
CREATE TRIGGER "AgencyBudget_append_only" BEFORE UPDATE OR DELETE ON "AgencyBudget"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "AgencyBudget_no_truncate" BEFORE TRUNCATE ON "AgencyBudget"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
ALTER TABLE "AgencyBudget" ADD CONSTRAINT "AgencyBudget_version_positive" CHECK ("version" >= 1);
-- The domain's bounds (server/domain/budget.ts MAX_BUDGET), kept by the database as well.
ALTER TABLE "AgencyBudget" ADD CONSTRAINT "AgencyBudget_amount_range" CHECK ("amount" > 0 AND "amount" <= 100000000000000);
ALTER TABLE "UsageAlertState" ADD CONSTRAINT "UsageAlertState_level_range" CHECK ("level" BETWEEN 0 AND 100);
