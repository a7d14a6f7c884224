// Stands in for the `server-only` guard outside Next's react-server build (tests and scripts).
export {};
