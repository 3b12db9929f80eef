package webhello

// Greeter makes the greeting for a name. It has one method:
//
//	Greet(name string) string
type Greeter interface {
	Greet(name string) string
}

// English greets in English: "Hello, Ana!".
type English struct{}

// Greet returns "Hello, " + name + "!".
func (English) Greet(name string) string {
	return "Hello, " + name + "!"
}

// Korean greets in Korean: "안녕하세요, 민수님!".
type Korean struct{}

// Greet returns "안녕하세요, " + name + "님!".
func (Korean) Greet(name string) string {
	return "안녕하세요, " + name + "님!"
}

// Both types implement Greeter: Go has no "implements" keyword, having the
// method is enough. To make the compiler check it, you may write
//
//	var _ Greeter = English{}
