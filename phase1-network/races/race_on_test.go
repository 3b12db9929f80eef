//go:build race

package races

const raceEnabled = true
