// What a root rotation needs from the federation at synth (its meshes, their current roots), its
// manual steps (the CA switch, the previous root's removal) and the report of every step with the
// checks to run between steps. Pure functions of the resolved model.
import { certificateFacts, CertificateFacts } from '../core/certificate';
import { ManualStep } from '../core/manual-step';
import { byName, q } from '../core/output';
import { FederationModel, ResolvedMesh } from './model/resolve';
import { egressGatewayName, ingressGatewayName, rootCertConfigMapName } from './naming';
import { RootRotation, RootRotationPhaseKind, RootRotationStage } from './root-rotation';

/** The problems of a rotation in this federation: meshes it lacks, meshes without a current root, next roots that are the current ones. */
export function rotationProblems(model: FederationModel, rotation: RootRotation): string[] {
  const problems: string[] = [];
  const names = model.meshes.map(m => m.name);
  for (const name of rotation.meshes) {
    const mesh = model.mesh(name);
    if (!mesh) {
      problems.push(`root rotation: mesh ${q(name)} is not a mesh of federation ${q(model.name)} (${names.map(q).join(', ') || 'no meshes'}). Fix: rotate meshes of this federation, or add the mesh`);
      continue;
    }
    const current = mesh.options.rootCertificate;
    if (current === undefined) {
      problems.push(`mesh ${q(name)}: rootCertificate is not set, but the root rotation rotates it, and its current root is what the peers keep trusting until they drop it. `
        + `Fix: pass the PEM of its current istio-ca-root-cert as rootCertificate (\`oc get configmap istio-ca-root-cert -n ${mesh.namespace} -o jsonpath='{.data.root-cert\\.pem}'\`)`);
      continue;
    }
    const now = new Set(certificateFacts(current).map(c => c.sha256));
    const same = certificateFacts(rotation.nextRootCertificate(name)).filter(c => now.has(c.sha256));
    if (same.length > 0) {
      problems.push(`mesh ${q(name)}: the next root certificate ('${same[0].subject}', sha256 ${same[0].sha256}) is the current one (rootCertificate), so nothing would rotate. `
        + 'Fix: pass the new root as nextRootCertificates entry, and keep the current one as rootCertificate');
    }
  }
  return problems;
}

/** The manual steps of `stage`: each mesh's CA switch in its switch step, the previous root's removal in its drop step. */
export function rotationManualSteps(model: FederationModel, stage: RootRotationStage): ManualStep[] {
  const rotation = stage.rotation;
  const steps: ManualStep[] = [];
  for (const name of rotation.meshes) {
    const mesh = model.mesh(name);
    if (!mesh) continue;
    if (rotation.stepOf(name, RootRotationPhaseKind.SWITCH) === stage.step) steps.push(switchStep(model, mesh, rotation));
    if (rotation.stepOf(name, RootRotationPhaseKind.DROP_PREVIOUS) === stage.step) steps.push(dropStep(model, mesh, rotation));
  }
  return steps;
}

const CA_CHECK = (mesh: ResolvedMesh) => [
  '# The control plane must take its CA from the cacerts secret; this prints {"istiod":{"privateKey":{"rootCADir":"/etc/cacerts"},"type":"PrivateKey"},"type":"Istiod"} when it does.',
  '# If it does not, add security.certificateAuthority { type: Istiod, istiod: { type: PrivateKey, privateKey: { rootCADir: /etc/cacerts } } } to the mesh\'s controlPlaneSpec first.',
  `oc -n ${mesh.namespace} get smcp ${mesh.controlPlaneName} -o jsonpath='{.spec.security.certificateAuthority}'`,
];

/** Recreates the cacerts secret from the four files in the current folder, then restarts istiod, the gateways and the member namespaces' workloads. */
function replaceCaAndRestart(mesh: ResolvedMesh): string[] {
  const ns = mesh.namespace;
  const istiod = `deployment/istiod-${mesh.controlPlaneName}`;
  const gateways = mesh.peers.flatMap(p => [`deployment/${ingressGatewayName(mesh, p)}`, `deployment/${egressGatewayName(mesh, p)}`]);
  return [
    `oc -n ${ns} delete secret cacerts --ignore-not-found`,
    `oc -n ${ns} create secret generic cacerts --from-file=ca-cert.pem --from-file=ca-key.pem --from-file=root-cert.pem --from-file=cert-chain.pem`,
    `oc -n ${ns} rollout restart ${istiod} && oc -n ${ns} rollout status ${istiod} --timeout=10m`,
    ...(gateways.length > 0 ? [`oc -n ${ns} rollout restart ${gateways.join(' ')}`] : []),
    `for n in $(oc -n ${ns} get servicemeshmemberroll default -o jsonpath='{.status.configuredMembers[*]}'); do oc -n "$n" rollout restart deployment; done`,
  ];
}

function switchStep(model: FederationModel, mesh: ResolvedMesh, rotation: RootRotation): ManualStep {
  const next = summary(rotation.nextRootCertificate(mesh.name));
  return {
    cluster: mesh.name,
    title: `Switch ${mesh.name}'s CA to its next root`,
    reason: `The root rotation moves ${mesh.name} to its next root (${next}). Its peers trust both roots since the trust-next step; now its istiod must sign workload certificates with an intermediate CA of the next root. `
      + 'That needs the CA\'s private key, which the library never writes.',
    commands: [
      ...CA_CHECK(mesh),
      '# In a folder outside the output: ca-cert.pem and ca-key.pem (an intermediate CA signed by the next root), cert-chain.pem (ca-cert.pem, then the next root),',
      '# and root-cert.pem with both roots, the current one first, so that workloads trust both while they restart:',
      'cat current-root.pem next-root.pem > root-cert.pem',
      ...replaceCaAndRestart(mesh),
    ],
    then: `Then run the checks of this step in ${model.name}-root-rotation.md before the next step.`,
  };
}

function dropStep(model: FederationModel, mesh: ResolvedMesh, rotation: RootRotation): ManualStep {
  const next = summary(rotation.nextRootCertificate(mesh.name));
  return {
    cluster: mesh.name,
    title: `Remove the previous root from ${mesh.name}'s CA`,
    reason: `Every workload of ${mesh.name} carries a certificate of its next root (${next}) and its peers drop the previous root in this step; `
      + 'its own root-cert.pem still holds both roots. The cacerts secret holds the CA\'s private key, which the library never writes.',
    commands: [
      '# In the folder of the switch step: root-cert.pem becomes the next root alone; ca-cert.pem, ca-key.pem and cert-chain.pem stay as they are.',
      'cp next-root.pem root-cert.pem',
      ...replaceCaAndRestart(mesh),
    ],
    then: `Then run the checks of this step in ${model.name}-root-rotation.md to finish the rotation.`,
  };
}

/** `sha256 AB:CD:..., 'CN=...'` of each certificate, joined. */
function summary(pem: string): string {
  return certificateFacts(pem).map(c => `sha256 ${c.sha256}, '${c.subject}'`).join('; ');
}

/** The shell function the checks use: the SHA-256 fingerprint of each certificate of a PEM bundle on stdin, one a line. */
const FINGERPRINTS = 'fingerprints() { awk \'/-----BEGIN CERTIFICATE-----/{c=""} {c=c $0 "\\n"} /-----END CERTIFICATE-----/{cmd="openssl x509 -noout -fingerprint -sha256 | cut -d= -f2"; printf "%s", c | cmd; close(cmd)}\'; }';

/** The report of a whole rotation: every step with what changes, what to apply, what to do by hand, and the checks before the next. */
export function rotationMarkdown(id: string, model: FederationModel, rotation: RootRotation): string {
  const lines = [
    `# Root certificate rotation: ${id}`,
    '',
    'Each numbered folder beside this file is the whole output of one step: every cluster folder, as a synth without',
    'the rotation writes it, except the root certificate ConfigMaps of the rotating meshes\' peers. Apply the steps in order,',
    'each only once the checks of the previous one pass. With a GitOps tool, commit one step\'s cluster folders to the',
    'path it syncs, one step at a time.',
    '',
    '| mesh | current root | next root | trust-next | switch | drop-previous |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rotation.meshes.map(name => {
      const current = model.mesh(name)?.options.rootCertificate ?? '';
      const cell = (pem: string) => certificateFacts(pem).map(c => `\`${c.subject}\` sha256 \`${c.sha256}\``).join('<br/>');
      const step = (kind: RootRotationPhaseKind) => `step ${rotation.stepOf(name, kind)}`;
      return `| ${name} | ${cell(current)} | ${cell(rotation.nextRootCertificate(name))} | ${step(RootRotationPhaseKind.TRUST_NEXT)} | ${step(RootRotationPhaseKind.SWITCH)} | ${step(RootRotationPhaseKind.DROP_PREVIOUS)} |`;
    }),
    '',
    'The checks read certificates with this shell function; define it first in the shell you run them in:',
    '',
    '```sh',
    FINGERPRINTS,
    '```',
    '',
  ];
  for (const stage of rotation.stages) lines.push(...stepSection(model, stage));
  return lines.join('\n');
}

/** The meshes whose `kind` phase runs in `stage`. */
const meshesIn = (model: FederationModel, stage: RootRotationStage, kind: RootRotationPhaseKind) => stage.rotation.meshes
  .filter(name => stage.rotation.stepOf(name, kind) === stage.step)
  .flatMap(name => model.mesh(name) ?? []);

function stepSection(model: FederationModel, stage: RootRotationStage): string[] {
  const trusting = meshesIn(model, stage, RootRotationPhaseKind.TRUST_NEXT);
  const switching = meshesIn(model, stage, RootRotationPhaseKind.SWITCH);
  const dropping = meshesIn(model, stage, RootRotationPhaseKind.DROP_PREVIOUS);
  const changes = [
    ...trusting.map(m => `- \`${rootCertConfigMapName(m.name)}\` in the namespaces of ${peerList(m)}: the current root of ${m.name}, then its next root`),
    ...dropping.map(m => `- \`${rootCertConfigMapName(m.name)}\` in the namespaces of ${peerList(m)}: the next root of ${m.name} alone`),
  ];
  const clusters = [...new Set([...trusting, ...dropping].flatMap(m => m.peers))].sort(byName);
  const lines = [`## Step ${stage.step}: ${stage.name} (\`${stage.folderName}/\`)`, ''];
  lines.push(...(changes.length > 0 ? changes : ['- no object changes: this step is done by hand']), '');
  if (clusters.length > 0) {
    lines.push(`Apply, each with its cluster's context (the other folders are the same as in ${stage.step === 1 ? 'the output without the rotation' : `step ${stage.step - 1}`}):`, '', '```sh');
    lines.push(...clusters.map(c => `oc apply -f ${stage.folderName}/${c}/   # ${c}`), '```', '');
  }
  const manual = rotationManualSteps(model, stage);
  if (manual.length > 0) {
    lines.push(clusters.length > 0 ? 'By hand, after applying:' : 'By hand:', '');
    for (const step of manual) {
      lines.push(`### ${step.cluster}: ${step.title}`, '', step.reason, '', '```sh', ...step.commands, '```', '');
    }
  }
  const next = stage.step < stage.rotation.steps.length ? `before step ${stage.step + 1}` : 'to finish the rotation';
  lines.push(`### Checks ${next}`, '', 'Each with the named cluster\'s context; every line must print what its comment expects.', '', '```sh');
  lines.push(...checks(model, stage, { trusting, switching, dropping }), '```', '');
  return lines;
}

const peerList = (mesh: ResolvedMesh) => (mesh.peers.length > 0 ? mesh.peers.join(', ') : 'no peer (it peers with none)');

interface StepMeshes {
  readonly trusting: readonly ResolvedMesh[];
  readonly switching: readonly ResolvedMesh[];
  readonly dropping: readonly ResolvedMesh[];
}

/** The check commands after `stage`: what each cluster must hold and report once the step took effect. */
function checks(model: FederationModel, stage: RootRotationStage, meshes: StepMeshes): string[] {
  const rotation = stage.rotation;
  const lines: string[] = [];
  const fps = (pem: string) => certificateFacts(pem).map((c: CertificateFacts) => c.sha256);
  const expect = (values: string[]) => `# expect, in this order: ${values.join(' ')}`;
  for (const mesh of meshes.trusting) {
    const both = [...fps(mesh.options.rootCertificate ?? ''), ...fps(rotation.nextRootCertificate(mesh.name))];
    for (const peer of mesh.peers) lines.push(...bundleCheck(model, peer, mesh.name, expect(both)));
  }
  for (const mesh of meshes.switching) {
    const next = fps(rotation.nextRootCertificate(mesh.name));
    const both = [...fps(mesh.options.rootCertificate ?? ''), ...next];
    lines.push(`# ${mesh.name}: its own trust bundle holds both roots`,
      `oc -n ${mesh.namespace} get configmap istio-ca-root-cert -o jsonpath='{.data.root-cert\\.pem}' | fingerprints`, expect(both));
    lines.push(`# ${mesh.name}: its federation gateways carry certificates of the next root (the last certificate of each chain)`);
    for (const gateway of mesh.peers.flatMap(p => [ingressGatewayName(mesh, p), egressGatewayName(mesh, p)])) {
      lines.push(`istioctl -i ${mesh.namespace} proxy-config secret deploy/${gateway} -n ${mesh.namespace} -o json | jq -r '.dynamicActiveSecrets[] | select(.name == "default") | .secret.tlsCertificate.certificateChain.inlineBytes' | base64 -d | fingerprints | tail -n 1`,
        `# expect: ${next[next.length - 1]}`);
    }
    for (const peer of mesh.peers) lines.push(...connectedCheck(model, mesh.name, peer), ...connectedCheck(model, peer, mesh.name));
  }
  for (const mesh of meshes.dropping) {
    const next = fps(rotation.nextRootCertificate(mesh.name));
    for (const peer of mesh.peers) lines.push(...bundleCheck(model, peer, mesh.name, expect(next)));
    lines.push(`# ${mesh.name}: its own trust bundle holds the next root alone`,
      `oc -n ${mesh.namespace} get configmap istio-ca-root-cert -o jsonpath='{.data.root-cert\\.pem}' | fingerprints`, expect(next));
  }
  return lines.length > 0 ? lines : ['# nothing to check'];
}

/** `cluster`'s copy of `mesh`'s root holds the fingerprints `expected`, and its peering with `mesh` is connected. */
function bundleCheck(model: FederationModel, cluster: string, mesh: string, expected: string): string[] {
  const namespace = model.mesh(cluster)?.namespace ?? `${cluster}-system`;
  return [
    `# ${cluster}: ${rootCertConfigMapName(mesh)}`,
    `oc -n ${namespace} get configmap ${rootCertConfigMapName(mesh)} -o jsonpath='{.data.root-cert\\.pem}' | fingerprints`,
    expected,
    ...connectedCheck(model, cluster, mesh),
  ];
}

/** `cluster`'s ServiceMeshPeer for `peer` is connected. */
function connectedCheck(model: FederationModel, cluster: string, peer: string): string[] {
  const namespace = model.mesh(cluster)?.namespace ?? `${cluster}-system`;
  return [
    `# ${cluster}: ServiceMeshPeer ${peer} connected`,
    `oc -n ${namespace} get servicemeshpeer ${peer} -o jsonpath='{.status.discoveryStatus.active[*].watch.connected}'`,
    '# expect: true (once per istiod replica)',
  ];
}
