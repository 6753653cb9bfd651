export * from './federated-mesh';
export * from './gateway-naming';
export * from './mesh';
export * from './mesh-peering';
export * from './platform';
export * from './topology';
