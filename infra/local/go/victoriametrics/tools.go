//go:build tools

// Package tools pins the main package built by infra/local/components/victoriametrics.sh.
package tools

import _ "github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics"
