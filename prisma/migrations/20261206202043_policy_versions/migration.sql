-- The platform's policies edited in the console (issue 15, decision 0049): one row per version, append-only;
-- the version in force is the highest. A decided request records the version in force when it was decided.

-- AlterTable
ALTER TABLE "QuotaRequest" ADD COLUMN     "policyVersion" INTEGER;

-- CreateTable
CREATE TABLE "PolicyVersion" (
    "version" INTEGER NOT NULL,
    "settings" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdById" UUID,
    "createdByLabel" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "PolicyVersion_pkey" PRIMARY KEY ("version")
);

-- Hand-written below: Prisma cannot say these.
-- Versions are history: the console's role gets INSERT and SELECT only (server/db/grants.ts).
CREATE TRIGGER "PolicyVersion_append_only" BEFORE UPDATE OR DELETE ON "PolicyVersion"
  FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite();
CREATE TRIGGER "PolicyVersion_no_truncate" BEFORE TRUNCATE ON "PolicyVersion"
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite();
ALTER TABLE "PolicyVersion" ADD CONSTRAINT "PolicyVersion_version_positive" CHECK ("version" >= 1);
ALTER TABLE "PolicyVersion" ADD CONSTRAINT "PolicyVersion_settings_object" CHECK (jsonb_typeof("settings") = 'object');

-- The decision keeps the policy it was taken under: whenever a request's decidedAt is set, the version
-- in force in that transaction is written beside it, by the database, whichever path decided it.
CREATE FUNCTION record_policy_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."decidedAt" IS NOT NULL AND NEW."decidedAt" IS DISTINCT FROM OLD."decidedAt" THEN
    NEW."policyVersion" := (SELECT max("version") FROM "PolicyVersion");
  ELSIF NEW."policyVersion" IS DISTINCT FROM OLD."policyVersion" THEN
    NEW."policyVersion" := OLD."policyVersion";
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "QuotaRequest_policy_version" BEFORE UPDATE ON "QuotaRequest"
  FOR EACH ROW EXECUTE FUNCTION record_policy_version();
