/** Version of PROTOCOL.md the numbers follow; part of every cache key and manifest. */
export const PROTOCOL_VERSION = 2;
