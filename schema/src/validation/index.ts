export * from "./issue.ts";
export { LiveValidator } from "./live.ts";
export type { Message, RuleSpec } from "./rule.ts";
export { VALIDATION_RULES } from "./rules.ts";
export { validate, validateDoc } from "./validate.ts";
export { RULE_WHY, type RuleSource, type RuleWhy } from "./why.ts";
