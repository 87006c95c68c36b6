-- CreateTable
CREATE TABLE "BucketRestore" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "bucket" TEXT NOT NULL,
    "sourceBucket" TEXT NOT NULL,
    "quotaBytes" BIGINT NOT NULL,
    "requestedById" UUID,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "copiedAt" TIMESTAMP(3),
    "objects" INTEGER,
    "bytes" BIGINT,

    CONSTRAINT "BucketRestore_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BucketRestore_bucket_key" ON "BucketRestore"("bucket");

-- CreateIndex
CREATE INDEX "BucketRestore_projectId_idx" ON "BucketRestore"("projectId");

-- AddForeignKey
ALTER TABLE "BucketRestore" ADD CONSTRAINT "BucketRestore_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
