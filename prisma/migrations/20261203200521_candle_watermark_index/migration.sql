-- CreateIndex
CREATE INDEX "Candle_marketId_interval_lastTradeId_idx" ON "Candle"("marketId", "interval", "lastTradeId");
