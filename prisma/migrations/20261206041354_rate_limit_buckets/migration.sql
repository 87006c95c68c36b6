-- CreateTable
CREATE TABLE "RateLimitBucket" (
    "key" TEXT NOT NULL,
    "fullAt" BIGINT NOT NULL,

    CONSTRAINT "RateLimitBucket_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "RateLimitBucket_fullAt_idx" ON "RateLimitBucket"("fullAt");

-- Hand-written below: rate-limit counters need no crash safety (decision 0031), so no write-ahead
-- log for them. A crash empties the table, which only lets someone in early.
ALTER TABLE "RateLimitBucket" SET UNLOGGED;
