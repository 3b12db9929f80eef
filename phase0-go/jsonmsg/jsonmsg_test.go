package jsonmsg

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"dsweekends/testkit/say"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	march9  = time.Date(2024, 3, 9, 10, 0, 0, 0, time.UTC)
	march10 = time.Date(2024, 3, 10, 8, 30, 0, 0, time.UTC)
	seoul   = time.FixedZone("KST", 9*60*60)
)

func TestTaskMarshal(t *testing.T) {
	tests := []struct {
		name string
		task Task
		want string // exact: omitempty decides which keys appear
	}{
		{
			name: "empty fields are left out (a zero time.Time needs omitzero), title and version stay",
			task: Task{ID: 1, Title: "write tests", Meta: Meta{CreatedAt: march9}},
			want: `{"id":"1","title":"write tests","created_at":"2024-03-09T10:00:00Z","version":0}`,
		},
		{
			name: "an empty, non-nil tags slice is left out too",
			task: Task{ID: 2, Title: "t", Tags: []string{}, Meta: Meta{CreatedAt: march9, Version: 1}},
			want: `{"id":"2","title":"t","created_at":"2024-03-09T10:00:00Z","version":1}`,
		},
		{
			name: "every field set (the id as a string, the priority as its word, Secret never)",
			task: Task{
				ID: 9007199254740993, Title: "ship it", Notes: "before Friday", Tags: []string{"go", "json"},
				Priority: PriorityHigh, Estimate: Duration(90 * time.Minute), Secret: "hunter2",
				Meta: Meta{CreatedAt: march9, UpdatedAt: march10, Version: 3},
			},
			want: `{"id":"9007199254740993","title":"ship it","notes":"before Friday","tags":["go","json"],` +
				`"priority":"high","estimate":"1h30m0s",` +
				`"created_at":"2024-03-09T10:00:00Z","updated_at":"2024-03-10T08:30:00Z","version":3}`,
		},
		{
			name: "a time keeps its zone offset",
			task: Task{ID: 3, Title: "t", Meta: Meta{CreatedAt: march9.In(seoul)}},
			want: `{"id":"3","title":"t","created_at":"2024-03-09T19:00:00+09:00","version":0}`,
		},
		{
			name: "durations below a second use smaller units",
			task: Task{ID: 4, Title: "t", Estimate: Duration(1500 * time.Millisecond), Meta: Meta{CreatedAt: march9}},
			want: `{"id":"4","title":"t","estimate":"1.5s","created_at":"2024-03-09T10:00:00Z","version":0}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.task)
			require.NoError(t, err, "json.Marshal(%+v)", tt.task)
			assert.Equal(t, tt.want, string(got), "%s: check the struct tags in task.go (names, omitempty/omitzero, the string option, \"-\") "+
				"and that MarshalJSON has a value receiver, so a Task passed by value uses it", tt.name)
			assert.NotContains(t, strings.ToLower(string(got)), "secret", "Secret must never be encoded (tag \"-\")")
		})
	}

	t.Run("an unknown priority is an error, not a silent number", func(t *testing.T) {
		_, err := json.Marshal(Task{ID: 1, Title: "t", Priority: Priority(7)})
		assert.Error(t, err, "Priority(7) has no name; MarshalJSON must fail")
	})
}

func TestTaskUnmarshal(t *testing.T) {
	in := `{
		"id": "42", "title": "ship it", "notes": "n", "tags": ["a"],
		"priority": "low", "estimate": "2h", "Secret": "ignored",
		"created_at": "2024-03-09T19:00:00+09:00", "updated_at": "2024-03-10T08:30:00Z", "version": 5
	}`
	var got Task
	require.NoError(t, json.Unmarshal([]byte(in), &got), "json.Unmarshal of a full task")
	assert.Equal(t, int64(42), got.ID, `"id":"42" decodes into ID 42 (the string option)`)
	assert.Equal(t, "ship it", got.Title, `"title" decodes into Title: check the tag json:"title"`)
	assert.Equal(t, "n", got.Notes, `"notes" decodes into Notes: check the tag json:"notes,omitempty"`)
	assert.Equal(t, []string{"a"}, got.Tags, `"tags" decodes into Tags: check the tag json:"tags,omitempty"`)
	assert.Equal(t, PriorityLow, got.Priority, `"priority":"low" decodes through (*Priority).UnmarshalJSON into PriorityLow`)
	assert.Equal(t, Duration(2*time.Hour), got.Estimate, `"estimate":"2h" decodes through (*Duration).UnmarshalJSON with time.ParseDuration`)
	assert.Empty(t, got.Secret, `a field tagged "-" is never decoded, even when the input has its Go name`)
	assert.True(t, march9.Equal(got.CreatedAt), "created_at: want the instant %v, got %v", march9, got.CreatedAt)
	_, offset := got.CreatedAt.Zone()
	assert.Equal(t, 9*60*60, offset, "created_at keeps the +09:00 offset it was sent with")
	assert.True(t, march10.Equal(got.UpdatedAt), "updated_at: want %v, got %v", march10, got.UpdatedAt)
	assert.Equal(t, 5, got.Version, "version is promoted from the embedded Meta")

	bad := []struct {
		name, json, errHas string
	}{
		{"an id sent as a number is an error (it must be a string)", `{"id":42}`, ""},
		{"an unknown priority is an error naming it", `{"priority":"urgent"}`, "urgent"},
		{"a priority sent as a number is an error", `{"priority":3}`, ""},
		{"a malformed duration is an error", `{"estimate":"soon"}`, "soon"},
		{"a duration sent as a number is an error (90 what? only strings such as \"90m\")", `{"estimate":90}`, ""},
		{"a time that is not RFC 3339 is an error", `{"created_at":"2024-03-09 10:00"}`, ""},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			var task Task
			err := json.Unmarshal([]byte(tt.json), &task)
			require.Error(t, err, "json.Unmarshal(%s) should fail: %s", tt.json, tt.name)
			if tt.errHas != "" {
				assert.Contains(t, err.Error(), tt.errHas, "the error should say what was wrong")
			}
		})
	}
}

func TestPriorityJSON(t *testing.T) {
	for _, tt := range []struct {
		p    Priority
		want string
	}{
		{PriorityLow, `"low"`}, {PriorityNormal, `"normal"`}, {PriorityHigh, `"high"`},
	} {
		t.Run("marshal "+tt.want, func(t *testing.T) {
			got, err := json.Marshal(tt.p)
			require.NoError(t, err, "json.Marshal(Priority(%d)): a named priority must encode — see Priority.MarshalJSON in task.go", int(tt.p))
			assert.Equal(t, tt.want, string(got), "json.Marshal(Priority(%d)): the priority's name as a JSON string", int(tt.p))

			var back Priority
			require.NoError(t, json.Unmarshal(got, &back), "json.Unmarshal(%s)", got)
			assert.Equal(t, tt.p, back, "a priority survives a round trip")
		})
	}
	for _, p := range []Priority{0, 4, -1} {
		_, err := json.Marshal(p)
		assert.Error(t, err, "Priority(%d) has no name, so MarshalJSON must fail", int(p))
	}
	for _, in := range []string{`"urgent"`, `"HIGH"`, `""`, `2`, `null`, `["high"]`} {
		var p Priority
		assert.Error(t, json.Unmarshal([]byte(in), &p), "Priority must reject %s", in)
	}
	t.Run("an escaped word is the same word", func(t *testing.T) {
		// JSON may spell any character as \uXXXX: "hi\u0067h" is the string high.
		var p Priority
		in := `"hi\u0067h"`
		require.NoError(t, json.Unmarshal([]byte(in), &p), say.F(
			"json.Unmarshal(%s): 이것도 문자열 \"high\"입니다. 따옴표를 직접 떼지 말고 json.Unmarshal로 string에 디코딩한 뒤 비교하세요",
			"json.Unmarshal(%s): this is the string \"high\" too. Do not strip the quotes by hand: json.Unmarshal into a string, then compare", in))
		assert.Equal(t, PriorityHigh, p, "json.Unmarshal(%s)", in)
	})
}

func TestDurationJSON(t *testing.T) {
	for _, tt := range []struct {
		d    time.Duration
		want string
	}{
		{1500 * time.Millisecond, `"1.5s"`},
		{90 * time.Minute, `"1h30m0s"`},
		{250 * time.Microsecond, `"250µs"`},
		{0, `"0s"`},
	} {
		t.Run("marshal "+tt.d.String(), func(t *testing.T) {
			got, err := json.Marshal(Duration(tt.d))
			require.NoError(t, err, "json.Marshal(Duration(%v)): see Duration.MarshalJSON in task.go", tt.d)
			assert.Equal(t, tt.want, string(got), "json.Marshal(Duration(%v)): time.Duration.String() as a JSON string", tt.d)
		})
	}
	for _, tt := range []struct {
		in   string
		want time.Duration
	}{
		{`"1.5s"`, 1500 * time.Millisecond}, {`"90m"`, 90 * time.Minute}, {`"1h30m"`, 90 * time.Minute}, {`"-2s"`, -2 * time.Second},
		{`"\u0031h30m"`, 90 * time.Minute}, // JSON's escape for "1h30m": json.Unmarshal the string, do not trim the quotes
		{`"250\u00b5s"`, 250 * time.Microsecond},
	} {
		t.Run("unmarshal "+tt.in, func(t *testing.T) {
			var d Duration
			require.NoError(t, json.Unmarshal([]byte(tt.in), &d), "json.Unmarshal(%s)", tt.in)
			assert.Equal(t, Duration(tt.want), d, "json.Unmarshal(%s) into a Duration: time.ParseDuration of the string", tt.in)
		})
	}
	for _, in := range []string{`"soon"`, `"10"`, `90`, `true`, `""`} {
		var d Duration
		assert.Error(t, json.Unmarshal([]byte(in), &d), "Duration must reject %s", in)
	}
}

func TestDecodeStrict(t *testing.T) {
	good := `{"id":"7","title":"t","created_at":"2024-03-09T10:00:00Z","version":1}`
	t.Run("a valid task decodes", func(t *testing.T) {
		var got Task
		require.NoError(t, DecodeStrict([]byte(good), &got), "DecodeStrict(%s): a valid task must decode — see decode.go", good)
		assert.Equal(t, int64(7), got.ID, "DecodeStrict must decode into v: ID")
		assert.Equal(t, "t", got.Title, "DecodeStrict must decode into v: Title")
		assert.Equal(t, 1, got.Version, "DecodeStrict must decode into v: Version (promoted from Meta)")
	})
	t.Run("trailing white space is fine", func(t *testing.T) {
		var got Task
		assert.NoError(t, DecodeStrict([]byte(good+"\n\t "), &got),
			"DecodeStrict: white space after the value is not trailing data — dec.Token() skips it and returns io.EOF (decode.go)")
	})

	bad := []struct {
		name, in, errHas string
	}{
		{"an unknown field is an error naming it", `{"id":"7","titel":"t"}`, "titel"},
		{"a field tagged \"-\" counts as unknown", `{"id":"7","Secret":"x"}`, "Secret"},
		{"data after the value is an error", good + ` {"id":"8"}`, ""},
		{"a stray character after the value is an error", good + `x`, ""},
		{"a stray ] after the value is an error", good + `]`, ""},
		{"a stray } after the value is an error", good + ` }`, ""},
		{"empty input is an error", ``, ""},
		{"a truncated object is an error", `{"id":"7"`, ""},
		{"a wrong type is an error", `{"title":7}`, ""},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			var got Task
			err := DecodeStrict([]byte(tt.in), &got)
			require.Error(t, err, "DecodeStrict(%q) should fail: %s", tt.in, tt.name)
			if tt.errHas != "" {
				assert.Contains(t, err.Error(), tt.errHas, "DecodeStrict(%q): the error must name the problem", tt.in)
			}
		})
	}

	t.Run("json.Unmarshal would have accepted the typo", func(t *testing.T) {
		// Why strictness matters: the lenient decoder drops "titel" silently.
		var lenient Task
		require.NoError(t, json.Unmarshal([]byte(`{"id":"7","titel":"t"}`), &lenient),
			`json.Unmarshal accepts {"id":"7","titel":"t"}: check the "id,string" tag on Task.ID in task.go`)
		assert.Empty(t, lenient.Title, "the typo \"titel\" is dropped silently, so Title stays empty")
	})
}

func TestDecodeGeneric(t *testing.T) {
	in := `{"id": 9007199254740993, "price": 12.50, "tags": ["a", 1], "owner": {"name": "kim", "age": 31}, "ok": true, "none": null}`
	got, err := DecodeGeneric([]byte(in))
	require.NoError(t, err, "DecodeGeneric(%s)", in)

	assert.Equal(t, json.Number("9007199254740993"), got["id"],
		"with UseNumber a number stays a json.Number holding its exact text")
	assert.Equal(t, json.Number("12.50"), got["price"], "with UseNumber 12.50 stays json.Number(\"12.50\"), trailing zero and all")
	assert.Equal(t, []any{"a", json.Number("1")}, got["tags"], "arrays become []any")
	assert.Equal(t, map[string]any{"name": "kim", "age": json.Number("31")}, got["owner"], "objects become map[string]any")
	assert.Equal(t, true, got["ok"], "a JSON true becomes the bool true")
	v, present := got["none"]
	assert.True(t, present, "a null value is still a key")
	assert.Nil(t, v, "a JSON null becomes a nil any")

	id, err := got["id"].(json.Number).Int64()
	require.NoError(t, err, "json.Number(%q).Int64()", got["id"])
	assert.Equal(t, int64(9007199254740993), id, "json.Number.Int64 gives the exact id back")

	t.Run("the float64 pitfall it avoids", func(t *testing.T) {
		var plain map[string]any
		require.NoError(t, json.Unmarshal([]byte(in), &plain), "json.Unmarshal(%s) into a map[string]any", in)
		assert.Equal(t, float64(9007199254740992), plain["id"], "float64 cannot hold 2^53+1: json.Unmarshal rounds it")
	})

	for _, tt := range []struct{ name, in string }{
		{"an array is an error", `[1,2]`},
		{"null is an error (it is not an object; decoding it leaves a nil map)", `null`},
		{"a number is an error", `42`},
		{"data after the object is an error", `{"a":1} {"b":2}`},
		{"malformed JSON is an error", `{"a":}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeGeneric([]byte(tt.in))
			assert.Error(t, err, "DecodeGeneric(%q) should fail: %s", tt.in, tt.name)
		})
	}
}

// FuzzDecode checks that the strict decoder never panics, and that whatever
// it accepts encodes, decodes again and encodes to the same bytes.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"id":"7","title":"t","created_at":"2024-03-09T10:00:00Z","version":1}`,
		`{"id":"42","title":"ship it","notes":"n","tags":["a"],"priority":"low","estimate":"2h","created_at":"2024-03-09T19:00:00+09:00","updated_at":"2024-03-10T08:30:00Z","version":5}`,
		`{"tags":[]}`, `{"tags":null}`, `{"estimate":"-0s"}`, `{"id":"-1"}`, `null`, `{}`, `{"titel":1}`, `{"a":1} 2`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var first Task
		if DecodeStrict(data, &first) != nil {
			return
		}
		b1, err := json.Marshal(first)
		require.NoError(t, err, "DecodeStrict accepted %q, but the result does not encode", data)
		var second Task
		require.NoError(t, DecodeStrict(b1, &second), "the re-encoding %s of accepted input %q must decode", b1, data)
		b2, err := json.Marshal(second)
		require.NoError(t, err, "the re-decoded task %+v does not encode", second)
		require.Equal(t, string(b1), string(b2), "encode → decode → encode must give the same bytes")
	})
}
