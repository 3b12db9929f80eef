package minirpc

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeRequest(t *testing.T) {
	tests := []struct {
		name    string
		frame   string
		want    Request
		wantErr bool
	}{
		{"a full request", `{"id":7,"method":"Add","params":{"a":1,"b":2}}`,
			Request{ID: 7, Method: "Add", Params: json.RawMessage(`{"a":1,"b":2}`)}, false},
		{"params may be absent", `{"id":1,"method":"Ping"}`, Request{ID: 1, Method: "Ping"}, false},
		{"surrounding spaces are fine", "  {\"id\":2,\"method\":\"Ping\"}\r", Request{ID: 2, Method: "Ping"}, false},
		{"not JSON is an error", `hello`, Request{}, true},
		{"a truncated object is an error", `{"id":1,"method":"Add"`, Request{}, true},
		{"an array is an error", `[1,"Add"]`, Request{}, true},
		{"null is an error", `null`, Request{}, true},
		{"an empty frame is an error", ``, Request{}, true},
		{"id 0 is an error (it is reserved)", `{"id":0,"method":"Add"}`, Request{}, true},
		{"a missing id is an error", `{"method":"Add"}`, Request{}, true},
		{"a negative id is an error", `{"id":-1,"method":"Add"}`, Request{}, true},
		{"a missing method is an error", `{"id":1}`, Request{}, true},
		{"an unknown field is an error", `{"id":1,"method":"Add","parms":{}}`, Request{}, true},
		{"data after the object is an error", `{"id":1,"method":"Add"} {"id":2,"method":"Add"}`, Request{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeRequest([]byte(tt.frame))
			if tt.wantErr {
				assert.Error(t, err, "DecodeRequest(%q) should fail", tt.frame)
				return
			}
			require.NoError(t, err, "DecodeRequest(%q)", tt.frame)
			assert.Equal(t, tt.want.ID, got.ID, "DecodeRequest(%q).ID", tt.frame)
			assert.Equal(t, tt.want.Method, got.Method, "DecodeRequest(%q).Method", tt.frame)
			if tt.want.Params == nil {
				assert.Empty(t, got.Params, "DecodeRequest(%q).Params", tt.frame)
			} else {
				assert.JSONEq(t, string(tt.want.Params), string(got.Params), "DecodeRequest(%q).Params keeps the raw JSON", tt.frame)
			}
		})
	}
}

func TestDecodeResponse(t *testing.T) {
	tests := []struct {
		name    string
		frame   string
		want    Response
		wantErr bool
	}{
		{"a result", `{"id":7,"result":3,"error":""}`, Response{ID: 7, Result: json.RawMessage(`3`)}, false},
		{"an error", `{"id":7,"error":"division by zero"}`, Response{ID: 7, Error: "division by zero"}, false},
		{"id 0 is allowed: it answers an unreadable frame", `{"id":0,"error":"bad request"}`, Response{ID: 0, Error: "bad request"}, false},
		{"not JSON is an error", `ok`, Response{}, true},
		{"an unknown field is an error", `{"id":1,"reslt":3}`, Response{}, true},
		{"data after the object is an error", `{"id":1,"result":3} 4`, Response{}, true},
		{"a string id is an error", `{"id":"1","result":3}`, Response{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DecodeResponse([]byte(tt.frame))
			if tt.wantErr {
				assert.Error(t, err, "DecodeResponse(%q) should fail", tt.frame)
				return
			}
			require.NoError(t, err, "DecodeResponse(%q)", tt.frame)
			assert.Equal(t, tt.want.ID, got.ID, "DecodeResponse(%q).ID", tt.frame)
			assert.Equal(t, tt.want.Error, got.Error, "DecodeResponse(%q).Error", tt.frame)
			assert.Equal(t, string(tt.want.Result), string(got.Result), "DecodeResponse(%q).Result", tt.frame)
		})
	}
}

// FuzzDecodeFrame checks that the decoders never panic and that whatever
// they accept survives a round trip: encoding it and decoding it again gives
// the same encoding.
func FuzzDecodeFrame(f *testing.F) {
	for _, seed := range []string{
		`{"id":7,"method":"Add","params":{"a":1,"b":2}}`, `{"id":1,"method":"Ping"}`,
		`{"id":7,"result":3,"error":""}`, `{"id":0,"error":"bad"}`, `{"id":1,"method":"A","params":null}`,
		`{"id":18446744073709551615,"method":"\u00e9"}`, `{"id":1e2,"method":"x"}`, `null`, `[]`, `{`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, frame []byte) {
		if req, err := DecodeRequest(frame); err == nil {
			b1, err := json.Marshal(req)
			require.NoError(t, err, "DecodeRequest accepted %q, but the result does not encode", frame)
			again, err := DecodeRequest(b1)
			require.NoError(t, err, "DecodeRequest accepted %q but not its re-encoding %q", frame, b1)
			b2, err := json.Marshal(again)
			require.NoError(t, err, "the re-decoded request %+v does not encode", again)
			require.Equal(t, string(b1), string(b2), "a request must survive encode → decode → encode")
		}
		if resp, err := DecodeResponse(frame); err == nil {
			b1, err := json.Marshal(resp)
			require.NoError(t, err, "DecodeResponse accepted %q, but the result does not encode", frame)
			again, err := DecodeResponse(b1)
			require.NoError(t, err, "DecodeResponse accepted %q but not its re-encoding %q", frame, b1)
			b2, err := json.Marshal(again)
			require.NoError(t, err, "the re-decoded response %+v does not encode", again)
			require.Equal(t, string(b1), string(b2), "a response must survive encode → decode → encode")
		}
	})
}
