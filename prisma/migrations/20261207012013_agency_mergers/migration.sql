-- Agency mergers (issue 15, decision 0057).
-- CreateTable
CREATE TABLE "AgencyMerge" (
    "id" UUID NOT NULL,
    "fromId" UUID NOT NULL,
    "intoId" UUID NOT NULL,
    "effectiveDate" DATE NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'scheduled',
    "refusal" JSONB,
    "createdById" UUID,
    "createdByLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),

    CONSTRAINT "AgencyMerge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectAgencyMove" (
    "projectId" UUID NOT NULL,
    "mergeId" UUID NOT NULL,
    "fromAgencyId" UUID NOT NULL,
    "intoAgencyId" UUID NOT NULL,
    "effectiveDate" DATE NOT NULL,
    "oldSlug" TEXT NOT NULL,
    "newSlug" TEXT NOT NULL,

    CONSTRAINT "ProjectAgencyMove_pkey" PRIMARY KEY ("projectId","mergeId")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgencyMerge_fromId_key" ON "AgencyMerge"("fromId");

-- CreateIndex
CREATE INDEX "AgencyMerge_state_effectiveDate_idx" ON "AgencyMerge"("state", "effectiveDate");

-- CreateIndex
CREATE INDEX "ProjectAgencyMove_fromAgencyId_idx" ON "ProjectAgencyMove"("fromAgencyId");

-- Hand-written: a project's moves are history (which agency a day of its use bills to), like the ledger.
CREATE TRIGGER "ProjectAgencyMove_append_only" BEFORE UPDATE OR DELETE ON "ProjectAgencyMove"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "ProjectAgencyMove_no_truncate" BEFORE TRUNCATE ON "ProjectAgencyMove"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
ALTER TABLE "AgencyMerge" ADD CONSTRAINT "AgencyMerge_state_known" CHECK ("state" IN ('scheduled', 'applied', 'refused'));
ALTER TABLE "AgencyMerge" ADD CONSTRAINT "AgencyMerge_not_into_itself" CHECK ("fromId" <> "intoId");
