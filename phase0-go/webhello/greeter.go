package webhello

// Greeter makes the greeting for a name. It has one method:
//
//	Greet(name string) string
type Greeter interface {
	// TODO(weekend 2): declare the method Greet(name string) string.
}

// English greets in English: "Hello, Ana!".
type English struct{}

// Greet returns "Hello, " + name + "!".
func (English) Greet(name string) string {
	// TODO(weekend 2): build the greeting.
	return ""
}

// Korean greets in Korean: "안녕하세요, 민수님!".
type Korean struct{}

// Greet returns "안녕하세요, " + name + "님!".
func (Korean) Greet(name string) string {
	// TODO(weekend 2): build the greeting.
	return ""
}
