#!/usr/bin/env bash
# Regenerates the typed CRD classes in src/imports/ from the upstream CRD files.
# The CRD folder is $MESH_FEDERATION_CRDS_DIR (default ../shared/crds); nothing is downloaded.
set -euo pipefail
crds="${MESH_FEDERATION_CRDS_DIR:-../shared/crds}"
out="${IMPORT_OUTDIR:-src/imports}"
if [ ! -d "$crds/maistra" ] || [ ! -d "$crds/istio" ]; then
  echo "import: no CRD folder at '$crds' (set MESH_FEDERATION_CRDS_DIR to the folder holding maistra/, istio/, ...)" >&2
  exit 1
fi
# cdk8s import takes one source: join the CRDs of each API group into one multi-document file.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$crds"/maistra/federation.maistra.io_*.yaml; do cat "$f"; echo '---'; done > "$tmp/federation.maistra.io.yaml"
cdk8s import --language typescript --output "$out" "$tmp/federation.maistra.io.yaml"
# The member roll only: the ServiceMeshControlPlane CRD (920 KB) is emitted as a plain ApiObject.
cdk8s import --language typescript --output "$out" "$crds/maistra/maistra.io_servicemeshmemberrolls.yaml"
for k in destinationrules gateways serviceentries; do cat "$crds/istio/$k.networking.istio.io.yaml"; echo '---'; done > "$tmp/networking.istio.io.yaml"
cdk8s import --language typescript --output "$out" "$tmp/networking.istio.io.yaml"
# cert-manager's Certificate and trust-manager's Bundle (multi-network CAs with cert-manager). The
# Issuer and ClusterIssuer CRDs (330 KB each, mostly ACME) are emitted as plain ApiObjects.
if [ ! -d "$crds/cert-manager" ] || [ ! -d "$crds/trust-manager" ]; then
  echo "import: no cert-manager/ or trust-manager/ in '$crds'" >&2
  exit 1
fi
cdk8s import --language typescript --output "$out" "$crds/cert-manager/cert-manager.io_certificates.yaml"
cdk8s import --language typescript --output "$out" "$crds/trust-manager/trust.cert-manager.io_bundles.yaml"
# The generated converters drop undefined values by rebuilding the object once per key (a reduce with a
# spread: quadratic in the number of keys); the same filter in one pass writes the same objects.
for f in "$out"/*.ts; do
  sed -i -E 's/Object\.entries\(([A-Za-z_.]+)\)\.reduce\(\(r, i\) => \(i\[1\] === undefined\) \? r : \(\{ \.\.\.r, \[i\[0\]\]: i\[1\] \}\), \{\}\)/Object.fromEntries(Object.entries(\1).filter(i => i[1] !== undefined))/g' "$f"
done
