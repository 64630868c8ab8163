export { isDockerfileName, isIgnoreFileName } from './names.js';
