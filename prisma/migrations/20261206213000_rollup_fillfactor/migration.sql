-- Half of each page of the rollups left free (decision 0047, "The write path's speed"): the metering
-- job moves every (project, resource) day row and month row once an hour, and an update that finds
-- room on its own page is a heap-only (HOT) update, writing no new entry in either index. At the
-- default 100 % every update moved its row to another page and wrote both indexes again: in the
-- bench, the 160,000 upserts of an hour took 1.27 s and 98 MB of WAL; at 50 % 0.63–0.78 s and 57 MB.
-- The price is a table about twice the size. Prisma's schema cannot say this: hand-written.
ALTER TABLE "UsageRollup" SET (fillfactor = 50);
