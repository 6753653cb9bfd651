// The topology diagram and the manual-steps report of a federation (internal; FederatedMesh and
// FederationApp expose them).
import type { FailoverImport } from './failover-import';
import type { FederatedMesh } from './federated-mesh';
import type { Mesh } from './mesh';
import type { ManualStep } from '../core/manual-step';
import { byName } from '../core/output';
import { AddressKind, IngressServiceType, Platform } from '../core/platform';

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
 * peerings (`<-->`), exports (`-->`, exporter to peer, with the local services), imports (`==>`,
 * exporter to importer, with the local hostnames) and failover paths (`-.->`, consumer to each
 * provider in failover order).
 */
export function federationDiagram(federation: FederatedMesh, failovers: FailoverImport[]): string {
  const plan = federation.plan();
  const lines = ['flowchart LR'];
  for (const mesh of federation.meshes) {
    const where = mesh.locality ? [mesh.locality.region, mesh.locality.zone, mesh.locality.subzone].filter(Boolean).join('/') : 'no locality';
    const cluster = mesh.clusterName ? ` · cluster ${mesh.clusterName}` : '';
    lines.push(`  ${nodeId(mesh.meshName)}["${text(`<b>${mesh.meshName}</b><br/>${platformLabel(mesh.platform)} · ${where}<br/>${mesh.controlPlaneNamespace}${cluster}`)}"]`);
  }
  for (const peering of federation.peerings) {
    lines.push(`  ${nodeId(peering.meshA.meshName)} <-->|peered| ${nodeId(peering.meshB.meshName)}`);
  }
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
  for (const failover of [...failovers].sort((a, b) => byName(a.node.id, b.node.id))) {
    for (const consumer of failover.consumers) {
      const order = failover.meshes.filter(m => m !== consumer);
      order.forEach((provider, index) => {
        lines.push(`  ${nodeId(consumer.meshName)} -.->|"${text(`failover ${failover.namespace}/${failover.name} #${index + 1}`)}"| ${nodeId(provider.meshName)}`);
      });
    }
  }
  return lines.join('\n') + '\n';
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
 * What the admins of a federation's clusters must do by hand, in mesh order: DNS records nothing
 * publishes, node ports to open, root certificates to read.
 */
export function federationManualSteps(federation: FederatedMesh): ManualStep[] {
  const steps: ManualStep[] = [];
  const others = (mesh: Mesh) => federation.meshes.filter(m => m !== mesh);
  for (const mesh of federation.meshes) {
    const ns = mesh.controlPlaneNamespace;
    if (mesh.rootCertificate === undefined) {
      steps.push({
        cluster: mesh.meshName,
        title: `Read ${mesh.meshName}'s root certificate`,
        reason: `rootCertificate is not set: the certificate exists only once the control plane runs, and each peer needs it in its ${mesh.rootCertConfigMapName} ConfigMap.`,
        commands: [`oc -n ${ns} get configmap istio-ca-root-cert -o jsonpath='{.data.root-cert\\.pem}' > ${mesh.meshName}-root-cert.pem`],
        then: `Pass the file's content as rootCertificate of '${mesh.meshName}' and synthesize again; the library then writes ${mesh.rootCertConfigMapName} into each peer's namespace.`,
      });
    }
    if (mesh.peers.length === 0 && others(mesh).length > 0 && mesh.platform.serviceType !== IngressServiceType.NODE_PORT
      && mesh._addressSource('').source === 'none') {
      steps.push({
        cluster: mesh.meshName,
        title: `Choose how peers will reach ${mesh.meshName}`,
        reason: 'The mesh has no peering yet and neither dnsDomain nor ingressAddresses: once peered, its load balancer addresses are known only after the first deploy.',
        commands: [`# Either set dnsDomain (and externalDns: true) on '${mesh.meshName}', or, once its federation ingress gateways exist, read each address:`,
          `oc -n ${ns} get service ${mesh.ingressGatewayName('<peer>')} -o jsonpath='${lbJsonPath(mesh.platform)}'`],
        then: `Pass the addresses as ingressAddresses: { '<peer>': ['<address>'] } of '${mesh.meshName}' and synthesize again.`,
      });
    }
    for (const peer of mesh.peers) {
      const ingress = mesh.ingressGatewayName(peer.meshName);
      const address = mesh._addressSource(peer.meshName);
      if (address.source === 'dns-manual') {
        const record = mesh.platform.addressKind === AddressKind.HOSTNAME ? 'CNAME' : 'A';
        steps.push({
          cluster: mesh.meshName,
          title: `Point ${address.hostname} at the load balancer of ${ingress}`,
          reason: `dnsDomain is set without externalDns, so nothing publishes the name ${peer.meshName}'s ServiceMeshPeer '${mesh.meshName}' connects to.`,
          commands: [
            `oc -n ${ns} get service ${ingress} -o jsonpath='${lbJsonPath(mesh.platform)}'`,
            `# Create a DNS ${record} record ${address.hostname} pointing at the ${record === 'CNAME' ? 'hostname' : 'IP'} printed above.`,
          ],
          then: `Nothing to synthesize again: the ServiceMeshPeer already uses ${address.hostname}. Or set externalDns: true on '${mesh.meshName}' to have external-dns publish it.`,
        });
      } else if (address.source === 'node-port') {
        const ports = mesh._nodePorts().get(peer.meshName)!;
        const nodes = mesh.platform._nodePortOptions!.nodeAddresses.join(', ');
        steps.push({
          cluster: mesh.meshName,
          title: `Let ${peer.meshName} reach node ports ${ports.servicePort} and ${ports.discoveryPort} of ${mesh.meshName}`,
          reason: `On the NodePort platform ${peer.meshName} connects to ${nodes} on the node ports of ${ingress}; firewalls between the clusters are outside what the library writes.`,
          commands: [
            `oc -n ${ns} get service ${ingress} -o jsonpath='{range .spec.ports[*]}{.name}={.nodePort}{"\\n"}{end}'`,
            `# Allow TCP ${ports.servicePort} and ${ports.discoveryPort} to ${nodes} from the egress addresses of ${peer.meshName}'s cluster.`,
          ],
        });
      }
    }
  }
  return steps;
}

function lbJsonPath(platform: Platform): string {
  return platform.addressKind === AddressKind.HOSTNAME ? '{.status.loadBalancer.ingress[0].hostname}' : '{.status.loadBalancer.ingress[0].ip}';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
