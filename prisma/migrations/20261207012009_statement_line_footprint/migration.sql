-- AlterTable: a closed version keeps the energy and emissions it was written with (decision 0048),
-- so a later change of the footprint coefficients never moves a closed month. Versions written
-- before this have none (NULL, "not estimated"): the figures they were shown with were estimated on
-- read and cannot be told now.
ALTER TABLE "MonthStatementLine" ADD COLUMN     "co2eGrams" BIGINT,
ADD COLUMN     "energyWh" BIGINT;
