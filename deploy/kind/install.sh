#!/usr/bin/env bash
# deploy/kind/install.sh - RegionalEdge on two local kind clusters, "us-east-1" and "eu-west-1".
#
# What it does: builds the operator and proxy images, creates two kind clusters (one control plane
# and two workers each: HostPort exposure puts one proxy per node), loads the images, installs the
# CRD and the operator with the region overlay (rendered with `kubectl kustomize`), creates a
# self-signed certificate for fast.example.com and applies deploy/examples/fast.yaml in both
# clusters, then waits for READY 2/2 and prints how to reach each region's proxy.
#
# What it cannot do: Route53. Kind nodes have no public address and Route53's health checkers
# cannot reach them, so the operator runs with --no-dns (DnsSynced stays Unknown) and each proxy is
# reached through a port of your machine instead of DNS. The backends are a public HTTPS site
# (default example.com, which has a publicly trusted certificate) standing in for the API Gateway
# custom domains; the proxies need outbound internet access to it for readiness.
#
# Not run where this repository was developed (no Docker there): it was checked by reading and
# `bash -n`, and the overlays it applies by `kubectl kustomize`. Report what breaks.
#
# Needs: docker, kind (0.20 or newer: node labels), kubectl (1.23 or newer: wait --for=jsonpath),
#        openssl, JDK 17 and Maven (unless SKIP_BUILD=1 and the images exist).
# Usage: deploy/kind/install.sh          # create and install (about 5 minutes with a warm Maven cache)
#        deploy/kind/install.sh down     # delete both clusters
# Env:   BACKEND_US=example.com BACKEND_EU=example.com   backend hostnames (must serve valid HTTPS)
#        PORT_US=8443 PORT_EU=9443                        local ports mapped to each cluster's first worker
#        SKIP_BUILD=1                                     reuse the images already built
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
REGIONS=(us-east-1 eu-west-1)
OPERATOR_IMAGE=ghcr.io/regionaledge/operator:0.1.0   # deploy/base/deployment.yaml
PROXY_IMAGE=ghcr.io/regionaledge/proxy:0.1.0         # the default of spec.proxy.image
CRD=$ROOT/crds/regionaledges.edge.regionaledge.io-v1.yml
NS=redge-demo
WORK=${WORK:-${TMPDIR:-/tmp}/regionaledge-kind}
declare -A BACKEND=([us-east-1]=${BACKEND_US:-example.com} [eu-west-1]=${BACKEND_EU:-example.com})
declare -A PORT=([us-east-1]=${PORT_US:-8443} [eu-west-1]=${PORT_EU:-9443})

cluster() { echo "redge-$1"; }
kc() { local region=$1; shift; kubectl --context "kind-$(cluster "$region")" "$@"; }

if [ "${1:-}" = down ]; then
  for r in "${REGIONS[@]}"; do kind delete cluster --name "$(cluster "$r")"; done
  exit 0
fi

for tool in docker kind kubectl openssl; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
mkdir -p "$WORK"

# 1. Images.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && mvn -B -q -DskipTests package)
  docker build -f "$ROOT/operator/Dockerfile" -t "$OPERATOR_IMAGE" "$ROOT"
  docker build -t "$PROXY_IMAGE" "$ROOT/proxy-image"
fi

# 2. A certificate for the public hostname, the same in both clusters.
if [ ! -f "$WORK/fast.example.com.key" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=fast.example.com \
    -addext subjectAltName=DNS:fast.example.com \
    -keyout "$WORK/fast.example.com.key" -out "$WORK/fast.example.com.crt" 2>/dev/null
fi

for r in "${REGIONS[@]}"; do
  name=$(cluster "$r")
  # 3. The cluster: nodes labelled with the region as on EKS; the first worker's 443 on a local port.
  if ! kind get clusters | grep -qx "$name"; then
    cat > "$WORK/$name.yaml" <<KIND
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
  - role: control-plane
    labels: {topology.kubernetes.io/region: $r}
  - role: worker
    labels: {topology.kubernetes.io/region: $r}
    extraPortMappings:
      - {containerPort: 443, hostPort: ${PORT[$r]}, listenAddress: 127.0.0.1}
  - role: worker
    labels: {topology.kubernetes.io/region: $r}
KIND
    kind create cluster --name "$name" --config "$WORK/$name.yaml"
  fi
  kind load docker-image --name "$name" "$OPERATOR_IMAGE" "$PROXY_IMAGE"

  # 4. CRD, then the operator for this region (the overlay sets REGIONALEDGE_REGION), without Route53.
  kc "$r" apply -f "$CRD"
  kc "$r" wait --for condition=Established --timeout=60s crd/regionaledges.edge.regionaledge.io
  kubectl kustomize "$ROOT/deploy/overlays/$r" > "$WORK/operator-$r.yaml"
  kc "$r" apply -f "$WORK/operator-$r.yaml"
  kc "$r" -n regionaledge-system patch deployment regionaledge-operator --type json \
    -p '[{"op":"add","path":"/spec/template/spec/containers/0/args","value":["--no-dns"]}]'
  kc "$r" -n regionaledge-system rollout status deployment/regionaledge-operator --timeout=180s

  # 5. The resource's namespace: hostPort pods need Pod Security level privileged.
  kc "$r" create namespace "$NS" --dry-run=client -o yaml | kc "$r" apply -f -
  kc "$r" label namespace "$NS" --overwrite pod-security.kubernetes.io/enforce=privileged
  kc "$r" -n "$NS" create secret tls fast-example-com-tls \
    --cert="$WORK/fast.example.com.crt" --key="$WORK/fast.example.com.key" --dry-run=client -o yaml | kc "$r" apply -f -

  # 6. The same RegionalEdge in both clusters, backends replaced by the stand-ins.
  sed -e "s/us-east-1-fast.example.com/${BACKEND[us-east-1]}/" -e "s/eu-west-1-fast.example.com/${BACKEND[eu-west-1]}/" \
    "$ROOT/deploy/examples/fast.yaml" > "$WORK/fast.yaml"
  kc "$r" -n "$NS" apply -f "$WORK/fast.yaml"
done

for r in "${REGIONS[@]}"; do
  kc "$r" -n "$NS" wait --for=jsonpath='{.status.ready}'=2/2 regionaledge/fast --timeout=300s || true
  echo "== $r"
  kc "$r" -n "$NS" get regionaledges
done

cat <<DONE

Each region's first proxy instance (the TLS certificate is the self-signed one in $WORK):
  curl --resolve fast.example.com:${PORT[us-east-1]}:127.0.0.1 --cacert $WORK/fast.example.com.crt https://fast.example.com:${PORT[us-east-1]}/
  curl --resolve fast.example.com:${PORT[eu-west-1]}:127.0.0.1 --cacert $WORK/fast.example.com.crt https://fast.example.com:${PORT[eu-west-1]}/
The backend sees Host and SNI ${BACKEND[us-east-1]} / ${BACKEND[eu-west-1]}. DNS is Unknown by design (--no-dns):
kind nodes have no ExternalIP, and Route53 could not health-check them.
  kubectl --context kind-redge-us-east-1 -n $NS describe regionaledge fast
Remove everything: deploy/kind/install.sh down
DONE
