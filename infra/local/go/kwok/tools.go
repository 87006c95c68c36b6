//go:build tools

// Package tools pins the main package built by infra/local/components/kubernetes.sh.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
