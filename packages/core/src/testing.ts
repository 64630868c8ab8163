/**
 * @dockerlint/core/testing — helpers for tests, benchmarks and fuzzing, kept off the main entry so the
 * engine's public API carries nothing that only a test needs.
 */
export { fakes, seededRandom, type FakeRandom, type FakeUrlCredentials } from './secrets/fakes.js';
