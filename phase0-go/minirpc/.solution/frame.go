package minirpc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// MaxFrameBytes is the longest frame (one line of JSON) either side accepts.
const MaxFrameBytes = 1 << 20

// Request is one call as it travels from client to server.
// ID is chosen by the client and is never 0; Params may be absent.
type Request struct {
	ID     uint64          `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params,omitempty"`
}

// Response is the server's answer to the Request with the same ID. ID 0 is a
// reply to a frame the server could not read. Error is empty on success.
type Response struct {
	ID     uint64          `json:"id"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  string          `json:"error"`
}

// DecodeRequest parses one frame (without its newline) into a Request. It
// rejects anything but a single JSON object with known fields, a non-zero id
// and a method name.
func DecodeRequest(frame []byte) (Request, error) {
	var req Request
	if err := decodeStrict(frame, &req); err != nil {
		return Request{}, fmt.Errorf("minirpc: bad request: %w", err)
	}
	if req.ID == 0 {
		return Request{}, errors.New("minirpc: bad request: id must be a positive integer")
	}
	if req.Method == "" {
		return Request{}, errors.New("minirpc: bad request: method is missing")
	}
	return req, nil
}

// DecodeResponse parses one frame (without its newline) into a Response. It
// rejects anything but a single JSON object with known fields.
func DecodeResponse(frame []byte) (Response, error) {
	var resp Response
	if err := decodeStrict(frame, &resp); err != nil {
		return Response{}, fmt.Errorf("minirpc: bad response: %w", err)
	}
	return resp, nil
}

// decodeStrict decodes exactly one JSON object into v: unknown fields and
// trailing data are errors.
func decodeStrict(frame []byte, v any) error {
	frame = bytes.TrimSpace(frame)
	// A frame must be an object. Checking the first byte also rejects
	// "null", which Decode would accept as "nothing to do".
	if len(frame) == 0 || frame[0] != '{' {
		return errors.New("frame is not a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(frame))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("data after the JSON object")
	}
	return nil
}
