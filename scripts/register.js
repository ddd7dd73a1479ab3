// Runs TypeScript sources directly (dev scripts, benchmarks): compiles each .ts file with swc as
// it is required, with the decorator metadata type-graphql and TypeORM need.
require('reflect-metadata');
const { transformSync } = require('@swc/core');
const { addHook } = require('pirates');

addHook(
  (code, filename) =>
    transformSync(code, {
      filename,
      sourceMaps: 'inline',
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    }).code,
  { exts: ['.ts'], ignoreNodeModules: true },
);
