-- CreateEnum
CREATE TYPE "StatementState" AS ENUM ('open', 'closed');

-- CreateTable
CREATE TABLE "MonthStatement" (
    "id" UUID NOT NULL,
    "agencyId" UUID NOT NULL,
    "month" DATE NOT NULL,
    "version" INTEGER NOT NULL,
    "state" "StatementState" NOT NULL,
    "total" BIGINT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MonthStatement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonthStatementLine" (
    "statementId" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "quantityHours" BIGINT NOT NULL,
    "unit" TEXT NOT NULL,
    "basis" "ChargeBasis" NOT NULL,
    "unmeasuredHours" INTEGER NOT NULL,
    "cards" DATE[],

    CONSTRAINT "MonthStatementLine_pkey" PRIMARY KEY ("statementId","projectId","resource")
);

-- CreateIndex
CREATE UNIQUE INDEX "MonthStatement_agencyId_month_version_key" ON "MonthStatement"("agencyId", "month", "version");

-- CreateIndex
CREATE INDEX "MonthStatementLine_projectId_idx" ON "MonthStatementLine"("projectId");

-- AddForeignKey
ALTER TABLE "MonthStatement" ADD CONSTRAINT "MonthStatement_agencyId_fkey" FOREIGN KEY ("agencyId") REFERENCES "Agency"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonthStatementLine" ADD CONSTRAINT "MonthStatementLine_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "MonthStatement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonthStatementLine" ADD CONSTRAINT "MonthStatementLine_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written below: Prisma cannot say these.
-- A statement version, once written, is what was sent: UPDATE, DELETE and TRUNCATE are refused (the app role
-- then gets INSERT and SELECT only, server/db/grants.ts). A correction is a new version with its own lines.
CREATE TRIGGER "MonthStatement_append_only" BEFORE UPDATE OR DELETE ON "MonthStatement"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "MonthStatement_no_truncate" BEFORE TRUNCATE ON "MonthStatement"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "MonthStatementLine_append_only" BEFORE UPDATE OR DELETE ON "MonthStatementLine"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "MonthStatementLine_no_truncate" BEFORE TRUNCATE ON "MonthStatementLine"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();

-- What the domain guarantees, held by the database too (server/domain/statement.ts).
ALTER TABLE "MonthStatement" ADD CONSTRAINT "MonthStatement_first_of_month" CHECK (extract(day FROM "month") = 1);
ALTER TABLE "MonthStatement" ADD CONSTRAINT "MonthStatement_version_positive" CHECK ("version" >= 1);
ALTER TABLE "MonthStatement" ADD CONSTRAINT "MonthStatement_total_not_negative" CHECK ("total" >= 0);
ALTER TABLE "MonthStatementLine" ADD CONSTRAINT "MonthStatementLine_not_negative"
  CHECK ("amount" >= 0 AND "quantityHours" >= 0 AND "unmeasuredHours" >= 0);
