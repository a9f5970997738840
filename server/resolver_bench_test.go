package server

// Benchmarks of the GS1 Digital Link resolver, paired like bench_test.go's
// (ratio = baseline time / resolver time):
//
//	go test -run '^$' -bench RatioResolver -count 6 ./server
//
//	BenchmarkRatioResolver/product-html  GET /01/{GTIN}, the product page, vs a bare Gin
//	                                     handler doing the same four registry reads and
//	                                     writing the same bytes
//	BenchmarkRatioResolver/product-json  the same in JSON
//	BenchmarkRatioResolver/serial-json   GET /01/{GTIN}/21/{serial} vs the same lookup at
//	                                     /api/v1/serials/{serial} (the cost of checking the
//	                                     serial belongs to the GTIN)

import (
	"context"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func BenchmarkRatioResolver(b *testing.B) {
	for _, tc := range []struct{ name, accept string }{{"product-html", "text/html"}, {"product-json", "application/json"}, {"serial-json", "application/json"}} {
		b.Run(tc.name, func(b *testing.B) {
			d := newDLFixture(b, func(c *Config) { c.SerialRateLimit = -1 })
			h := d.srv.Handler()
			st := d.store
			path := "/01/" + d.gtin1
			if tc.name == "serial-json" {
				serial := stamp.FormatSerial(d.lotted[0].Serial)
				pairedRatio(b,
					func(int) { must200(b, serve(h, "/api/v1/serials/"+serial, tc.accept)) },
					func(int) { must200(b, serve(h, path+"/21/"+serial, tc.accept)) })
				return
			}
			body := serve(h, path, tc.accept).Body.Bytes()
			e := gin.New()
			e.GET("/p/:gtin", func(c *gin.Context) {
				ctx := c.Request.Context()
				p, err := st.ProductByGTIN(ctx, c.Param("gtin"))
				if err == nil {
					_, err = st.BatchesOf(ctx, p.Number)
				}
				if err == nil {
					_, err = st.Facility(ctx, p.FacilityCode)
				}
				if err == nil {
					_, err = st.CurrentCertification(context.Background(), p.Number)
				}
				if err != nil {
					c.Status(500)
					return
				}
				c.Data(200, tc.accept, body)
			})
			pairedRatio(b,
				func(int) { must200(b, serve(e, "/p/"+d.gtin1, tc.accept)) },
				func(int) { must200(b, serve(h, path, tc.accept)) })
		})
	}
}
