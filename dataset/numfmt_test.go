package dataset

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMoneyThreeSignificantFigures(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{
		{102.23e9, "$102B"},
		{27.03e9, "$27.0B"},
		{20.2e9, "$20.2B"},
		{2e9, "$2.00B"},
		{311e6, "$311M"},
		{1_785_714, "$1.79M"},
		{1.46e6, "$1.46M"},
		{950_000, "$950K"},
		{70_600, "$70.6K"},
		{999.6e6, "$1.00B"},
		{999_999, "$1.00M"},
		{1.5e12, "$1.50T"},
		{12.345, "$12.3"},
		{12, "$12"},
		{0, "$0"},
		{-1.2e9, "-$1.20B"},
	} {
		assert.Equal(t, tt.want, Money(tt.in), "Money(%v)", tt.in)
	}
	assert.Equal(t, NotDisclosed, MoneyOf(nil))
	v := 311e6
	assert.Equal(t, "$311M", MoneyOf(&v))
	assert.Equal(t, "$1.46M/MW-yr", Rate(1_460_000))
}

func TestMWAndNumbers(t *testing.T) {
	for _, tt := range []struct {
		in   float64
		want string
	}{
		{1400, "1,400 MW"},
		{4114, "4,114 MW"},
		{1_785_714, "1,785,714 MW"},
		{4.5, "4.5 MW"},
		{12, "12 MW"},
		{0, "0 MW"},
		{250.4, "250 MW"},
	} {
		assert.Equal(t, tt.want, MW(tt.in), "MW(%v)", tt.in)
	}
	assert.Equal(t, NotDisclosed, MWOf(nil), "an unknown MW is not 0 MW")
	assert.Equal(t, "-1,234", Thousands(-1234))
	assert.Equal(t, "95%", Percent(0.95))
	assert.Equal(t, "2.5%", Percent(0.025))
}

func TestDatesKeepTheirPrecision(t *testing.T) {
	assert.Equal(t, "2026-05", DateText("2026-05"))
	assert.Equal(t, "2026-05-26", DateText("2026-05-26"))
	assert.Equal(t, "2026", DateText("2026"))
	assert.Equal(t, "date not disclosed", DateText(""))
	assert.Equal(t, "month", DatePrecision("2026-05"))
	assert.Equal(t, "day", DatePrecision("2026-05-26"))
	assert.Equal(t, "year", DatePrecision("2026"))
}

func TestParseNumberAsPeopleTypeIt(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
	}{
		{"1B", 1e9},
		{"1.79M", 1.79e6},
		{"950k", 950e3},
		{"$1,500,000", 1.5e6},
		{"1e9", 1e9},
		{"2.5 bn", 2.5e9},
		{"95 %", 0.95},
		{"95%", 0.95},
		{" 300 ", 300},
		{"1_000", 1000},
		{"-$2M", -2e6},
	} {
		got, err := ParseNumber(tt.in)
		require.NoError(t, err, "ParseNumber(%q)", tt.in)
		assert.InDelta(t, tt.want, got, 1e-6*max(1, tt.want), "ParseNumber(%q)", tt.in)
	}
	for _, bad := range []string{"", "abc", "1.2.3", "M", "NaN", "Inf", "1B2"} {
		_, err := ParseNumber(bad)
		assert.Error(t, err, "ParseNumber(%q) should fail", bad)
	}
	_, err := ParseNumber("ten")
	assert.ErrorContains(t, err, `"ten" is not a number`)
}

func TestCompactRoundTrips(t *testing.T) {
	for _, v := range []float64{1e9, 1.79e6, 311e6, 27e9, 950} {
		got, err := ParseNumber(Compact(v))
		require.NoError(t, err)
		assert.InDelta(t, v, got, v*0.005, "Compact(%v) = %q", v, Compact(v))
	}
}
