export { initialize, lintText, ruleDocsUrl, DOCS_BASE_URL, PARSE_ERROR_RULE_ID } from './lint.js';
export { readDirectives, type Directives } from './directives.js';
export { defineRule, STAGES_OPTION } from './define-rule.js';
export { fingerprintOf } from './fingerprint.js';
export { describeRuleError, type LintOptions, type LintResult, type RuleError } from './lint-api.js';
export type * from './types.js';
export { LintSession, createLintSession, DEFAULT_SESSION_ENTRIES, type LintSessionOptions, type LintSessionKindStats, type LintSessionStats } from './session.js';
export { enableEditReuse, editReuseStats, forgetDocumentEdits, DEFAULT_EDIT_REUSE_DOCUMENTS, type EditReuseOptions, type EditReuseStats } from './edit-reuse.js';
