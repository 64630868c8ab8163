/** Image scanning: what a built image really holds (layers, history, config), streamed from its archive. */
export type * from './types.js';
export { scanImage, redactHistoryText, type ImageSource } from './scan.js';
export { recordedBuildArgs } from './metadata.js';
export { alignHistory, historyKeyword, shippedChain, tieFindings, type Alignment } from './dockerfile.js';
export {
  IMAGE_DOCS_URL,
  IMAGE_RULE_METAS,
  imageFindingToFinding,
  imageLocationText,
  imageRuleId,
  verificationSuffix,
  verifyFindings,
  type ToFindingsOptions,
  type VerifyOutcome,
} from './findings.js';
