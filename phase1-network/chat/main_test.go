package chat

import (
	"flag"
	"fmt"
	"testing"

	"go.uber.org/goleak"
)

// parallel is how many tests run at once unless -parallel is given. The
// tests mostly wait on loopback I/O, one server each, so more of them than
// GOMAXPROCS (go test's default) can run side by side; then a slow test
// does not hold back the first failure of a quick one.
const parallel = 8

func TestMain(m *testing.M) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if !given {
		flag.Set("test.parallel", fmt.Sprint(parallel))
	}
	goleak.VerifyTestMain(m)
}
