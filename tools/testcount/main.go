// Command testcount reads `go test -json` on stdin, prints each package's
// result line and the output of every failed test, and ends with one line
// counting the tests that passed, failed and were skipped. It exits 1 if
// any test or package failed. `make test` pipes through it.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

func main() {
	passed, failed, skipped, pkgFailed := 0, 0, 0, 0
	output := map[string][]string{} // package/test → its lines
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Println(sc.Text()) // a build error or other plain text
			continue
		}
		key := e.Package + "/" + e.Test
		switch e.Action {
		case "output":
			if e.Test == "" {
				// Package lines: "ok  powerbrokers/app 0.2s", "FAIL …", build output.
				if t := strings.TrimSpace(e.Output); t != "" && t != "PASS" && !strings.HasPrefix(t, "=== ") {
					fmt.Print(e.Output)
				}
				continue
			}
			output[key] = append(output[key], e.Output)
		case "pass":
			if e.Test != "" && !strings.Contains(e.Test, "/") {
				passed++
			}
			delete(output, key)
		case "skip":
			if e.Test != "" && !strings.Contains(e.Test, "/") {
				skipped++
			}
			delete(output, key)
		case "fail":
			if e.Test == "" {
				pkgFailed++
				continue
			}
			if !strings.Contains(e.Test, "/") {
				failed++
			}
			fmt.Print(strings.Join(output[key], ""))
			delete(output, key)
		}
	}
	fmt.Printf("tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if failed > 0 || pkgFailed > 0 {
		os.Exit(1)
	}
}
