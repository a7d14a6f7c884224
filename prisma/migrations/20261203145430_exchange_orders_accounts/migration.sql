-- CreateTable
CREATE TABLE "Currency" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scale" INTEGER NOT NULL DEFAULT 8,
    "position" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Account" (
    "userId" TEXT NOT NULL,
    "currencyId" TEXT NOT NULL,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "locked" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("userId", "currencyId"),
    CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Account_currencyId_fkey" FOREIGN KEY ("currencyId") REFERENCES "Currency" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "marketId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "price" BIGINT,
    "volume" BIGINT NOT NULL,
    "originVolume" BIGINT NOT NULL,
    "locked" BIGINT NOT NULL,
    "originLocked" BIGINT NOT NULL,
    "filledFunds" BIGINT NOT NULL DEFAULT 0,
    "state" TEXT NOT NULL,
    "cancelReason" TEXT,
    "seq" INTEGER NOT NULL,
    "clientOrderId" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Order_marketId_fkey" FOREIGN KEY ("marketId") REFERENCES "Market" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Market" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "baseUnit" TEXT NOT NULL,
    "quoteUnit" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tickSize" TEXT NOT NULL DEFAULT '0.01',
    "lotSize" TEXT NOT NULL DEFAULT '0.0001',
    "minOrderValue" TEXT NOT NULL DEFAULT '10',
    "priceBand" TEXT DEFAULT '0.2',
    "sequence" INTEGER NOT NULL DEFAULT 0
);
INSERT INTO "new_Market" ("baseUnit", "createdAt", "id", "name", "position", "quoteUnit") SELECT "baseUnit", "createdAt", "id", "name", "position", "quoteUnit" FROM "Market";
DROP TABLE "Market";
ALTER TABLE "new_Market" RENAME TO "Market";
CREATE TABLE "new_Trade" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "marketId" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "price" DECIMAL NOT NULL,
    "amount" DECIMAL NOT NULL,
    "userId" TEXT,
    "clientKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "makerOrderId" TEXT,
    "takerOrderId" TEXT,
    "makerUserId" TEXT,
    CONSTRAINT "Trade_marketId_fkey" FOREIGN KEY ("marketId") REFERENCES "Market" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Trade_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Trade_makerOrderId_fkey" FOREIGN KEY ("makerOrderId") REFERENCES "Order" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Trade_takerOrderId_fkey" FOREIGN KEY ("takerOrderId") REFERENCES "Order" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Trade" ("amount", "clientKey", "createdAt", "id", "marketId", "price", "side", "userId") SELECT "amount", "clientKey", "createdAt", "id", "marketId", "price", "side", "userId" FROM "Trade";
DROP TABLE "Trade";
ALTER TABLE "new_Trade" RENAME TO "Trade";
CREATE INDEX "Trade_marketId_createdAt_idx" ON "Trade"("marketId", "createdAt");
CREATE INDEX "Trade_userId_createdAt_idx" ON "Trade"("userId", "createdAt");
CREATE INDEX "Trade_makerUserId_createdAt_idx" ON "Trade"("makerUserId", "createdAt");
CREATE INDEX "Trade_makerOrderId_idx" ON "Trade"("makerOrderId");
CREATE INDEX "Trade_takerOrderId_idx" ON "Trade"("takerOrderId");
CREATE UNIQUE INDEX "Trade_userId_clientKey_key" ON "Trade"("userId", "clientKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Order_marketId_state_side_price_idx" ON "Order"("marketId", "state", "side", "price");

-- CreateIndex
CREATE INDEX "Order_userId_marketId_state_updatedAt_idx" ON "Order"("userId", "marketId", "state", "updatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Order_userId_clientOrderId_key" ON "Order"("userId", "clientOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "Order_marketId_seq_key" ON "Order"("marketId", "seq");
