// Helpers to synthesize a whole app in memory, mesh by mesh, and to read what an app wrote.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Mesh, MultiNetworkCluster } from '../../src';
import { sortManifests } from '../../src/core/output';

/**
 * The manifests of each chart of the app (validation included), by chart id: what
 * `Testing.synth()` gives chart by chart (test/synth-helper.test.ts compares the two). cdk8s
 * resolves and validates the whole app again for every chart it synthesizes, a cost that grows with
 * the square of the number of charts; here once is enough unless that validation changed the app
 * (added constructs or dependencies), or a chart renders itself its own way: there, cdk8s does it.
 */
export function synthByChart(app: App): Record<string, any[]> {
  const charts = app.charts;
  const result: Record<string, any[]> = {};
  if (charts.length === 0) return result;
  const before = app.node.findAll().length;
  result[charts[0].node.id] = Testing.synth(charts[0]);
  const after = app.node.findAll();
  const unchanged = after.length === before && after.every(c => c.node.dependencies.length === 0);
  for (const chart of charts.slice(1)) {
    const own = renderedBy(chart);
    result[chart.node.id] = unchanged && own !== 'other' ? chartObjects(chart, own === 'sorted') : Testing.synth(chart);
  }
  return result;
}

/**
 * How a chart turns its objects into manifests: cdk8s's `Chart.toJson()`, the library's charts'
 * (the same, sorted by kind, namespace and name), or another class's own.
 */
function renderedBy(chart: Chart): 'cdk8s' | 'sorted' | 'other' {
  const toJson = (chart as { toJson: unknown }).toJson;
  if (toJson === Chart.prototype.toJson) return 'cdk8s';
  return toJson === Mesh.prototype.toJson || toJson === MultiNetworkCluster.prototype.toJson ? 'sorted' : 'other';
}

/**
 * A chart's manifests as cdk8s's `Chart.toJson()` gives them once the app is resolved and
 * validated and holds no dependency: in the tree's (pre-order) order, which is then cdk8s's
 * topological order; `sorted` as the library's charts sort them.
 */
function chartObjects(chart: Chart, sorted: boolean): any[] {
  const objects = chart.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
    .map(o => o.toJson());
  return sorted ? sortManifests(objects) : objects;
}

/** All manifests of the app, in chart order. */
export function synthAll(app: App): any[] {
  return Object.values(synthByChart(app)).flat();
}

/** The object of the given kind and name (and namespace, when given) among `objs`. */
export function find(objs: any[], kind: string, name: string, namespace?: string): any {
  const found = objs.filter(o => o.kind === kind && o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind} ${namespace ?? '*'}/${name}, found ${found.length}`);
  }
  return found[0];
}

/** Every file under `dir` (path relative to it, sorted) with its content. */
export function tree(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub)).sort()) {
      const rel = sub ? `${sub}/${entry}` : entry;
      if (statSync(join(dir, rel)).isDirectory()) walk(rel);
      else result[rel] = readFileSync(join(dir, rel), 'utf8');
    }
  };
  walk('');
  return result;
}
