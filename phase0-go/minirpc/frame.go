package minirpc

import (
	"encoding/json"
	"errors"
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
	// TODO(weekend 4): json.Decoder with DisallowUnknownFields, then make sure
	// nothing follows the object, then check ID and Method.
	return Request{}, errors.New("minirpc: DecodeRequest not implemented")
}

// DecodeResponse parses one frame (without its newline) into a Response. It
// rejects anything but a single JSON object with known fields.
func DecodeResponse(frame []byte) (Response, error) {
	// TODO(weekend 4): the same strict decoding as DecodeRequest.
	return Response{}, errors.New("minirpc: DecodeResponse not implemented")
}
