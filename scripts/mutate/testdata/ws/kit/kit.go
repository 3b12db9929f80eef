// Package kit stands for a provided module (like testkit) that the fake
// exercise's tests import through the workspace, with no require line.
package kit

// Check reports a failed expectation.
func Check(t interface{ Errorf(string, ...any) }, ok bool, msg string) {
	if !ok {
		t.Errorf("%s", msg)
	}
}
