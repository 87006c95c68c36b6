-- AlterTable
ALTER TABLE "AlertHour" ADD COLUMN IF NOT EXISTS "meteringPasses" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN IF NOT EXISTS "recordsUpTo" TIMESTAMP(3);

-- Hand-written: hours evaluated before this are taken as evaluated after every pass and record so
-- far (the metering's passes as they stand, the evaluation's time as the watermark), so that only
-- corrections written from now on re-run their alerts, never the whole past.
UPDATE "AlertHour" a SET "meteringPasses" = m."passes" FROM "MeteringHour" m WHERE m."hour" = a."hour";
UPDATE "AlertHour" SET "recordsUpTo" = greatest("evaluatedAt", timezone('UTC', now()));
