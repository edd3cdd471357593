// ESM set-up: lowdb is ESM-only, so the project is "type": "module" and jest runs with
// --experimental-vm-modules (see package.json). Type checking happens once in `tsc --noEmit`
// (npm test); ts-jest only transpiles (isolatedModules) to keep the suite fast on 2 cores.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  maxWorkers: 2,
  // Whole conversations over real HTTP take a few seconds on a busy 2-core machine: a timeout is a
  // hang detector here, not a speed target (speed is measured by npm run bench).
  testTimeout: 60_000,
};
