// Provided — no need to edit.

package shortener

// The embedded SQL store: importing the driver registers it with
// database/sql as "sqlite", so sql.Open("sqlite", path) works. It is pure
// Go, with no C compiler needed.
import _ "modernc.org/sqlite"
