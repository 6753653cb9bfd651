// The Istio versions the Sail operator accepts. Not exported from the package (see
// `MultiNetworkMesh.SAIL_ISTIO_VERSIONS`).

/** The `spec.version` values the Sail operator's `Istio` CRD accepts (its closed enum), newest first. */
export const SAIL_ISTIO_VERSIONS: string[] = [
  'v1.31-latest', 'v1.31.0-beta.1', 'v1.30-latest', 'v1.30.3', 'v1.30.2', 'v1.30.1', 'v1.30.0', 'v1.29-latest', 'v1.29.6',
  'v1.29.5', 'v1.29.4', 'v1.29.3', 'v1.29.2', 'v1.29.1', 'v1.29.0', 'v1.28-latest', 'v1.28.10', 'v1.28.9', 'v1.28.8',
  'v1.28.7', 'v1.28.6', 'v1.28.5', 'v1.28.4', 'v1.28.3', 'v1.28.2', 'v1.28.1', 'v1.28.0', 'v1.27-latest', 'v1.27.9',
  'v1.27.8', 'v1.27.7', 'v1.27.6', 'v1.27.5', 'v1.27.4', 'v1.27.3', 'v1.27.2', 'v1.27.1', 'v1.27.0', 'v1.26-latest',
  'v1.26.8', 'v1.26.7', 'v1.26.6', 'v1.26.5', 'v1.26.4', 'v1.26.3', 'v1.26.2', 'v1.26.1', 'v1.26.0', 'v1.25-latest',
  'v1.25.5', 'v1.25.4', 'v1.25.3', 'v1.25.2', 'v1.25.1', 'v1.24-latest', 'v1.24.6', 'v1.24.5', 'v1.24.4', 'v1.24.3',
  'v1.24.2', 'v1.24.1', 'v1.24.0', 'v1.23-latest', 'v1.23.6', 'v1.23.5', 'v1.23.4', 'v1.23.3', 'v1.23.2', 'v1.22-latest',
  'v1.22.8', 'v1.22.7', 'v1.22.6', 'v1.22.5', 'v1.21.6', 'master', 'v1.32.0-alpha.527f8d6c',
];
/** The default `spec.version` of the `Istio` resource. */
export const DEFAULT_ISTIO_VERSION = 'v1.30.3';
