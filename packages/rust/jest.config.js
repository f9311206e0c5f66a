/** Unit tests: pure logic and small fixture workspaces; real cargo where the test compares with it. */
module.exports = {
  displayName: 'unit',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
    // toml-eslint-parser ships ES modules only: Node (>= 20.19) requires them as they are, but
    // Jest's module system does so only on Node >= 24.9, so here they are compiled to CommonJS.
    '^.+\\.mjs$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!toml-eslint-parser/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
