package fastpath

import (
	"encoding/json"
	"fmt"
	"maps"
)

// The framework stores private state as a JSON object of keys to base64-encoded JSON values;
// keys starting with a dot are its own, the rest its resources'. The fast paths keep the
// refresh fingerprint under fingerprintKey, which no resource uses.
const fingerprintKey = "fast_path"

type fingerprintValue struct {
	Refresh string `json:"refresh"`
}

// privateKeys decodes private state into its keys and their JSON values.
func privateKeys(raw []byte) (map[string][]byte, error) {
	keys := map[string][]byte{}
	if len(raw) == 0 {
		return keys, nil
	}
	if err := json.Unmarshal(raw, &keys); err != nil {
		return nil, fmt.Errorf("private state %q: %w", raw, err)
	}
	return keys, nil
}

// readFingerprint returns the recorded refresh fingerprint, or "".
func readFingerprint(raw []byte) string {
	keys, err := privateKeys(raw)
	if err != nil {
		return ""
	}
	var v fingerprintValue
	if json.Unmarshal(keys[fingerprintKey], &v) != nil {
		return ""
	}
	return v.Refresh
}

// writeFingerprint returns private state with the fingerprint set, or removed when fp is "".
func writeFingerprint(raw []byte, fp string) ([]byte, error) {
	keys, err := privateKeys(raw)
	if err != nil {
		return nil, err
	}
	if readFingerprint(raw) == fp {
		return raw, nil
	}
	keys = maps.Clone(keys)
	if fp == "" {
		delete(keys, fingerprintKey)
	} else {
		value, err := json.Marshal(fingerprintValue{Refresh: fp})
		if err != nil {
			return nil, err
		}
		keys[fingerprintKey] = value
	}
	if len(keys) == 0 {
		return nil, nil
	}
	return json.Marshal(keys)
}

// decodePrivate decodes private state into comparable values.
func decodePrivate(raw []byte) (map[string]any, error) {
	keys, err := privateKeys(raw)
	if err != nil {
		return nil, err
	}
	out := make(map[string]any, len(keys))
	for k, v := range keys {
		var decoded any
		if err := json.Unmarshal(v, &decoded); err != nil {
			return nil, fmt.Errorf("private state key %q: %w", k, err)
		}
		out[k] = decoded
	}
	return out, nil
}
