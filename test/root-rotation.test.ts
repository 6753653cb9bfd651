// Root certificate rotation: each step's output (which peers hold which roots of which mesh), the
// order checks, the problems found at synth, the app writing every step and the `rotate` command.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import {
  FederatedMesh, FederationApp, LoadBalancerScheme, Platform, RootRotation, RootRotationApp, RootRotationPhase,
  RootRotationStage, RootRotationStep,
} from '../src';
import { pem, rootCert } from './support/certs';
import { describeWithCrds, manifestsProblems } from './support/crd-schemas';
import { makeRoot } from './support/make-certs';
import { federationError, runCli } from './support/run';
import { synthByChart, tree } from './support/synth';

const MESHES = ['red-mesh', 'green-mesh', 'blue-mesh'] as const;
type MeshName = (typeof MESHES)[number];
const REGIONS: Record<MeshName, string> = { 'red-mesh': 'us-west', 'green-mesh': 'us-east', 'blue-mesh': 'eu-west' };
const OUT = mkdtempSync(join(tmpdir(), 'root-rotation-'));

/** The docs' three meshes on GCP in a full mesh, rendering `stage` (or no rotation). */
function federationApp(app: FederationApp | ReturnType<typeof Testing.app>, stage?: RootRotationStage): FederatedMesh {
  const federation = new FederatedMesh(app, 'federation', stage ? { rootRotation: stage } : {});
  for (const name of MESHES) {
    federation.addMesh(name, {
      platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING }),
      rootCertificate: rootCert(name),
      dnsDomain: `apps.${name}.example.com`,
      locality: { region: REGIONS[name] },
    });
  }
  return federation;
}

/** Every manifest by mesh for `stage` (or without rotation). */
function synthStage(stage?: RootRotationStage): Record<string, any[]> {
  const app = Testing.app();
  federationApp(app, stage);
  return synthByChart(app);
}

/** `root-cert.pem` of the ConfigMap `<mesh>-ca-root-cert` in `cluster`'s namespace. */
function heldRoot(byMesh: Record<string, any[]>, cluster: MeshName, mesh: MeshName): string {
  const found = byMesh[cluster].filter(o => o.kind === 'ConfigMap' && o.metadata.name === `${mesh}-ca-root-cert`);
  expect(found).toHaveLength(1);
  expect(found[0].metadata.namespace).toBe(`${cluster}-system`);
  expect(Object.keys(found[0].data)).toEqual(['root-cert.pem']);
  return found[0].data['root-cert.pem'];
}

let nextRed: string;
let nextGreen: string;
beforeAll(async () => {
  nextRed = (await makeRoot('CN=Next Root CA red-mesh')).pem;
  nextGreen = (await makeRoot('CN=Next Root CA green-mesh')).pem;
});

describe('the steps of a rotation of red-mesh and green-mesh (blue-mesh keeps its root)', () => {
  test('every <mesh>-ca-root-cert in every peer namespace in every step, by its exact PEM text', () => {
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed, 'green-mesh': nextGreen } });
    expect(rotation.stages.map(s => s.folderName)).toEqual(['1-trust-next', '2-switch', '3-drop-previous']);
    const current = { red: rootCert('red-mesh'), green: rootCert('green-mesh'), blue: rootCert('blue-mesh') };
    // The fixtures end with a line break, so each bundle is the two PEM texts one after the other.
    expect(current.red.endsWith('-----END CERTIFICATE-----\n')).toBe(true);
    const expected: Array<Record<MeshName, Partial<Record<MeshName, string>>>> = [
      {
        'red-mesh': { 'green-mesh': current.green + nextGreen, 'blue-mesh': current.blue },
        'green-mesh': { 'red-mesh': current.red + nextRed, 'blue-mesh': current.blue },
        'blue-mesh': { 'red-mesh': current.red + nextRed, 'green-mesh': current.green + nextGreen },
      },
      {
        'red-mesh': { 'green-mesh': current.green + nextGreen, 'blue-mesh': current.blue },
        'green-mesh': { 'red-mesh': current.red + nextRed, 'blue-mesh': current.blue },
        'blue-mesh': { 'red-mesh': current.red + nextRed, 'green-mesh': current.green + nextGreen },
      },
      {
        'red-mesh': { 'green-mesh': nextGreen, 'blue-mesh': current.blue },
        'green-mesh': { 'red-mesh': nextRed, 'blue-mesh': current.blue },
        'blue-mesh': { 'red-mesh': nextRed, 'green-mesh': nextGreen },
      },
    ];
    rotation.stages.forEach((stage, i) => {
      const byMesh = synthStage(stage);
      for (const cluster of MESHES) {
        for (const mesh of MESHES.filter(m => m !== cluster)) {
          expect({ step: stage.step, cluster, mesh, pem: heldRoot(byMesh, cluster, mesh) })
            .toEqual({ step: stage.step, cluster, mesh, pem: expected[i][cluster][mesh] });
        }
      }
    });
  });

  test('each step differs from the output without rotation only in the rotating meshes\' root certificate ConfigMaps', () => {
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed, 'green-mesh': nextGreen } });
    const plain = synthStage();
    const rotated = (o: any) => o.kind === 'ConfigMap' && ['red-mesh-ca-root-cert', 'green-mesh-ca-root-cert'].includes(o.metadata.name);
    for (const stage of rotation.stages) {
      const byMesh = synthStage(stage);
      for (const cluster of MESHES) {
        expect(byMesh[cluster].filter(o => !rotated(o))).toEqual(plain[cluster].filter(o => !rotated(o)));
        expect(byMesh[cluster].map(o => `${o.kind}/${o.metadata.name}`)).toEqual(plain[cluster].map(o => `${o.kind}/${o.metadata.name}`));
      }
      // blue-mesh does not rotate: its ConfigMaps are the very objects of the output without rotation.
      for (const cluster of ['red-mesh', 'green-mesh'] as const) {
        const blue = (objs: any[]) => objs.find(o => o.metadata.name === 'blue-mesh-ca-root-cert');
        expect(blue(byMesh[cluster])).toEqual(blue(plain[cluster]));
      }
    }
  });

  test('staggered steps: red-mesh switches and drops one step before green-mesh', () => {
    const steps = [
      RootRotationStep.of([RootRotationPhase.trustNext('red-mesh'), RootRotationPhase.trustNext('green-mesh')]),
      RootRotationStep.of([RootRotationPhase.switchRoot('red-mesh')], 'switch-red'),
      RootRotationStep.of([RootRotationPhase.switchRoot('green-mesh'), RootRotationPhase.dropPrevious('red-mesh')]),
      RootRotationStep.of([RootRotationPhase.dropPrevious('green-mesh')], 'drop-green'),
    ];
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed, 'green-mesh': nextGreen }, steps });
    expect(rotation.stages.map(s => s.folderName)).toEqual(['1-trust-next', '2-switch-red', '3-switch-and-drop-previous', '4-drop-green']);
    const third = synthStage(rotation.stage(3));
    expect(heldRoot(third, 'blue-mesh', 'red-mesh')).toBe(nextRed);
    expect(heldRoot(third, 'blue-mesh', 'green-mesh')).toBe(rootCert('green-mesh') + nextGreen);
    expect(heldRoot(third, 'red-mesh', 'green-mesh')).toBe(rootCert('green-mesh') + nextGreen);
    expect(heldRoot(synthStage(rotation.stage(4)), 'red-mesh', 'green-mesh')).toBe(nextGreen);
  });

  test('a current root without a final line break is followed by one before the next root', () => {
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed } });
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation', { rootRotation: rotation.stage(1) });
    const platform = Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });
    federation.addMesh('red-mesh', { platform, rootCertificate: rootCert('red-mesh').trimEnd(), dnsDomain: 'red.example.com' });
    federation.addMesh('green-mesh', { platform, rootCertificate: rootCert('green-mesh'), dnsDomain: 'green.example.com' });
    expect(heldRoot(synthByChart(app), 'green-mesh', 'red-mesh')).toBe(`${rootCert('red-mesh').trimEnd()}\n${nextRed}`);
  });

  test('the manual steps of the switch step list the CA switch of each switching mesh, with its commands', () => {
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed } });
    const titles = rotation.stages.map(stage => federationApp(Testing.app(), stage).manualSteps().filter(s => /CA/.test(s.title)).map(s => `${s.cluster}: ${s.title}`));
    expect(titles).toEqual([[], ["red-mesh: Switch red-mesh's CA to its next root"], ["red-mesh: Remove the previous root from red-mesh's CA"]]);
    const switchStep = federationApp(Testing.app(), rotation.stage(2)).manualSteps().find(s => s.title.startsWith('Switch'))!;
    expect(switchStep.commands).toEqual(expect.arrayContaining([
      "oc -n red-mesh-system get smcp red-mesh -o jsonpath='{.spec.security.certificateAuthority}'",
      'cat current-root.pem next-root.pem > root-cert.pem',
      'oc -n red-mesh-system delete secret cacerts --ignore-not-found',
      'oc -n red-mesh-system create secret generic cacerts --from-file=ca-cert.pem --from-file=ca-key.pem --from-file=root-cert.pem --from-file=cert-chain.pem',
      'oc -n red-mesh-system rollout restart deployment/istiod-red-mesh && oc -n red-mesh-system rollout status deployment/istiod-red-mesh --timeout=10m',
      'oc -n red-mesh-system rollout restart deployment/ingress-blue-mesh deployment/egress-blue-mesh deployment/ingress-green-mesh deployment/egress-green-mesh',
    ]));
    // Without a rotation, no such step.
    expect(federationApp(Testing.app()).manualSteps().filter(s => /CA/.test(s.title))).toEqual([]);
  });

  test('the report holds every step, the folders to apply and the fingerprint checks', () => {
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed } });
    const report = federationApp(Testing.app(), rotation.stage(1)).rootRotationReport();
    expect(report).toContain('## Step 1: trust-next (`1-trust-next/`)');
    expect(report).toContain('## Step 3: drop-previous (`3-drop-previous/`)');
    expect(report).toContain('oc apply -f 1-trust-next/blue-mesh/   # blue-mesh');
    const fingerprint = (text: string) => new X509Certificate(text).fingerprint256;
    expect(report).toContain('oc -n green-mesh-system get configmap red-mesh-ca-root-cert -o jsonpath=\'{.data.root-cert\\.pem}\' | fingerprints\n'
      + `# expect, in this order: ${fingerprint(rootCert('red-mesh'))} ${fingerprint(nextRed)}`);
    expect(report).toContain("oc -n green-mesh-system get servicemeshpeer red-mesh -o jsonpath='{.status.discoveryStatus.active[*].watch.connected}'");
    expect(report).toContain(`# expect: ${fingerprint(nextRed)}`);
  });
});

describeWithCrds('root rotation steps against the upstream CRD schemas', () => {
  test('every object of every step validates', () => {
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed, 'green-mesh': nextGreen } });
    for (const stage of rotation.stages) expect(manifestsProblems(Object.values(synthStage(stage)).flat())).toEqual([]);
  });
});

describe('an order that would break trust is an error naming the mesh and the phase', () => {
  const { trustNext, switchRoot, dropPrevious } = RootRotationPhase;
  const rotate = (steps: RootRotationStep[]) => new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed, 'green-mesh': nextGreen }, steps });
  const lockstep = (mesh: string) => [trustNext, switchRoot, dropPrevious].map(phase => RootRotationStep.of([phase(mesh)]));

  test('a switch in the step its peers start trusting the next root', () => {
    const e = federationError(() => rotate([
      RootRotationStep.of([trustNext('red-mesh'), switchRoot('red-mesh'), trustNext('green-mesh')]),
      RootRotationStep.of([switchRoot('green-mesh'), dropPrevious('red-mesh')]),
      RootRotationStep.of([dropPrevious('green-mesh')]),
    ]));
    expect(e.problems).toEqual(["root rotation: mesh 'red-mesh': phase 'switch' is in step 1 ('trust-next-and-switch'), but its peers start trusting its next root only in step 1 ('trust-next-and-switch') (phase 'trust-next'), "
      + 'so they would refuse the certificates its workloads get from the next root. Fix: move the switch to a step after the trust-next step']);
  });

  test('a switch before the trust-next step, and a drop in the switch step', () => {
    const e = federationError(() => rotate([
      RootRotationStep.of([switchRoot('red-mesh')]),
      RootRotationStep.of([trustNext('red-mesh'), dropPrevious('red-mesh')]),
      ...lockstep('green-mesh'),
    ]));
    expect(e.problems).toEqual([
      "root rotation: mesh 'red-mesh': phase 'switch' is in step 1 ('switch'), but its peers start trusting its next root only in step 2 ('trust-next-and-drop-previous') (phase 'trust-next'), "
      + 'so they would refuse the certificates its workloads get from the next root. Fix: move the switch to a step after the trust-next step',
    ]);
    const drop = federationError(() => rotate([
      RootRotationStep.of([trustNext('red-mesh')]),
      RootRotationStep.of([switchRoot('red-mesh'), dropPrevious('red-mesh')], 'switch-red'),
      ...lockstep('green-mesh'),
    ]));
    expect(drop.problems).toEqual(["root rotation: mesh 'red-mesh': phase 'drop-previous' is in step 2 ('switch-red'), but the mesh switches to its next root only in step 2 ('switch-red') (phase 'switch'), "
      + 'so its peers would stop trusting the certificates its workloads still carry. Fix: move drop-previous to a step after the switch step']);
  });

  test('a phase missing, a phase given twice, a mesh that does not rotate', () => {
    const e = federationError(() => rotate([
      RootRotationStep.of([trustNext('red-mesh'), trustNext('blue-mesh')]),
      RootRotationStep.of([switchRoot('red-mesh')]),
      RootRotationStep.of([switchRoot('red-mesh')], 'again'),
      RootRotationStep.of([dropPrevious('red-mesh')]),
      ...lockstep('green-mesh').slice(0, 2),
    ]));
    expect(e.problems).toEqual([
      "root rotation: step 1 ('trust-next'): RootRotationPhase.trustNext('blue-mesh') names mesh 'blue-mesh', which is not rotating (nextRootCertificates names 'green-mesh', 'red-mesh'). Fix: add the next root of 'blue-mesh' to nextRootCertificates, or remove the phase",
      "root rotation: mesh 'green-mesh': phase 'drop-previous' is missing. Fix: add RootRotationPhase.dropPrevious('green-mesh') to a step (in order: trust-next, then switch in a later step, then drop-previous in a step after that)",
      "root rotation: mesh 'red-mesh': phase 'switch' is given 2 times, in step 2 ('switch') and step 3 ('again'). Fix: keep it in one step",
    ]);
  });
});

describe('problems of the rotation and of its meshes', () => {
  test('next roots that are not valid unexpired CA certificates, and wrong types', () => {
    expect(federationError(() => new RootRotation({ nextRootCertificates: { 'red-mesh': pem('expired-ca') } })).problems)
      .toEqual([`mesh 'red-mesh': next root certificate (nextRootCertificates['red-mesh']) certificate ('CN=Expired Root CA', sha256 ${
        new X509Certificate(pem('expired-ca')).fingerprint256}) expired on 2021-01-01T00:00:00.000Z. Fix: pass a root CA certificate that is valid for longer than the rotation takes`]);
    expect(federationError(() => new RootRotation({ nextRootCertificates: { 'red-mesh': pem('not-a-ca') } })).message).toMatch(/^mesh 'red-mesh': next root certificate \(nextRootCertificates\['red-mesh'\]\) certificate \('CN=leaf\.example\.com'\) is not a CA certificate/);
    expect(federationError(() => new RootRotation({ nextRootCertificates: {} })).message).toBe("root rotation: nextRootCertificates is empty, so no mesh rotates. Fix: pass the next root's PEM of each mesh to rotate, e.g. { 'red-mesh': nextPem }");
    expect(federationError(() => new RootRotation({ nextRootCertificates: { 'red-mesh': 42 } } as any)).message).toBe("root rotation: nextRootCertificates is {\"red-mesh\":42}, not a map of text to text. Fix: pass the next root's PEM by mesh, e.g. { 'red-mesh': nextPem }");
    expect(federationError(() => new RootRotation('x' as any)).message).toMatch(/^root rotation: props are 'x', not an object/);
    expect(federationError(() => new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed }, steps: 'all' as any })).message).toMatch(/^root rotation: steps is 'all', not a list of RootRotationStep/);
    expect(federationError(() => RootRotationPhase.trustNext(42 as any)).message).toBe("root rotation: RootRotationPhase.trustNext(): mesh is 42, not a string. Fix: pass the rotating mesh's name, e.g. 'red-mesh'");
    expect(federationError(() => RootRotationStep.of([])).message).toMatch(/^root rotation: RootRotationStep\.of\(\): phases is empty/);
    expect(federationError(() => RootRotationStep.of(['trust-next:red-mesh'] as any)).message).toMatch(/^root rotation: RootRotationStep\.of\(\): phases is .*, not a list of RootRotationPhase/);
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed } });
    expect(federationError(() => rotation.stage(4)).message).toBe('root rotation: stage() step is 4, not a step of the rotation (1 to 3). Fix: pass a step number from 1 to 3');
    expect(federationError(() => new FederatedMesh(Testing.app(), 'federation', { rootRotation: rotation as any })).message).toMatch(/^federation 'federation': rootRotation is .*, not a RootRotationStage\. Fix: /);
  });

  test('at synth: a mesh the federation lacks, a mesh without a current root, a next root equal to the current one', () => {
    const missing = new RootRotation({ nextRootCertificates: { 'yellow-mesh': nextRed } });
    const app = Testing.app();
    federationApp(app, missing.stage(1));
    expect(federationError(() => synthByChart(app)).message).toBe("root rotation: mesh 'yellow-mesh' is not a mesh of federation 'federation' ('blue-mesh', 'green-mesh', 'red-mesh'). Fix: rotate meshes of this federation, or add the mesh");

    const same = new RootRotation({ nextRootCertificates: { 'red-mesh': rootCert('red-mesh') } });
    const again = Testing.app();
    federationApp(again, same.stage(2));
    expect(federationError(() => synthByChart(again)).message).toMatch(/^mesh 'red-mesh': the next root certificate \('O=cluster\.local, CN=Root CA red-mesh', sha256 [0-9A-F:]+\) is the current one \(rootCertificate\), so nothing would rotate\./);

    const bootstrap = Testing.app();
    const federation = new FederatedMesh(bootstrap, 'federation', { rootRotation: new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed } }).stage(1) });
    federation.addMesh('red-mesh', { platform: Platform.bareMetal(), dnsDomain: 'red.example.com' });
    expect(federationError(() => federation.plan()).message).toMatch(/^mesh 'red-mesh': rootCertificate is not set, but the root rotation rotates it/);
  });
});

/** A description of the three meshes, with their root certificates in files beside it. */
function description(dir: string): string {
  const meshes = MESHES.map(name => {
    writeFileSync(join(dir, `${name}.pem`), rootCert(name));
    return `  - name: ${name}\n    platform: { type: gcp, scheme: internet-facing }\n    rootCertificateFile: ${name}.pem\n`
      + `    dnsDomain: apps.${name}.example.com\n    locality: { region: ${REGIONS[name]} }\n`;
  });
  const file = join(dir, 'federation.yaml');
  writeFileSync(file, `name: federation\nmeshes:\n${meshes.join('')}`);
  return file;
}

/** The files of `dir` without the ownership marker. */
const files = (dir: string) => Object.fromEntries(Object.entries(tree(dir)).filter(([path]) => !path.endsWith('.cdk8s-mesh-federation-owned')));

describe('writing every step: RootRotationApp and `rotate`', () => {
  test('RootRotationApp writes one folder per step, each a normal synth of that step, and the report', () => {
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed, 'green-mesh': nextGreen } });
    const outdir = join(OUT, 'api');
    const builder = { buildStep: (app: FederationApp, stage: RootRotationStage) => federationApp(app, stage) };
    const folders = new RootRotationApp({ rotation, outdir, printSummary: false, builder }).synth();
    expect(folders).toEqual(['1-trust-next', '2-switch', '3-drop-previous']);
    const written = tree(outdir);
    expect(Object.keys(written).filter(p => !p.includes('/'))).toEqual(['.cdk8s-mesh-federation-owned', 'federation-root-rotation.md']);
    for (const stage of rotation.stages) {
      const single = join(OUT, `single-${stage.step}`);
      const app = new FederationApp({ outdir: single, printSummary: false });
      federationApp(app, stage);
      app.synth();
      const prefix = `${stage.folderName}/`;
      const step = Object.fromEntries(Object.entries(written).filter(([p]) => p.startsWith(prefix)).map(([p, c]) => [p.slice(prefix.length), c]));
      expect(step).toEqual(files(single));
    }
    expect(written['federation-root-rotation.md']).toBe(federationApp(Testing.app(), rotation.stage(1)).rootRotationReport());
    // The manual-steps report of the switch step lists each mesh's CA switch with its commands; the other steps' list their removal, or nothing.
    expect(written['2-switch/federation-manual-steps.md']).toContain("### 4. Switch green-mesh's CA to its next root");
    expect(written['2-switch/federation-manual-steps.md']).toContain('oc -n red-mesh-system create secret generic cacerts --from-file=ca-cert.pem --from-file=ca-key.pem --from-file=root-cert.pem --from-file=cert-chain.pem');
    expect(written['1-trust-next/federation-manual-steps.md']).not.toMatch(/CA to its next root|cacerts/);
    expect(written['3-drop-previous/federation-manual-steps.md']).toContain("Remove the previous root from red-mesh's CA");
  });

  test('a builder that builds no rotating federation is a problem', () => {
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed } });
    const app = new RootRotationApp({ rotation, outdir: join(OUT, 'none'), builder: { buildStep: scope => federationApp(scope) } });
    expect(federationError(() => app.synth()).message).toBe("RootRotationApp: step 1 ('trust-next'): the builder built no federation with it (federations: 'federation'), but exactly one federation must render the step. "
      + "Fix: in buildStep(app, stage), pass the stage as rootRotation of the rotating federation: new FederatedMesh(app, 'federation', { rootRotation: stage })");
    expect(federationError(() => new RootRotationApp({ rotation } as any)).message).toMatch(/^RootRotationApp: builder is undefined, not an IRootRotationBuilder/);
  });

  test('`rotate` writes the three folders and the report; each folder holds what the API writes for that step', () => {
    const dir = mkdtempSync(join(OUT, 'cli-'));
    const file = description(dir);
    writeFileSync(join(dir, 'red-next.pem'), nextRed);
    writeFileSync(join(dir, 'green-next.pem'), nextGreen);
    const outdir = join(dir, 'dist');
    const run = runCli('rotate', file, '--next', `red-mesh=${join(dir, 'red-next.pem')}`, '--next', `green-mesh=${join(dir, 'green-next.pem')}`, '-o', outdir);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('1-trust-next/  step 1: trust-next');
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': nextRed, 'green-mesh': nextGreen } });
    const api = join(dir, 'api');
    new RootRotationApp({ rotation, outdir: api, printSummary: false, builder: { buildStep: (app, stage) => federationApp(app, stage) } }).synth();
    const cli = tree(outdir);
    expect(Object.keys(cli).filter(p => !p.includes('/'))).toEqual(['.cdk8s-mesh-federation-owned', 'federation-root-rotation.md']);
    expect(new Set(Object.keys(cli).map(p => p.split('/')[0]))).toEqual(new Set(['.cdk8s-mesh-federation-owned', 'federation-root-rotation.md', '1-trust-next', '2-switch', '3-drop-previous']));
    for (const folder of ['1-trust-next', '2-switch', '3-drop-previous']) {
      expect(files(join(outdir, folder))).toEqual(files(join(api, folder)));
      expect(Object.keys(files(join(outdir, folder))).length).toBeGreaterThan(20);
    }
    expect(cli['federation-root-rotation.md']).toBe(tree(api)['federation-root-rotation.md']);
  });

  test('`rotate` with steps in an order that breaks trust: the same error, exit 1, nothing written', () => {
    const dir = mkdtempSync(join(OUT, 'cli-'));
    const file = description(dir);
    writeFileSync(join(dir, 'red-next.pem'), nextRed);
    const run = runCli('rotate', file, '--next', `red-mesh=${join(dir, 'red-next.pem')}`,
      '--step', 'trust-next:red-mesh,switch:red-mesh', '--step', 'drop-previous:red-mesh', '-o', join(dir, 'dist'));
    expect(run.code).toBe(1);
    expect(run.err).toBe('cdk8s-mesh-federation rotate: 1 problem(s):\n'
      + "- root rotation: mesh 'red-mesh': phase 'switch' is in step 1 ('trust-next-and-switch'), but its peers start trusting its next root only in step 1 ('trust-next-and-switch') (phase 'trust-next'), "
      + 'so they would refuse the certificates its workloads get from the next root. Fix: move the switch to a step after the trust-next step\n');
    expect(() => tree(join(dir, 'dist'))).toThrow(/ENOENT/);
  });

  test('`rotate` usage problems (exit 2) and unreadable next roots (exit 1)', () => {
    const dir = mkdtempSync(join(OUT, 'cli-'));
    const file = description(dir);
    const err = (...args: string[]) => {
      const run = runCli('rotate', file, ...args);
      return { code: run.code, first: run.err.split('\n')[0] };
    };
    expect(err()).toEqual({ code: 2, first: 'cdk8s-mesh-federation rotate: no --next <mesh>=<pem file> given, so no mesh rotates. Fix: add --next <mesh>=<pem file> for each mesh to rotate, e.g. --next red-mesh=red-mesh-next-root.pem' });
    expect(err('--next', 'red-mesh')).toEqual({ code: 2, first: 'cdk8s-mesh-federation rotate: --next "red-mesh" is not <mesh>=<pem file>. Fix: write e.g. --next red-mesh=red-mesh-next-root.pem' });
    expect(err('--next', 'red-mesh=a.pem', '--next', 'red-mesh=b.pem')).toEqual({ code: 2, first: 'cdk8s-mesh-federation rotate: --next names mesh "red-mesh" twice. Fix: give each rotating mesh one next root' });
    expect(err('--next', 'red-mesh=a.pem', '--step', 'swap:red-mesh')).toEqual({
      code: 2,
      first: 'cdk8s-mesh-federation rotate: --step "swap:red-mesh": "swap:red-mesh" is not <phase>:<mesh> with <phase> one of trust-next, switch, drop-previous. Fix: write e.g. --step trust-next:red-mesh,trust-next:green-mesh',
    });
    const missing = join(dir, 'missing.pem');
    expect(runCli('rotate', file, '--next', `red-mesh=${missing}`, '-o', join(dir, 'dist'))).toEqual({
      code: 1,
      out: '',
      err: `cdk8s-mesh-federation rotate: 1 problem(s):\n- --next red-mesh=${missing}: cannot read ${missing} (ENOENT). Fix: point it at the PEM file of the mesh's next root certificate\n`,
    });
    expect(err('--next', 'red-mesh=a.pem', '-o', file)).toEqual({ code: 2, first: `cdk8s-mesh-federation rotate: -o ${file}: ${file} is a file, not a folder. Fix: set -o to a folder (it is created if missing), e.g. -o dist` });
    expect(runCli('rotate', '--help').out).toContain('Usage: cdk8s-mesh-federation rotate <federation.yaml> --next <mesh>=<pem file>...');
  });
});
