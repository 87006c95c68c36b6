-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('request_submitted', 'request_returned', 'request_approved', 'request_rejected', 'request_signed_off', 'request_revoked', 'request_expired', 'request_expiring');

-- CreateEnum
CREATE TYPE "EmailState" AS ENUM ('pending', 'sent', 'skipped', 'failed');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'vi';

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "recipientId" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "requestId" UUID,
    "requestNumber" INTEGER,
    "link" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "onceKey" TEXT,
    "readAt" TIMESTAMP(3),
    "emailState" "EmailState" NOT NULL DEFAULT 'pending',
    "emailedAt" TIMESTAMP(3),
    "emailError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Notification_recipientId_createdAt_idx" ON "Notification"("recipientId", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_requestId_idx" ON "Notification"("requestId");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_recipientId_onceKey_key" ON "Notification"("recipientId", "onceKey");

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
