package app

import (
	"encoding/json"
	"errors"
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
