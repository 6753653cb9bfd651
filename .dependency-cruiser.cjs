// dependency-cruiser configuration, read by `npx projen check:imports` (part of `npm test`).
// It sits at the repository root, where `npx depcruise` finds it by default; the rules themselves
// live in projenrc/architecture-rules.ts, which test/architecture.test.ts imports too, so the test
// checks these very rules. ts-node (transpile only, as the other project scripts) loads that file.
require('ts-node').register({ transpileOnly: true, project: `${__dirname}/projenrc/tsconfig.json` });

module.exports = require('./projenrc/architecture-rules').configuration();
