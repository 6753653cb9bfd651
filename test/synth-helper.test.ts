// test/support/synth.ts's synthByChart() resolves and validates an app once and then reads each
// chart's objects itself; here it must give what cdk8s's Testing.synth() gives chart by chart.
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
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
      const synth = jest.spyOn(Testing, 'synth');
      try {
        expect(synthByChart(build())).toEqual(expected);
        // The library's charts take the short way: cdk8s synthesizes the first chart only.
        expect(synth).toHaveBeenCalledTimes(1);
      } finally {
        synth.mockRestore();
      }
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

  // What cdk8s would do differently from one resolution and validation of the app: there, the
  // helper lets cdk8s synthesize the chart.
  const configMap = (scope: Construct, id: string) => new ApiObject(scope, id, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: id } });
  const names = (byChart: Record<string, any[]>) => Object.fromEntries(Object.entries(byChart).map(([k, v]) => [k, v.map(o => o.metadata.name)]));

  test('a dependency added while the app is validated', () => {
    const build = () => {
      const app = Testing.app();
      new Chart(app, 'first');
      const second = new Chart(app, 'second');
      const a = new Construct(second, 'A');
      configMap(a, 'a');
      const b = new Construct(second, 'B');
      configMap(b, 'b');
      second.node.addValidation({ validate: () => { a.node.addDependency(b); return []; } });
      return app;
    };
    expect(names(byTestingSynth(build()))).toEqual({ first: [], second: ['b', 'a'] });
    expect(names(synthByChart(build()))).toEqual({ first: [], second: ['b', 'a'] });
  });

  test('a chart class that renders itself (toJson()), after the first chart', () => {
    class Extra extends Chart {
      public override toJson(): any[] {
        return [...super.toJson(), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'extra' } }];
      }
    }
    const build = () => {
      const app = Testing.app();
      configMap(new Chart(app, 'first'), 'x');
      configMap(new Extra(app, 'second'), 'y');
      return app;
    };
    expect(names(synthByChart(build()))).toEqual(names(byTestingSynth(build())));
    expect(names(synthByChart(build())).second).toEqual(['y', 'extra']);
  });

  test('an object added each time the app is validated', () => {
    const build = () => {
      const app = Testing.app();
      configMap(new Chart(app, 'first'), 'x');
      const second = new Chart(app, 'second');
      let n = 0;
      second.node.addValidation({ validate: () => { configMap(second, `v${n++}`); return []; } });
      return app;
    };
    expect(names(synthByChart(build()))).toEqual(names(byTestingSynth(build())));
  });

  test('nested charts and a dependency on one', () => {
    const build = () => {
      const app = Testing.app();
      const outer = new Chart(app, 'outer');
      configMap(outer, 'o1');
      const inner = new Chart(outer, 'inner');
      configMap(inner, 'i1');
      configMap(outer, 'o2');
      const other = new Chart(app, 'other');
      configMap(other, 'x1').addDependency(inner);
      configMap(other, 'y1');
      return app;
    };
    expect(names(synthByChart(build()))).toEqual(names(byTestingSynth(build())));
  });

  test('validates every chart of the app, as Testing.synth() does', () => {
    const { app, blue } = docsMeshes();
    expect(app.charts.indexOf(blue)).toBe(2);
    blue.node.addValidation({ validate: () => ['blue is not ready'] });
    expect(() => synthByChart(app)).toThrow('Validation failed with the following errors:\n  [blue-mesh] blue is not ready');
  });
});
