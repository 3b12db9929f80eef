package errhandling

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseLine(t *testing.T) {
	valid := []struct {
		name, line, wantKey, wantValue string
	}{
		{"spaces around key and value are trimmed", "  port =  8080 ", "port", "8080"},
		{"no spaces at all", "host=example.com", "host", "example.com"},
		{"value may contain '=' (split at the first one)", "query = a=b", "query", "a=b"},
		{"value may be empty", "note =", "note", ""},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			key, value, err := ParseLine(tc.line)
			require.NoError(t, err, "ParseLine(%q) is a valid line", tc.line)
			assert.Equal(t, tc.wantKey, key, "ParseLine(%q): key", tc.line)
			assert.Equal(t, tc.wantValue, value, "ParseLine(%q): value", tc.line)
		})
	}

	invalid := []struct {
		name, line, wantMsg string
	}{
		{"a line without '=' is a syntax error", "port 8080", `syntax error: missing '=' in "port 8080"`},
		{"an empty key is a syntax error", "= 8080", `syntax error: empty key in "= 8080"`},
		{"a key of only spaces is empty", "   = x", `syntax error: empty key in "   = x"`},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ParseLine(tc.line)
			require.Error(t, err, "ParseLine(%q) must fail", tc.line)
			assert.ErrorIs(t, err, ErrSyntax,
				"ParseLine(%q): the error must wrap ErrSyntax — fmt.Errorf(\"%%w: ...\", ErrSyntax, ...)", tc.line)
			assert.EqualError(t, err, tc.wantMsg, "ParseLine(%q): error text", tc.line)
		})
	}
}

func TestValidate(t *testing.T) {
	valid := []struct{ key, value string }{
		{"port", "1"}, {"port", "8080"}, {"port", "65535"},
		{"timeout", "5s"}, {"timeout", "1m30s"},
		{"host", "example.com"},
		{"anything-else", ""}, // keys Validate does not know are always fine
	}
	for _, tc := range valid {
		t.Run(fmt.Sprintf("%s=%q is valid and gives a nil error", tc.key, tc.value), func(t *testing.T) {
			err := Validate(tc.key, tc.value)
			require.True(t, err == nil,
				"Validate(%q, %q) = %#v; want nil. If it says (*ValidationError)(nil), you returned a nil "+
					"pointer inside an error interface, which is NOT nil: return the literal nil instead",
				tc.key, tc.value, err)
		})
	}

	invalid := []struct{ key, value, reason string }{
		{"port", "http", "must be a whole number from 1 to 65535"},
		{"port", "0", "must be a whole number from 1 to 65535"},
		{"port", "65536", "must be a whole number from 1 to 65535"},
		{"timeout", "soon", "must be a positive duration such as 5s"},
		{"timeout", "-1s", "must be a positive duration such as 5s"},
		{"timeout", "0s", "must be a positive duration such as 5s"},
		{"host", "", "must not be empty"},
	}
	for _, tc := range invalid {
		t.Run(fmt.Sprintf("%s=%q is rejected with a *ValidationError", tc.key, tc.value), func(t *testing.T) {
			err := Validate(tc.key, tc.value)
			require.Error(t, err, "Validate(%q, %q) must reject the value", tc.key, tc.value)
			var ve *ValidationError
			require.True(t, errors.As(err, &ve),
				"Validate(%q, %q) = %v (type %T); want a *ValidationError so callers can use errors.As",
				tc.key, tc.value, err, err)
			assert.Equal(t, ValidationError{Key: tc.key, Value: tc.value, Reason: tc.reason}, *ve,
				"Validate(%q, %q): the fields of the *ValidationError", tc.key, tc.value)
		})
	}
}

func TestErrorTypesFormatAndUnwrap(t *testing.T) {
	t.Run("ValidationError message names key, value and reason", func(t *testing.T) {
		err := &ValidationError{Key: "port", Value: "http", Reason: "must be a whole number from 1 to 65535"}
		assert.Equal(t, `invalid port "http": must be a whole number from 1 to 65535`, err.Error(),
			"(*ValidationError).Error in errors.go: \"invalid <key> <quoted value>: <reason>\"")
	})
	t.Run("LineError message starts with the line number", func(t *testing.T) {
		err := &LineError{Line: 3, Err: errors.New("boom")}
		assert.Equal(t, "line 3: boom", err.Error(), "(*LineError).Error in errors.go: \"line <n>: \" followed by the inner error's text")
	})
	t.Run("LineError unwraps to its inner error", func(t *testing.T) {
		inner := fmt.Errorf("%w: missing '='", ErrSyntax)
		var err error = &LineError{Line: 7, Err: inner}
		assert.Equal(t, inner, errors.Unwrap(err), "(*LineError).Unwrap must return Err")
		assert.ErrorIs(t, err, ErrSyntax,
			"errors.Is must see ErrSyntax inside a *LineError: that works only if Unwrap returns Err")
	})
}

const goodText = `# app.conf
host = example.com

port = 8080
   # indented comment
timeout = 5s
workers = 4
`

func TestParse(t *testing.T) {
	t.Run("a good text gives every setting, skipping blanks and comments", func(t *testing.T) {
		cfg, err := Parse(goodText)
		require.NoError(t, err, "Parse of a valid text")
		assert.Equal(t, Config{"host": "example.com", "port": "8080", "timeout": "5s", "workers": "4"}, cfg,
			"Parse(goodText): every key = value line, with blank lines and # comments (even indented ones) skipped")
	})
	t.Run("an empty text is a valid empty config", func(t *testing.T) {
		cfg, err := Parse("")
		require.NoError(t, err, `Parse("") has no bad lines`)
		assert.Empty(t, cfg, `Parse("") has no settings`)
	})

	bad := "host = example.com\n" + // line 1: fine
		"port 8080\n" + // line 2: syntax
		"# comment\n" + // line 3: skipped
		"port = http\n" + // line 4: validation
		"host = other.org\n" + // line 5: duplicate of line 1
		"timeout = 5s\n" // line 6: fine

	t.Run("every bad line is reported, not just the first", func(t *testing.T) {
		cfg, err := Parse(bad)
		require.Error(t, err, "Parse of a text with 3 bad lines must fail")
		assert.Nil(t, cfg, "Parse must return a nil Config when any line is bad")
		assert.EqualError(t, err,
			"line 2: syntax error: missing '=' in \"port 8080\"\n"+
				"line 4: invalid port \"http\": must be a whole number from 1 to 65535\n"+
				"line 5: duplicate key: \"host\" already set on line 1",
			"Parse(bad): keep going after a bad line — one *LineError per bad line, numbered from 1 (comment lines count), "+
				"returned together with errors.Join(errs...) in line order (Join puts a newline between messages)")
	})
	t.Run("errors.Is and errors.As see through the joined error", func(t *testing.T) {
		_, err := Parse(bad)
		require.Error(t, err, "Parse(bad): lines 2, 4 and 5 are bad, so an error is expected")
		assert.ErrorIs(t, err, ErrSyntax, "line 2 is a syntax error")
		assert.ErrorIs(t, err, ErrDuplicateKey, "line 5 repeats host: wrap ErrDuplicateKey with %w")
		var ve *ValidationError
		require.True(t, errors.As(err, &ve), "line 4 must be a *ValidationError inside the joined error")
		assert.Equal(t, "http", ve.Value, "the *ValidationError of line 4 (port = http) holds the bad value")
	})
	t.Run("each failure is a *LineError with its line number", func(t *testing.T) {
		_, err := Parse(bad)
		require.Error(t, err, "Parse(bad): lines 2, 4 and 5 are bad, so an error is expected")
		joined, ok := err.(interface{ Unwrap() []error })
		require.True(t, ok, "Parse must return errors.Join(...) of the line errors; got %T", err)
		var lines []int
		for _, e := range joined.Unwrap() {
			var le *LineError
			require.True(t, errors.As(e, &le), "every joined error must be a *LineError; got %T: %v", e, e)
			lines = append(lines, le.Line)
		}
		assert.Equal(t, []int{2, 4, 5}, lines, "bad lines, 1-based, in order (comment lines still count)")
	})
}

func TestLoadWrapsThroughEveryLayer(t *testing.T) {
	t.Run("a good text loads", func(t *testing.T) {
		cfg, err := Load("app.conf", goodText)
		require.NoError(t, err, "Load(\"app.conf\", goodText): a valid text loads without error — Load returns Parse's result")
		assert.Equal(t, "example.com", cfg["host"], "Load returns the Config that Parse built")
	})
	t.Run("the file name is added in front", func(t *testing.T) {
		_, err := Load("app.conf", "host = a\nport = http")
		require.Error(t, err, "Load of a text with a bad port must fail")
		assert.EqualError(t, err, `load app.conf: line 2: invalid port "http": must be a whole number from 1 to 65535`,
			"Load wraps Parse's error: fmt.Errorf(\"load %s: %w\", name, err)")
	})
	t.Run("errors.As reaches the *LineError and the *ValidationError", func(t *testing.T) {
		_, err := Load("app.conf", "host = a\nport = http")
		require.Error(t, err, "Load of a text with a bad port must fail")
		// Load → errors.Join → *LineError → *ValidationError: four layers, one call to As each.
		var le *LineError
		require.True(t, errors.As(err, &le),
			"Load's error must wrap Parse's with %w (not %v), or errors.As cannot find the *LineError")
		assert.Equal(t, 2, le.Line, "the *LineError found inside Load's error")
		var ve *ValidationError
		require.True(t, errors.As(err, &ve), "the *ValidationError must be reachable through every layer")
		assert.Equal(t, "port", ve.Key, "the *ValidationError found inside Load's error names the key")
	})
	t.Run("errors.Is reaches a sentinel", func(t *testing.T) {
		_, err := Load("app.conf", "oops")
		require.Error(t, err, `Load of "oops" (no '=') must fail`)
		assert.ErrorIs(t, err, ErrSyntax, "Load(%q)", "oops")
		assert.False(t, errors.Is(err, ErrNotFound), "a syntax error is not ErrNotFound")
	})
}

func TestConfigGet(t *testing.T) {
	cfg := Config{"host": "example.com"}
	t.Run("a present key gives its value", func(t *testing.T) {
		got, err := cfg.Get("host")
		require.NoError(t, err, `Config.Get("host") on a Config with host: a present key is not an error`)
		assert.Equal(t, "example.com", got, `Config.Get("host") returns the stored value`)
	})
	t.Run("a missing key wraps ErrNotFound", func(t *testing.T) {
		_, err := cfg.Get("port")
		require.Error(t, err, `Get("port") on a Config without port`)
		assert.ErrorIs(t, err, ErrNotFound, "wrap ErrNotFound with %w so callers can test errors.Is(err, ErrNotFound)")
		assert.EqualError(t, err, `config: key "port": not found`, "Config.Get: fmt.Errorf(\"config: key %q: %w\", key, ErrNotFound)")
	})
}

func TestConfigIntWrapsOnlyWhatCallersMayDependOn(t *testing.T) {
	cfg := Config{"workers": "4", "retries": "many"}
	t.Run("a number is returned", func(t *testing.T) {
		got, err := cfg.Int("workers")
		require.NoError(t, err, `Config.Int("workers") with value "4": Get the value, then strconv.Atoi`)
		assert.Equal(t, 4, got, `Config.Int("workers") with value "4"`)
	})
	t.Run("a missing key passes Get's error on unchanged", func(t *testing.T) {
		_, err := cfg.Int("port")
		require.Error(t, err, `Config.Int("port") on a Config without port must fail`)
		assert.ErrorIs(t, err, ErrNotFound, "a missing key is still ErrNotFound when asked through Int")
		assert.EqualError(t, err, `config: key "port": not found`,
			"Get's message already names the key: return it as it is, without another prefix")
	})
	t.Run("a bad number keeps strconv's text but not its error value", func(t *testing.T) {
		_, err := cfg.Int("retries")
		require.Error(t, err, `Int("retries") with value "many"`)
		assert.EqualError(t, err, `config: key "retries": strconv.Atoi: parsing "many": invalid syntax`,
			"Config.Int: fmt.Errorf(\"config: key %q: %v\", key, err) — strconv's text stays, its error value does not")
		var numErr *strconv.NumError
		assert.False(t, errors.As(err, &numErr),
			"Int must NOT wrap strconv's error: format it with %v, not %w — which parser Int uses is "+
				"an implementation detail callers must not be able to depend on")
		assert.False(t, errors.Is(err, strconv.ErrSyntax), "strconv.ErrSyntax must not be reachable either")
		assert.False(t, errors.Is(err, ErrSyntax), "a bad number in a valid line is not a config syntax error")
	})
}

func TestExitCode(t *testing.T) {
	syntax := &LineError{Line: 1, Err: fmt.Errorf("%w: missing '=' in %q", ErrSyntax, "x")}
	duplicate := &LineError{Line: 2, Err: fmt.Errorf("%w: %q already set on line 1", ErrDuplicateKey, "x")}
	invalid := &LineError{Line: 3, Err: &ValidationError{Key: "port", Value: "0", Reason: "r"}}
	notFound := fmt.Errorf("config: key %q: %w", "port", ErrNotFound)

	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil is success", nil, 0},
		{"a syntax error is 2", syntax, 2},
		{"a duplicate key is 2", duplicate, 2},
		{"a wrapped validation error is 3", fmt.Errorf("load a.conf: %w", invalid), 3},
		{"a not-found lookup is 4", notFound, 4},
		{"an unrelated error is 1", errors.New("disk on fire"), 1},
		{"joined: syntax beats validation", errors.Join(invalid, syntax), 2},
		{"joined: validation beats not found", errors.Join(notFound, invalid), 3},
		{"a sentinel formatted with %v is no longer recognised", fmt.Errorf("lost: %v", ErrNotFound), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := ExitCode(tc.err)
			rule := "use errors.Is / errors.As, which look inside wrapped and joined errors"
			if strings.HasPrefix(tc.name, "joined: ") {
				rule = "a joined error can match several rows of the table: check the rows in their order, so the first from the top wins"
			}
			assert.Equal(t, tc.want, got, "ExitCode(%v): %s", tc.err, rule)
		})
	}
}

func FuzzParseLine(f *testing.F) {
	for _, seed := range []string{"port = 8080", "a=b=c", "=", "no equals", "  k  =  ", "é = ü"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		key, value, err := ParseLine(line)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("ParseLine(%q): error %v does not wrap ErrSyntax", line, err)
			}
			return
		}
		if key == "" || key != strings.TrimSpace(key) || strings.Contains(key, "=") {
			t.Fatalf("ParseLine(%q): bad key %q", line, key)
		}
		if value != strings.TrimSpace(value) {
			t.Fatalf("ParseLine(%q): value %q is not trimmed", line, value)
		}
	})
}

func FuzzParse(f *testing.F) {
	for _, seed := range []string{goodText, "", "port 8080\nport = 0\nhost=\nhost=x\nhost=y", "#\n\n=\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		cfg, err := Parse(text)
		if err == nil {
			for k, v := range cfg {
				if verr := Validate(k, v); verr != nil {
					t.Fatalf("Parse(%q) accepted %s=%q but Validate rejects it: %v", text, k, v, verr)
				}
			}
			return
		}
		if cfg != nil {
			t.Fatalf("Parse(%q) returned an error and a non-nil Config", text)
		}
		var le *LineError
		if !errors.As(err, &le) || le.Line < 1 {
			t.Fatalf("Parse(%q): error %v has no *LineError with a line number", text, err)
		}
	})
}
