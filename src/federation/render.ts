// What the federation's own objects hold, rendered from the resolved model: the ServiceMeshPeer
// spec, the rules of the exported and imported service sets, and the prerequisites (the
// control-plane Namespace and the member roll).
import { ApiObjectProps } from 'cdk8s';
import { remoteFor } from './addressing';
import { FederationModel } from './model/resolve';
import { clientId, egressGatewayName, ingressGatewayName, rootCertConfigMapName } from './naming';
import { DISCOVERY_PORT, SERVICE_PORT } from './ports';
import { ANY, ExportRuleSpec, ImportRuleSpec, isAny } from './resolution';
import {
  ExportedServiceSetSpec, ExportedServiceSetSpecExportRules, ImportedServiceSetSpec, ImportedServiceSetSpecImportRules, ServiceMeshPeerSpec,
} from '../imports/federation.maistra.io';
import { ServiceMeshMemberRollSpec } from '../imports/maistra.io';

/** The name the member roll webhook requires of every ServiceMeshMemberRoll. */
export const MEMBER_ROLL_NAME = 'default';

/**
 * The Namespace of a control plane. No labels: OpenShift Service Mesh 2 requires none on it, and
 * the operator adds its own (`maistra.io/member-of`, and `maistra.io/ignore-namespace` below v2.4;
 * maistra/istio-operator `pkg/controller/servicemesh/controlplane/namespace_labels.go`) once the
 * control plane exists; writing them here would fight the operator when it removes them.
 */
export function controlPlaneNamespaceObject(namespace: string): ApiObjectProps {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } };
}

/** The spec of `mesh`'s ServiceMeshMemberRoll `default`. */
export function memberRollSpec(model: FederationModel, mesh: string): ServiceMeshMemberRollSpec {
  return { members: [...model.mesh(mesh)?.membership.members ?? []] };
}

/** The spec of the ServiceMeshPeer in `mesh`'s namespace that points at `peer`. */
export function peerSpec(model: FederationModel, mesh: string, peer: string): ServiceMeshPeerSpec {
  const own = model.mesh(mesh)!;
  const other = model.mesh(peer)!;
  const remote = remoteFor(other, mesh);
  return {
    remote: {
      addresses: remote.addresses,
      // The operator's defaults are left out, as in the product documentation.
      discoveryPort: remote.discoveryPort === DISCOVERY_PORT ? undefined : remote.discoveryPort,
      servicePort: remote.servicePort === SERVICE_PORT ? undefined : remote.servicePort,
    },
    gateways: {
      ingress: { name: ingressGatewayName(own, peer) },
      egress: { name: egressGatewayName(own, peer) },
    },
    security: {
      trustDomain: other.trustDomain,
      clientId: clientId(other, mesh),
      certificateChain: { kind: 'ConfigMap', name: rootCertConfigMapName(peer) },
    },
  };
}

/** The spec of `mesh`'s ExportedServiceSet for `peer`. */
export function exportSetSpec(model: FederationModel, mesh: string, peer: string): ExportedServiceSetSpec {
  return { exportRules: (model.mesh(mesh)?.exportRules.get(peer) ?? []).map(toExportRule) };
}

/** The spec of `mesh`'s ImportedServiceSet for `peer`. */
export function importSetSpec(model: FederationModel, mesh: string, peer: string): ImportedServiceSetSpec {
  const set = model.mesh(mesh)?.imports.get(peer);
  return {
    domainSuffix: set?.domainSuffix,
    locality: set?.locality && { region: set.locality.region, zone: set.locality.zone, subzone: set.locality.subzone },
    importRules: (set?.rules ?? []).map(toImportRule),
  };
}

function fixed(value: string | undefined): string | undefined {
  return isAny(value) ? (value === ANY ? ANY : undefined) : value;
}

function toExportRule(rule: ExportRuleSpec): ExportedServiceSetSpecExportRules {
  if (rule.kind === 'name') {
    return {
      type: 'NameSelector',
      nameSelector: {
        namespace: rule.namespace,
        name: rule.name,
        alias: rule.alias && { namespace: fixed(rule.alias.namespace), name: fixed(rule.alias.name) },
      },
    };
  }
  return {
    type: 'LabelSelector',
    labelSelector: {
      namespace: rule.namespace,
      selector: { matchLabels: rule.matchLabels, matchExpressions: rule.matchExpressions },
      aliases: rule.aliases?.map(a => ({
        namespace: a.match.namespace,
        name: a.match.name,
        alias: { namespace: fixed(a.alias.namespace), name: fixed(a.alias.name) },
      })),
    },
  };
}

function toImportRule(rule: ImportRuleSpec): ImportedServiceSetSpecImportRules {
  return {
    type: 'NameSelector',
    importAsLocal: rule.importAsLocal,
    domainSuffix: rule.domainSuffix,
    nameSelector: {
      namespace: rule.namespace,
      name: rule.name,
      alias: rule.alias && { namespace: fixed(rule.alias.namespace), name: fixed(rule.alias.name) },
    },
  };
}
