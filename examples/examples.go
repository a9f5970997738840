// Package examples embeds the sample registry CSV files (invented sample
// data, marked "dữ liệu mẫu") so that `ocopstamp quickstart` works from any
// folder.
package examples

import "embed"

// FS holds communes.csv, facilities.csv, products.csv, certifications.csv and
// points-of-sale.csv.
//
//go:embed *.csv
var FS embed.FS
