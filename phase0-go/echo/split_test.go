package echo

import (
	"fmt"
	"strings"
	"testing"

	"dsweekends/testkit/peer"
	"dsweekends/testkit/say"

	"github.com/stretchr/testify/require"
)

func TestEchoReadsSplitReplies(t *testing.T) {
	rs := startServer(t, &Server{})
	// Every chunk the server writes reaches the client in two pieces: a
	// reply read with a single Read is half a line.
	c := dialClient(t, peer.Split(t, rs.addr))
	for i := range 5 {
		line := fmt.Sprintf("split reply %d: %s", i, strings.Repeat("안녕 ", 10))
		got, err := echoLine(t, c, line)
		require.NoError(t, err, say.T(
			"답이 두 번에 나뉘어 와도 Echo는 성공해야 합니다 (먼저 TestEchoesEachLine을 통과시키세요)",
			"a reply that arrives in two pieces must still work (make TestEchoesEachLine pass first)"))
		require.Equal(t, line, got, say.T(
			"한 번의 Read가 한 줄이라고 가정하지 마세요: '\\n'까지 읽습니다 (bufio.Reader.ReadString)",
			"do not assume one Read is one line: read up to '\\n' (bufio.Reader.ReadString)"))
	}
}
