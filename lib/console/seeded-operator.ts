// The demo operator account the seed creates and `npm start` names in OPERATOR_EMAILS (no server-only
// imports: the seed, the stack scripts and the e2e fixture all read it).

/** The seeded operator: signs in with the demo password and may open /console. */
export const SEEDED_OPERATOR = { email: "operator@example.com", name: "Operator" } as const;
