//go:build tools

// Package tools pins the main package built by infra/local/components/kubernetes.sh:
//
//	go build -o $GOVCLOUD_CACHE/... go.etcd.io/etcd/server/v3
package tools

import _ "go.etcd.io/etcd/server/v3"
