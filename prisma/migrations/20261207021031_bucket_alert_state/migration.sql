-- CreateTable
CREATE TABLE "BucketAlertState" (
    "projectId" UUID NOT NULL,
    "bucket" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "level" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,
    "quotaBytes" BIGINT NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BucketAlertState_pkey" PRIMARY KEY ("projectId","bucket")
);

-- AddForeignKey
ALTER TABLE "BucketAlertState" ADD CONSTRAINT "BucketAlertState_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
