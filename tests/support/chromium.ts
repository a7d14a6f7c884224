// How tests and benchmarks launch Debian's Chromium: its path and the flags that work on these machines.

/** Debian's Chromium (`apt-get install chromium`), or CHROMIUM_PATH. */
export const chromiumExecutablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Chromium flags that work here: no GPU, no sandbox (root), no background network (offline machines). */
export const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
