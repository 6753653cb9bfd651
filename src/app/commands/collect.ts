// `cdk8s-mesh-federation collect`: reads the ingress Services, nodes and root certificates of each
// mesh's cluster into the lock file beside the description.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandIo, federationOf, meshArguments, readJson, runCommand, UsageProblem } from './shared';
import { FederationCollect, MeshCollectInput } from '../collect';
import { baseDirOf } from '../description';
import { LOCK_FILE_NAME, lockFileText } from '../lock-file';

/** The command's help. */
export const COLLECT_USAGE = `Usage: cdk8s-mesh-federation collect <federation.yaml> <mesh>=<folder>...

Reads, per mesh, the folder of what its cluster prints and writes ${LOCK_FILE_NAME} beside the
description; the next synth fills the addresses, node ports and root certificates the description
leaves out from it (where both hold a value, the description wins, with a warning).
Each <folder> holds:
  services.json   oc get services -n <namespace> -o json
  nodes.json      oc get nodes -o json                      (NodePort only)
  root-cert.json  oc get configmap istio-ca-root-cert -n <namespace> -o json   (optional)
Exit codes: 0 written, 1 invalid input, 2 usage.`;

/** Runs `collect` with `args` (after the command name) and returns the exit code. */
export function collectCommand(args: string[], io: CommandIo): number {
  if (args.includes('-h') || args.includes('--help')) {
    io.out(COLLECT_USAGE);
    return 0;
  }
  return runCommand('collect', COLLECT_USAGE, io, () => {
    const { file, paths } = meshArguments(args, []);
    if (paths.size === 0) throw new UsageProblem('no <mesh>=<folder> given: pass the folder of each mesh\'s cluster');
    const federation = federationOf(file);
    const inputs: MeshCollectInput[] = [...paths].map(([mesh, folder]) => ({
      mesh,
      services: readJson(join(folder, 'services.json')),
      nodes: existsSync(join(folder, 'nodes.json')) ? readJson(join(folder, 'nodes.json')) : undefined,
      rootCertConfigMap: existsSync(join(folder, 'root-cert.json')) ? readJson(join(folder, 'root-cert.json')) : undefined,
    }));
    const content = FederationCollect.collect(federation, inputs);
    const target = join(baseDirOf(file), LOCK_FILE_NAME);
    writeFileSync(target, lockFileText(content));
    const values = content.meshes.reduce((n, m) => n + m.ingress.length + (m.rootCertificate ? 1 : 0), 0);
    io.out(`Wrote ${target}: ${content.meshes.length} mesh(es), ${values} value(s). Run synth again to use them.`);
    return 0;
  });
}
