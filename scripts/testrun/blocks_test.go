package testrun

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReportsKeepsEveryLineOfEveryFailure(t *testing.T) {
	out := strings.Split(`=== RUN   TestClose
    chat_test.go:40: 
        	Error Trace:	/w/phase1-network/chat/chat_test.go:40
        	Error:      	Not equal: 
        	            	expected: 3
        	            	actual  : 2
        	            	
        	            	Diff:
        	            	-3
        	            	+2
        	Test:       	TestClose
        	Messages:   	Close must say BYE to every client:
        	            	the third client got nothing
    chat_test.go:52: Close returned, but 1 goroutine(s) it started are still running: wait for them
          goroutine 7 [IO wait]
              chat.(*Server).handle
                  /w/phase1-network/chat/server.go:88
    helpers_test.go:19: cleanup: the server's listener was never closed
--- FAIL: TestClose (0.20s)`, "\n")
	reps := (&Result{Output: out}).Reports()
	require.Len(t, reps, 3)
	assert.Equal(t, "/w/phase1-network/chat/chat_test.go:40", reps[0].At)
	assert.Equal(t, []string{"Close must say BYE to every client:", "the third client got nothing"}, reps[0].Message)
	assert.Equal(t, "Not equal:", reps[0].Error)
	assert.Equal(t, "3", reps[0].Expected)
	assert.Equal(t, "2", reps[0].Actual)
	assert.Contains(t, reps[0].Detail, "Diff:")
	assert.Equal(t, "chat_test.go:52", reps[1].At)
	require.Len(t, reps[1].Message, 4, "the goroutine list stays with its message")
	assert.Contains(t, reps[1].Message[3], "server.go:88")
	assert.Equal(t, "helpers_test.go:19", reps[2].At, "a cleanup's error is a report too")
}

func TestReportsOfSubtestsAndNoError(t *testing.T) {
	out := strings.Split(`=== RUN   TestParse/empty
        parse_test.go:12: 
            	Error Trace:	/w/parse_test.go:12
            	Error:      	Received unexpected error:
            	            	parse "": empty input
            	Test:       	TestParse/empty
    --- FAIL: TestParse/empty (0.00s)`, "\n")
	reps := (&Result{Output: out}).Reports()
	require.Len(t, reps, 1)
	assert.Equal(t, "no error", reps[0].Expected)
	assert.Equal(t, `parse "": empty input`, reps[0].Actual)
}
