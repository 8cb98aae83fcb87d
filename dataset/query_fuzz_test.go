package dataset_test

import (
	"bytes"
	"errors"
	"net/url"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"powerbrokers/dataset"
)

// FuzzParseQuery checks that no query string panics the parser or the
// engine, that every rejection is an EINVALID *Error naming a parameter,
// and that every accepted query round-trips through Values.
func FuzzParseQuery(f *testing.F) {
	for _, seed := range []string{
		"",
		"miner=iren,cipher&type=colocation&it_mw_gte=100&sort=-value_usd&facet=tenant&q=microsoft&size=50&page=2",
		"miner=iren&miner=cipher&status=signed",
		"announced_gte=2025&announced_lt=2026-01&value_usd_gt=1e9&contracted=true",
		"q=%22lake+mariner%22+google&sort=guarantor,-announced&facet=guarantor,type,year&cols=tenant,mw",
		"size=max&next=bzUw",
		"tenants=Microsoft&facet=tenants,status&sort=-contracted_share",
		"region=TX,ny&it_mw_gte=100&use=hpc&facet=grid&theme=dark&plain=1&transparent=1",
		"_sort=mw&mw__gte=1",
		"size=0&page=-1&next=x",
		"type=Colocation,JV&term_years=5,10.0&year=2025",
		"sort=-&facet=&cols=,,",
		"=x&&miner=iren",
		"=%ff",
		"holder=google&instrument=warrant&percent_gte=5&facet=holder,issuer,deal&sort=-shares",
		"issuer=cipher&hpc=true&coupon_pct_lte=7.5&maturity_lte=2031&facet=kind,sites&cols=amount_usd,part_of",
		"jv=share&type=jv&facet=lease_structure,option_kind&sort=-escalator_pct",
		"jv=50&power_source=hydro&iso=ERCOT&regulatory=tx-sb6&facet=iso,interconnection",
	} {
		f.Add(seed)
	}
	small := fixture(f)
	synth := synthetic(f, 300)
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for _, kind := range append(slices.Clone(dataset.Kinds), dataset.KindEquity, dataset.KindFinancing) {
			q, err := dataset.ParseQuery(kind, v)
			if err != nil {
				var e *dataset.Error
				require.True(t, errors.As(err, &e), "ParseQuery(%s, %q) error %T", kind, raw, err)
				require.Equal(t, dataset.EINVALID, e.Code)
				require.NotEmpty(t, e.Param, "error without a parameter: %v", e)
				require.NotEmpty(t, e.Message)
				continue
			}
			enc := q.Values()
			again, err := dataset.ParseQuery(kind, enc)
			require.NoError(t, err, "ParseQuery(%s, Values()=%q) of %q", kind, enc.Encode(), raw)
			require.Equal(t, q, again, "round trip of %q via %q", raw, enc.Encode())
			require.Equal(t, enc, again.Values(), "Values is stable")

			for _, s := range []*dataset.Snapshot{small, synth} {
				switch kind {
				case dataset.KindDeals:
					res := s.QueryDeals(q)
					require.LessOrEqual(t, len(res.Rows), q.Size)
					require.LessOrEqual(t, len(res.Rows), res.Total)
				case dataset.KindMiners:
					s.QueryMiners(q)
				case dataset.KindSites:
					s.QuerySites(q)
				case dataset.KindEquity:
					res := s.QueryEquity(q)
					require.LessOrEqual(t, len(res.Rows), res.Total)
				case dataset.KindFinancing:
					res := s.QueryFinancing(q)
					require.LessOrEqual(t, len(res.Rows), res.Total)
				}
			}
			var buf bytes.Buffer
			require.NoError(t, small.WriteCSV(&buf, q))
		}
	})
}
