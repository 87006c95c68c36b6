-- CreateEnum
CREATE TYPE "JobState" AS ENUM ('queued', 'running', 'done', 'failed');

-- CreateTable
CREATE TABLE "Job" (
    "id" BIGSERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "state" "JobState" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 10,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobSchedule" (
    "name" TEXT NOT NULL,
    "nextRunAt" TIMESTAMP(3) NOT NULL,
    "lastRunAt" TIMESTAMP(3),
    "lastRunBy" TEXT,

    CONSTRAINT "JobSchedule_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ProvisioningStatus" (
    "projectId" UUID NOT NULL,
    "phase" TEXT NOT NULL DEFAULT 'provisioning',
    "conditions" JSONB NOT NULL DEFAULT '[]',
    "generation" INTEGER NOT NULL DEFAULT 0,
    "desiredHash" TEXT,
    "observedGeneration" INTEGER NOT NULL DEFAULT 0,
    "observedHash" TEXT,
    "lastReconciledAt" TIMESTAMP(3),
    "lastSucceededAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastWrites" INTEGER NOT NULL DEFAULT 0,
    "driftDetected" BOOLEAN NOT NULL DEFAULT false,
    "lastDriftAt" TIMESTAMP(3),
    "details" JSONB NOT NULL DEFAULT '{}',
    "endedAt" TIMESTAMP(3),
    "deleteAfter" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProvisioningStatus_pkey" PRIMARY KEY ("projectId")
);

-- CreateTable
CREATE TABLE "S3Credential" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "accessKeyId" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "S3Credential_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Job_state_runAt_idx" ON "Job"("state", "runAt");

-- CreateIndex
CREATE INDEX "Job_key_state_idx" ON "Job"("key", "state");

-- CreateIndex
CREATE INDEX "ProvisioningStatus_phase_idx" ON "ProvisioningStatus"("phase");

-- CreateIndex
CREATE UNIQUE INDEX "S3Credential_accessKeyId_key" ON "S3Credential"("accessKeyId");

-- CreateIndex
CREATE INDEX "S3Credential_projectId_idx" ON "S3Credential"("projectId");

-- Hand-written below: rules the database itself must hold, whatever the application does.

-- Provisioning rows belong to a project.
ALTER TABLE "ProvisioningStatus" ADD CONSTRAINT "ProvisioningStatus_projectId_fkey"
  FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "S3Credential" ADD CONSTRAINT "S3Credential_projectId_fkey"
  FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one queued job per (kind, key): enqueueing again only brings the existing one forward.
CREATE UNIQUE INDEX "Job_one_queued_per_key" ON "Job"("kind", "key") WHERE "state" = 'queued';
-- At most one running job per (kind, key): the per-tenant exclusivity the workers rely on.
CREATE UNIQUE INDEX "Job_one_running_per_key" ON "Job"("kind", "key") WHERE "state" = 'running';
ALTER TABLE "Job" ADD CONSTRAINT "Job_attempts_sane" CHECK ("attempts" >= 0 AND "maxAttempts" > 0);

-- A decision enqueues the project's reconcile in the same transaction that records it, so no
-- approval is ever lost between the commit and the job; NOTIFY wakes an idle worker at once.
CREATE FUNCTION enqueue_provisioning(project uuid, why text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "Job" ("kind", "key", "payload", "runAt", "createdAt", "updatedAt")
  VALUES ('provisioning.reconcile', project::text, jsonb_build_object('reason', why),
          timezone('UTC', now()), timezone('UTC', now()), timezone('UTC', now()))
  ON CONFLICT ("kind", "key") WHERE "state" = 'queued'
  DO UPDATE SET "runAt" = LEAST("Job"."runAt", EXCLUDED."runAt"), "updatedAt" = EXCLUDED."updatedAt";
  PERFORM pg_notify('govcloud_jobs', 'provisioning.reconcile:' || project::text);
END $$;

CREATE FUNCTION enqueue_provisioning_on_decision() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM enqueue_provisioning(NEW."projectId", 'request.' || NEW."state"::text);
  RETURN NULL;
END $$;
CREATE TRIGGER "QuotaRequest_enqueue_provisioning" AFTER UPDATE OF "state" ON "QuotaRequest"
  FOR EACH ROW WHEN (NEW."state" IS DISTINCT FROM OLD."state" AND NEW."state" IN ('approved', 'revoked', 'expired'))
  EXECUTE FUNCTION enqueue_provisioning_on_decision();

CREATE FUNCTION enqueue_provisioning_on_project_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM enqueue_provisioning(NEW."id", 'project.changed');
  RETURN NULL;
END $$;
-- A merger moves a project to another agency: its labels and RoleBinding follow.
CREATE TRIGGER "Project_enqueue_provisioning" AFTER UPDATE OF "agencyId", "name", "slug", "securityLevel" ON "Project"
  FOR EACH ROW WHEN (ROW(NEW."agencyId", NEW."name", NEW."slug", NEW."securityLevel") IS DISTINCT FROM ROW(OLD."agencyId", OLD."name", OLD."slug", OLD."securityLevel"))
  EXECUTE FUNCTION enqueue_provisioning_on_project_change();
