// Two meshes in one OpenShift cluster on AWS (red and green, cluster `east`) and a third in another
// cluster on Google Cloud (blue, cluster `west`). Red and green reach each other at their ingress
// Services' cluster-local names, without load balancers; both reach blue, and blue reaches them,
// through load balancers. The federation gateways run on infra nodes with fixed sizes, and the
// gateways that cross clusters get more replicas and memory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Construct } from 'constructs';
import {
  FederatedMesh, FederationGatewayOptions, GatewayNaming, LoadBalancerScheme, Platform, TaintEffect, TolerationOperator,
} from '../../src';

const cert = (mesh: string) => readFileSync(join(__dirname, '..', 'certs', `${mesh}-root-cert.pem`), 'utf8');

/** Infra nodes, one small replica per gateway; more for the gateways that serve or call `remotePeer`. */
function gateways(remotePeer: string): FederationGatewayOptions {
  return {
    replicas: 1,
    resources: { requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '512Mi' } },
    nodeSelector: { 'node-role.kubernetes.io/infra': '' },
    tolerations: [{ key: 'node-role.kubernetes.io/infra', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE }],
    perPeer: {
      [remotePeer]: {
        autoscaling: { minReplicas: 2, maxReplicas: 4, cpuTargetPercent: 75 },
        ingress: { resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } } },
      },
    },
  };
}

/** The federation `federation`: red and green share cluster `east`, blue runs in `west`. */
export function sameClusterFederation(scope: Construct): FederatedMesh {
  // The Maistra samples' names (`<peer>-ingress`) and label values (`ingress-for: <peer>`).
  const federation = new FederatedMesh(scope, 'federation', { gatewayNaming: GatewayNaming.maistraSamples() });
  const east = Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNET_FACING });

  federation.addMesh('red-mesh', {
    platform: east,
    clusterName: 'east',
    rootCertificate: cert('red-mesh'),
    dnsDomain: 'apps.east.example.com',
    externalDns: true,
    federationGateways: gateways('blue-mesh'),
  });

  federation.addMesh('green-mesh', {
    platform: east,
    clusterName: 'east',
    rootCertificate: cert('green-mesh'),
    dnsDomain: 'apps.east.example.com',
    externalDns: true,
    federationGateways: gateways('blue-mesh'),
  });

  federation.addMesh('blue-mesh', {
    platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING }),
    clusterName: 'west',
    rootCertificate: cert('blue-mesh'),
    ingressAddresses: { 'red-mesh': ['203.0.113.31'], 'green-mesh': ['203.0.113.32'] },
    federationGateways: { perPeer: { 'red-mesh': { replicas: 2 }, 'green-mesh': { replicas: 2 } } },
  });

  return federation;
}
