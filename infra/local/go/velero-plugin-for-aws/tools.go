//go:build tools

// Package tools pins the main package built by infra/local/components/velero.sh.
package tools

import _ "github.com/vmware-tanzu/velero-plugin-for-aws/velero-plugin-for-aws"
