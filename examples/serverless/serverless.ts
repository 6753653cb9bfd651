// The Service Mesh integration of OpenShift Serverless, as the product documentation sets it up:
// the control plane `basic` in istio-system, Knative Serving, Eventing and Kafka in the mesh, and a
// Knative Service with sidecar injection and a passthrough route.
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { KnativeService, ServerlessMeshIntegration } from '../../src';

/** The chart `serverless-mesh`: one mesh prepared for OpenShift Serverless, and a Knative Service in it. */
export function serverlessMesh(scope: Construct): ServerlessMeshIntegration {
  const chart = new Chart(scope, 'serverless-mesh', { disableResourceNameHashes: true });
  const serverless = new ServerlessMeshIntegration(chart, 'Serverless', {
    // The Secret in istio-system holding the wildcard certificate of the cluster's apps domain.
    ingressCertificateSecret: 'wildcard-certs',
    memberNamespaces: ['hello'],
    kafka: {
      bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'],
      numPartitions: 10,
      replicationFactor: 3,
      // The ports of the documentation's example, each with a name of its own.
      ports: [
        { number: 9092, name: 'tcp-plain' },
        { number: 9093, name: 'tcp-tls' },
        { number: 9094, name: 'tcp-sasl-tls' },
        { number: 9095, name: 'tcp-sasl-tls-9095' },
        { number: 9096, name: 'tcp-tls-9096' },
      ],
    },
  });
  new KnativeService(chart, 'Hello', {
    name: 'hello',
    namespace: 'hello',
    image: 'quay.io/openshift-knative/helloworld-go:latest',
    env: { TARGET: 'Openshift' },
  });
  return serverless;
}
