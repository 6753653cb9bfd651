// Problems of one mesh's own props, found as the mesh is declared: each names the mesh, the prop,
// the bad value and the fix.
import { rootCertificateProblems } from '../../core/certificate';
import { localityProblems } from '../../core/locality';
import { isPlainObject } from '../../core/merge';
import { dnsLabelProblem, hostnameProblem, isName, isTrustDomain } from '../../core/names';
import { addressProblem, duplicateProblems, isNodePort, NODE_PORT_MAX, NODE_PORT_MIN, sourceRangeProblems } from '../../core/network';
import { byName, q } from '../../core/output';
import { IngressServiceType } from '../../core/platform';
import { DEFAULT_FIRST_NODE_PORT } from '../addressing';
import { DeclaredMesh } from '../model/declarations';
import { DEFAULT_VERSION } from '../model/resolve';

/** ServiceMeshControlPlane versions that support federation: v2.1 and later. */
const FEDERATION_VERSION = /^v2\.[1-9][0-9]*$/;

/** Problems that need only `mesh`'s own props. */
export function meshPropProblems(mesh: DeclaredMesh): string[] {
  return [...nameProblems(mesh), ...settingProblems(mesh), ...addressProblems(mesh), ...nodePortProblems(mesh)];
}

/** The names: mesh, namespace, control plane, version, trust domain, cluster and network. */
function nameProblems(mesh: DeclaredMesh): string[] {
  const problems: string[] = [];
  const m = `mesh ${q(mesh.name)}`;
  const o = mesh.options;
  const label = (prop: string, value: string | undefined, fix: string, max = 63) => {
    if (value === undefined) return;
    const p = dnsLabelProblem(value, max);
    if (p) problems.push(`${m}: ${prop} ${q(value)} ${p}. Fix: ${fix}`);
  };

  label('name', mesh.name, 'use a name like \'red-mesh\'');
  if (o.namespace === undefined && !dnsLabelProblem(mesh.name)) {
    label('namespace', mesh.namespace, 'shorten the mesh name to at most 56 characters, or set namespace');
  } else {
    label('namespace', o.namespace, 'use a namespace name like \'red-mesh-system\'');
  }
  label('controlPlaneName', o.controlPlaneName, 'use a name like \'basic\' or the mesh name');
  if (mesh.explicitVersion !== undefined && !FEDERATION_VERSION.test(mesh.explicitVersion)) {
    problems.push(`${m}: version ${q(mesh.explicitVersion)} is not a ServiceMeshControlPlane v2 version that supports federation. Fix: use 'v2.1' or later, e.g. '${DEFAULT_VERSION}'`);
  }
  const specVersion = isPlainObject(o.controlPlaneSpec) ? o.controlPlaneSpec.version : undefined;
  if (mesh.explicitVersion === undefined && specVersion !== undefined && !(typeof specVersion === 'string' && FEDERATION_VERSION.test(specVersion))) {
    problems.push(`${m}: controlPlaneSpec.version ${q(specVersion)} is not a ServiceMeshControlPlane v2 version that supports federation. Fix: use 'v2.1' or later, e.g. '${DEFAULT_VERSION}' (or set the mesh's version prop and remove it from controlPlaneSpec)`);
  }
  if (!isTrustDomain(mesh.trustDomain)) {
    problems.push(`${m}: trustDomain ${q(mesh.trustDomain)} is not a valid trust domain (lower case letters, digits, '.', '-' and '_'). Fix: use a name like '${dnsLabelProblem(mesh.name) ? 'red-mesh' : mesh.name}.local'`);
  }
  for (const [prop, value] of [['clusterName', o.clusterName], ['network', o.network]] as const) {
    if (value !== undefined && !isName(value)) {
      problems.push(`${m}: ${prop} ${q(value)} is not a valid name (letters, digits, '.', '-' and '_', starting and ending with a letter or digit). Fix: use a name like 'cluster-east'`);
    }
  }
  return problems;
}

/** Locality, root certificate and control plane spec. */
function settingProblems(mesh: DeclaredMesh): string[] {
  const m = `mesh ${q(mesh.name)}`;
  const o = mesh.options;
  const problems = localityProblems(`${m}: locality`, o.locality);
  if (o.rootCertificate !== undefined) {
    for (const p of rootCertificateProblems(o.rootCertificate, new Date())) {
      problems.push(`${m}: ${mesh.certificateSource ?? 'rootCertificate'} ${p}`);
    }
  }
  if (o.controlPlaneSpec !== undefined && !isPlainObject(o.controlPlaneSpec)) {
    problems.push(`${m}: controlPlaneSpec must be an object (the 'spec' of a ServiceMeshControlPlane), not ${q(o.controlPlaneSpec)}. Fix: pass the spec object itself`);
  }
  return problems;
}

/** DNS domain, ingress addresses and source ranges. */
function addressProblems(mesh: DeclaredMesh): string[] {
  const problems: string[] = [];
  const m = `mesh ${q(mesh.name)}`;
  const o = mesh.options;
  if (o.dnsDomain !== undefined) {
    const p = hostnameProblem(o.dnsDomain);
    if (p) {
      problems.push(`${m}: dnsDomain ${q(o.dnsDomain)} ${p}. Fix: use a domain like 'apps.example.com'`);
    } else if (o.platform.serviceType === IngressServiceType.NODE_PORT) {
      problems.push(`${m}: dnsDomain ${q(o.dnsDomain)} has no effect on the NodePort platform, whose peers connect to the node addresses. Fix: remove dnsDomain, or list DNS names in Platform.nodePort({ nodeAddresses })`);
    }
  }
  if (o.externalDns && o.dnsDomain === undefined) {
    problems.push(`${m}: externalDns is true but dnsDomain is not set, so there is no name to publish. Fix: set dnsDomain, e.g. 'apps.example.com'`);
  }
  for (const [peer, addresses] of Object.entries(o.ingressAddresses ?? {})) {
    if (!Array.isArray(addresses) || addresses.length === 0) {
      problems.push(`${m}: ingressAddresses[${q(peer)}] is empty. Fix: list the load balancer hostname or IP, or remove the entry`);
      continue;
    }
    for (const address of addresses) {
      const p = addressProblem(String(address));
      if (p) problems.push(`${m}: ingressAddresses[${q(peer)}] has ${q(address)}, which ${p}. Fix: use the load balancer's hostname or IP`);
    }
    problems.push(...duplicateProblems(m, `ingressAddresses[${q(peer)}]`, addresses));
  }
  problems.push(...sourceRangeProblems(m, o));
  if (o.platform.serviceType === IngressServiceType.NODE_PORT && (o.ingressSourceRanges ?? []).length > 0) {
    problems.push(`${m}: ingressSourceRanges has no effect on Platform.nodePort(): loadBalancerSourceRanges applies to LoadBalancer Services only, so the ranges would be dropped and the gateways open to anything that reaches the nodes. Fix: remove ingressSourceRanges and restrict the node ports with a firewall rule or NetworkPolicy`);
  }
  return problems;
}

/** The NodePort platform's node addresses and node ports. */
function nodePortProblems(mesh: DeclaredMesh): string[] {
  const problems: string[] = [];
  const m = `mesh ${q(mesh.name)}`;
  const np = mesh.options.platform._nodePortOptions;
  if (np) {
    if (!np.nodeAddresses || np.nodeAddresses.length === 0) {
      problems.push(`${m}: platform Platform.nodePort() has no nodeAddresses, so peers have nothing to connect to. Fix: list the IPs of nodes the peers can reach`);
    }
    for (const address of np.nodeAddresses ?? []) {
      const p = addressProblem(String(address));
      if (p) problems.push(`${m}: Platform.nodePort() nodeAddresses has ${q(address)}, which ${p}. Fix: use node IPs like '192.0.2.10'`);
    }
    problems.push(...duplicateProblems(m, 'Platform.nodePort() nodeAddresses', np.nodeAddresses));
    if (np.firstNodePort !== undefined && !isNodePort(np.firstNodePort)) {
      problems.push(`${m}: Platform.nodePort() firstNodePort ${np.firstNodePort} is outside ${NODE_PORT_MIN}-${NODE_PORT_MAX}. Fix: use a port in that range, e.g. ${DEFAULT_FIRST_NODE_PORT}`);
    }
    const seen = new Map<number, string>();
    for (const peer of Object.keys(np.nodePorts ?? {}).sort(byName)) {
      const pair = np.nodePorts![peer];
      for (const [which, port] of [['servicePort', pair.servicePort], ['discoveryPort', pair.discoveryPort]] as const) {
        const where = `nodePorts[${q(peer)}].${which}`;
        if (!isNodePort(port)) {
          problems.push(`${m}: Platform.nodePort() ${where} ${port} is outside ${NODE_PORT_MIN}-${NODE_PORT_MAX}. Fix: pick a free port in that range`);
        } else if (seen.has(port)) {
          problems.push(`${m}: Platform.nodePort() ${where} ${port} is already used by ${seen.get(port)}. Fix: give every gateway port its own node port`);
        } else {
          seen.set(port, where);
        }
      }
    }
  }
  return problems;
}
