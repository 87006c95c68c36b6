-- Hand-written, and first so that the binding below can be NOT NULL: logins in flight started
-- before it have no binding to a browser and could only be refused (decision 0027).
DELETE FROM "PendingLogin";

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "authMethods" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "refreshLeaseId" TEXT,
ADD COLUMN     "refreshLeaseUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "PendingLogin" ADD COLUMN     "bindingHash" TEXT NOT NULL;
