-- The holders' agencies as the directory sync reads them from Keycloak's groups (decision 0086).
-- (The diff from the previous migration's schema also named NotificationKind's 'closure_withdrawn':
-- 20261207111500_closure_withdrawn_notice adds it, its snapshot being older than the last one's.)

-- CreateTable
CREATE TABLE "DirectoryAgency" (
    "userId" UUID NOT NULL,
    "agencyCode" TEXT NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DirectoryAgency_pkey" PRIMARY KEY ("userId","agencyCode")
);

-- AddForeignKey
ALTER TABLE "DirectoryAgency" ADD CONSTRAINT "DirectoryAgency_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
