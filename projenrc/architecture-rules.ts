/**
 * The import rules between the folders of src/ (see docs/architecture.md), checked by
 * dependency-cruiser. This is the only copy of the rules: `.dependency-cruiser.cjs` (read by
 * `npx projen check:imports`, which `npm test` runs) and test/architecture.test.ts both take them
 * from here, so the test proves that these very rules catch a forbidden import.
 *
 * Paths are relative to the folder dependency-cruiser runs from (the repository root).
 */
import type { IConfiguration, IForbiddenRuleType } from 'dependency-cruiser' with { 'resolution-mode': 'import' };

/** Node's file-system modules, as dependency-cruiser names a core module with or without `node:`. */
const FILE_SYSTEM = '^(node:)?fs(/promises)?$';

export const forbidden: IForbiddenRuleType[] = [
  {
    name: 'core-imports-only-core',
    comment:
      'src/core/ holds the contracts and checks every layer shares; it imports nothing of the project outside src/core/ '
      + '(npm packages and node built-ins are fine), so any layer can use it without pulling in another.',
    severity: 'error',
    from: { path: '^src/core/' },
    to: { path: '^src/', pathNot: '^src/core/' },
  },
  {
    name: 'federation-not-to-multi-network-serverless-migration-app',
    comment:
      'src/federation/ is one product: it knows core, never multi-network, serverless, migration or the app.',
    severity: 'error',
    from: { path: '^src/federation/' },
    to: { path: '^src/(multi-network|serverless|migration|app)/' },
  },
  {
    name: 'multi-network-not-to-federation-migration-serverless-app',
    comment:
      'src/multi-network/ is the other product: it knows core, never federation, migration, serverless or the app; '
      + 'only src/migration/ joins federation and multi-network.',
    severity: 'error',
    from: { path: '^src/multi-network/' },
    to: { path: '^src/(federation|migration|serverless|app)/' },
  },
  {
    name: 'serverless-not-to-multi-network-migration-app',
    comment:
      'src/serverless/ builds on a federation mesh; it never imports multi-network, migration or the app.',
    severity: 'error',
    from: { path: '^src/serverless/' },
    to: { path: '^src/(multi-network|migration|app)/' },
  },
  {
    name: 'migration-not-to-app-serverless',
    comment:
      'src/migration/ joins federation and multi-network and nothing above them: never the app or serverless.',
    severity: 'error',
    from: { path: '^src/migration/' },
    to: { path: '^src/(app|serverless)/' },
  },
  {
    name: 'app-only-from-index',
    comment:
      'src/app/ (files, command line, description reader) sits on top; nothing under src/ imports it except src/index.ts.',
    severity: 'error',
    from: { path: '^src/', pathNot: ['^src/app/', '^src/index\\.ts$'] },
    to: { path: '^src/app/' },
  },
  {
    name: 'fs-only-in-app',
    comment:
      'Only src/app/ touches the file system: no fs, node:fs, fs/promises or node:fs/promises anywhere else under src/.',
    severity: 'error',
    from: { path: '^src/', pathNot: '^src/app/' },
    to: { dependencyTypes: ['core'], path: FILE_SYSTEM },
  },
  {
    name: 'imports-only-imports',
    comment:
      'src/imports/ holds the CRD classes `npx projen import` generates; they import nothing of the project.',
    severity: 'error',
    from: { path: '^src/imports/' },
    to: { path: '^src/', pathNot: '^src/imports/' },
  },
  {
    name: 'no-circular',
    comment: 'No import cycle anywhere in src/, type-only imports included.',
    severity: 'error',
    from: { path: '^src/' },
    to: { circular: true },
  },
];

/**
 * The dependency-cruiser configuration: the rules above, type-only imports counted (they vanish
 * from the JavaScript but still tie one folder to another), `process.getBuiltinModule('fs')`
 * counted as an import of fs, modules resolved with the project's tsconfig.json, npm packages
 * not cruised.
 *
 * @param tsConfigFileName the tsconfig.json to read and resolve with
 */
export function configuration(tsConfigFileName: string = 'tsconfig.json'): IConfiguration {
  return {
    forbidden,
    options: {
      tsPreCompilationDeps: true,
      detectProcessBuiltinModuleCalls: true,
      tsConfig: { fileName: tsConfigFileName },
      doNotFollow: { path: 'node_modules' },
    },
  };
}
