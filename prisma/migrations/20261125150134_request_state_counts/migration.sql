-- CreateTable
CREATE TABLE "RequestStateCount" (
    "agencyId" UUID NOT NULL,
    "state" "RequestState" NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RequestStateCount_pkey" PRIMARY KEY ("agencyId","state")
);

-- Hand-written below: the trigger that keeps the counts, and the counts of existing rows.
CREATE FUNCTION count_request_states() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE "RequestStateCount" SET "count" = "count" - 1 WHERE "agencyId" = OLD."agencyId" AND "state" = OLD."state";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "RequestStateCount" ("agencyId", "state", "count") VALUES (NEW."agencyId", NEW."state", 1)
    ON CONFLICT ("agencyId", "state") DO UPDATE SET "count" = "RequestStateCount"."count" + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "QuotaRequest_count_states_insert_delete" AFTER INSERT OR DELETE ON "QuotaRequest"
  FOR EACH ROW EXECUTE FUNCTION count_request_states();
-- Only a change of state or agency (a merger) moves a request between counts.
CREATE TRIGGER "QuotaRequest_count_states_update" AFTER UPDATE OF "state", "agencyId" ON "QuotaRequest"
  FOR EACH ROW WHEN (OLD."state" IS DISTINCT FROM NEW."state" OR OLD."agencyId" IS DISTINCT FROM NEW."agencyId")
  EXECUTE FUNCTION count_request_states();
INSERT INTO "RequestStateCount" ("agencyId", "state", "count")
  SELECT "agencyId", "state", count(*) FROM "QuotaRequest" GROUP BY 1, 2;
