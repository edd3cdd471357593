/** Answers a flow has collected, by field name. Values are choice ids, lists of ids, or text. */
export type Answers = Record<string, string | string[] | boolean | undefined>;
