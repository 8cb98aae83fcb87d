package app

import (
	"encoding/json"
	"errors"
	"powerbrokers/dataset"
	"powerbrokers/dataset/seed"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// go-app decodes every local storage value into its persistent state at
// start-up and every minute: the stored snapshot must fail that at once,
// not after a full parse, and still read back as the snapshot.
func TestStoredSnapshotIsNotJSON(t *testing.T) {
	raw := `{"version":"abc","dataset":{"deals":[]}}`
	stored := storedPrefix + raw
	var state struct {
		Value     json.RawMessage
		ExpiresAt time.Time
	}
	err := json.Unmarshal([]byte(stored), &state)
	var syn *json.SyntaxError
	require.True(t, errors.As(err, &syn), "%v", err)
	assert.LessOrEqual(t, syn.Offset, int64(1), "rejected at the first byte")
	assert.Equal(t, raw, unstored(stored))
	assert.Equal(t, raw, unstored(raw), "a value saved by an older version still reads")
}

// decodeSnapshot decodes the dataset part by part; the result must be what
// decoding the whole document gives, for every field of the dataset.
func TestDecodeSnapshotByParts(t *testing.T) {
	d, err := dataset.Load(seed.FS)
	require.NoError(t, err)
	raw, err := json.Marshal(dataset.SnapshotDocument{Version: "v1", Dataset: d, Licence: dataset.DataLicence(), Changes: []dataset.Change{{Seq: 1, Kind: "deal", Action: "update", ID: "x"}}})
	require.NoError(t, err)
	var whole dataset.SnapshotDocument
	require.NoError(t, json.Unmarshal(raw, &whole))

	got, err := decodeSnapshot(raw)
	require.NoError(t, err)
	assert.Equal(t, whole, *got)
	require.NotEmpty(t, got.Dataset.Deals)
	require.NotEmpty(t, got.Dataset.Miners)

	var tags []string
	typ := reflect.TypeOf(dataset.Dataset{})
	for i := range typ.NumField() {
		if tag := strings.Split(typ.Field(i).Tag.Get("json"), ",")[0]; tag != "-" {
			tags = append(tags, tag)
		}
	}
	var names []string
	for _, p := range datasetParts(new(dataset.Dataset)) {
		names = append(names, p.name)
	}
	assert.ElementsMatch(t, tags, names, "every field of dataset.Dataset is decoded")

	_, err = decodeSnapshot([]byte(`{"version":"v1","dataset":{"deals":{"not":"a list"}}}`))
	require.ErrorContains(t, err, "snapshot deals")
	_, err = decodeSnapshot([]byte(`{"version":"v1"}`))
	require.ErrorContains(t, err, "no dataset")
	_, err = decodeSnapshot([]byte(`{"version":"v1","dataset":null}`))
	require.ErrorContains(t, err, "no dataset")
	_, err = decodeSnapshot([]byte(`{"version":"v1","dataset":{"deals":[{"id":"a"},{"id":7}]}}`))
	require.ErrorContains(t, err, "snapshot deals", "a bad record names its part")
	for _, bad := range []string{``, `[]`, `{"version":`, `{"version":"v1","dataset":{"deals":[{"id":"a"}`} {
		_, err = decodeSnapshot([]byte(bad))
		require.Error(t, err, "%q", bad)
	}

	// null, empty lists and unknown members decode as json.Unmarshal does.
	for _, in := range []string{
		`{"version":"v2","dataset":{"deals":null,"miners":[],"future":{"a":[1]}},"licence":{"name":"CC BY 4.0"},"extra":[{"x":null}]}`,
		`{"dataset":{"meta":{"title":"x"},"sites":[{"id":"s"}]},"revision":null,"changes":[]}`,
	} {
		var want dataset.SnapshotDocument
		require.NoError(t, json.Unmarshal([]byte(in), &want))
		got, err := decodeSnapshot([]byte(in))
		require.NoError(t, err, in)
		assert.Equal(t, want, *got, in)
	}
}
