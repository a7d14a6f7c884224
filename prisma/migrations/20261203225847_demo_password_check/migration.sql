-- CreateTable
CREATE TABLE "DemoPasswordCheck" (
    "email" TEXT NOT NULL PRIMARY KEY,
    "digest" TEXT NOT NULL
);
