// FederationApp: the reports it writes (the library's reportFiles(), byte for byte) and the
// warnings it prints at synth.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCert } from './support/certs';
import { twoNetworkClusters } from '../examples/multi-network/multi-network';
import { threeMeshFederation } from '../examples/three-mesh-federation/federation';
import { FederatedMesh, FederationApp, FederationAppProps, MultiNetworkMesh, Platform } from '../src';

const OUT = mkdtempSync(join(tmpdir(), 'federation-app-'));
let runs = 0;
const newOutdir = () => join(OUT, `run-${runs++}`);

const WARNING = 'mesh \'red-mesh\': export to \'green-mesh\' \'to-green\' addNameRule(\'west-data-center\', \'*\'): exports every service of namespace \'west-data-center\' to \'green-mesh\'';

/** The three-mesh example, with red exporting every service of a namespace to green. */
function appWithWholeNamespaceExport(props: FederationAppProps = {}): FederationApp {
  const app = new FederationApp({ outdir: newOutdir(), ...props });
  const federation = threeMeshFederation(app);
  federation.findMesh('red-mesh')!.addServiceExport('to-green', { peer: federation.findMesh('green-mesh')! })
    .addNameRule({ namespace: 'west-data-center', name: '*' });
  return app;
}

/** What synth writes to stderr, as `Warning:` lines. */
function warningsPrinted(synth: () => void): string[] {
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    synth();
    return stderr.mock.calls.map(([chunk]) => String(chunk)).filter(text => text.startsWith('Warning:'));
  } finally {
    stderr.mockRestore();
  }
}

describe('warnings', () => {
  test('synth prints the warning of a whole-namespace export to stderr, once', () => {
    const app = appWithWholeNamespaceExport();
    const printed = warningsPrinted(() => app.synth());
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(new RegExp(`^Warning: ${WARNING.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*\\n$`));
    expect(app.warnings()).toEqual([printed[0].slice('Warning: '.length, -1)]);
    expect(app.warnings()[0].startsWith(WARNING)).toBe(true);
  });

  test('printWarnings: false records the warning without printing it', () => {
    const app = appWithWholeNamespaceExport({ printWarnings: false });
    expect(app.printWarnings).toBe(false);
    expect(warningsPrinted(() => app.synth())).toEqual([]);
    expect(app.warnings()).toEqual([expect.stringMatching(/^mesh 'red-mesh': export to 'green-mesh' 'to-green' addNameRule/)]);
  });

  test('an app without warnings prints none', () => {
    const app = new FederationApp({ outdir: newOutdir() });
    threeMeshFederation(app);
    expect(warningsPrinted(() => app.synth())).toEqual([]);
    expect(app.warnings()).toEqual([]);
  });
});

describe('reports', () => {
  test('every federation\'s and multi-network mesh\'s reportFiles(), byte for byte, beside the cluster folders', () => {
    const outdir = newOutdir();
    const app = new FederationApp({ outdir });
    const federation: FederatedMesh = threeMeshFederation(app);
    const mesh: MultiNetworkMesh = twoNetworkClusters(app);
    app.synth();
    const expected = { ...federation.reportFiles(), ...mesh.reportFiles() };
    expect(Object.keys(expected).sort()).toEqual([
      'federation-manual-steps.md', 'federation-plan.md', 'federation-topology.md',
      'mesh1-istiod-values-cluster1.yaml', 'mesh1-istiod-values-cluster2.yaml', 'mesh1-manual-steps.md',
    ]);
    for (const [fileName, content] of Object.entries(expected)) expect(readFileSync(join(outdir, fileName), 'utf8')).toBe(content);
    expect(readdirSync(outdir).filter(f => f.endsWith('.md') || f.endsWith('.yaml')).sort()).toEqual(Object.keys(expected).sort());
  });

  test('nothing is written when a federation has problems', () => {
    const outdir = newOutdir();
    const app = new FederationApp({ outdir });
    threeMeshFederation(app);
    // A second federation whose problem (a shared trust domain) is only found at synth.
    const broken = new FederatedMesh(app, 'broken');
    for (const [name, peer] of [['a', 'b'], ['b', 'a']]) {
      broken.addMesh(name, { platform: Platform.bareMetal(), rootCertificate: rootCert('red-mesh'), trustDomain: 'shared.local', ingressAddresses: { [peer]: ['192.0.2.1'] } });
    }
    expect(() => app.synth()).toThrow(expect.objectContaining({ name: 'FederationError', message: expect.stringContaining('trustDomain \'shared.local\' is also the trust domain of mesh') }));
    expect(existsSync(outdir) ? readdirSync(outdir) : []).toEqual([]);
  });
});
