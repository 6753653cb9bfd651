// The topology diagram and the manual-steps report of a federation, from its resolved model
// (internal; FederatedMesh exposes them).
import { addressSource } from './addressing';
import { meshCertificates } from './certificates';
import { ManualStep } from '../core/manual-step';
import { rootCertificatesMarkdown } from '../core/manual-steps-report';
import { byName } from '../core/output';
import { AddressKind, IngressServiceType, Platform } from '../core/platform';
import { FederationModel, ResolvedMesh } from './model/resolve';
import { ingressGatewayName, rootCertConfigMapName } from './naming';
import { FederationPlan } from './plan';
import { prerequisiteSteps } from './prerequisite-steps';

const PLATFORM_LABELS: Record<string, string> = {
  'aws-nlb': 'AWS NLB',
  'aws-load-balancer-controller': 'AWS Load Balancer Controller',
  'azure': 'Azure',
  'gcp': 'GCP',
  'bare-metal': 'bare metal',
  'ibm-power': 'IBM Power',
  'ibm-z': 'IBM Z',
  'node-port': 'NodePort',
};

/** `AWS NLB (internet-facing)`, `NodePort`, ... */
export function platformLabel(platform: Platform): string {
  const label = PLATFORM_LABELS[platform.name] ?? platform.name;
  return platform.scheme ? `${label} (${platform.scheme})` : label;
}

/** A Mermaid node id for a mesh: DNS labels never hold `_`, and the prefix keeps ids like `end` legal. */
const nodeId = (mesh: string) => `m_${mesh.replace(/-/g, '_')}`;
/** Mermaid label text: quotes become entities; the rest of a Kubernetes name is safe inside quotes. */
const text = (s: string) => s.replace(/"/g, '#quot;');

/**
 * A Mermaid flowchart of the federation: each mesh with its platform, locality and namespace;
 * peerings (`<-->`, saying which stay inside one cluster), exports (`-->`, exporter to peer, with the local services), imports (`==>`,
 * exporter to importer, with the local hostnames) and failover paths (`-.->`, consumer to each
 * provider in failover order).
 */
export function federationDiagram(model: FederationModel, plan: FederationPlan): string {
  const lines = ['flowchart LR'];
  for (const mesh of model.meshes) {
    const l = mesh.options.locality;
    const where = l ? [l.region, l.zone, l.subzone].filter(Boolean).join('/') : 'no locality';
    const cluster = mesh.options.clusterName ? ` · cluster ${mesh.options.clusterName}` : '';
    lines.push(`  ${nodeId(mesh.name)}["${text(`<b>${mesh.name}</b><br/>${platformLabel(mesh.options.platform)} · ${where}<br/>${mesh.namespace}${cluster}`)}"]`);
  }
  for (const [a, b] of model.peerings) {
    const local = model.mesh(a)?.localPeers?.has(b);
    lines.push(local
      ? `  ${nodeId(a)} <-->|"${text(`peered inside cluster ${model.mesh(a)!.options.clusterName}`)}"| ${nodeId(b)}`
      : `  ${nodeId(a)} <-->|peered| ${nodeId(b)}`);
  }
  lines.push(...sharingEdges(plan));
  for (const failover of [...model.failovers].sort((a, b) => byName(a.id, b.id))) {
    for (const consumer of failover.consumers) {
      failover.meshes.filter(m => m !== consumer).forEach((provider, index) => {
        lines.push(`  ${nodeId(consumer)} -.->|"${text(`failover ${failover.namespace}/${failover.name} #${index + 1}`)}"| ${nodeId(provider)}`);
      });
    }
  }
  return lines.join('\n') + '\n';
}

/** The export edges (exporter to peer), then the import edges (exporter to importer). */
function sharingEdges(plan: FederationPlan): string[] {
  const lines: string[] = [];
  for (const mesh of plan.meshes) {
    const byPeer = new Map<string, string[]>();
    for (const e of mesh.exports) byPeer.set(e.peer, [...(byPeer.get(e.peer) ?? []), e.localService]);
    for (const [peer, services] of [...byPeer].sort((a, b) => byName(a[0], b[0]))) {
      lines.push(`  ${nodeId(mesh.mesh)} -->|"${text(`exports ${unique(services).join(', ')}`)}"| ${nodeId(peer)}`);
    }
  }
  for (const mesh of plan.meshes) {
    const byPeer = new Map<string, string[]>();
    for (const i of mesh.imports) byPeer.set(i.peer, [...(byPeer.get(i.peer) ?? []), i.localHostname]);
    for (const [peer, hosts] of [...byPeer].sort((a, b) => byName(a[0], b[0]))) {
      lines.push(`  ${nodeId(peer)} ==>|"${text(`imported by ${mesh.mesh} as ${unique(hosts).join(', ')}`)}"| ${nodeId(mesh.mesh)}`);
    }
  }
  return lines;
}

/** The diagram as a Markdown file that renders on GitHub and GitLab. */
export function diagramMarkdown(title: string, mermaid: string): string {
  return [
    `# Topology: ${title}`,
    '',
    'Meshes with their platform, locality and namespace; `<-->` peerings, `-->` exports (local',
    'services), `==>` imports (local hostnames), `-.->` failover paths in order.',
    '',
    '```mermaid',
    mermaid.trimEnd(),
    '```',
    '',
  ].join('\n');
}

/**
 * What the admins of a federation's clusters must do by hand, in mesh order: the preconditions the
 * output cannot create (operator, namespaces, memberships), root certificates to read, DNS records
 * nothing publishes, node ports to open.
 */
export function federationManualSteps(model: FederationModel): ManualStep[] {
  return model.meshes.flatMap(mesh => [
    ...prerequisiteSteps(mesh),
    ...certificateSteps(mesh),
    ...unpeeredSteps(model, mesh),
    ...mesh.peers.flatMap(peer => addressSteps(mesh, peer)),
  ]);
}

function certificateSteps(mesh: ResolvedMesh): ManualStep[] {
  if (mesh.options.rootCertificate !== undefined) return [];
  const configMap = rootCertConfigMapName(mesh.name);
  return [{
    cluster: mesh.name,
    title: `Read ${mesh.name}'s root certificate`,
    reason: `rootCertificate is not set: the certificate exists only once the control plane runs, and each peer needs it in its ${configMap} ConfigMap.`,
    commands: [`oc -n ${mesh.namespace} get configmap istio-ca-root-cert -o jsonpath='{.data.root-cert\\.pem}' > ${mesh.name}-root-cert.pem`],
    then: `Pass the file's content as rootCertificate of '${mesh.name}' and synthesize again; the library then writes ${configMap} into each peer's namespace.`,
  }];
}

/** A mesh without peers yet, on a load balancer, with no way known for peers to reach it. */
function unpeeredSteps(model: FederationModel, mesh: ResolvedMesh): ManualStep[] {
  const platform = mesh.options.platform;
  if (mesh.peers.length > 0 || model.meshes.length < 2 || platform.serviceType === IngressServiceType.NODE_PORT
    || addressSource(mesh, '').source !== 'none') return [];
  return [{
    cluster: mesh.name,
    title: `Choose how peers will reach ${mesh.name}`,
    reason: 'The mesh has no peering yet and neither dnsDomain nor ingressAddresses: once peered, its load balancer addresses are known only after the first deploy.',
    commands: [`# Either set dnsDomain (and externalDns: true) on '${mesh.name}', or, once its federation ingress gateways exist, read each address:`,
      `oc -n ${mesh.namespace} get service ${ingressGatewayName(mesh, '<peer>')} -o jsonpath='${lbJsonPath(platform)}'`],
    then: `Pass the addresses as ingressAddresses: { '<peer>': ['<address>'] } of '${mesh.name}' and synthesize again.`,
  }];
}

/** DNS records nothing publishes, and node ports to open, for `mesh`'s ingress gateway serving `peer`. */
function addressSteps(mesh: ResolvedMesh, peer: string): ManualStep[] {
  const ns = mesh.namespace;
  const platform = mesh.options.platform;
  const ingress = ingressGatewayName(mesh, peer);
  const address = addressSource(mesh, peer);
  if (address.source === 'dns-manual') {
    const record = platform.addressKind === AddressKind.HOSTNAME ? 'CNAME' : 'A';
    return [{
      cluster: mesh.name,
      title: `Point ${address.hostname} at the load balancer of ${ingress}`,
      reason: `dnsDomain is set without externalDns, so nothing publishes the name ${peer}'s ServiceMeshPeer '${mesh.name}' connects to.`,
      commands: [
        `oc -n ${ns} get service ${ingress} -o jsonpath='${lbJsonPath(platform)}'`,
        `# Create a DNS ${record} record ${address.hostname} pointing at the ${record === 'CNAME' ? 'hostname' : 'IP'} printed above.`,
      ],
      then: `Nothing to synthesize again: the ServiceMeshPeer already uses ${address.hostname}. Or set externalDns: true on '${mesh.name}' to have external-dns publish it.`,
    }];
  }
  if (address.source !== 'node-port') return [];
  const ports = mesh.nodePorts.get(peer)!;
  const nodes = platform._nodePortOptions!.nodeAddresses.join(', ');
  return [{
    cluster: mesh.name,
    title: `Let ${peer} reach node ports ${ports.servicePort} and ${ports.discoveryPort} of ${mesh.name}`,
    reason: `On the NodePort platform ${peer} connects to ${nodes} on the node ports of ${ingress}; firewalls between the clusters are outside what the library writes.`,
    commands: [
      `oc -n ${ns} get service ${ingress} -o jsonpath='{range .spec.ports[*]}{.name}={.nodePort}{"\\n"}{end}'`,
      `# Allow TCP ${ports.servicePort} and ${ports.discoveryPort} to ${nodes} from the egress addresses of ${peer}'s cluster.`,
    ],
  }];
}

function lbJsonPath(platform: Platform): string {
  return platform.addressKind === AddressKind.HOSTNAME ? '{.status.loadBalancer.ingress[0].hostname}' : '{.status.loadBalancer.ingress[0].ip}';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * The verification section of a manual-steps report: the calls from Sleep of the verification
 * workloads, one per cluster, and the answers to expect ('' without calls, so that reports without
 * the kit are unchanged).
 */
export function verificationSectionMarkdown(summary: string, steps: readonly ManualStep[]): string {
  if (steps.length === 0) return '';
  const lines = [
    '## Verification',
    '',
    summary,
    'Once every step above is done, call HelloWorld from Sleep in each cluster: each version answers',
    'from its own cluster.',
    '',
  ];
  for (const step of steps) {
    lines.push(`### ${step.title}`, '', step.reason, '', '```sh', ...step.commands, '```', '');
    if (step.then) lines.push(step.then, '');
  }
  return lines.join('\n');
}

/**
 * The root certificates section of a federation's manual-steps report: each mesh's roots with
 * their fingerprint and expiry, what to do before one expires, and how far ahead synth warns
 * (`window`, e.g. `30 days`; off when `windowMs` is 0). '' when no mesh has a root certificate yet.
 */
export function certificatesSectionMarkdown(model: FederationModel, windowMs: number, window: string): string {
  const warning = windowMs <= 0 ? 'Synth\'s expiry warning is turned off (certificateExpiryWarning).'
    : `Synth warns ${window} before one expires (certificateExpiryWarning).`;
  const lines = rootCertificatesMarkdown(meshCertificates(model), [
    'Each mesh\'s peers verify its workloads with these roots (the ConfigMap `<mesh>-ca-root-cert` in each',
    'peer\'s namespace), so federation to a mesh stops when its root expires. Before then, renew the root CA',
    'and pass the renewed root (rootCertificate, rootCertificateFile, or `collect` again), or rotate with both',
    `roots in the bundle, and synthesize again. ${warning} What a cluster holds now:`,
    '',
    '```sh',
    'oc -n <namespace> get configmap istio-ca-root-cert -o jsonpath=\'{.data.root-cert\\.pem}\' | openssl x509 -noout -subject -fingerprint -sha256 -enddate',
    '```',
  ]);
  return lines.join('\n');
}
