import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-mesh-federation',
  description:
    'Typed cdk8s constructs that turn a short description of several service meshes into every manifest needed to federate them.',
  author: 'cdk8s-mesh-federation maintainers',
  authorAddress: 'maintainers@cdk8s-mesh-federation.dev',
  repositoryUrl: 'https://github.com/cdk8s-mesh-federation/cdk8s-mesh-federation.git',
  keywords: ['cdk8s', 'kubernetes', 'istio', 'maistra', 'openshift', 'service-mesh', 'federation'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  jsiiVersion: '~6.0.0',

  cdk8sVersion: '2.70.0',
  constructsVersion: '10.3.0',
  peerDeps: ['cdk8s-plus-27@^2.9.5'],
  devDeps: ['cdk8s-cli@^2.207.0', 'fast-check@^4.0.0'],
  // The command-line tool reads YAML with line positions and checks it against the published
  // JSON Schema; jsii libraries ship such plain npm dependencies bundled.
  bundledDeps: ['ajv@^8.17.0', 'yaml@^2.9.0'],
  bin: { 'cdk8s-mesh-federation': 'lib/app/cli.js' },
  // package.json `engines`: the Node.js versions the library and its command line run on.
  minNodeVersion: '20.0.0',

  // A package for every jsii language, as cdk8s construct libraries publish them.
  publishToPypi: { distName: 'cdk8s-mesh-federation', module: 'cdk8s_mesh_federation' },
  publishToMaven: {
    javaPackage: 'dev.cdk8s.meshfederation',
    mavenGroupId: 'dev.cdk8s-mesh-federation',
    mavenArtifactId: 'cdk8s-mesh-federation',
  },
  publishToGo: { moduleName: 'github.com/cdk8s-mesh-federation/cdk8s-mesh-federation-go' },
  publishToNuget: { dotNetNamespace: 'Cdk8sMeshFederation', packageId: 'Cdk8sMeshFederation' },

  jestOptions: {
    // Jest 30 resolves modules with unrs-resolver, whose per-platform bindings not every registry
    // mirror serves; Jest 29 keeps 'npm ci' working on a clean clone (and matches ts-jest 29).
    jestVersion: '^29',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // Every core: Jest's default is one worker fewer than the cores, which is a single worker on
      // CI's 2 cores; the suites are independent (each writes to its own temporary folders).
      maxWorkers: '100%',
      // Coverage by Istanbul's instrumentation (cached with the transformed sources), of src/ only:
      // V8's coverage is converted back to the TypeScript sources after every test file, which
      // took about 45 % of the suite's time.
      coverageProvider: 'babel',
      collectCoverageFrom: ['src/**/*.ts'],
      coveragePathIgnorePatterns: ['/node_modules/', '/src/imports/', '\\.generated\\.ts$'],
      testPathIgnorePatterns: ['/node_modules/', '/examples/.*/dist/'],
      // One temporary folder per run, removed at its end (test/support/global-setup.ts).
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  },
  // '/node_modules' also ignores a node_modules that is a symbolic link (projen's pattern matches folders only).
  gitignore: ['/examples/**/dist/', '/cdk.out/', '*.cpuprofile', '/node_modules'],
});

// eslint-import-resolver-typescript 3.6 resolves with enhanced-resolve; 3.7+ pulls per-platform native
// bindings that not every registry mirror serves, which breaks 'npm ci' on a clean clone.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.6.3');

// Release versioning: commit-and-tag-version 13 and its conventional-changelog packages require
// Node.js 22, so on Node 20 'npm ci' printed 85 EBADENGINE warnings; 12.x does the same on Node 18+.
project.deps.removeDependency('commit-and-tag-version');
project.addDevDeps('commit-and-tag-version@^12.7.3');

// dependency-cruiser checks the import rules between the layers of src/ (see docs/architecture.md).
// 17.x is the newest line that still runs on Node 20 (18.x requires Node 22 or later).
project.addDevDeps('dependency-cruiser@^17.4.3');

// Tests make X.509 certificates (fresh, expiring, expired, rotated roots) in process with
// @peculiar/x509 on Node's WebCrypto, instead of committing fixtures whose validity runs out.
project.addDevDeps('@peculiar/x509@^2.2.0', 'reflect-metadata@^0.2.2');

// Generated CRD classes are not ours to lint.
project.eslint?.addIgnorePattern('src/imports/');
project.eslint?.addLintPattern('examples');
// Functions in the library stay at most 60 lines long (blank lines and comments not counted);
// tests and examples are not held to it, src/imports/ is not linted at all.
project.eslint?.addOverride({
  files: ['src/**/*.ts'],
  rules: {
    'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
  },
});
// The package ships the description's schema (schema/), the docs (docs/: the description format,
// the errors) and the example descriptions with the certificates they name; not the TypeScript examples.
project.addPackageIgnore('/examples/**');
project.addPackageIgnore('!/examples/*/federation.yaml');
project.addPackageIgnore('!/examples/certs/*.pem');
project.addPackageIgnore('/scripts/');

// `npx projen import` regenerates the typed CRD classes from the local upstream CRD files.
const importTask = project.addTask('import', {
  description: 'Regenerate src/imports/ from the CRD files in $MESH_FEDERATION_CRDS_DIR (default ../shared/crds)',
});
importTask.exec('bash scripts/import-crds.sh');

// `npm run example` synthesizes every example app into examples/<app>/dist and prints where.
const exampleTask = project.addTask('example', {
  description: 'Synthesize the example federations (one folder of YAML per mesh)',
});
exampleTask.exec('ts-node --project examples/tsconfig.json examples/run-all.ts');

project.addPackageIgnore('/tsconfig.typecheck.json');

// `npx projen check:packages` generates the Python, Java, Go and .NET package source offline and
// compiles what this machine can compile without downloads (scripts/check-packages.sh says what);
// CI runs it after the tests.
project.addTask('check:packages', {
  description: 'Generate every jsii language package offline and compile what can be compiled here',
  exec: 'bash scripts/check-packages.sh',
});

// `npx projen check:imports` checks the import rules between the folders of src/ (docs/architecture.md)
// with dependency-cruiser; the rules are in projenrc/architecture-rules.ts, read through
// .dependency-cruiser.cjs. `npm test` runs it first, so a forbidden import or a cycle fails the tests.
project.addTask('check:imports', {
  description: 'Check the import rules between the folders of src/ (dependency-cruiser)',
  exec: 'depcruise --config .dependency-cruiser.cjs src',
});
project.addPackageIgnore('/.dependency-cruiser.cjs');

// `npm test`: the static checks first, then Jest. ts-jest runs with isolatedModules (no type
// checking), so scripts/check-sources.ts type-checks the sources, tests, examples, scripts and
// projen files in one program (tsconfig.typecheck.json), lints the paths of projen's eslint task with ESLint's
// type-aware rules reading that same program, and checks the import rules beside them (the same
// checks as `tsc --noEmit -p tsconfig.typecheck.json`, `npx projen eslint` and `npx projen
// check:imports`, in 13 s instead of 21 s on 2 cores). Arguments after `npm test --` go to Jest.
project.testTask.reset();
project.testTask.exec('node -r ts-node/register/transpile-only scripts/check-sources.ts');
project.testTask.exec('jest --passWithNoTests --ci', { receiveArgs: true });

// `npm run bench`: synth cost of 5 to 100 meshes against the cdk8s floor (see docs/benchmarks.md).
project.addTask('bench', {
  description: 'Benchmark synth of N-mesh federations against the cdk8s floor',
  exec: 'node -r ts-node/register/transpile-only scripts/bench.ts',
});

// `npx projen docs:errors` rewrites docs/errors.md from the error catalogue the tests run.
project.addTask('docs:errors', {
  description: 'Regenerate docs/errors.md from test/support/error-catalogue.ts',
  exec: 'ts-node --project examples/tsconfig.json scripts/errors-doc.ts',
});

// `npx projen docs:description` rewrites docs/description.md from schema/federation.schema.json.
project.addTask('docs:description', {
  description: 'Regenerate docs/description.md from schema/federation.schema.json',
  exec: 'ts-node --project examples/tsconfig.json scripts/description-doc.ts',
});

// `npx projen schema:validator` compiles schema/federation.schema.json into standalone validator code
// (src/app/description-validator.generated.ts), so the command line does not compile it on every run.
project.addTask('schema:validator', {
  description: 'Regenerate src/app/description-validator.generated.ts from schema/federation.schema.json',
  exec: 'ts-node --project examples/tsconfig.json scripts/description-validator.ts',
});

project.synth();
