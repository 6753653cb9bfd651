// Helpers to synthesize a whole app in memory, mesh by mesh.
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
