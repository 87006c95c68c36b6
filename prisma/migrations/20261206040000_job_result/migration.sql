-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "result" JSONB;
