// Provided — no need to edit.

package wordcount

import "dsweekends/phase2-mapreduce/mrapps"

// App is this package's word count as an app named "wordcount", for
// Sequential and for cmd/mrsequential.
func App() mrapps.App { return mrapps.App{Name: "wordcount", Map: Map, Reduce: Reduce} }
