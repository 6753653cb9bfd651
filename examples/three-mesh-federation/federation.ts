// The product documentation's three meshes: red on AWS, green on bare metal without a load
// balancer (NodePort), blue on Google Cloud, in a full mesh (6 ServiceMeshPeers).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Construct } from 'constructs';
import {
  FederatedMesh, FederatedMeshProps, LoadBalancerScheme, Platform,
} from '../../src';

const cert = (mesh: string) => readFileSync(join(__dirname, '..', 'certs', `${mesh}-root-cert.pem`), 'utf8');

/** The federation `federation`; `props` for a variant (e.g. with prerequisites left to the platform). */
export function threeMeshFederation(scope: Construct, props: FederatedMeshProps = {}): FederatedMesh {
  const federation = new FederatedMesh(scope, 'federation', props);

  // AWS: an NLB per federation ingress; peers reach it through a DNS name that external-dns publishes.
  federation.addMesh('red-mesh', {
    platform: Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNET_FACING }),
    rootCertificate: cert('red-mesh'),
    dnsDomain: 'apps.red.example.com',
    externalDns: true,
    locality: { region: 'us-west-1' },
  });

  // No load balancer: peers connect to node IPs on node ports (allocated from 30443 upwards).
  federation.addMesh('green-mesh', {
    platform: Platform.nodePort({ nodeAddresses: ['192.0.2.10', '192.0.2.11'] }),
    rootCertificate: cert('green-mesh'),
    locality: { region: 'us-east-1' },
  });

  // Google Cloud: the load balancers' IPs, filled in after the first deploy.
  federation.addMesh('blue-mesh', {
    platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING }),
    rootCertificate: cert('blue-mesh'),
    ingressAddresses: {
      'red-mesh': ['203.0.113.21'],
      'green-mesh': ['203.0.113.22'],
    },
    locality: { region: 'europe-west1' },
  });

  return federation;
}
