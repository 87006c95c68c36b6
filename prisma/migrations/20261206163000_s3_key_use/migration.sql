-- When the object storage last saw each of the console's access keys sign a request, from its S3 access log
-- (issue 13, GC-KEY-02, decision 0040). Written by the provisioning worker's receiver of that log at most once
-- a minute per key; a key the console never issued gets no row (the receiver joins on S3Credential).
CREATE TABLE "S3KeyUse" (
    "accessKeyId" TEXT NOT NULL,
    "lastUsedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "S3KeyUse_pkey" PRIMARY KEY ("accessKeyId")
);

-- The span of the log received: one row. A key unseen since firstEventAt is unused since then.
CREATE TABLE "S3AccessLog" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "firstEventAt" TIMESTAMP(3) NOT NULL,
    "lastEventAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "S3AccessLog_pkey" PRIMARY KEY ("id")
);

-- Hand-written below: Prisma cannot say these.
ALTER TABLE "S3AccessLog" ADD CONSTRAINT "S3AccessLog_one_row" CHECK ("id" = 1);
