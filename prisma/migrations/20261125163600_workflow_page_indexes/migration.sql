-- DropIndex
DROP INDEX "QuotaRequest_state_submittedAt_idx";

-- CreateTable
CREATE TABLE "ProjectCount" (
    "agencyId" UUID NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ProjectCount_pkey" PRIMARY KEY ("agencyId")
);

-- CreateIndex
CREATE INDEX "QuotaRequest_state_submittedAt_number_idx" ON "QuotaRequest"("state", "submittedAt", "number");

-- CreateIndex
CREATE INDEX "RequestStateCount_state_idx" ON "RequestStateCount"("state");

-- Hand-written below: the trigger that keeps the project counts, and the counts of existing rows.
-- Same shape as count_request_states (migration request_state_counts): a merger that moves a
-- project to another agency moves it between counts in the same transaction.
CREATE FUNCTION count_projects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE "ProjectCount" SET "count" = "count" - 1 WHERE "agencyId" = OLD."agencyId";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "ProjectCount" ("agencyId", "count") VALUES (NEW."agencyId", 1)
    ON CONFLICT ("agencyId") DO UPDATE SET "count" = "ProjectCount"."count" + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "Project_count_insert_delete" AFTER INSERT OR DELETE ON "Project"
  FOR EACH ROW EXECUTE FUNCTION count_projects();
CREATE TRIGGER "Project_count_update" AFTER UPDATE OF "agencyId" ON "Project"
  FOR EACH ROW WHEN (OLD."agencyId" IS DISTINCT FROM NEW."agencyId")
  EXECUTE FUNCTION count_projects();
INSERT INTO "ProjectCount" ("agencyId", "count")
  SELECT "agencyId", count(*) FROM "Project" GROUP BY 1;
