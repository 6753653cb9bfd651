// `init`: writes a commented starter description that validates and synthesizes as it is, for a
// user to edit rather than start from a blank file.
import { existsSync, writeFileSync } from 'node:fs';

/** The starter description: two meshes, one export and the import that takes it. */
export const STARTER_DESCRIPTION = `# yaml-language-server: $schema=node_modules/cdk8s-mesh-federation/schema/federation.schema.json
# A federation of two service meshes, written by \`cdk8s-mesh-federation init\`.
#   npx cdk8s-mesh-federation validate federation.yaml   # check it
#   npx cdk8s-mesh-federation plan federation.yaml       # what each mesh exports and imports
#   npx cdk8s-mesh-federation synth federation.yaml      # one folder per cluster under dist/
# Every field: node_modules/cdk8s-mesh-federation/docs/description.md
name: federation
meshes:
  # The mesh that runs the service. node-port: peers reach the federation gateways on these
  # node addresses (no load balancer needed); set platform.type to aws-nlb, azure, gcp, ... in a cloud.
  - name: east-mesh
    platform: { type: node-port, nodeAddresses: [192.0.2.10] }
    # The mesh's root certificate: each peer trusts the mesh through it. A SAMPLE: replace it with
    # the mesh's own (oc get configmap istio-ca-root-cert -n istio-system -o jsonpath='{.data.root-cert\\.pem}'),
    # inline like this or as rootCertificateFile: <path relative to this file>.
    rootCertificate: |
      -----BEGIN CERTIFICATE-----
      MIIBzTCCAXOgAwIBAgIUHh1EbeTRhdVsf/gJkbMaplNqJGgwCgYIKoZIzj0EAwIw
      MzEWMBQGA1UECgwNY2x1c3Rlci5sb2NhbDEZMBcGA1UEAwwQUm9vdCBDQSByZWQt
      bWVzaDAgFw0yNjExMjMwMjAwNTJaGA8yMTI2MTAzMDAyMDA1MlowMzEWMBQGA1UE
      CgwNY2x1c3Rlci5sb2NhbDEZMBcGA1UEAwwQUm9vdCBDQSByZWQtbWVzaDBZMBMG
      ByqGSM49AgEGCCqGSM49AwEHA0IABHL2HjPvN80K4qxtrXXSQdiJaaX/P5x61Edh
      SM12XQ0uE+WmAsVF0EMWydtrz+9t1wcrlukmfz/3wSz+2IO+3WWjYzBhMB0GA1Ud
      DgQWBBRcqnX+qAxX38zEb22n8dgoHk8fsjAfBgNVHSMEGDAWgBRcqnX+qAxX38zE
      b22n8dgoHk8fsjAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAKBggq
      hkjOPQQDAgNIADBFAiEA8SImNNUlw0QervBgkJ+padLRQqfoNZj37U+aMgwo1TcC
      IFG3tQ7gk5TGIZ4U6Vvuv6Q3rBfXjyfWbIEq7mv4Q5tg
      -----END CERTIFICATE-----
    exports:
      # Exports bookinfo/ratings to west-mesh, under the name info/ratings.
      - id: ratings-to-west
        peer: west-mesh
        rules:
          - nameSelector: { namespace: bookinfo, name: ratings, alias: { namespace: info, name: ratings } }

  # The mesh that calls it.
  - name: west-mesh
    platform: { type: node-port, nodeAddresses: [198.51.100.10] }
    # A SAMPLE, as above: replace it with west-mesh's own root certificate.
    rootCertificate: |
      -----BEGIN CERTIFICATE-----
      MIIB0TCCAXegAwIBAgIUJhOGkhGlwAy68k3BIa1tAxgMVMIwCgYIKoZIzj0EAwIw
      NTEWMBQGA1UECgwNY2x1c3Rlci5sb2NhbDEbMBkGA1UEAwwSUm9vdCBDQSBncmVl
      bi1tZXNoMCAXDTI2MTEyMzAyMDA1MloYDzIxMjYxMDMwMDIwMDUyWjA1MRYwFAYD
      VQQKDA1jbHVzdGVyLmxvY2FsMRswGQYDVQQDDBJSb290IENBIGdyZWVuLW1lc2gw
      WTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARbpZQTetcgTOTMuGc8MmLrrl8wgPzn
      ngWraofVAB+E/ZXxhD7cLoZkHrdFoD3ySXW0YflRy68OJ2yMdTpY20OFo2MwYTAd
      BgNVHQ4EFgQUiB8cCCrpepnUWwgzSYSWeCnMinAwHwYDVR0jBBgwFoAUiB8cCCrp
      epnUWwgzSYSWeCnMinAwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYw
      CgYIKoZIzj0EAwIDSAAwRQIhAIJz5gS3CDNUrZcOWlXjSeBt7tX3wb8xAzlNv+EJ
      g3PcAiAxms/IrIM8nJQUGKqDtriDx3H+bkVGSeMgAuRSHygAFQ==
      -----END CERTIFICATE-----
    imports:
      # Imports what east-mesh exports as info/ratings; it is reachable as ratings.info.svc.
      - id: ratings-from-east
        peer: east-mesh
        rules:
          - nameSelector: { namespace: info, name: ratings }
`;

/** Writes the starter description to `file`; refuses (with the fix) if the file exists. */
export function writeStarter(file: string): { readonly written: string } | { readonly problem: string } {
  if (existsSync(file)) {
    return { problem: `${file} already exists, and init does not overwrite a file. Fix: pass another file name, e.g. init federation-new.yaml, or move ${file} away` };
  }
  try {
    writeFileSync(file, STARTER_DESCRIPTION, { flag: 'wx' });
  } catch (e: any) {
    return { problem: `cannot write ${file} (${e?.code ?? e?.message}). Fix: pass a file in a folder you may write, e.g. init federation.yaml` };
  }
  return { written: file };
}
