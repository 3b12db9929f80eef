package jsonmsg

import "errors"

// DecodeStrict decodes data, which must hold exactly one JSON value, into v
// (a pointer). Unlike json.Unmarshal it rejects fields v has no place for,
// and anything but white space after the value.
func DecodeStrict(data []byte, v any) error {
	// TODO(weekend 2): a json.Decoder with DisallowUnknownFields; after
	// Decode, check that the decoder has reached io.EOF.
	return errors.New("jsonmsg: DecodeStrict not implemented")
}

// DecodeGeneric decodes a JSON object of unknown shape. Nested objects become
// map[string]any, arrays []any, and numbers json.Number, so that an id such
// as 9007199254740993 comes out exactly (as float64, the default, it would
// be rounded to 9007199254740992). Anything but one object is an error.
func DecodeGeneric(data []byte) (map[string]any, error) {
	// TODO(weekend 2): a json.Decoder with UseNumber, decoding into a map.
	return nil, errors.New("jsonmsg: DecodeGeneric not implemented")
}
