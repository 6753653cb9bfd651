// FederationApp: the reports it writes (the library's reportFiles(), byte for byte), the
// warnings it prints at synth and the summary it prints after.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { rootCert } from './support/certs';
import { twoNetworkClusters } from '../examples/multi-network/multi-network';
import { threeMeshFederation } from '../examples/three-mesh-federation/federation';
import { FederatedMesh, FederationApp, FederationAppProps, MultiNetworkMesh, Platform } from '../src';
import { summaryText } from '../src/app/summary';

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

describe('summary', () => {
  /** What synth writes to stdout. */
  function printed(synth: () => void): string {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      synth();
      return stdout.mock.calls.map(([chunk]) => String(chunk)).join('');
    } finally {
      stdout.mockRestore();
    }
  }

  test('after synth: each cluster folder and its objects, the reports, the manual steps pending and where to read them', () => {
    const outdir = newOutdir();
    const app = new FederationApp({ outdir, gitOps: {} });
    const federation = threeMeshFederation(app);
    const mesh = twoNetworkClusters(app);
    const text = printed(() => app.synth());
    // Each mesh's operator precondition, then green's node ports for its two peers.
    expect(federation.manualSteps()).toHaveLength(5);
    expect(mesh.manualSteps()).toHaveLength(6);
    expect(text).toBe([
      `Wrote ${outdir}/ (the whole folder, replaced):`,
      `  ${outdir}/blue-mesh/   7 objects`,
      `  ${outdir}/cluster1/    6 objects`,
      `  ${outdir}/cluster2/    8 objects`,
      `  ${outdir}/green-mesh/  7 objects`,
      `  ${outdir}/red-mesh/    7 objects`,
      `Reports: ${['federation-plan.md', 'federation-topology.md', 'federation-manual-steps.md', 'mesh1-istiod-values-cluster1.yaml',
        'mesh1-istiod-values-cluster2.yaml', 'mesh1-manual-steps.md'].map(f => join(outdir, f)).join(', ')}`,
      `Manual steps pending: 11; read ${join(outdir, 'federation-manual-steps.md')}, ${join(outdir, 'mesh1-manual-steps.md')}`,
      '',
    ].join('\n'));
    expect(app.summary()).toBe(text);
    // The object counts are what the folders hold (besides their kustomization).
    for (const [folder, files] of Object.entries(app.clusterFiles())) {
      expect(readdirSync(join(outdir, folder)).filter(f => f !== 'kustomization.yaml').sort()).toEqual(files);
      expect(text).toContain(`${folder}/`.padEnd('green-mesh/'.length + 2) + `${files.length} objects\n`);
    }
    for (const report of ['federation-plan.md', 'mesh1-manual-steps.md']) expect(existsSync(join(outdir, report))).toBe(true);
  });

  test('the GitOps folder, and steps pending without reports', () => {
    const outdir = newOutdir();
    const app = new FederationApp({ outdir, reports: false, gitOps: { repoUrl: 'https://git.example.com/m.git', flux: true, destinations: { a: { kubeConfigSecretName: 'a' } } } });
    const federation = new FederatedMesh(app, 'f');
    for (const [name, peer] of [['a', 'b'], ['b', 'a']]) {
      federation.addMesh(name, { platform: Platform.bareMetal(), rootCertificate: rootCert('red-mesh'), trustDomain: `${name}.example`, ingressAddresses: { [peer]: ['192.0.2.1'] } });
    }
    expect(printed(() => app.synth())).toBe([
      `Wrote ${outdir}/ (the whole folder, replaced):`,
      `  ${outdir}/a/       5 objects`,
      `  ${outdir}/b/       5 objects`,
      `  ${outdir}/gitops/  3 objects`,
      'Reports: none (turned off)',
      // Each mesh's operator precondition.
      'Manual steps pending: 2 (no report written: reports are off)',
      '',
    ].join('\n'));
  });

  test('pending steps without reports; a single object', () => {
    const outdir = newOutdir();
    const app = new FederationApp({ outdir, reports: false });
    new FederatedMesh(app, 'f').addMesh('east', { platform: Platform.bareMetal() });
    expect(printed(() => app.synth())).toBe([
      `Wrote ${outdir}/ (the whole folder, replaced):`,
      `  ${outdir}/east/  3 objects`,
      'Reports: none (turned off)',
      'Manual steps pending: 2 (no report written: reports are off)',
      '',
    ].join('\n'));
  });

  test('printSummary: false prints nothing; paths inside the working folder are shown relative to it', () => {
    const outdir = newOutdir();
    const app = new FederationApp({ outdir, printSummary: false });
    threeMeshFederation(app);
    expect(app.printSummary).toBe(false);
    expect(printed(() => app.synth())).toBe('');
    expect(summaryText({ outdir, inFolders: true, folders: [{ name: 'a', objects: 2 }], reports: ['f-plan.md'], manualSteps: [{ file: 'f-manual-steps.md', steps: 1 }] }, OUT))
      .toBe([`Wrote ${basename(outdir)}/ (the whole folder, replaced):`, `  ${basename(outdir)}/a/  2 objects`,
        `Reports: ${basename(outdir)}/f-plan.md`, `Manual steps pending: 1; read ${basename(outdir)}/f-manual-steps.md`, ''].join('\n'));
    expect(summaryText({ outdir, inFolders: false, folders: [{ name: 'a', objects: 2 }], reports: [], manualSteps: [] }, outdir))
      .toBe(['Wrote ./ (the whole folder, replaced):', '  a  2 objects', 'Reports: none', 'Manual steps pending: none', ''].join('\n'));
  });
});

test('the README shows the three-mesh example\'s summary as it is', () => {
  const app = new FederationApp({ outdir: join(process.cwd(), 'dist') });
  threeMeshFederation(app);
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  expect(readme).toContain(`\`\`\`text\n${app.summary()}\`\`\``);
});
