//go:build tools

// Package tools pins the main packages built by infra/local/components/kubernetes.sh in one
// `go build -o DIR/ pkg...` invocation, so the shared packages compile once.
package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
