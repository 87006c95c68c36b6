-- The waivers' workflow. Notifications about security waivers (issue 13, decision 0041): asked for (to the security
-- officers), approved, rejected, revoked, expiring and expired (to the requester and the agency).
ALTER TYPE "NotificationKind" ADD VALUE 'waiver_requested';
ALTER TYPE "NotificationKind" ADD VALUE 'waiver_approved';
ALTER TYPE "NotificationKind" ADD VALUE 'waiver_rejected';
ALTER TYPE "NotificationKind" ADD VALUE 'waiver_revoked';
ALTER TYPE "NotificationKind" ADD VALUE 'waiver_expiring';
ALTER TYPE "NotificationKind" ADD VALUE 'waiver_expired';

-- A revocation is kept beside the decision it ends, which stays as it was (decision 0041).
ALTER TABLE "SecurityWaiver" ADD COLUMN "revokedById" TEXT,
  ADD COLUMN "revokedAt" TIMESTAMP(3),
  ADD COLUMN "revokeReason" TEXT;
