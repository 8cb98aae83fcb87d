package dataset

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCodeLabelsAreWords(t *testing.T) {
	assert.Equal(t, "Colocation", CodeLabel(TypeColocation))
	assert.Equal(t, "Cloud services", CodeLabel(TypeCloud))
	assert.Equal(t, "Joint venture", CodeLabel(TypeJV))
	assert.Equal(t, "Under construction", CodeLabel(StatusConstruction))
	assert.Equal(t, "IREN Ltd", CodeLabel("IREN Ltd"), "a name is not a code")
	for _, list := range [][]string{DealTypes, DealStatuses, ValueBases, MWBases, SiteUses, CounterpartyKinds} {
		for _, code := range list {
			assert.True(t, IsCode(code), "%q has no label", code)
			assert.NotEqual(t, code, CodeLabel(code), "%q has no label", code)
		}
	}
}

func TestShortNameTellsUndisclosedPartiesApart(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Undisclosed IG hyperscaler (Applied Digital, Polaris Forge 2)", "Undisclosed IG hyperscaler (Polaris Forge 2)"},
		{"Undisclosed IG hyperscaler (Applied Digital, Delta Forge 1 / Polaris Forge 3 / Delta Forge 2)", "Undisclosed IG hyperscaler (Delta Forge 1)"},
		{"Undisclosed counterparty (Bitdeer, Tydal)", "Undisclosed counterparty (Tydal)"},
		{"Undisclosed IG public company (Galaxy Helios end user)", "Undisclosed IG public company (Galaxy Helios end user)"},
		{"Microsoft", "Microsoft"},
		{"Bit Digital (WhiteFiber)", "Bit Digital (WhiteFiber)"},
	} {
		assert.Equal(t, tt.want, ShortName(tt.in), tt.in)
	}
}

// Every code a table column can hold reads as a word in tables and facets.
func TestEveryEnumColumnHasWords(t *testing.T) {
	for _, kind := range Kinds {
		for _, c := range Columns(kind) {
			for _, code := range c.Enum {
				if c.ValueLabel(code) != code {
					continue
				}
				assert.NotEqual(t, code, CodeLabel(code), "%s.%s: the code %q has no label", kind, c.Name, code)
			}
		}
	}
}
