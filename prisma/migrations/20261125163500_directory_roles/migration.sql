-- CreateTable
CREATE TABLE "DirectoryRole" (
    "userId" UUID NOT NULL,
    "role" TEXT NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DirectoryRole_pkey" PRIMARY KEY ("userId","role")
);

-- CreateIndex
CREATE INDEX "DirectoryRole_role_idx" ON "DirectoryRole"("role");

-- AddForeignKey
ALTER TABLE "DirectoryRole" ADD CONSTRAINT "DirectoryRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
