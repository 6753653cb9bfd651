// The package's public API. Each folder is one layer (see docs/architecture.md).
export * from './core/gateway-naming';
export * from './core/manual-step';
export * from './core/mesh-options';
export * from './core/platform';
export * from './federation/failover-import';
export * from './federation/federated-mesh';
export * from './federation/mesh';
export * from './federation/mesh-peering';
export * from './federation/plan';
export * from './federation/export-rules';
export * from './federation/refs';
export * from './federation/service-export';
export * from './federation/service-import';
export * from './federation/topology';
export * from './multi-network/props';
export * from './multi-network/east-west-gateway';
export * from './multi-network/migration-entry';
export * from './multi-network/multi-network-mesh';
export * from './multi-network/topology';
// Registers the function behind MultiNetworkMesh.fromFederation() (nothing of it is public).
import './migration/from-federation';
export * from './core/federation-ref';
export * from './serverless/kafka-options';
export * from './serverless/knative-service';
export * from './serverless/serverless-mesh-integration';
export * from './serverless/serverless-mesh-integration-props';
export * from './app/federation-app';
export { ArgoCdOutput, type ClusterDestination, type GitOpsOptions } from './app/gitops';
