-- CreateTable
CREATE TABLE "Candle" (
    "marketId" TEXT NOT NULL,
    "interval" INTEGER NOT NULL,
    "time" BIGINT NOT NULL,
    "open" BIGINT NOT NULL,
    "high" BIGINT NOT NULL,
    "low" BIGINT NOT NULL,
    "close" BIGINT NOT NULL,
    "volume" BIGINT NOT NULL,
    "tradeCount" INTEGER NOT NULL,
    "openAt" BIGINT NOT NULL,
    "openTradeId" INTEGER NOT NULL,
    "closeAt" BIGINT NOT NULL,
    "closeTradeId" INTEGER NOT NULL,
    "lastTradeId" INTEGER NOT NULL,

    PRIMARY KEY ("marketId", "interval", "time")
);

-- CreateTable
CREATE TABLE "CandleRevision" (
    "marketId" TEXT NOT NULL PRIMARY KEY,
    "revision" INTEGER NOT NULL DEFAULT 0
);
