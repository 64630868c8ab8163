/** Image scanning: what a built image really holds (layers, history, config), streamed from its archive. */
export type * from './types.js';
export { scanImage, redactHistoryText, type ImageSource } from './scan.js';
export { recordedBuildArgs } from './metadata.js';
