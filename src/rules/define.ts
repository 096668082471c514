import type { Rule, RuleContext, RuleMeta, Visitor } from '../types.js';

/**
 * Declares a rule. An identity function that lets TypeScript check every
 * `messageId` a rule reports against the messages its meta declares.
 */
export function defineRule<const M extends string>(rule: {
  id: string;
  meta: RuleMeta<M>;
  create(context: RuleContext<M>): Visitor;
}): Rule<M> {
  return rule;
}
