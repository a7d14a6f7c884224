/*
  Warnings:

  - A unique constraint covering the columns `[userId,clientKey]` on the table `Trade` will be added. If there are existing duplicate values, this will fail.

*/
-- AlterTable
ALTER TABLE "Trade" ADD COLUMN "clientKey" TEXT;

-- CreateTable
CREATE TABLE "VoidedClientKey" (
    "userId" TEXT NOT NULL,
    "clientKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("userId", "clientKey"),
    CONSTRAINT "VoidedClientKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Trade_userId_clientKey_key" ON "Trade"("userId", "clientKey");
