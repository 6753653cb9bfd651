// Writes a cdk8s app's charts as cdk8s's own `App.synth()` does for
// `YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE` (a folder per chart named by
// `Names.toDnsLabel`, a file per object named `<kind>.<name>`), with the same validation first,
// but one walk of the construct tree and the YAML written by `YamlEmitter`. Where the result could
// differ (dependencies between constructs, charts in charts, two objects or charts written to one
// path, construct metadata recorded), it writes nothing and says so, and the caller lets cdk8s
// synthesize. test/folder-writer.test.ts compares both on every example.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { YamlEmitter } from '../core/yaml-emitter';

/**
 * Validates `app` and writes its charts into `outdir` as `app.synth()` would; returns false,
 * having written nothing, when only cdk8s itself can be sure to write the same.
 */
export function writeChartFolders(app: App, outdir: string): boolean {
  if (app.yamlOutputType !== YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE) return false;
  if ((app as unknown as { recordConstructMetadata?: boolean }).recordConstructMetadata) return false;
  const all = app.node.findAll();
  validateAll(all);
  const plan = folderPlan(all);
  if (plan === undefined) return false;
  const emitter = new YamlEmitter();
  const extension = app.outputFileExtension;
  mkdirSync(outdir, { recursive: true });
  for (const [folder, objects] of plan) {
    const dir = join(outdir, folder);
    mkdirSync(dir, { recursive: true });
    for (const [file, object] of objects) {
      writeFileSync(join(dir, file + extension), emitter.stringify(object.toJson()), { encoding: 'utf8' });
    }
  }
  return true;
}

/** cdk8s's validation of an app: every construct's `node.validate()`, with its message. */
function validateAll(all: readonly IConstruct[]): void {
  const errors: string[] = [];
  for (const child of all) {
    for (const error of child.node.validate()) errors.push(`[${child.node.path}] ${error}`);
  }
  if (errors.length > 0) {
    throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
  }
}

/**
 * The folders and files of each chart's objects, or undefined when the app has what changes
 * cdk8s's names or order: a dependency, a chart inside a chart, or two charts or objects that
 * would be written to one path (there, the last one cdk8s writes wins).
 */
function folderPlan(all: readonly IConstruct[]): Map<string, Map<string, ApiObject>> | undefined {
  const folders = new Map<Chart, Map<string, ApiObject>>();
  for (const c of all) {
    if (c.node.dependencies.length > 0) return undefined;
    if (c instanceof Chart) {
      if (c.node.scopes.slice(0, -1).some(s => s instanceof Chart)) return undefined;
      folders.set(c, new Map());
    }
  }
  for (const c of all) {
    if (!(c instanceof ApiObject)) continue;
    const files = folders.get(Chart.of(c));
    if (files === undefined) return undefined;
    const file = `${c.kind}.${c.metadata.name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
    if (files.has(file)) return undefined;
    files.set(file, c);
  }
  const plan = new Map<string, Map<string, ApiObject>>();
  for (const [chart, files] of folders) {
    const folder = Names.toDnsLabel(chart);
    if (plan.has(folder)) return undefined;
    plan.set(folder, files);
  }
  return plan;
}
