-- The request id (decision 0070): which request (or job) wrote an audit entry, which request queued a
-- job. Both nullable: entries and jobs before today had none, and a trigger or a schedule queues jobs
-- outside any request.

-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "requestId" TEXT;

-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "requestId" TEXT;
