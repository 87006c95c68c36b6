-- AlterTable
ALTER TABLE "QuotaRequest" ADD COLUMN     "idempotencyKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "QuotaRequest_idempotencyKey_key" ON "QuotaRequest"("idempotencyKey");
