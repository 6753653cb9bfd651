// The three meshes of ../three-mesh-federation laid out for GitOps: each cluster folder gets a
// kustomization.yaml, and the gitops/ folder holds one Argo CD Application per cluster and the Flux
// objects, for the cluster that runs Argo CD or Flux.
import { ArgoCdOutput, FederationAppProps } from '../../src';

export const gitOpsAppProps: FederationAppProps = {
  gitOps: {
    repoUrl: 'https://git.example.com/platform/meshes.git',
    revision: 'main',
    path: 'examples/gitops/dist',
    argoCd: ArgoCdOutput.APPLICATION_PER_CLUSTER,
    flux: true,
    destinations: {
      'red-mesh': { server: 'https://api.red.example.com:6443', kubeConfigSecretName: 'red-mesh-kubeconfig' },
      'green-mesh': { server: 'https://api.green.example.com:6443', kubeConfigSecretName: 'green-mesh-kubeconfig' },
      'blue-mesh': { server: 'https://api.blue.example.com:6443', kubeConfigSecretName: 'blue-mesh-kubeconfig' },
    },
  },
};
