package jsonmsg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// DecodeStrict decodes data, which must hold exactly one JSON value, into v
// (a pointer). Unlike json.Unmarshal it rejects fields v has no place for,
// and anything but white space after the value.
func DecodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	// Rule: an unknown field is usually a typo or a version mismatch; an
	// error says so, where silence would lose data.
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("jsonmsg: %w", err)
	}
	return requireEOF(dec)
}

// DecodeGeneric decodes a JSON object of unknown shape. Nested objects become
// map[string]any, arrays []any, and numbers json.Number, so that an id such
// as 9007199254740993 comes out exactly (as float64, the default, it would
// be rounded to 9007199254740992). Anything but one object is an error.
func DecodeGeneric(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // Rule: numbers stay text until you know their type
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("jsonmsg: %w", err)
	}
	if m == nil { // the input was null
		return nil, errors.New("jsonmsg: want a JSON object, got null")
	}
	if err := requireEOF(dec); err != nil {
		return nil, err
	}
	return m, nil
}

// requireEOF fails unless dec has nothing left but white space. Decode reads
// one value and stops, so trailing data goes unnoticed unless we look.
func requireEOF(dec *json.Decoder) error {
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("jsonmsg: data after the JSON value")
	}
	return nil
}
