package cluster_test

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// nodeFlags returns the flag names cmd/kvnode defines, read from its source.
func nodeFlags(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root(t), "phase3-raft", "cmd", "kvnode", "main.go"))
	require.NoError(t, err)
	var names []string
	for _, m := range regexp.MustCompile(`fs\.\w+Var\(&[^,]+, "([a-z-]+)"`).FindAllSubmatch(src, -1) {
		names = append(names, string(m[1]))
	}
	require.Subset(t, names, []string{"id", "peers", "listen", "data"}, "kvnode's flags as read from its source")
	return names
}

// parseArgs turns ["--id", "0", "--peers=a,b"] into a map, failing on flags kvnode lacks.
func parseArgs(t *testing.T, where string, args []string, known []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i := 0; i < len(args); i++ {
		a := strings.TrimLeft(args[i], "-")
		name, value, hasValue := strings.Cut(a, "=")
		if !hasValue {
			require.Less(t, i+1, len(args), "%s: flag %s has no value", where, args[i])
			i++
			value = args[i]
		}
		require.Contains(t, known, name, "%s: --%s is not a kvnode flag (kvnode has %v)", where, name, known)
		out[name] = value
	}
	return out
}

func port(t *testing.T, where, addr string) int {
	t.Helper()
	_, p, err := net.SplitHostPort(addr)
	require.NoError(t, err, "%s: %q", where, addr)
	n, err := strconv.Atoi(p)
	require.NoError(t, err)
	return n
}

// TestKubernetesManifestsMatchTheNode checks the StatefulSet and its headless Service against
// kvnode's flags: one peer per replica, named <pod>.<service>:<port> in ordinal order, the port
// the node listens on exposed by the container and the Service, --data the volume's mount path,
// and --id the pod's ordinal.
func TestKubernetesManifestsMatchTheNode(t *testing.T) {
	known := nodeFlags(t)
	f, err := os.Open(filepath.Join(root(t), "portfolio", "deploy", "kubernetes", "kvnode.yaml"))
	require.NoError(t, err)
	defer f.Close()
	var svc, sts map[string]any
	dec := yaml.NewDecoder(f)
	for {
		var doc map[string]any
		if err := dec.Decode(&doc); err != nil {
			break
		}
		switch doc["kind"] {
		case "Service":
			svc = doc
		case "StatefulSet":
			sts = doc
		}
	}
	require.NotNil(t, svc, "kvnode.yaml has a Service")
	require.NotNil(t, sts, "kvnode.yaml has a StatefulSet")

	svcName := get[string](t, svc, "metadata", "name")
	assert.Equal(t, "None", get[string](t, svc, "spec", "clusterIP"), "the Service must be headless for per-pod DNS names")
	assert.Equal(t, svcName, get[string](t, sts, "spec", "serviceName"), "the StatefulSet's serviceName is the headless Service")
	stsName := get[string](t, sts, "metadata", "name")
	replicas := get[int](t, sts, "spec", "replicas")

	c := get[[]any](t, sts, "spec", "template", "spec", "containers")[0].(map[string]any)
	var args []string
	for _, a := range get[[]any](t, c, "args") {
		args = append(args, a.(string))
	}
	flags := parseArgs(t, "StatefulSet args", args, known)

	peers := strings.Split(flags["peers"], ",")
	require.Len(t, peers, replicas, "replicas (%d) must equal the number of --peers %v", replicas, peers)
	listenPort := port(t, "--listen", flags["listen"])
	for i, p := range peers {
		assert.Equal(t, fmt.Sprintf("%s-%d.%s:%d", stsName, i, svcName, listenPort), p,
			"peer %d must be pod %s-%d by its headless-Service name, on the port the node listens on", i, stsName, i)
	}
	containerPorts := get[[]any](t, c, "ports")
	assert.Equal(t, listenPort, get[int](t, containerPorts[0].(map[string]any), "containerPort"), "containerPort = --listen's port")
	svcPort := get[[]any](t, svc, "spec", "ports")[0].(map[string]any)
	assert.Equal(t, listenPort, get[int](t, svcPort, "port"), "the Service's port = --listen's port")

	assert.Equal(t, "$(POD_INDEX)", flags["id"], "--id must be the pod's ordinal")
	var indexFromLabel bool
	for _, e := range get[[]any](t, c, "env") {
		em := e.(map[string]any)
		if em["name"] == "POD_INDEX" {
			indexFromLabel = get[string](t, em, "valueFrom", "fieldRef", "fieldPath") == "metadata.labels['apps.kubernetes.io/pod-index']"
		}
	}
	assert.True(t, indexFromLabel, "POD_INDEX must come from the pod-index label")

	claim := get[string](t, get[[]any](t, sts, "spec", "volumeClaimTemplates")[0].(map[string]any), "metadata", "name")
	var mount string
	for _, m := range get[[]any](t, c, "volumeMounts") {
		if mm := m.(map[string]any); mm["name"] == claim {
			mount = mm["mountPath"].(string)
		}
	}
	assert.Equal(t, flags["data"], mount, "--data must be where the claim %q is mounted", claim)
}

// TestComposeMatchesTheNode checks compose.yaml: every service runs one id, all share one
// --peers naming the services in id order on the port each listens on, and --data is a mounted
// volume.
func TestComposeMatchesTheNode(t *testing.T) {
	known := nodeFlags(t)
	b, err := os.ReadFile(filepath.Join(root(t), "portfolio", "deploy", "compose.yaml"))
	require.NoError(t, err)
	var doc struct {
		Services map[string]struct {
			Command []string `yaml:"command"`
			Volumes []string `yaml:"volumes"`
		} `yaml:"services"`
	}
	require.NoError(t, yaml.Unmarshal(b, &doc))
	names := make([]string, 0, len(doc.Services))
	for n := range doc.Services {
		names = append(names, n)
	}
	slices.Sort(names)
	require.Len(t, names, 3, "compose.yaml runs three nodes")
	for _, n := range names {
		s := doc.Services[n]
		flags := parseArgs(t, "service "+n, s.Command, known)
		id, err := strconv.Atoi(flags["id"])
		require.NoError(t, err, "service %s: --id", n)
		require.Equal(t, n, names[id], "service %s has --id %d: ids follow the service order", n, id)
		peers := strings.Split(flags["peers"], ",")
		require.Len(t, peers, len(names), "service %s: one peer per service", n)
		for j, p := range peers {
			assert.Equal(t, fmt.Sprintf("%s:%d", names[j], port(t, "--listen", flags["listen"])), p,
				"service %s: peer %d is service %s on the port the nodes listen on", n, j, names[j])
		}
		var mounted bool
		for _, v := range s.Volumes {
			parts := strings.Split(v, ":")
			mounted = mounted || (len(parts) >= 2 && parts[1] == flags["data"])
		}
		assert.True(t, mounted, "service %s: --data %s must be a mounted volume (volumes %v)", n, flags["data"], s.Volumes)
	}
}

// TestContainerfileExposesTheNode checks the image runs kvnode and exposes the port the
// manifests use.
func TestContainerfileExposesTheNode(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root(t), "portfolio", "deploy", "Containerfile"))
	require.NoError(t, err)
	s := string(b)
	assert.Contains(t, s, "./phase3-raft/cmd/kvnode", "the image builds cmd/kvnode")
	assert.Regexp(t, `(?m)^EXPOSE 7000$`, s, "the image exposes the node's port")
	assert.Regexp(t, `(?m)^ENTRYPOINT \["/usr/local/bin/kvnode"\]$`, s, "the image runs kvnode")
}

// get walks a decoded YAML document.
func get[T any](t *testing.T, m map[string]any, path ...string) T {
	t.Helper()
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		require.True(t, ok, "%v: %q is not a mapping", path, p)
		cur = mm[p]
	}
	v, ok := cur.(T)
	require.True(t, ok, "%v: got %T %v", path, cur, cur)
	return v
}
