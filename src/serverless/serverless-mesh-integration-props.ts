// The props of a ServerlessMeshIntegration: plain data, checked by checks.ts.
import { KnativeKafkaOptions } from './kafka-options';
import { MeshPrerequisites } from '../core/mesh-options';

/** Props of a `ServerlessMeshIntegration`. */
export interface ServerlessMeshIntegrationProps {
  /**
   * Name of the Secret (in the mesh namespace) holding the wildcard certificate that the
   * `knative-ingress-gateway` serves on port 443 (`credentialName`).
   */
  readonly ingressCertificateSecret: string;

  /**
   * Application namespaces to add to the ServiceMeshMemberRoll, besides `knative-serving` and
   * `knative-eventing` (always members). More can be added with `addMemberNamespace()`.
   * @default - none
   */
  readonly memberNamespaces?: string[];

  /**
   * The control-plane namespace of a standalone mesh. Not allowed inside a `Mesh`, whose own
   * namespace is used.
   * @default 'istio-system' (or the Mesh's namespace)
   */
  readonly controlPlaneNamespace?: string;

  /**
   * Name of the ServiceMeshControlPlane of a standalone mesh. Not allowed inside a `Mesh`.
   * @default 'basic' (or the Mesh's control plane)
   */
  readonly controlPlaneName?: string;

  /**
   * Which prerequisites a standalone mesh's output includes: the control-plane Namespace
   * (`namespaces`) and the ServiceMeshMemberRoll `default` (`memberRoll`). Not allowed inside a
   * `Mesh`, whose own `prerequisites` decide.
   * @default - both
   */
  readonly prerequisites?: MeshPrerequisites;

  /**
   * The ServiceMeshControlPlane `spec` of a standalone mesh; the serverless settings are merged
   * into it, and a setting present on both sides with different values is an error. Not allowed
   * inside a `Mesh` (use the mesh's `controlPlaneSpec`).
   * @default { profiles: ['default'] }
   */
  readonly controlPlaneSpec?: { [key: string]: any };

  /**
   * The Knative Serving deployments that get the sidecar (`spec.deployments` of KnativeServing).
   * @default ['activator', 'autoscaler']
   */
  readonly servingWorkloads?: string[];

  /**
   * The Knative Eventing workloads that get the sidecar (`spec.workloads` of KnativeEventing).
   * @default ['pingsource-mt-adapter', 'imc-dispatcher', 'mt-broker-ingress', 'mt-broker-filter']
   */
  readonly eventingWorkloads?: string[];

  /**
   * More `spec.config` sections of KnativeServing (ConfigMap name without `config-`, then keys).
   * The `istio` gateway hosts the integration sets must not be given other values.
   * @default - only what the integration sets
   */
  readonly servingConfig?: { [section: string]: { [key: string]: string } };

  /**
   * More `spec.config` sections of KnativeEventing. `features.istio` must stay `enabled`.
   * @default - only what the integration sets
   */
  readonly eventingConfig?: { [section: string]: { [key: string]: string } };

  /**
   * Knative Kafka: adds the KnativeKafka and the Kafka ServiceEntry.
   * @default - no Knative Kafka
   */
  readonly kafka?: KnativeKafkaOptions;
}
