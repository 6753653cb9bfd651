// The command line: same bytes as the TypeScript API, errors that point at the line and path,
// exit codes 0 (ok), 1 (invalid input) and 2 (usage).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, Testing } from 'cdk8s';
import { compiledLibrary } from './support/compiled';
import { runCli } from './support/run';
import { tree } from './support/synth';
import { sameClusterFederation } from '../examples/same-cluster/federation';
import { serviceSharingFederation } from '../examples/service-sharing/federation';
import {
  ArgoCdOutput, FederatedMesh, FederationApp, GatewayNaming, LabelSelectorOperator, LoadBalancerScheme, Platform, Topology,
} from '../src';
import { parseArguments } from '../src/app/cli';

const ROOT = join(__dirname, '..');
const SPEC = join(ROOT, 'examples', 'service-sharing', 'federation.yaml');
const OUT = mkdtempSync(join(tmpdir(), 'cli-'));

const run = runCli;
/** A spec file with the given text. */
function specFile(text: string, name = 'federation.yaml'): string {
  const dir = mkdtempSync(join(OUT, 'spec-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
const certPath = join(ROOT, 'examples', 'certs', 'red-mesh-root-cert.pem');

describe('synth', () => {
  test('the example description renders the same bytes as the TypeScript example', () => {
    const fromCli = join(OUT, 'from-cli');
    const result = run('synth', SPEC, '-o', fromCli);
    expect(result).toEqual(expect.objectContaining({ code: 0, err: '' }));
    expect(result.out).toBe([
      `Wrote ${fromCli}/ (the whole folder, replaced):`,
      `  ${fromCli}/blue-mesh/   8 objects`,
      `  ${fromCli}/green-mesh/  10 objects`,
      `  ${fromCli}/red-mesh/    11 objects`,
      `Reports: ${fromCli}/federation-plan.md, ${fromCli}/federation-topology.md, ${fromCli}/federation-manual-steps.md`,
      `Manual steps pending: 7; read ${fromCli}/federation-manual-steps.md`,
      '',
    ].join('\n'));

    const fromTs = join(OUT, 'from-ts');
    const app = new FederationApp({ outdir: fromTs });
    serviceSharingFederation(app);
    app.synth();

    const cli = tree(fromCli);
    expect(Object.keys(cli)).toEqual(Object.keys(tree(fromTs)));
    // 29 manifests (with each mesh's Namespace and member roll), 3 reports and the ownership marker.
    expect(Object.keys(cli)).toHaveLength(33);
    expect(cli).toEqual(tree(fromTs));
  });

  test('--no-reports writes only the folders; gitOps in the description adds kustomizations', () => {
    const file = specFile([
      'gitOps: { repoUrl: "https://git.example.com/m.git", argoCd: application-per-cluster, destinations: { a: { name: a }, b: { name: b } } }',
      'meshes:',
      `  - { name: a, platform: { type: bare-metal }, rootCertificateFile: ${certPath}, ingressAddresses: { b: [192.0.2.1] } }`,
      `  - { name: b, platform: { type: azure, scheme: internal }, rootCertificateFile: ${certPath}, trustDomain: b.example, ingressAddresses: { a: [192.0.2.2] } }`,
    ].join('\n'));
    const outdir = join(OUT, 'no-reports');
    expect(run('synth', file, '--output', outdir, '--no-reports')).toEqual({
      code: 0,
      out: [`Wrote ${outdir}/ (the whole folder, replaced):`, `  ${outdir}/a/       5 objects`, `  ${outdir}/b/       5 objects`,
        `  ${outdir}/gitops/  2 objects`, 'Reports: none (turned off)', 'Manual steps pending: 2 (no report written: reports are off)', ''].join('\n'),
      err: '',
    });
    expect(readdirSync(outdir).sort()).toEqual(['.cdk8s-mesh-federation-owned', 'a', 'b', 'gitops']);
    expect(readdirSync(join(outdir, 'gitops')).sort()).toEqual(['Application.a.k8s.yaml', 'Application.b.k8s.yaml', 'kustomization.yaml']);
    expect(readdirSync(join(outdir, 'a'))).toContain('kustomization.yaml');
  });
});

describe('warnings', () => {
  test('synth writes the warning of a whole-namespace export through io.err, once', () => {
    const file = specFile([
      'meshes:',
      `  - { name: a, platform: { type: bare-metal }, rootCertificateFile: ${certPath}, ingressAddresses: { b: [192.0.2.1] },`,
      '      exports: [{ id: to-b, peer: b, rules: [{ nameSelector: { namespace: shop, name: "*" } }] }] }',
      `  - { name: b, platform: { type: bare-metal }, rootCertificateFile: ${certPath}, trustDomain: b.example, ingressAddresses: { a: [192.0.2.2] } }`,
    ].join('\n'));
    const stderr = jest.spyOn(process.stderr, 'write');
    let result: ReturnType<typeof run>;
    try {
      result = run('synth', file, '-o', join(OUT, 'warnings'));
      // The app prints nothing itself: every word goes through the command line's io.
      expect(stderr).not.toHaveBeenCalledWith(expect.stringContaining('Warning:'));
    } finally {
      stderr.mockRestore();
    }
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Wrote .*\/warnings\/ \(the whole folder, replaced\):\n {2}.*\/warnings\/a\/ {2}6 objects\n {2}.*\/warnings\/b\/ {2}5 objects\n/);
    // Each mesh's operator precondition.
    expect(result.out).toContain('Manual steps pending: 2; read ');
    expect(result.err).toMatch(/^Warning: mesh 'a': export to 'b' 'to-b' addNameRule\('shop', '\*'\): exports every service of namespace 'shop' to 'b'.*\n$/);
    expect(result.err.split('Warning:')).toHaveLength(2);
    // validate names the same warning.
    expect(run('validate', file).err).toBe(result.err);
  });
});

describe('every field of the description reaches the TypeScript API', () => {
  const certs = join(ROOT, 'examples', 'certs');
  const pemOf = (mesh: string) => readFileSync(join(certs, `${mesh}-root-cert.pem`), 'utf8');

  test('the same-cluster description (gateway settings per mesh and peer, meshes in one cluster) renders the same bytes as its TypeScript example', () => {
    const fromCli = join(OUT, 'same-cluster-cli');
    expect(run('synth', join(ROOT, 'examples', 'same-cluster', 'federation.yaml'), '-o', fromCli)).toEqual(expect.objectContaining({ code: 0, err: '' }));
    const fromTs = join(OUT, 'same-cluster-ts');
    const app = new FederationApp({ outdir: fromTs, printSummary: false });
    sameClusterFederation(app);
    app.synth();
    const cli = tree(fromCli);
    expect(cli).toEqual(tree(fromTs));
    // The gateway settings arrived: infra nodes and the requested CPU.
    const smcp = cli['red-mesh/ServiceMeshControlPlane.red-mesh.k8s.yaml'];
    expect(smcp).toContain('node-role.kubernetes.io/infra');
    expect(smcp).toContain('cpu: 10m');
  });

  test('a description using every field renders the same bytes as the same federation in TypeScript', () => {
    const file = specFile([
      'name: fleet',
      'topology: { type: hub-and-spoke, hub: hub }',
      'gatewayNaming: { type: maistra-samples }',
      'version: v2.5',
      'gitOps: { repoUrl: "https://git.example.com/fleet.git", revision: release, path: out, flux: true, fluxInterval: 90s, fluxNamespace: flux, name: fleet-gitops,',
      '          argoCd: application-set, argoCdNamespace: gitops, argoCdProject: meshes, automatedSync: true,',
      '          destinations: { hub: { name: hub-cluster, kubeConfigSecretName: hub-kc }, spoke: { name: spoke-cluster } } }',
      'meshes:',
      '  - name: hub',
      '    platform: { type: aws-load-balancer-controller, scheme: internal }',
      '    namespace: hub-cp',
      '    controlPlaneName: hub-smcp',
      '    version: v2.6',
      '    trustDomain: hub.example',
      '    clusterName: cluster-hub',
      '    network: net-hub',
      '    locality: { region: eu-west-1, zone: eu-west-1a, subzone: rack1 }',
      `    rootCertificateFile: ${join(certs, 'red-mesh-root-cert.pem')}`,
      '    controlPlaneSpec: { tracing: { type: None } }',
      '    dnsDomain: mesh.example.com',
      '    externalDns: true',
      '    ingressSourceRanges: [10.0.0.0/8]',
      '    gatewayNaming: { type: pattern, ingress: "in-{peer}", egress: "out-{peer}" }',
      '    exports:',
      '      - id: to-spoke',
      '        peer: spoke',
      '        rules:',
      '          - labelSelector: { namespace: shop, matchLabels: { app: cart }, matchExpressions: [{ key: tier, operator: In, values: [web] }],',
      '                             aliases: [{ namespace: shop, name: cart, alias: { name: basket } }] }',
      '          - nameSelector: { namespace: bookinfo, name: ratings }',
      '  - name: spoke',
      '    platform: { type: node-port, nodeAddresses: [192.0.2.5], nodePorts: { hub: { servicePort: 31000, discoveryPort: 31001 } }, firstNodePort: 32000 }',
      '    locality: { region: us-east-1 }',
      `    rootCertificate: ${JSON.stringify(pemOf('green-mesh'))}`,
      '    egressSourceRanges: [192.0.2.0/24]',
      '    imports:',
      '      - id: from-hub',
      '        peer: hub',
      '        domainSuffix: hub.imports',
      '        locality: { region: eu-west-1, zone: eu-west-1a, subzone: rack1 }',
      '        rules:',
      '          - nameSelector: { namespace: shop, name: basket, alias: { namespace: store }, domainSuffix: shop.hub }',
      'failover:',
      '  - id: ratings',
      '    namespace: bookinfo',
      '    name: ratings',
      '    meshes: [spoke, hub]',
      '    consumers: [spoke]',
      '    outlierDetection: { consecutive5xxErrors: 5, interval: 30s, baseEjectionTime: 2m }',
      '    destinationRuleName: ratings-dr',
      '    exportFromProviders: false',
    ].join('\n'));
    const fromCli = join(OUT, 'every-field-cli');
    expect(run('synth', file, '-o', fromCli)).toEqual(expect.objectContaining({ code: 0, err: '' }));

    const fromTs = join(OUT, 'every-field-ts');
    const app = new FederationApp({
      outdir: fromTs,
      gitOps: {
        repoUrl: 'https://git.example.com/fleet.git',
        revision: 'release',
        path: 'out',
        flux: true,
        fluxInterval: Duration.seconds(90),
        fluxNamespace: 'flux',
        name: 'fleet-gitops',
        argoCd: ArgoCdOutput.APPLICATION_SET,
        argoCdNamespace: 'gitops',
        argoCdProject: 'meshes',
        automatedSync: true,
        destinations: { hub: { name: 'hub-cluster', kubeConfigSecretName: 'hub-kc' }, spoke: { name: 'spoke-cluster' } },
      },
    });
    const federation = new FederatedMesh(app, 'fleet', { topology: Topology.hubAndSpoke('hub'), gatewayNaming: GatewayNaming.maistraSamples(), version: 'v2.5' });
    const hub = federation.addMesh('hub', {
      platform: Platform.awsLoadBalancerController({ scheme: LoadBalancerScheme.INTERNAL }),
      namespace: 'hub-cp',
      controlPlaneName: 'hub-smcp',
      version: 'v2.6',
      trustDomain: 'hub.example',
      clusterName: 'cluster-hub',
      network: 'net-hub',
      locality: { region: 'eu-west-1', zone: 'eu-west-1a', subzone: 'rack1' },
      rootCertificate: pemOf('red-mesh'),
      controlPlaneSpec: { tracing: { type: 'None' } },
      dnsDomain: 'mesh.example.com',
      externalDns: true,
      ingressSourceRanges: ['10.0.0.0/8'],
      gatewayNaming: GatewayNaming.pattern('in-{peer}', 'out-{peer}'),
    });
    const spoke = federation.addMesh('spoke', {
      platform: Platform.nodePort({ nodeAddresses: ['192.0.2.5'], nodePorts: { hub: { servicePort: 31000, discoveryPort: 31001 } }, firstNodePort: 32000 }),
      locality: { region: 'us-east-1' },
      rootCertificate: pemOf('green-mesh'),
      egressSourceRanges: ['192.0.2.0/24'],
    });
    const toSpoke = hub.addServiceExport('to-spoke', { peer: spoke });
    toSpoke.addLabelRule({
      namespace: 'shop',
      matchLabels: { app: 'cart' },
      matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.IN, values: ['web'] }],
      aliases: [{ namespace: 'shop', name: 'cart', alias: { name: 'basket' } }],
    });
    toSpoke.addNameRule({ namespace: 'bookinfo', name: 'ratings' });
    spoke.addServiceImport('from-hub', { peer: hub, domainSuffix: 'hub.imports', locality: { region: 'eu-west-1', zone: 'eu-west-1a', subzone: 'rack1' } })
      .addNameRule({ namespace: 'shop', name: 'basket', alias: { namespace: 'store' }, domainSuffix: 'shop.hub' });
    federation.addFailoverImport('ratings', {
      namespace: 'bookinfo',
      name: 'ratings',
      meshes: [spoke, hub],
      consumers: [spoke],
      outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(30), baseEjectionTime: Duration.minutes(2) },
      destinationRuleName: 'ratings-dr',
      exportFromProviders: false,
    });
    app.synth();

    const cli = tree(fromCli);
    expect(Object.keys(cli)).toEqual(expect.arrayContaining([
      'fleet-gitops/ApplicationSet.fleet-gitops.k8s.yaml', 'hub/ServiceMeshControlPlane.hub-smcp.k8s.yaml', 'spoke/DestinationRule.ratings-dr.k8s.yaml',
    ]));
    expect(cli).toEqual(tree(fromTs));
    // A few of the fields, read back, so that the comparison is not between two empty renderings.
    expect(cli['hub/ServiceMeshControlPlane.hub-smcp.k8s.yaml']).toContain('in-spoke:');
    expect(cli['spoke/ImportedServiceSet.hub.k8s.yaml']).toContain('domainSuffix: shop.hub');
    expect(cli['spoke/DestinationRule.ratings-dr.k8s.yaml']).toContain('consecutive5xxErrors: 5');
    expect(cli['fleet-gitops/GitRepository.fleet-gitops.k8s.yaml']).toContain('interval: 90s');
  });

  test('an explicit topology with its peerings', () => {
    const file = specFile([
      'topology: { type: explicit }',
      'meshes:',
      `  - { name: a, platform: { type: ibm-power }, rootCertificateFile: ${join(certs, 'red-mesh-root-cert.pem')}, ingressAddresses: { b: [192.0.2.1] } }`,
      `  - { name: b, platform: { type: ibm-z }, rootCertificateFile: ${join(certs, 'green-mesh-root-cert.pem')}, ingressAddresses: { a: [192.0.2.2] } }`,
      `  - { name: c, platform: { type: bare-metal }, rootCertificateFile: ${join(certs, 'blue-mesh-root-cert.pem')} }`,
      'peerings: [[a, b]]',
    ].join('\n'));
    const fromCli = join(OUT, 'explicit-cli');
    expect(run('synth', file, '-o', fromCli).code).toBe(0);
    const fromTs = join(OUT, 'explicit-ts');
    const app = new FederationApp({ outdir: fromTs });
    const federation = new FederatedMesh(app, 'federation', { topology: Topology.explicit() });
    const a = federation.addMesh('a', { platform: Platform.ibmPower(), rootCertificate: pemOf('red-mesh'), ingressAddresses: { b: ['192.0.2.1'] } });
    const b = federation.addMesh('b', { platform: Platform.ibmZ(), rootCertificate: pemOf('green-mesh'), ingressAddresses: { a: ['192.0.2.2'] } });
    federation.addMesh('c', { platform: Platform.bareMetal(), rootCertificate: pemOf('blue-mesh') });
    federation.addPeering(a, b);
    app.synth();
    expect(tree(fromCli)).toEqual(tree(fromTs));
    expect(readdirSync(join(fromCli, 'c'))).toEqual(['Namespace.c-system.k8s.yaml', 'ServiceMeshControlPlane.c.k8s.yaml', 'ServiceMeshMemberRoll.default.k8s.yaml']);
  });
});

describe('validate, plan and diagram', () => {
  test('validate checks without writing, and says so', () => {
    expect(run('validate', SPEC)).toEqual({ code: 0, out: `${SPEC}: valid (3 meshes, 3 peerings)\n`, err: '' });
  });
  test('plan and diagram print what the TypeScript API returns', () => {
    const federation = serviceSharingFederation(Testing.app());
    expect(run('plan', SPEC)).toEqual({ code: 0, out: federation.planMarkdown(), err: '' });
    expect(run('diagram', SPEC)).toEqual({ code: 0, out: federation.diagram(), err: '' });
  });
});

describe('invalid input: exit code 1, messages that point at the line and path', () => {
  test('an unknown field, named at its own line', () => {
    const file = specFile(['meshes:', '  - name: red-mesh', '    platform: { type: gcp, scheme: internal }', '    trustDomian: red.local', ''].join('\n'));
    const result = run('validate', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`- ${file}:4:5: meshes[0].trustDomian is not a field of meshes[0]. Fix: rename it to trustDomain, or remove it (the fields of meshes[0]: name, platform, namespace, `);
  });

  test('a bad enum value and a missing required field, reported together', () => {
    const file = specFile(['meshes:', '  - name: red-mesh', '    platform:', '      type: aws', '  - platform: { type: bare-metal }', ''].join('\n'));
    const result = run('synth', file, '-o', join(OUT, 'never'));
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${file}: 2 problem(s):`);
    expect(result.err).toContain(`- ${file}:4:13: meshes[0].platform.type is 'aws', not one of 'aws-nlb', 'aws-load-balancer-controller', 'azure', 'gcp', 'bare-metal', 'ibm-power', 'ibm-z', 'node-port'. Fix: set type to one of 'aws-nlb', `);
    expect(result.err).toContain(`- ${file}:5:5: meshes[1].name is missing. Fix: add name: red-mesh to meshes[1] (name: A DNS-1123 label (lower case letters, digits and '-'))`);
    expect(() => readdirSync(join(OUT, 'never'))).toThrow();
  });

  test('a cloud platform without its scheme', () => {
    const file = specFile('meshes:\n  - { name: a, platform: { type: azure } }\n');
    expect(run('validate', file).err).toContain(`- ${file}:2:26: meshes[0].platform.scheme is missing; type 'azure' needs it. Fix: add scheme: internet-facing or scheme: internal to meshes[0].platform`);
  });

  test('YAML syntax errors name the line', () => {
    const file = specFile('meshes:\n  - name: a\n   platform: {\n');
    const result = run('validate', file);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`- ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: .*Fix: correct the YAML syntax`));
  });

  test('JSON descriptions too', () => {
    const file = specFile(JSON.stringify({ meshes: [{ name: 'a', platform: { type: 'gcp', scheme: 'sideways' } }] }, null, 2), 'federation.json');
    expect(run('validate', file).err).toContain(`- ${file}:7:19: meshes[0].platform.scheme is 'sideways', not one of 'internet-facing', 'internal'. Fix: set scheme to 'internet-facing' (a public load balancer) or 'internal'`);
  });

  test('problems the library finds (names, peers, certificates) come with their fix', () => {
    const file = specFile([
      'meshes:',
      '  - { name: Red, platform: { type: bare-metal } }',
      '  - name: b',
      '    platform: { type: bare-metal }',
      '    exports: [{ id: x, peer: c, rules: [{ nameSelector: { namespace: ns, name: svc } }] }]',
    ].join('\n'));
    const result = run('validate', file);
    expect(result.code).toBe(1);
    expect(result.err).toContain('mesh \'Red\': name \'Red\' is not a DNS-1123 label');
  });

  test('a peer that is not a mesh of the description', () => {
    const file = specFile([
      'topology: { type: explicit }',
      'meshes:',
      `  - { name: a, platform: { type: bare-metal }, rootCertificateFile: ${certPath} }`,
      'peerings: [[a, c]]',
    ].join('\n'));
    expect(run('validate', file).err).toContain(`- ${file}:4:16: peerings[0][1] is 'c', which is not a mesh of the description (meshes: 'a'). Fix: use the name of one of the meshes`);
  });

  test('a certificate file that does not exist', () => {
    const file = specFile('meshes:\n  - { name: a, platform: { type: bare-metal }, rootCertificateFile: missing.pem }\n');
    const result = run('validate', file);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/mesh 'a': rootCertificateFile: cannot read .*missing\.pem \(ENOENT\)\. Fix: point rootCertificateFile \(relative to the description's folder\) at the PEM file/);
  });

  test('a certificate file that is a FIFO, a device or a folder is refused at once (no read that can block)', () => {
    const dir = mkdtempSync(join(OUT, 'special-'));
    expect(spawnSync('mkfifo', [join(dir, 'pipe.pem')]).status).toBe(0);
    for (const [path, what] of [[join(dir, 'pipe.pem'), 'not a regular file (a FIFO, socket or device)'], ['/dev/zero', 'not a regular file (a FIFO, socket or device)'], [dir, 'a folder']]) {
      const result = run('validate', specFile(`meshes:\n  - { name: a, platform: { type: bare-metal }, rootCertificateFile: ${JSON.stringify(path)} }\n`));
      expect(result.code).toBe(1);
      expect(result.err).toContain(`mesh 'a': rootCertificateFile: ${path} is ${what}, not a file to read. Fix: point rootCertificateFile`);
    }
  });

  test('a certificate file over 1 MiB is refused with its size', () => {
    const dir = mkdtempSync(join(OUT, 'big-'));
    writeFileSync(join(dir, 'big.pem'), 'x'.repeat(2 * 1024 * 1024));
    const result = run('validate', specFile(`meshes:\n  - { name: a, platform: { type: bare-metal }, rootCertificateFile: ${JSON.stringify(join(dir, 'big.pem'))} }\n`));
    expect(result.err).toContain('big.pem is 2097152 bytes, more than the 1048576 a file here may have');
  });

  test('a YAML alias bomb is refused, not expanded', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const result = run('validate', specFile(`${lines.join('\n')}\n`));
    expect(result.code).toBe(1);
    expect(result.err).toContain('cannot be read as data (Excessive alias count indicates a resource exhaustion attack). Fix: expand the YAML aliases, or use fewer of them (at most 100 uses)');
  });

  test('--debug is taken anywhere and changes nothing for a valid description', () => {
    expect(run('validate', SPEC, '--debug')).toEqual(expect.objectContaining({ code: 0 }));
  });

  test('a description file that does not exist', () => {
    expect(run('plan', join(OUT, 'nope.yaml'))).toEqual({ code: 1, out: '', err: expect.stringContaining(`nope.yaml: cannot read ${join(OUT, 'nope.yaml')} (ENOENT). Fix: check the path: no file has that name`) });
  });
});

describe('usage: exit code 2', () => {
  test.each([
    [[], 'no command given'],
    [['render', SPEC], 'unknown command "render"'],
    [['synth'], 'synth needs a federation description file'],
    [['synth', SPEC, '--frobnicate'], 'unknown option --frobnicate'],
    [['synth', SPEC, '-o'], '-o needs a folder'],
    [['plan', SPEC, 'extra'], 'unexpected arguments: extra'],
    [['validate', SPEC, '-o', 'dist'], 'validate does not take -o: it goes with synth and diff'],
    [['plan', SPEC, '--force'], 'plan does not take --force: it goes with synth'],
  ])('%j', (argv, message) => {
    const result = run(...argv);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`cdk8s-mesh-federation: ${message}`);
    expect(result.err).toContain('Usage: cdk8s-mesh-federation <command> <federation.yaml> [options]');
  });

  test('parseArguments reads the options in order, without running anything', () => {
    expect(parseArguments(['synth', 'f.yaml'])).toEqual({ invocation: { command: 'synth', file: 'f.yaml', output: undefined, reports: true, force: false, json: false } });
    expect(parseArguments(['--output=out', 'synth', '--no-reports', 'f.yaml', '--force'])).toEqual({
      invocation: { command: 'synth', file: 'f.yaml', output: 'out', reports: false, force: true, json: false },
    });
    expect(parseArguments(['plan', 'f.yaml', '-o'])).toEqual({ problem: '-o needs a folder' });
    // The first problem met wins: --help after an unknown option is not read.
    expect(parseArguments(['--frobnicate', '--help'])).toEqual({ problem: 'unknown option --frobnicate' });
    expect(parseArguments(['render', '--help'])).toEqual({ help: true });
    expect(parseArguments(['diagram', 'f.yaml', '--no-reports'])).toEqual({ problem: 'diagram does not take --no-reports: it goes with synth and diff' });
  });

  test('--help prints the usage and exits 0', () => {
    expect(run('--help')).toEqual({ code: 0, out: expect.stringContaining('Exit codes: 0 ok, 1 invalid input (diff: differences), 2 usage or internal error.'), err: '' });
  });
});

describe('as a process', () => {
  // The published bin, lib/app/cli.js, compiled from the sources.
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(compiledLibrary(), 'lib', 'app', 'cli.js'), ...args], { cwd: ROOT, encoding: 'utf8' });
  test('exit codes reach the shell', () => {
    expect(cli('validate', SPEC).status).toBe(0);
    expect(cli('validate', join(OUT, 'nope.yaml')).status).toBe(1);
    expect(cli('frobnicate').status).toBe(2);
  }, 60_000);
});

describe('the published JSON Schema', () => {
  test('is shipped with the package and named in package.json bin help', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ 'cdk8s-mesh-federation': 'lib/app/cli.js' });
    const ignored = readFileSync(join(ROOT, '.npmignore'), 'utf8').split('\n');
    expect(ignored).not.toContain('/schema/');
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'federation.schema.json'), 'utf8'));
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.required).toEqual(['meshes']);
  });
});

describe('an error no check foresaw', () => {
  test('is reported as a bug with where to report it, exit 2; the stack only with --debug', () => {
    const synth = jest.spyOn(FederationApp.prototype, 'synth').mockImplementation(() => { throw new TypeError('boom'); });
    try {
      const plain = run('synth', SPEC, '-o', join(OUT, 'internal'));
      expect(plain.code).toBe(2);
      expect(plain.err).toBe('cdk8s-mesh-federation: internal error: TypeError: boom\nThis is a bug in cdk8s-mesh-federation, not in your description. Please report it at https://github.com/cdk8s-mesh-federation/cdk8s-mesh-federation/issues, with the command and the description (run again with --debug to print the stack).\n');
      const debug = run('synth', SPEC, '-o', join(OUT, 'internal'), '--debug');
      expect(debug.code).toBe(2);
      expect(debug.err).toMatch(/with the command and the description\.\nTypeError: boom\n {4}at /);
    } finally {
      synth.mockRestore();
    }
  });
});
