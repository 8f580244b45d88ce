/**
 * WebSocket close codes of the hub's own (the 4000–4999 range is for applications). A PC told
 * one of these about a document stops asking for it; any other close is a lost link, retried.
 */
export const CLOSE_CREDENTIALS_WITHDRAWN = 4403;
