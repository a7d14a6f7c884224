-- CreateTable
CREATE TABLE "DemoPasswordCheck" (
    "email" TEXT NOT NULL,
    "digest" TEXT NOT NULL,

    CONSTRAINT "DemoPasswordCheck_pkey" PRIMARY KEY ("email")
);
