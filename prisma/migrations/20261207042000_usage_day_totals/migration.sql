-- CreateTable
CREATE TABLE "UsageDayTotal" (
    "day" DATE NOT NULL,
    "resource" TEXT NOT NULL,
    "granted" BIGINT,
    "requested" BIGINT,
    "used" BIGINT,

    CONSTRAINT "UsageDayTotal_pkey" PRIMARY KEY ("day","resource")
);
