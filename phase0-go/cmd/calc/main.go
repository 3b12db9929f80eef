// Command calc is a calculator for the command line. Provided — no need to
// edit: it only calls your calculator package.
//
// With no arguments it runs the REPL on the terminal:
//
//	go run ./phase0-go/cmd/calc
//	> 2+3*4
//	14
//	> quit
//
// With arguments it evaluates them once (joined by spaces), prints the
// result and exits; on bad input it prints the error to stderr and exits
// with status 1:
//
//	go run ./phase0-go/cmd/calc "1+2*3"
package main

import (
	"fmt"
	"os"
	"strings"

	"dsweekends/phase0-go/calculator"
)

func main() {
	if len(os.Args) > 1 {
		expr := strings.Join(os.Args[1:], " ")
		value, err := calculator.Eval(expr)
		if err != nil {
			fmt.Fprintf(os.Stderr, "calc: %v\n", err)
			os.Exit(1)
		}
		fmt.Println(calculator.FormatNumber(value))
		return
	}
	if err := calculator.REPL(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "calc: %v\n", err)
		os.Exit(1)
	}
}
