-- AlterTable
ALTER TABLE "QuotaRequest" ADD COLUMN     "reason" TEXT;

-- AlterTable
ALTER TABLE "RequestVote" ADD COLUMN     "automatic" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "discardedAt" TIMESTAMP(3);
