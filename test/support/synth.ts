// Helpers to synthesize a whole app in memory, mesh by mesh, and to read what an app wrote.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, Chart, DependencyGraph, Testing } from 'cdk8s';
import { Mesh, MultiNetworkCluster } from '../../src';
import { sortManifests } from '../../src/core/output';

/**
 * The manifests of each chart of the app (validation included), by chart id: what
 * `Testing.synth()` gives chart by chart (test/synth-helper.test.ts compares the two), with the
 * app resolved and validated once. cdk8s does both again for every chart it synthesizes, a cost
 * that grows with the square of the number of charts.
 */
export function synthByChart(app: App): Record<string, any[]> {
  const result: Record<string, any[]> = {};
  app.charts.forEach((chart, i) => {
    result[chart.node.id] = i === 0 ? Testing.synth(chart) : chartObjects(chart);
  });
  return result;
}

/**
 * A chart's manifests as its `toJson()` gives them once the app is resolved and validated: in
 * cdk8s's order, sorted as the library's charts sort them.
 */
function chartObjects(chart: Chart): any[] {
  const all = chart.node.findAll();
  // Without dependencies, cdk8s's topological order is the tree's (pre-order) order.
  const ordered = all.some(c => c.node.dependencies.length > 0) ? new DependencyGraph(chart.node).topology() : all;
  const objects = ordered
    .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
    .map(o => o.toJson());
  const sorted = [Mesh, MultiNetworkCluster].some(kind => chart instanceof kind);
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
