/** File discovery is core's (`discoverDockerfiles`): the CLI names it `discover`, as its public API always has. */
export { discoverDockerfiles as discover, isDockerfileName, type DiscoveryOptions, type DiscoveryResult } from '@dockerlint/core';
