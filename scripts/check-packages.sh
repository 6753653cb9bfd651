#!/usr/bin/env bash
# `npx projen check:packages`: generates the package source of every jsii language offline and
# compiles what can be compiled on this machine without downloads.
# - Python: every module byte-compiled (python3 -m compileall).
# - Java: every file parsed by the installed JDK's compiler (its dependencies, the jsii runtime and
#   the cdk8s jars, come from Maven, so a full compile needs the network).
# - Go and .NET: generated and checked for their module and project files; their toolchains are
#   not installed here, so they are compiled by the release workflow only.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

npx projen compile >/dev/null
npx jsii-pacmak --code-only --targets python,java,go,dotnet -o "$out" 2>/dev/null

python_files=$(find "$out/python/src" -name '*.py' | wc -l)
python3 -m compileall -q "$out/python/src" >/dev/null
grep -q 'name="cdk8s-mesh-federation"\|"name": "cdk8s-mesh-federation"\|name = "cdk8s-mesh-federation"' "$out/python/setup.py" "$out/python/pyproject.toml"
echo "python: ${python_files} modules byte-compiled (cdk8s_mesh_federation)"

mapfile -t java_files < <(find "$out/java/src" -name '*.java' | sort)
java scripts/JavaParse.java "${java_files[@]}"
grep -q '<artifactId>cdk8s-mesh-federation</artifactId>' "$out/java/pom.xml"
echo "java: dev.cdk8s.meshfederation, pom.xml with artifact cdk8s-mesh-federation"

grep -q '^module github.com/cdk8s-mesh-federation/cdk8s-mesh-federation-go/cdk8smeshfederation' "$out/go/cdk8smeshfederation/go.mod"
go_files=$(find "$out/go" -name '*.go' | wc -l)
echo "go: ${go_files} files generated (go.mod checked; no Go toolchain here)"

test -f "$out/dotnet/Cdk8sMeshFederation/Cdk8sMeshFederation.csproj"
cs_files=$(find "$out/dotnet" -name '*.cs' | wc -l)
echo "dotnet: ${cs_files} files generated (Cdk8sMeshFederation.csproj checked; no .NET SDK here)"
