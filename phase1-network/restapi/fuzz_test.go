package restapi

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzDecodeInput checks that DecodeInput never panics and that every
// failure is an *HTTPError with 400, 413 or 415, and every success valid.
func FuzzDecodeInput(f *testing.F) {
	f.Add("application/json", ann)
	f.Add("application/json", `{"name":`)
	f.Add("application/json", `{"name":"A","email":"a@b","x":1}`)
	f.Add("text/plain", ann)
	f.Add("application/json; charset=utf-8", `{"name":"A","email":"a@b"} []`)
	f.Add("application/json", `{"name":"\u0000","email":"@"}`)
	f.Fuzz(func(t *testing.T, ctype, body string) {
		req := httptest.NewRequest("POST", "/users", strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		in, err := DecodeInput(httptest.NewRecorder(), req)
		if err == nil {
			if verr := in.Validate(); verr != nil {
				t.Fatalf("DecodeInput accepted an invalid input %+v: %v", in, verr)
			}
			return
		}
		var he *HTTPError
		if !errors.As(err, &he) {
			t.Fatalf("DecodeInput error %v is not an *HTTPError", err)
		}
		switch he.Status {
		case http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnsupportedMediaType:
		default:
			t.Fatalf("DecodeInput status %d, want 400, 413 or 415", he.Status)
		}
	})
}
