// test/support/synth.ts's synthByChart() resolves and validates an app once and then reads each
// chart's objects itself; here it must give what cdk8s's Testing.synth() gives chart by chart.
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { EXAMPLES } from '../examples/examples';
import { FederationApp } from '../src';
import { docsMeshes } from './support/federation';
import { synthByChart } from './support/synth';

/** What Testing.synth() gives for every chart of the app, by chart id. */
function byTestingSynth(app: App): Record<string, any[]> {
  return Object.fromEntries(app.charts.map(c => [c.node.id, Testing.synth(c)]));
}

describe('synthByChart()', () => {
  for (const example of EXAMPLES.filter(e => e.build)) {
    test(`equals Testing.synth() chart by chart: example ${example.name}`, () => {
      const build = () => {
        const app = new FederationApp({ ...example.props, outdir: Testing.app().outdir });
        example.build!(app);
        return app;
      };
      const expected = byTestingSynth(build());
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      expect(synthByChart(build())).toEqual(expected);
    });
  }

  test('keeps the order of dependencies between objects and between charts', () => {
    const build = () => {
      const app = Testing.app();
      const first = new Chart(app, 'first');
      const second = new Chart(app, 'second');
      const a = new ApiObject(second, 'a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
      const b = new ApiObject(second, 'b', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } });
      a.addDependency(b);
      new ApiObject(first, 'c', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
      first.addDependency(second);
      return app;
    };
    const expected = byTestingSynth(build());
    expect(expected.second.map(o => o.metadata.name)).toEqual(['b', 'a']);
    expect(synthByChart(build())).toEqual(expected);
  });

  test('validates every chart of the app, as Testing.synth() does', () => {
    const { app, blue } = docsMeshes();
    expect(app.charts.indexOf(blue)).toBe(2);
    blue.node.addValidation({ validate: () => ['blue is not ready'] });
    expect(() => synthByChart(app)).toThrow('Validation failed with the following errors:\n  [blue-mesh] blue is not ready');
  });
});
