-- The audit search by request id (decision 0070, issue 16): an equality on requestId followed by seq,
-- as each of the search's other filters (decision 0037); bench/audit-search.ts measures it without.

-- CreateIndex
CREATE INDEX "AuditEntry_requestId_seq_idx" ON "AuditEntry"("requestId", "seq");
