-- CreateTable
CREATE TABLE "QuotaUsage" (
    "projectId" UUID NOT NULL,
    "resource" TEXT NOT NULL,
    "used" BIGINT NOT NULL,
    "observedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QuotaUsage_pkey" PRIMARY KEY ("projectId","resource")
);

-- AddForeignKey
ALTER TABLE "QuotaUsage" ADD CONSTRAINT "QuotaUsage_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
