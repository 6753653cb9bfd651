// Helpers to synthesize a whole app in memory, mesh by mesh, and to read what an app wrote.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Chart, Testing } from 'cdk8s';

/** The manifests of each chart of the app (validation included), by chart id. */
export function synthByChart(app: App): Record<string, any[]> {
  const result: Record<string, any[]> = {};
  for (const chart of app.charts) {
    result[chart.node.id] = Testing.synth(chart as Chart);
  }
  return result;
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
